import {
  Body1,
  Button,
  Card,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Radio,
  RadioGroup,
  Subtitle1,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useSession } from "../../app/session";
import { ErrorState, Loading } from "../../app/states";
import { useResource } from "../../app/useResource";
import { InlineError } from "../../ui/InlineError";
import type { FeedbackForm } from "./types";

/** The server's limit per answer (server/feedback/rules.ts). */
const MAX_ANSWER = 2000;
const SCORES = Array.from({ length: 11 }, (_, i) => String(i));

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalM, maxWidth: "760px" },
  head: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, "& > *": { margin: 0 } },
  lead: { color: tokens.colorNeutralForeground2 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  scores: { flexWrap: "wrap", rowGap: tokens.spacingVerticalS },
  actions: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
});

/** Which request: a feedback link's token, or a request's id from the user's "Asked of you" list. */
export type AnswerSource = { token: string } | { requestId: string };

const formPath = (source: AnswerSource) =>
  "token" in source
    ? `/api/feedback/form/${encodeURIComponent(source.token)}`
    : `/api/feedback/asked/${encodeURIComponent(source.requestId)}`;

/**
 * The form of a feedback request: who asks, their questions (an empty answer skips one) and the optional
 * 0–10 score. Shown to the person it was sent to only (the API checks the signed-in caller): from the
 * link in the mail, in the tab (a Teams deep link) and on the link's own web page, or from the tab's
 * "Asked of you" list.
 */
export function AnswerForm(props: {
  source: AnswerSource;
  headingLevel: "h2" | "h3";
  /** Called once the answers were taken. */
  onAnswered?: () => void;
}) {
  const form = useResource<FeedbackForm>(formPath(props.source));
  if (form.state === "loading") return <Loading label="Opening the feedback request…" />;
  if (form.state === "error")
    return (
      <ErrorState
        title="This feedback request cannot be opened"
        message={form.message}
        onRetry={form.reload}
      />
    );
  return <Answering {...props} form={form.value} />;
}

function Answering(props: {
  source: AnswerSource;
  form: FeedbackForm;
  headingLevel: "h2" | "h3";
  onAnswered?: () => void;
}) {
  const styles = useStyles();
  const { api } = useSession();
  const { form } = props;
  const titleId = useId();
  const asker = form.requester.displayName ?? "A colleague";
  const [answers, setAnswers] = useState(() => form.questions.map(() => ""));
  const [score, setScore] = useState("");
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<"before" | "now" | null>(form.answered ? "before" : null);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // After sending, the form is gone: the keyboard and the screen reader continue from the thanks.
    if (done === "now") doneRef.current?.focus();
  }, [done]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (answers.every((a) => a.trim() === "")) {
      setProblem({ title: "Nothing to send yet", message: "Answer at least one question." });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api(formPath(props.source), {
        body: { answers: answers.map((a) => a.trim()), score: score === "" ? null : Number(score) },
      });
      setDone("now");
      props.onAnswered?.();
    } catch (error) {
      setProblem({ title: "Your answers were not sent", message: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={styles.card} role="region" aria-labelledby={titleId}>
      <div className={styles.head}>
        <Subtitle1 as={props.headingLevel} id={titleId}>
          {asker} asks for your feedback
        </Subtitle1>
        <Body1 as="p" className={styles.lead}>
          {form.anonymous
            ? `Anonymous: ${asker} sees your answers only together with others', never with your name.`
            : `${asker} will see your answers with your name.`}
        </Body1>
      </div>
      {done ? (
        <div ref={doneRef} tabIndex={-1}>
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{done === "now" ? "Thank you" : "Already answered"}</MessageBarTitle>
              {done === "now"
                ? `Your answers were sent to ${asker}.`
                : "You have answered this request already. Thank you."}
            </MessageBarBody>
          </MessageBar>
        </div>
      ) : (
        <form className={styles.form} onSubmit={submit} noValidate aria-labelledby={titleId}>
          {form.questions.map((question, i) => (
            <Field
              // biome-ignore lint/suspicious/noArrayIndexKey: a request's questions never change or move.
              key={i}
              label={question}
              hint={`Optional. ${answers[i]!.length} of ${MAX_ANSWER} characters.`}
            >
              <Textarea
                value={answers[i]}
                maxLength={MAX_ANSWER}
                rows={3}
                resize="vertical"
                onChange={(_e, data) => setAnswers((all) => all.map((a, j) => (j === i ? data.value : a)))}
              />
            </Field>
          ))}
          <Field
            label={`How likely would you recommend working with ${asker}?`}
            hint="0 not at all, 10 extremely likely. Optional."
          >
            <RadioGroup
              className={styles.scores}
              layout="horizontal-stacked"
              value={score}
              onChange={(_e, data) => setScore(data.value)}
            >
              {SCORES.map((s) => (
                <Radio key={s} value={s} label={s} />
              ))}
              <Radio value="" label="No score" />
            </RadioGroup>
          </Field>
          {problem && <InlineError title={problem.title} message={problem.message} />}
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" disabled={busy}>
              {busy ? "Sending…" : "Send answers"}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
