import {
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import type { ReportGroup } from "../../app/api";
import { CheckboxGroup } from "./CheckboxGroup";
import { InlineError } from "./InlineError";
import { type MemberInfo, peopleCount } from "./people";
import { MAX_NAME, nameProblem } from "./RenameDialog";
import type { GroupEditor } from "./useGroupEditor";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  detail: { color: tokens.colorNeutralForeground2 },
});

/** "Split…": pick members and a name; they become a new group (its id made here). */
export function SplitDialog(props: { group: ReportGroup; members: MemberInfo[]; editor: GroupEditor }) {
  const { group, members, editor } = props;
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = nameProblem(name);
  const peopleProblem =
    picked.size === 0
      ? "Pick at least one person for the new group."
      : picked.size === members.length
        ? "Leave at least one person in this group (or rename it instead)."
        : null;

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      setName("");
      setPicked(new Set());
      setTouched(false);
      setError(null);
    }
  };
  const toggle = (id: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem || peopleProblem) return;
    const trimmed = name.trim();
    const failure = await editor.apply(
      {
        kind: "split",
        groupId: group.id,
        newGroupId: crypto.randomUUID(),
        // In the order the group lists them, so the edit does not depend on the order of clicks.
        memberIds: group.memberIds.filter((id) => picked.has(id)),
        name: trimmed,
      },
      `Split ${peopleCount(picked.size)} from “${group.name}” into “${trimmed}”.`,
      { inline: true },
    );
    if (failure) setError(failure);
    else setOpen(false);
  };

  return (
    <Dialog open={open} onOpenChange={(_e, data) => onOpenChange(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button disabled={editor.busy || members.length < 2} aria-label={`Split ${group.name}`}>
          Split
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Split “{group.name}”</DialogTitle>
            <DialogContent className={styles.content}>
              <Field
                label="Name of the new group"
                required
                validationState={touched && problem ? "error" : "none"}
                validationMessage={touched && problem ? problem : undefined}
              >
                <Input value={name} maxLength={MAX_NAME + 20} onChange={(_e, data) => setName(data.value)} />
              </Field>
              <CheckboxGroup
                legend={`People who move to the new group (${picked.size} of ${members.length})`}
                error={touched ? peopleProblem : null}
                scroll
              >
                {members.map((m) => (
                  <Checkbox
                    key={m.id}
                    label={
                      <>
                        {m.displayName}
                        {m.detail && <Caption1 className={styles.detail}> · {m.detail}</Caption1>}
                      </>
                    }
                    checked={picked.has(m.id)}
                    onChange={(_e, data) => toggle(m.id, data.checked === true)}
                  />
                ))}
              </CheckboxGroup>
              {error && <InlineError title="The group was not split" message={error} />}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>Cancel</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={editor.busy}>
                {picked.size > 0 ? `Split off ${peopleCount(picked.size)}` : "Split"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
