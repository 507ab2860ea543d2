import {
  Body1,
  Field,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Select,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from "@fluentui/react-components";
import { type ReactNode, useState } from "react";
import { EmptyState, ErrorState, Loading } from "../../app/states";
import { useResource } from "../../app/useResource";
import { kmText, plural } from "../../ui/format";
import { ScrollRegion } from "../../ui/ScrollRegion";
import { Section } from "../settings/Section";
import type { LeaderFigure, NetworkFigure, OrgAnswer } from "./answers";
import { FigureGrid } from "./FigureGrid";

const useStyles = makeStyles({
  part: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, "& > h4": { margin: 0 } },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  select: { maxWidth: "360px" },
  scroll: { overflowX: "auto" },
  table: { minWidth: "520px" },
  // A native row header, padded like Fluent's cells beside it.
  rowHead: {
    fontWeight: tokens.fontWeightSemibold,
    textAlign: "start",
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
});

const percent = (share: number | null) => (share === null ? null : `${Math.round(share * 100)} %`);

const leaderMetrics: Record<string, { label: string; figure: (v: LeaderFigure) => ReactNode }> = {
  slower: {
    label: "Leaders slower to staff than to their own manager",
    figure: (v) => percent(v.staffSlowerThanUpShare),
  },
  reply: { label: "Median reply time to staff", figure: (v) => kmText(v.medianStaffReplyHours, "–") },
  coverage: {
    label: "Direct reports with a 1:1 in the last 30 days",
    figure: (v) => percent(v.oneOnOneCoverage),
  },
};

const levelLabel = (level: number) => (level === 0 ? "Level 0 (top)" : `Level ${level}`);

/** Aggregated responsiveness and network figures by department and management level. */
export function OrgViews() {
  const styles = useStyles();
  const org = useResource<OrgAnswer>("/api/org");
  const [metric, setMetric] = useState("slower");

  return (
    <Section
      title="Org views"
      lead="How leaders serve their staff, and how much departments work with each other, from everyone who has synced. Levels count steps from the top of the manager chain. Nobody's own figures are shown: a group smaller than the minimum group size is hidden, and so is any figure that would let one be worked out."
    >
      {org.state === "loading" && (
        <Loading label="Computing the org views from everyone's synced data… this can take a minute." />
      )}
      {org.state === "error" && (
        <ErrorState title="The org views could not be computed" message={org.message} onRetry={org.reload} />
      )}
      {org.state === "ready" && org.value.syncedPeople === 0 && (
        <EmptyState title="Nobody has synced yet">
          The org views are computed from the people who have opened Orbit and synced. Check back once some
          have.
        </EmptyState>
      )}
      {org.state === "ready" && org.value.syncedPeople > 0 && (
        <Views answer={org.value} metric={metric} onMetric={setMetric} classes={styles} />
      )}
    </Section>
  );
}

function Views(props: {
  answer: OrgAnswer;
  metric: string;
  onMetric: (metric: string) => void;
  classes: ReturnType<typeof useStyles>;
}) {
  const { answer, classes: styles } = props;
  const leaderColumns = answer.leaders.columnTotals.map((c) => ({
    key: c.column!,
    label: levelLabel(Number(c.column)),
  }));
  const levelColumns = answer.levels.map((l) => ({ key: String(l), label: levelLabel(l) }));
  const shownDepartments = answer.network.rowTotals.filter(
    (t): t is typeof t & { value: NetworkFigure } => t.value !== null && t.value.byDepartment.length > 0,
  );
  const partners = [
    ...new Set(shownDepartments.flatMap((t) => t.value.byDepartment.map((d) => d.department))),
  ].sort((a, b) => a.localeCompare(b));
  const nothingShown = answer.leaders.total.suppressed !== null && answer.network.total.suppressed !== null;
  const chosen = leaderMetrics[props.metric]!;

  return (
    <>
      <Body1 as="p" className={styles.muted}>
        From {plural(answer.syncedPeople, "person", "people")} who{" "}
        {answer.syncedPeople === 1 ? "has" : "have"} synced, over the {answer.windowDays} days to{" "}
        {new Date(answer.asOf).toLocaleDateString()}. Minimum group size: {answer.minGroupSize}.
      </Body1>
      {nothingShown && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            Every group is still smaller than {answer.minGroupSize} people, so every figure is hidden. Figures
            appear as more people sync.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.part}>
        <Subtitle2 as="h4">Leaders' responsiveness</Subtitle2>
        <Field label="Figure" className={styles.select}>
          <Select value={props.metric} onChange={(_e, data) => props.onMetric(data.value)}>
            {Object.entries(leaderMetrics).map(([key, m]) => (
              <option key={key} value={key}>
                {m.label}
              </option>
            ))}
          </Select>
        </Field>
        <FigureGrid
          label={`${chosen.label}, by department and level`}
          table={answer.leaders}
          rows={answer.departments}
          columns={leaderColumns}
          minGroupSize={answer.minGroupSize}
          figure={chosen.figure}
          people={(n) => plural(n, "leader")}
        />
      </div>
      <div className={styles.part}>
        <Subtitle2 as="h4">Silo index</Subtitle2>
        <Body1 as="p" className={styles.muted}>
          The share of people's interaction with colleagues (messages and meetings) that stays inside their
          own department. Departments under the minimum group size are left out of it.
        </Body1>
        <FigureGrid
          label="Silo index, by department and level"
          table={answer.network}
          rows={answer.departments}
          columns={levelColumns}
          minGroupSize={answer.minGroupSize}
          figure={(v) => percent(v.insideShare)}
          people={(n) => plural(n, "person", "people")}
        />
      </div>
      <div className={styles.part}>
        <Subtitle2 as="h4">Cross-department collaboration</Subtitle2>
        {shownDepartments.length === 0 ? (
          <Body1 as="p" className={styles.muted}>
            No department has enough people synced to show whom it works with.
          </Body1>
        ) : (
          <ScrollRegion label="Cross-department collaboration (scrolls sideways)" className={styles.scroll}>
            <Table
              className={styles.table}
              size="small"
              aria-label="Share of each department's interaction, by the department it is with"
            >
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Department</TableHeaderCell>
                  {partners.map((p) => (
                    <TableHeaderCell key={p}>with {p}</TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {shownDepartments.map((t) => (
                  <TableRow key={t.row}>
                    <th scope="row" className={styles.rowHead}>
                      {t.row}
                    </th>
                    {partners.map((p) => (
                      <TableCell key={p}>
                        {percent(t.value.byDepartment.find((d) => d.department === p)?.share ?? 0)}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollRegion>
        )}
      </div>
    </>
  );
}
