import {
  Badge,
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import type { GamePlanAction } from "../app/api";
import { useSession } from "../app/session";
import { ErrorState } from "../app/states";
import { useResource } from "../app/useResource";
import {
  type ActionField,
  byUrgency,
  fieldOfError,
  formatDay,
  isFinished,
  targetName,
} from "../pages/gameplan/actions";
import { noOutcome, type Outcome, StatusLine } from "../pages/gameplan/StatusLine";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, "& > *": { margin: 0 } },
  list: {
    listStyle: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  item: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowWrap: "break-word",
  },
  overdue: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteRedBorderActive}` },
  meta: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
  },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

/**
 * The sender's open actions (their own and their groups') from the game plan, due and overdue marked,
 * and "Add action": text and an optional due day, for the sender or their group, owned by the user.
 */
export function PaneActions(props: {
  personId: string;
  name: string;
  group: { id: string; name: string } | null;
}) {
  const styles = useStyles();
  const { api } = useSession();
  const actions = useResource<{ actions: GamePlanAction[] }>(
    `/api/actions?personId=${encodeURIComponent(props.personId)}`,
  );
  const [text, setText] = useState("");
  const [due, setDue] = useState("");
  const [forGroup, setForGroup] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<ActionField, string>>>({});
  const [status, setStatus] = useState<Outcome>(noOutcome);
  const [saving, setSaving] = useState(false);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const target = forGroup && props.group ? { groupId: props.group.id } : { personId: props.personId };
    setSaving(true);
    setStatus(noOutcome);
    try {
      const saved = await api<GamePlanAction>("/api/actions", {
        method: "POST",
        body: { ...target, text, due: due || null },
      });
      setText("");
      setDue("");
      setErrors({});
      setStatus({ error: false, text: `Added “${saved.text}” for ${targetName(saved)}.` });
      actions.reload();
    } catch (error) {
      const { field, message } = fieldOfError(error);
      setErrors(field ? { [field]: message } : {});
      setStatus({
        error: true,
        text: field ? "Not added: correct the field marked above." : `Not added: ${message}`,
      });
    } finally {
      setSaving(false);
    }
  };

  const open =
    actions.state === "ready" ? actions.value.actions.filter((a) => !isFinished(a)).sort(byUrgency) : [];
  const fieldState = (f: ActionField) => ({
    validationState: errors[f] ? ("error" as const) : ("none" as const),
    validationMessage: errors[f],
  });

  return (
    <section className={styles.root} aria-labelledby="pane-actions">
      <Subtitle2 as="h2" id="pane-actions">
        Open actions
      </Subtitle2>
      {actions.state === "loading" ? (
        <Spinner size="tiny" label="Loading your actions…" />
      ) : actions.state === "error" ? (
        <ErrorState
          title="Your actions could not be loaded"
          message={actions.message}
          onRetry={actions.reload}
        />
      ) : open.length === 0 ? (
        <Body1 as="p">
          No open actions for {props.name}
          {props.group ? ` or ${props.group.name}` : ""}.
        </Body1>
      ) : (
        <ul className={styles.list}>
          {open.map((a) => (
            <li key={a.id} className={mergeClasses(styles.item, a.dueState === "overdue" && styles.overdue)}>
              <Body1>{a.text}</Body1>
              <Caption1 className={styles.meta}>
                For {targetName(a)}
                {a.due && ` · due ${formatDay(a.due)}`}
                {a.dueState === "overdue" && (
                  <Badge appearance="filled" color="danger" size="small">
                    Overdue
                  </Badge>
                )}
                {a.dueState === "soon" && (
                  <Badge appearance="tint" color="warning" size="small">
                    Due soon
                  </Badge>
                )}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
      <form className={styles.form} onSubmit={add} aria-label="Add action" noValidate>
        <Field label="Add action" required {...fieldState("text")}>
          <Input value={text} placeholder="What will you do?" onChange={(_e, data) => setText(data.value)} />
        </Field>
        <Field label="Due (optional)" {...fieldState("due")}>
          <Input type="date" value={due} onChange={(_e, data) => setDue(data.value)} />
        </Field>
        {props.group && (
          <RadioGroup
            aria-label="For"
            value={forGroup ? "group" : "person"}
            onChange={(_e, data) => setForGroup(data.value === "group")}
          >
            <Radio value="person" label={`For ${props.name}`} />
            <Radio value="group" label={`For the group ${props.group.name}`} />
          </RadioGroup>
        )}
        <Button type="submit" appearance="primary" disabled={saving}>
          {saving ? "Adding…" : "Add action"}
        </Button>
        <StatusLine error={status.error}>{status.text}</StatusLine>
      </form>
    </section>
  );
}
