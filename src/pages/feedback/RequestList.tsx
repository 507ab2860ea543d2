import {
  Badge,
  Button,
  Caption1,
  Card,
  CardFooter,
  makeStyles,
  Subtitle2,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useId } from "react";
import type { ReportGroup } from "../../app/api";
import { plural } from "../../ui/format";
import { fullDate, relativeTime } from "../map/format";
import type { FeedbackRequestSummary } from "./types";

const useStyles = makeStyles({
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 360px), 1fr))",
    gap: tokens.spacingHorizontalL,
    alignItems: "start",
    listStyle: "none",
    margin: 0,
    padding: 0,
  },
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalS, height: "100%" },
  head: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, "& > *": { margin: 0 } },
  meta: { color: tokens.colorNeutralForeground2 },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  questions: {
    ...typographyStyles.body1,
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    color: tokens.colorNeutralForeground2,
  },
});

/** "No answers yet", "1 of 3 answered", "Everyone answered". */
export function answeredText(r: { answers: number; recipients: number }): string {
  if (r.answers === 0) return "No answers yet";
  if (r.answers >= r.recipients) return `Everyone answered (${r.recipients})`;
  return `${r.answers} of ${r.recipients} answered`;
}

/** Whom a request went to: its group by name when it still exists, else the number of people. */
export function audienceText(r: FeedbackRequestSummary, groups: readonly ReportGroup[]): string {
  const group = r.groupId ? groups.find((g) => g.id === r.groupId) : undefined;
  const people = plural(r.recipients, "person", "people");
  return group ? `To “${group.name}”, ${people}` : `To ${people}`;
}

/** The user's requests, newest first, each a card with its state and the way to its answers. */
export function RequestList(props: {
  requests: FeedbackRequestSummary[];
  groups: readonly ReportGroup[];
  onOpen: (requestId: string) => void;
}) {
  const styles = useStyles();
  return (
    <ul className={styles.grid} aria-label="Your feedback requests, newest first">
      {props.requests.map((r) => (
        <li key={r.id}>
          <RequestCard request={r} groups={props.groups} onOpen={props.onOpen} />
        </li>
      ))}
    </ul>
  );
}

function RequestCard(props: {
  request: FeedbackRequestSummary;
  groups: readonly ReportGroup[];
  onOpen: (requestId: string) => void;
}) {
  const styles = useStyles();
  const { request: r } = props;
  const titleId = useId();
  return (
    <Card className={styles.card} aria-labelledby={titleId} role="article">
      <div className={styles.head}>
        <Subtitle2 as="h3" id={titleId}>
          Sent{" "}
          <time dateTime={r.createdAt} title={fullDate(r.createdAt)}>
            {relativeTime(r.createdAt)}
          </time>
        </Subtitle2>
        <Caption1 className={styles.meta}>{audienceText(r, props.groups)}</Caption1>
      </div>
      <div className={styles.badges}>
        <Badge appearance="tint" color={r.answers > 0 ? "success" : "informative"}>
          {answeredText(r)}
        </Badge>
        <Badge appearance="outline" color="informative">
          {r.anonymous ? "Anonymous" : "By name"}
        </Badge>
      </div>
      <ol className={styles.questions} aria-label="Questions">
        {r.questions.map((q, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a request's questions never change or move.
          <li key={i}>{q}</li>
        ))}
      </ol>
      <CardFooter>
        <Button onClick={() => props.onOpen(r.id)} aria-describedby={titleId}>
          View answers
        </Button>
      </CardFooter>
    </Card>
  );
}
