import {
  Body1,
  Button,
  Caption1,
  Link,
  makeStyles,
  mergeClasses,
  Spinner,
  tokens,
} from "@fluentui/react-components";
import { Fragment, useState } from "react";
import type { RegisterEntry, RegisterHistory } from "../../app/api";
import { navigate } from "../../app/router";
import { EmptyState, ErrorState } from "../../app/states";
import { useResource } from "../../app/useResource";
import { ScrollRegion } from "../../ui/ScrollRegion";
import { SentimentTag } from "../../ui/sentiment";
import { useTableStyles } from "../../ui/table";
import { Section } from "../settings/Section";
import { formatDay } from "./actions";
import { GridSelect, useGridPlacer } from "./GridSelect";
import { noOutcome, type Outcome, StatusLine } from "./StatusLine";

const useStyles = makeStyles({
  minWidth: { minWidth: "860px" },
  rowHead: { textAlign: "start", fontWeight: tokens.fontWeightRegular },
  stack: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    overflowWrap: "break-word",
  },
  muted: { color: tokens.colorNeutralForeground3 },
  better: { color: tokens.colorPaletteGreenForeground1 },
  worse: { color: tokens.colorPaletteRedForeground1 },
  history: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  historyCell: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

const dayOf = (at: string) => formatDay(at.slice(0, 10));

/** "2 steps better", "1 step worse", "No change", or why there is nothing to compare. */
function ChangeText(props: { entry: RegisterEntry }) {
  const styles = useStyles();
  const { change, baseline } = props.entry;
  if (!change) return <span className={styles.muted}>{baseline ? "Not rated now" : "No baseline yet"}</span>;
  if (change.direction === "same") return <span>No change</span>;
  const steps = Math.abs(change.steps);
  return (
    <span className={change.direction === "better" ? styles.better : styles.worse}>
      {change.direction === "better" ? "▲" : "▼"} {steps} {steps === 1 ? "step" : "steps"} {change.direction}
    </span>
  );
}

/** One stakeholder's ratings, oldest first, loaded when opened. */
function History(props: { personId: string }) {
  const styles = useStyles();
  const history = useResource<RegisterHistory>(`/api/register/${encodeURIComponent(props.personId)}/history`);
  if (history.state === "loading") return <Spinner size="tiny" label="Loading the history…" />;
  if (history.state === "error")
    return (
      <ErrorState
        title="The history could not be loaded"
        message={history.message}
        onRetry={history.reload}
      />
    );
  if (history.value.history.length === 0) return <Body1>No ratings yet: only placed on the grid.</Body1>;
  return (
    <ol className={styles.history} aria-label={`Ratings of ${history.value.name}, oldest first`}>
      {history.value.history.map((h) => (
        <li key={h.at}>
          <SentimentTag sentiment={h.sentiment} /> <span className={styles.muted}>on {dayOf(h.at)}</span>
          {h.note && <Body1> · “{h.note}”</Body1>}
        </li>
      ))}
    </ol>
  );
}

/**
 * The stakeholder register: per person the current rating, the baseline (first real rating) and the
 * change since, where they sit on the influence/interest grid, and their history on demand.
 */
export function RegisterSection(props: { register: readonly RegisterEntry[]; onChanged: () => void }) {
  const styles = useStyles();
  const table = useTableStyles();
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<Outcome>(noOutcome);
  const place = useGridPlacer((result) => {
    setMessage(result);
    props.onChanged();
  });

  return (
    <Section
      title="Stakeholder register"
      lead="Everyone you rated or placed on the grid. Your first rating is the baseline; the change is measured from there."
    >
      {props.register.length === 0 ? (
        <EmptyState title="No one in your register yet">
          Rate the people you work with as advocate, neutral or detractor on the{" "}
          <Link
            href="/tab/map"
            onClick={(e) => {
              e.preventDefault();
              navigate("/tab/map");
            }}
          >
            Map
          </Link>{" "}
          or from Orbit's card in Outlook, or place someone on the influence/interest grid below.
        </EmptyState>
      ) : (
        <ScrollRegion label="Register table" className={table.scroller}>
          <table className={mergeClasses(table.table, styles.minWidth)}>
            <thead>
              <tr>
                {["Person", "Now", "Baseline", "Change since", "Influence / interest", "History"].map((h) => (
                  <th key={h} scope="col" className={table.head}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.register.map((e) => (
                <Fragment key={e.personId}>
                  <tr>
                    <th scope="row" className={mergeClasses(table.cell, styles.rowHead)}>
                      <span className={styles.stack}>
                        <Body1>{e.name}</Body1>
                        <Caption1 className={styles.muted}>
                          {e.groups.map((g) => g.name).join(", ") || "In none of your groups"}
                        </Caption1>
                      </span>
                    </th>
                    <td className={table.cell}>
                      {e.current ? (
                        <span className={styles.stack}>
                          <SentimentTag sentiment={e.current.sentiment} />
                          {e.current.note && <Caption1>“{e.current.note}”</Caption1>}
                        </span>
                      ) : (
                        <span className={styles.muted}>Not rated</span>
                      )}
                    </td>
                    <td className={table.cell}>
                      {e.baseline ? (
                        <span className={styles.stack}>
                          <SentimentTag sentiment={e.baseline.sentiment} />
                          <Caption1 className={styles.muted}>{dayOf(e.baseline.at)}</Caption1>
                        </span>
                      ) : (
                        <span className={styles.muted}>–</span>
                      )}
                    </td>
                    <td className={table.cell}>
                      <ChangeText entry={e} />
                    </td>
                    <td className={table.cell}>
                      <GridSelect
                        label={`${e.name} on the influence/interest grid`}
                        value={e.grid?.quadrant ?? ""}
                        onChange={(value) => place({ id: e.personId, name: e.name }, value)}
                      />
                    </td>
                    <td className={table.cell}>
                      <Button
                        appearance="subtle"
                        aria-expanded={open === e.personId}
                        aria-label={`History of ${e.name} (${e.historyLength} ${e.historyLength === 1 ? "rating" : "ratings"})`}
                        disabled={e.historyLength === 0}
                        onClick={() => setOpen(open === e.personId ? null : e.personId)}
                      >
                        {open === e.personId ? "Hide" : `Show (${e.historyLength})`}
                      </Button>
                    </td>
                  </tr>
                  {open === e.personId && (
                    <tr>
                      <td colSpan={6} className={styles.historyCell}>
                        <History personId={e.personId} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <StatusLine error={message.error}>{message.text}</StatusLine>
    </Section>
  );
}
