import { Body1, Button, Checkbox, Field, makeStyles, Radio, RadioGroup } from "@fluentui/react-components";
import { useState } from "react";
import type { ReportGroup } from "../../app/api";
import { CheckboxGroup } from "./CheckboxGroup";
import { EditDialog } from "./EditDialog";
import { groupLabel, peopleCount } from "./people";
import type { GroupEditor } from "./useGroupEditor";
import { usePicked } from "./usePicked";

const useStyles = makeStyles({
  note: { margin: 0 },
});

/**
 * "Merge groups…": pick two or more groups and the one that keeps its name; the others disappear.
 * The dialog is the confirmation: it says what happens before anything is sent.
 */
export function MergeDialog(props: { groups: ReportGroup[]; editor: GroupEditor }) {
  const { groups, editor } = props;
  const styles = useStyles();
  const picked = usePicked();
  const [into, setInto] = useState<string | null>(null);

  const chosen = groups.filter((g) => picked.has(g.id));
  // The target is one of the chosen groups: the one picked, else the largest.
  const target = chosen.find((g) => g.id === into) ?? chosen[0];
  const others = chosen.filter((g) => g !== target);
  const problem = chosen.length < 2 ? "Pick at least two groups." : null;

  return (
    <EditDialog
      trigger={<Button disabled={editor.busy || groups.length < 2}>Merge groups</Button>}
      title="Merge groups"
      submitLabel={chosen.length >= 2 ? `Merge ${chosen.length} groups` : "Merge"}
      submitDisabled={editor.busy}
      failedTitle="The groups were not merged"
      onOpen={() => {
        picked.clear();
        setInto(null);
      }}
      onSubmit={() => {
        if (problem || !target) return undefined;
        return editor.apply(
          { kind: "merge", groupIds: chosen.map((g) => g.id), intoGroupId: target.id },
          `Merged ${chosen.length} groups into “${target.name}”.`,
          { inline: true },
        );
      }}
    >
      {(touched) => (
        <>
          <CheckboxGroup legend="Groups to merge" error={touched ? problem : null}>
            {groups.map((g) => (
              <Checkbox
                key={g.id}
                label={groupLabel(g)}
                checked={picked.has(g.id)}
                onChange={(_e, data) => picked.toggle(g.id, data.checked === true)}
              />
            ))}
          </CheckboxGroup>
          {chosen.length >= 2 && target && (
            <>
              <Field label="Keep the name of">
                <RadioGroup value={target.id} onChange={(_e, data) => setInto(data.value)}>
                  {chosen.map((g) => (
                    <Radio key={g.id} value={g.id} label={groupLabel(g)} />
                  ))}
                </RadioGroup>
              </Field>
              <Body1 as="p" className={styles.note}>
                {others.map((g) => `“${g.name}”`).join(" and ")}{" "}
                {others.length === 1 ? "disappears" : "disappear"}: their{" "}
                {peopleCount(others.reduce((n, g) => n + g.memberIds.length, 0))} join “{target.name}”. You
                can take this back with Undo last change.
              </Body1>
            </>
          )}
        </>
      )}
    </EditDialog>
  );
}
