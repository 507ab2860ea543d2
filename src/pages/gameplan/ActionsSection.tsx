import {
  Badge,
  Body1,
  Button,
  Caption1,
  makeStyles,
  mergeClasses,
  Radio,
  RadioGroup,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import type { GamePlanAction } from "../../app/api";
import { useSession } from "../../app/session";
import { EmptyState } from "../../app/states";
import { ScrollRegion } from "../../ui/ScrollRegion";
import { useTableStyles } from "../../ui/table";
import { useQuery } from "../../ui/useQuery";
import { EditDialog } from "../groups/EditDialog";
import { Section } from "../settings/Section";
import { useFeature } from "../settings/usePreferences";
import { ActionDialog, type ActionTarget, FeedbackLink } from "./ActionDialog";
import { byUrgency, formatDay, isFinished, statusLabel, targetName } from "./actions";
import { noOutcome, type Outcome, StatusLine } from "./StatusLine";
import { TodoSwitch } from "./TodoSwitch";

const useStyles = makeStyles({
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
  },
  minWidth: { minWidth: "720px" },
  // Overdue rows carry a red edge as well as the "Overdue" badge: the colour is never the only sign.
  overdue: { boxShadow: `inset ${tokens.strokeWidthThickest} 0 0 ${tokens.colorPaletteRedBorderActive}` },
  done: { color: tokens.colorNeutralForeground3 },
  text: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    overflowWrap: "break-word",
  },
  kind: { color: tokens.colorNeutralForeground3 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  due: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalXXS },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
});

// Widths share out the row so a group's name is not squeezed into a sliver by a long action text.
const columns = [
  { label: "Action", width: "32%" },
  { label: "For", width: "16%" },
  { label: "Owner", width: "10%" },
  { label: "Due", width: "14%" },
  { label: "Status", width: "8%" },
  { label: "Change", width: "20%" },
];

type Show = "open" | "done" | "all";
const shows: { value: Show; label: string }[] = [
  { value: "open", label: "To do" },
  { value: "done", label: "Done" },
  { value: "all", label: "All" },
];

/**
 * The game plan's actions: what is due first, overdue ones marked, filtered to do / done / all (kept in
 * the URL), each with Mark done (or Reopen), Edit and Delete. `onChanged` reloads the plan.
 */
export function ActionsSection(props: {
  actions: readonly GamePlanAction[];
  targets: readonly ActionTarget[];
  onChanged: () => void;
}) {
  // The organisation may have turned To Do sync off (the server refuses it then too).
  const todoOn = useFeature("todoSync");
  const styles = useStyles();
  const table = useTableStyles();
  const { api } = useSession();
  const [query, setQuery] = useQuery();
  const show = (shows.find((s) => s.value === query.get("actions"))?.value ?? "open") as Show;
  const [message, setMessage] = useState<Outcome>(noOutcome);
  const [busy, setBusy] = useState<string | null>(null);

  const shown = props.actions
    .filter((a) => show === "all" || (show === "done") === isFinished(a))
    .sort(byUrgency);
  const count = (s: Show) =>
    props.actions.filter((a) => s === "all" || (s === "done") === isFinished(a)).length;

  const saved = (_: GamePlanAction, text: string) => {
    setMessage({ error: false, text });
    props.onChanged();
  };
  const change = async (action: GamePlanAction, status: "done" | "open") => {
    setBusy(action.id);
    try {
      await api(`/api/actions/${action.id}`, { method: "PATCH", body: { status } });
      saved(action, status === "done" ? `Marked “${action.text}” done.` : `Reopened “${action.text}”.`);
    } catch (error) {
      setMessage({ error: true, text: `“${action.text}” was not changed: ${(error as Error).message}` });
    } finally {
      setBusy(null);
    }
  };
  const remove = async (action: GamePlanAction): Promise<string | null> => {
    try {
      await api(`/api/actions/${action.id}`, { method: "DELETE" });
      saved(action, `Deleted “${action.text}”.`);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };

  return (
    <Section
      title="Actions"
      lead="What you will do for each group or person, who does it and by when. Overdue and soon-due actions come first."
    >
      {todoOn && <TodoSwitch actions={props.actions} onChanged={props.onChanged} />}
      <div className={styles.toolbar}>
        <RadioGroup
          layout="horizontal"
          aria-label="Show actions"
          value={show}
          onChange={(_e, data) => setQuery({ actions: data.value === "open" ? null : data.value })}
        >
          {shows.map((s) => (
            <Radio key={s.value} value={s.value} label={`${s.label} (${count(s.value)})`} />
          ))}
        </RadioGroup>
        <ActionDialog targets={props.targets} onSaved={saved} />
      </div>
      <StatusLine error={message.error}>{message.text}</StatusLine>
      {shown.length === 0 ? (
        <EmptyState title={show === "done" ? "Nothing done yet" : "No actions here"}>
          {props.actions.length === 0
            ? "Your game plan is empty. Add an action for a group or a person you want to serve better — from here, or from Orbit's card in Outlook."
            : show === "done"
              ? "Actions you mark done or drop show here."
              : "Everything in your game plan is done. Add the next action when you have one."}
        </EmptyState>
      ) : (
        <ScrollRegion label="Action list" className={table.scroller}>
          <table className={mergeClasses(table.table, styles.minWidth)}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} scope="col" className={table.head} style={{ width: c.width }}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <tr
                  key={a.id}
                  className={mergeClasses(
                    a.dueState === "overdue" && styles.overdue,
                    isFinished(a) && styles.done,
                  )}
                >
                  <td className={table.cell}>
                    <span className={styles.text}>
                      <Body1>{a.text}</Body1>
                      {a.feedbackRequestId && <FeedbackLink requestId={a.feedbackRequestId} />}
                      {a.todo?.state === "synced" && (
                        <Caption1 className={styles.kind}>Synced to To Do</Caption1>
                      )}
                      {a.todo?.state === "failed" && (
                        <Caption1 className={styles.failed}>Not synced to To Do: {a.todo.error}</Caption1>
                      )}
                    </span>
                  </td>
                  <td className={table.cell}>
                    <span className={styles.text}>
                      <Body1>{targetName(a)}</Body1>
                      <Caption1 className={styles.kind}>
                        {a.target.kind === "group" ? "Group" : "Person"}
                      </Caption1>
                    </span>
                  </td>
                  <td className={table.cell}>{a.owner || "You"}</td>
                  <td className={table.cell}>
                    <span className={styles.due}>
                      {a.due ? formatDay(a.due) : "–"}
                      {a.dueState === "overdue" && (
                        <Badge appearance="filled" color="danger">
                          Overdue
                        </Badge>
                      )}
                      {a.dueState === "soon" && (
                        <Badge appearance="tint" color="warning">
                          Due soon
                        </Badge>
                      )}
                    </span>
                  </td>
                  <td className={table.cell}>{statusLabel[a.status]}</td>
                  <td className={table.cell}>
                    <span className={styles.buttons}>
                      <Button
                        disabled={busy === a.id}
                        aria-label={`${isFinished(a) ? "Reopen" : "Mark done"}: ${a.text}`}
                        onClick={() => change(a, isFinished(a) ? "open" : "done")}
                      >
                        {isFinished(a) ? "Reopen" : "Mark done"}
                      </Button>
                      <ActionDialog action={a} targets={props.targets} onSaved={saved} />
                      <EditDialog
                        trigger={<Button aria-label={`Delete “${a.text}”`}>Delete</Button>}
                        title="Delete this action?"
                        submitLabel="Delete"
                        failedTitle="The action was not deleted"
                        onOpen={() => {}}
                        onSubmit={() => remove(a)}
                      >
                        {() => (
                          <Body1 as="p">
                            “{a.text}” for {targetName(a)} leaves your game plan. To keep a record instead,
                            mark it done or set its status to Dropped.
                          </Body1>
                        )}
                      </EditDialog>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </Section>
  );
}
