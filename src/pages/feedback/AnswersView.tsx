import {
  Body1,
  Button,
  Caption1,
  Card,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import { useId, useState } from "react";
import type { StakeholderNote } from "../../app/api";
import { useSession } from "../../app/session";
import { ErrorState, Loading } from "../../app/states";
import { type Resource, useResource } from "../../app/useResource";
import { InlineError } from "../../ui/InlineError";
import { SentimentTag, sentimentLabel } from "../../ui/sentiment";
import { fullDate, relativeTime } from "../map/format";
import type { FeedbackAnswers, NamedAnswer } from "./types";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, margin: 0, padding: 0 },
  item: { listStyle: "none" },
  summary: { margin: 0 },
  card: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalM },
  head: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, "& > *": { margin: 0 } },
  meta: { color: tokens.colorNeutralForeground2 },
  qa: { margin: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  question: { fontWeight: tokens.fontWeightSemibold },
  answer: { margin: 0, whiteSpace: "pre-wrap" },
  skipped: { margin: 0, color: tokens.colorNeutralForeground3, fontStyle: "italic" },
  suggestion: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalM },
  pooled: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

/** One request's answers: by name (with the sentiment each suggests), pooled when anonymous, or why not yet. */
export function AnswersView(props: { requestId: string; recipients: number | undefined }) {
  const answers = useResource<FeedbackAnswers>(
    `/api/feedback/${encodeURIComponent(props.requestId)}/answers`,
  );
  const notes = useResource<{ notes: StakeholderNote[] }>("/api/notes");
  const styles = useStyles();
  if (answers.state === "loading") return <Loading label="Loading the answers…" />;
  if (answers.state === "error")
    return (
      <ErrorState
        title="The answers could not be loaded"
        message={answers.message}
        onRetry={answers.reload}
      />
    );
  const value = answers.value;
  const asked = props.recipients === undefined ? "" : ` of ${props.recipients}`;
  return (
    <>
      <Body1 as="p" className={styles.summary}>
        {value.count}
        {asked} answered ·{" "}
        {value.request.anonymous ? "anonymous: no answer is shown with a name" : "answers with names"} · sent{" "}
        <time dateTime={value.request.createdAt} title={fullDate(value.request.createdAt)}>
          {relativeTime(value.request.createdAt)}
        </time>
      </Body1>
      {value.shown === "none" && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not enough answers yet</MessageBarTitle>
            {value.reason}
          </MessageBarBody>
        </MessageBar>
      )}
      {value.shown === "byName" &&
        (value.answers.length === 0 ? (
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>No answers yet</MessageBarTitle>
              Answers appear here as people reply.
            </MessageBarBody>
          </MessageBar>
        ) : (
          <ul className={styles.list} aria-label="Answers">
            {value.answers.map((a) => (
              <li key={a.id} className={styles.item}>
                <NamedAnswerCard
                  requestId={props.requestId}
                  questions={value.request.questions}
                  answer={a}
                  notes={notes}
                />
              </li>
            ))}
          </ul>
        ))}
      {value.shown === "anonymous" && <Pooled answers={value} />}
    </>
  );
}

/** Question-and-answer pairs; a skipped question says so. */
function QuestionsAndAnswers(props: { questions: string[]; answers: string[] }) {
  const styles = useStyles();
  return (
    <dl className={styles.qa}>
      {props.questions.map((q, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the nth answer is the nth question's; neither moves.
        <div key={i}>
          <dt className={styles.question}>{q}</dt>
          <dd className={props.answers[i] ? styles.answer : styles.skipped}>
            {props.answers[i] || "Skipped"}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function NamedAnswerCard(props: {
  requestId: string;
  questions: string[];
  answer: NamedAnswer;
  notes: Resource<{ notes: StakeholderNote[] }>;
}) {
  const styles = useStyles();
  const { api } = useSession();
  const { answer: a, notes } = props;
  const titleId = useId();
  const name = a.respondent.displayName ?? "Someone who has left";
  const current =
    notes.state === "ready" ? notes.value.notes.find((n) => n.personId === a.respondent.id) : undefined;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suggested = a.suggestedSentiment;
  const confirmed = suggested !== null && current?.sentiment === suggested;

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(
        `/api/feedback/${encodeURIComponent(props.requestId)}/answers/${encodeURIComponent(a.id)}/confirm-sentiment`,
        { method: "POST" },
      );
      notes.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={styles.card} role="article" aria-labelledby={titleId}>
      <div className={styles.head}>
        <Subtitle2 as="h3" id={titleId}>
          {name}
        </Subtitle2>
        <Caption1 className={styles.meta}>
          Answered{" "}
          <time dateTime={a.createdAt} title={fullDate(a.createdAt)}>
            {relativeTime(a.createdAt)}
          </time>
          {a.score === null ? " · no score" : ` · score ${a.score} of 10`}
        </Caption1>
      </div>
      <QuestionsAndAnswers questions={props.questions} answers={a.answers} />
      {suggested && (
        <div className={styles.suggestion}>
          <Body1>
            Their score suggests <SentimentTag sentiment={suggested} />
            {current && !confirmed && (
              <>
                ; on your map now: <SentimentTag sentiment={current.sentiment} />
              </>
            )}
          </Body1>
          {confirmed ? (
            <Caption1 role="status">{`${name} is marked ${sentimentLabel[suggested].toLowerCase()} on your map.`}</Caption1>
          ) : (
            <Button appearance="primary" disabled={busy || notes.state === "loading"} onClick={confirm}>
              {busy ? "Saving…" : `Mark ${name} ${sentimentLabel[suggested].toLowerCase()}`}
            </Button>
          )}
        </div>
      )}
      {error && <InlineError title="The sentiment was not saved" message={error} />}
    </Card>
  );
}

/** An anonymous request's answers, pooled per question, with the scores sorted: nothing ties them to anyone. */
function Pooled(props: { answers: Extract<FeedbackAnswers, { shown: "anonymous" }> }) {
  const styles = useStyles();
  const { byQuestion, scores } = props.answers;
  return (
    <Card className={styles.card}>
      {byQuestion.map((q, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a request's questions never change or move.
        <section key={i} className={styles.head}>
          <Subtitle2 as="h3">{q.question}</Subtitle2>
          {q.answers.length === 0 ? (
            <Body1 as="p" className={styles.skipped}>
              Nobody answered this question.
            </Body1>
          ) : (
            <ul className={styles.pooled}>
              {q.answers.map((text, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: pooled answers are fixed text, possibly twice the same.
                <li key={j} className={styles.answer}>
                  {text}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <Body1 as="p">
        {scores.length === 0
          ? "Nobody gave a score."
          : `Scores (0–10, lowest first): ${scores.join(", ")}. Anonymous answers suggest no one's sentiment.`}
      </Body1>
    </Card>
  );
}
