import {
  Badge,
  Caption1,
  makeStyles,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from "@fluentui/react-components";
import type { Report } from "../../app/api";
import { ScrollRegion } from "../../ui/ScrollRegion";
import { formatDate, percent } from "./format";
import { KmValue } from "./KmValue";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
  },
  table: { minWidth: "760px", tableLayout: "auto" },
  number: { fontVariantNumeric: "tabular-nums" },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Each direct report: your reply time to them and your 1:1 cadence with them, with a badge where a flag
 * holds (no 1:1 in 30 days, answered much slower than your average).
 */
export function DirectReports(props: { report: Report; locale?: string }) {
  const styles = useStyles();
  const { responsiveness, meetings } = props.report;
  const oneOnOnes = new Map(meetings.oneOnOnes.map((o) => [o.reportId, o]));
  const slow = new Set(
    responsiveness.flags.flatMap((f) => (f.kind === "slowToReport" ? [f.evidence.personId] : [])),
  );
  return (
    <section className={styles.section} aria-labelledby="direct-reports-heading">
      <Subtitle1 as="h3" id="direct-reports-heading" className={styles.heading}>
        Your direct reports
      </Subtitle1>
      <Caption1>
        {meetings.coverage === null
          ? "1:1 coverage cannot be told for a window under 30 days."
          : `1:1 coverage: ${percent(meetings.coverage)} of your direct reports had a 1:1 with you in the last 30 days.`}
      </Caption1>
      <ScrollRegion label="Direct reports, scrollable" className={styles.wrap}>
        <Table className={styles.table} aria-label="Direct reports: reply time and 1:1s">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Person</TableHeaderCell>
              <TableHeaderCell>Your reply time (median)</TableHeaderCell>
              <TableHeaderCell>Requests (answered)</TableHeaderCell>
              <TableHeaderCell>1:1s held</TableHeaderCell>
              <TableHeaderCell>Last 1:1</TableHeaderCell>
              <TableHeaderCell>1:1 every</TableHeaderCell>
              <TableHeaderCell>Cancelled or declined</TableHeaderCell>
              <TableHeaderCell>Attention</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {responsiveness.directReports.map((r) => {
              const o = oneOnOnes.get(r.personId);
              return (
                <TableRow key={r.personId}>
                  <TableCell>
                    <TableCellLayout description={r.mail ?? undefined}>{r.displayName}</TableCellLayout>
                  </TableCell>
                  <TableCell className={styles.number}>
                    <KmValue km={r.kmMedianHours} />
                  </TableCell>
                  <TableCell className={styles.number}>
                    {r.turns === 0 ? (
                      <span className={styles.muted}>none</span>
                    ) : (
                      `${r.turns} (${r.answered})`
                    )}
                  </TableCell>
                  <TableCell className={styles.number}>{o ? o.count : "–"}</TableCell>
                  <TableCell>{o?.lastDate ? formatDate(o.lastDate, props.locale) : "never"}</TableCell>
                  <TableCell className={styles.number}>
                    {o?.meanDaysBetween != null ? `${Math.round(o.meanDaysBetween)} days` : "–"}
                  </TableCell>
                  <TableCell className={styles.number}>{o ? o.cancelledOrDeclined : "–"}</TableCell>
                  <TableCell>
                    <div className={styles.badges}>
                      {o?.gap && (
                        <Badge appearance="tint" color="danger" shape="rounded">
                          No 1:1 in 30 days
                        </Badge>
                      )}
                      {slow.has(r.personId) && (
                        <Badge appearance="tint" color="warning" shape="rounded">
                          Slow replies
                        </Badge>
                      )}
                      {!o?.gap && !slow.has(r.personId) && (
                        <Badge appearance="tint" color="success" shape="rounded">
                          On track
                        </Badge>
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </ScrollRegion>
    </section>
  );
}
