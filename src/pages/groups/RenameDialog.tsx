import { Button, Field, Input } from "@fluentui/react-components";
import { useState } from "react";
import type { ReportGroup } from "../../app/api";
import { EditDialog } from "./EditDialog";
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
  const [name, setName] = useState(group.name);
  const problem = nameProblem(name);
  const unchanged = name.trim() === group.name;

  return (
    <EditDialog
      trigger={
        <Button disabled={editor.busy} aria-label={`Rename ${group.name}`}>
          Rename
        </Button>
      }
      title={`Rename “${group.name}”`}
      submitLabel="Rename"
      submitDisabled={editor.busy || !!problem || unchanged}
      failedTitle="The group was not renamed"
      onOpen={() => setName(group.name)}
      onSubmit={() => {
        if (problem || unchanged) return undefined;
        const trimmed = name.trim();
        return editor.apply(
          { kind: "rename", groupId: group.id, name: trimmed },
          `Renamed “${group.name}” to “${trimmed}”.`,
          { inline: true },
        );
      }}
    >
      {(touched) => {
        // Typing is enough to show what is wrong with the name.
        const shown = (touched || name !== group.name) && problem;
        return (
          <Field
            label="Group name"
            required
            validationState={shown ? "error" : "none"}
            validationMessage={shown || undefined}
            hint="Your name stays when Orbit recomputes the groups after a sync."
          >
            <Input value={name} maxLength={MAX_NAME + 20} onChange={(_e, data) => setName(data.value)} />
          </Field>
        );
      }}
    </EditDialog>
  );
}
