import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import type { ReportGroup } from "../../app/api";
import { InlineError } from "./InlineError";
import type { GroupEditor } from "./useGroupEditor";

export const MAX_NAME = 80;

/** Checks a group name the way the server does (trimmed, 1–80 characters). */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return "Give the group a name.";
  if (trimmed.length > MAX_NAME) return `At most ${MAX_NAME} characters.`;
  return null;
}

/** "Rename…": a dialog with the name, saved as a rename edit. */
export function RenameDialog(props: { group: ReportGroup; editor: GroupEditor }) {
  const { group, editor } = props;
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(group.name);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = nameProblem(name);
  const unchanged = name.trim() === group.name;

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      setName(group.name);
      setTouched(false);
      setError(null);
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem || unchanged) return;
    const trimmed = name.trim();
    const failure = await editor.apply(
      { kind: "rename", groupId: group.id, name: trimmed },
      `Renamed “${group.name}” to “${trimmed}”.`,
      { inline: true },
    );
    if (failure) setError(failure);
    else setOpen(false);
  };

  return (
    <Dialog open={open} onOpenChange={(_e, data) => onOpenChange(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button disabled={editor.busy} aria-label={`Rename ${group.name}`}>
          Rename
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Rename “{group.name}”</DialogTitle>
            <DialogContent>
              <Field
                label="Group name"
                required
                validationState={touched && problem ? "error" : "none"}
                validationMessage={touched && problem ? problem : undefined}
                hint="Your name stays when Orbit recomputes the groups after a sync."
              >
                <Input
                  value={name}
                  maxLength={MAX_NAME + 20}
                  onChange={(_e, data) => {
                    setName(data.value);
                    setTouched(true);
                  }}
                />
              </Field>
              {error && <InlineError title="The group was not renamed" message={error} />}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>Cancel</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={editor.busy || !!problem || unchanged}>
                Rename
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
