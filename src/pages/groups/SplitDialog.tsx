import { Button, Caption1, Checkbox, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { ReportGroup } from "../../app/api";
import { CheckboxGroup } from "./CheckboxGroup";
import { EditDialog } from "./EditDialog";
import { type MemberInfo, peopleCount } from "./people";
import { MAX_NAME, nameProblem } from "./RenameDialog";
import type { GroupEditor } from "./useGroupEditor";
import { usePicked } from "./usePicked";

const useStyles = makeStyles({
  detail: { color: tokens.colorNeutralForeground2 },
});

/** "Split…": pick members and a name; they become a new group (its id made here). */
export function SplitDialog(props: { group: ReportGroup; members: MemberInfo[]; editor: GroupEditor }) {
  const { group, members, editor } = props;
  const styles = useStyles();
  const [name, setName] = useState("");
  const picked = usePicked();
  const problem = nameProblem(name);
  const peopleProblem =
    picked.size === 0
      ? "Pick at least one person for the new group."
      : picked.size === members.length
        ? "Leave at least one person in this group (or rename it instead)."
        : null;

  return (
    <EditDialog
      trigger={
        <Button disabled={editor.busy || members.length < 2} aria-label={`Split ${group.name}`}>
          Split
        </Button>
      }
      title={`Split “${group.name}”`}
      submitLabel={picked.size > 0 ? `Split off ${peopleCount(picked.size)}` : "Split"}
      submitDisabled={editor.busy}
      failedTitle="The group was not split"
      onOpen={() => {
        setName("");
        picked.clear();
      }}
      onSubmit={() => {
        if (problem || peopleProblem) return undefined;
        const trimmed = name.trim();
        return editor.apply(
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
      }}
    >
      {(touched) => (
        <>
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
                onChange={(_e, data) => picked.toggle(m.id, data.checked === true)}
              />
            ))}
          </CheckboxGroup>
        </>
      )}
    </EditDialog>
  );
}
