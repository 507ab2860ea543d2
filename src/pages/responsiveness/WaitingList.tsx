import {
  Badge,
  Button,
  Caption1,
  Link,
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
import { useState } from "react";
import type { Report } from "../../app/api";
import { formatHours, plural } from "../../ui/format";
import { ScrollRegion } from "../../ui/ScrollRegion";
import { audienceBadge, audienceById, formatInstant, peopleById } from "./format";

const FIRST = 10;

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
  },
  table: { minWidth: "640px", tableLayout: "auto" },
  number: { fontVariantNumeric: "tabular-nums" },
  name: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  more: { alignSelf: "flex-start" },
});

/** Requests still unanswered after the target, oldest first, each with a link to the message in Outlook. */
export function WaitingList(props: { report: Report; targetHours: number | null; locale?: string }) {
  const styles = useStyles();
  const { report } = props;
  const { waiting } = report.responsiveness;
  const [all, setAll] = useState(false);
  const people = peopleById(report);
  const audiences = audienceById(report);
  const shown = all ? waiting : waiting.slice(0, FIRST);
  const target = props.targetHours === null ? "the target" : formatHours(props.targetHours);
  return (
    <section className={styles.section} aria-labelledby="waiting-heading">
      <Subtitle1 as="h3" id="waiting-heading" className={styles.heading}>
        Waiting on you
      </Subtitle1>
      <Caption1>
        {waiting.length === 0
          ? `Nobody has waited longer than ${target} of working time for a reply. Well done.`
          : `${plural(waiting.length, "request")} unanswered for more than ${target} of working time, oldest first.`}
      </Caption1>
      {waiting.length > 0 && (
        <ScrollRegion label="Requests waiting on you, scrollable" className={styles.wrap}>
          <Table className={styles.table} aria-label="Requests waiting on you, oldest first">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>From</TableHeaderCell>
                <TableHeaderCell>Waiting since</TableHeaderCell>
                <TableHeaderCell>Waited (working hours)</TableHeaderCell>
                <TableHeaderCell>Message</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((w) => {
                const person = people.get(w.senderId);
                const name = person?.displayName ?? w.senderMail;
                const audience = audiences.get(w.senderId);
                return (
                  <TableRow key={`${w.conversationId}|${w.firstRequestAt}|${w.senderId}`}>
                    <TableCell>
                      <TableCellLayout description={name === w.senderMail ? undefined : w.senderMail}>
                        <span className={styles.name}>
                          {name}
                          {audience === "staff" && (
                            <Badge appearance="tint" color="brand" size="small">
                              staff
                            </Badge>
                          )}
                          {audience && audience !== "staff" && (
                            <Badge appearance="outline" color="informative" size="small">
                              {audienceBadge[audience] ?? audience}
                            </Badge>
                          )}
                        </span>
                      </TableCellLayout>
                    </TableCell>
                    <TableCell>
                      {formatInstant(w.firstRequestAt, report.user.timeZone, props.locale)}
                    </TableCell>
                    <TableCell className={styles.number}>{formatHours(w.ageHours)}</TableCell>
                    <TableCell>
                      {w.webLink ? (
                        <Link
                          href={w.webLink}
                          target="_blank"
                          rel="noopener noreferrer"
                          aria-label={`Open in Outlook: ${name}'s message (opens a new window)`}
                        >
                          Open in Outlook
                        </Link>
                      ) : (
                        <Caption1>no link</Caption1>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </ScrollRegion>
      )}
      {waiting.length > FIRST && (
        <Button className={styles.more} onClick={() => setAll((a) => !a)} aria-expanded={all}>
          {all ? `Show the oldest ${FIRST} only` : `Show all ${waiting.length}`}
        </Button>
      )}
    </section>
  );
}
