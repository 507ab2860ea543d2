import { Body1, Button, Card, makeStyles, Subtitle2, tokens } from "@fluentui/react-components";
import { useId } from "react";
import { plural } from "../../ui/format";
import { fullDate, relativeTime } from "../map/format";
import type { FeedbackAskedOfMe } from "./types";

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalS, maxWidth: "760px" },
  head: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, "& > *": { margin: 0 } },
  lead: { color: tokens.colorNeutralForeground2 },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  item: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
    paddingBlock: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  // Fluent's text is inline by default: each of these is a line of its own.
  line: { display: "block", margin: 0 },
  meta: { display: "block", margin: 0, color: tokens.colorNeutralForeground2 },
});

/**
 * "Asked of you": the feedback requests others sent to the user that they have not answered yet, so a
 * request is not lost with its mail. Each opens its form in the tab.
 */
export function AskedList(props: { requests: FeedbackAskedOfMe[]; onAnswer: (requestId: string) => void }) {
  const styles = useStyles();
  const titleId = useId();
  return (
    <Card className={styles.card} role="region" aria-labelledby={titleId}>
      <div className={styles.head}>
        <Subtitle2 as="h3" id={titleId}>
          Asked of you
        </Subtitle2>
        <Body1 as="p" className={styles.lead}>
          {plural(props.requests.length, "colleague is", "colleagues are")} waiting for your feedback. It
          takes a few minutes; every question can be skipped.
        </Body1>
      </div>
      <ul className={styles.list}>
        {props.requests.map((r) => {
          const who = r.requester.displayName ?? "A colleague";
          return (
            <li key={r.id} className={styles.item}>
              <div>
                <Body1 as="p" className={styles.line}>
                  <strong>{who}</strong> asked{" "}
                  <time dateTime={r.createdAt} title={fullDate(r.createdAt)}>
                    {relativeTime(r.createdAt)}
                  </time>
                </Body1>
                <Body1 as="p" className={styles.meta}>
                  {plural(r.questions, "question")} ·{" "}
                  {r.anonymous ? "anonymous: your name is not shown" : "by name"}
                </Body1>
              </div>
              <Button appearance="primary" onClick={() => props.onAnswer(r.id)}>
                Answer {who}
              </Button>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
