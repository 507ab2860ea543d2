import {
  Body1,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import type { ReportGroup } from "../../app/api";
import { CheckboxGroup } from "./CheckboxGroup";
import { InlineError } from "./InlineError";
import { groupLabel, peopleCount } from "./people";
import type { GroupEditor } from "./useGroupEditor";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  note: { margin: 0 },
});

/**
 * "Merge groups…": pick two or more groups and the one that keeps its name; the others disappear.
 * The dialog is the confirmation: it says what happens before anything is sent.
 */
export function MergeDialog(props: { groups: ReportGroup[]; editor: GroupEditor }) {
  const { groups, editor } = props;
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [into, setInto] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const chosen = groups.filter((g) => picked.has(g.id));
  // The target is one of the chosen groups: the one picked, else the largest.
  const target = chosen.find((g) => g.id === into) ?? chosen[0];
  const others = chosen.filter((g) => g !== target);
  const problem = chosen.length < 2 ? "Pick at least two groups." : null;

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      setPicked(new Set());
      setInto(null);
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
    if (problem || !target) return;
    const failure = await editor.apply(
      { kind: "merge", groupIds: chosen.map((g) => g.id), intoGroupId: target.id },
      `Merged ${chosen.length} groups into “${target.name}”.`,
      { inline: true },
    );
    if (failure) setError(failure);
    else setOpen(false);
  };

  return (
    <Dialog open={open} onOpenChange={(_e, data) => onOpenChange(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button disabled={editor.busy || groups.length < 2}>Merge groups</Button>
      </DialogTrigger>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Merge groups</DialogTitle>
            <DialogContent className={styles.content}>
              <CheckboxGroup legend="Groups to merge" error={touched ? problem : null}>
                {groups.map((g) => (
                  <Checkbox
                    key={g.id}
                    label={groupLabel(g)}
                    checked={picked.has(g.id)}
                    onChange={(_e, data) => toggle(g.id, data.checked === true)}
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
                    {peopleCount(others.reduce((n, g) => n + g.memberIds.length, 0))} join “{target.name}”.
                    You can take this back with Undo last change.
                  </Body1>
                </>
              )}
              {error && <InlineError title="The groups were not merged" message={error} />}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>Cancel</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={editor.busy}>
                {chosen.length >= 2 ? `Merge ${chosen.length} groups` : "Merge"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
