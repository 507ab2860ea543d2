import {
  Body1,
  Button,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Text,
  typographyStyles,
} from "@fluentui/react-components";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { openRequests, useAskedOfMe } from "../app/asked-of-me";
import { useReport } from "../app/report";
import { useSession } from "../app/session";
import { EmptyState, ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { plural } from "../ui/format";
import { usePageStyles } from "../ui/page";
import { useQuery } from "../ui/useQuery";
import { AnswerForm } from "./feedback/AnswerForm";
import { AnswersView } from "./feedback/AnswersView";
import { AskedList } from "./feedback/AskedList";
import { AskForm } from "./feedback/AskForm";
import { useLinkToken } from "./feedback/linkToken";
import { RequestList } from "./feedback/RequestList";
import type { FeedbackList, FeedbackSent } from "./feedback/types";
import { useFeature } from "./settings/usePreferences";

const useStyles = makeStyles({
  back: { alignSelf: "flex-start" },
  // Focused by script when the view changes (tabIndex -1), never by Tab: no focus ring needed.
  title: { ...typographyStyles.title3, outline: "none" },
});

/**
 * Feedback: the requests the user sent and their answers, "Ask for feedback", the requests others sent
 * to the user still to answer, and, when the tab was opened from a feedback mail (Teams deep link, or
 * `?token=`), the form to answer it. Which view shows is in the URL (`?ask=1`, `?request=<id>`,
 * `?asked=<id>`), so the browser's back and a reload keep it.
 */
export function FeedbackPage() {
  const { host } = useSession();
  const link = useLinkToken(host);
  const askedOfMe = useAskedOfMe();
  return (
    <YourRequests
      asked={
        link.state === "ready" &&
        link.token && (
          <section aria-label="Feedback asked of you">
            <AnswerForm source={{ token: link.token }} headingLevel="h3" onAnswered={askedOfMe.reload} />
          </section>
        )
      }
    />
  );
}

function YourRequests(props: { asked: ReactNode }) {
  const styles = useStyles();
  const layout = usePageStyles();
  const report = useReport();
  const list = useResource<FeedbackList>("/api/feedback");
  const askedOfMe = useAskedOfMe();
  const [query, setQuery] = useQuery();
  const [sent, setSent] = useState<FeedbackSent | null>(null);
  const asking = query.get("ask") === "1";
  const requestId = query.get("request");
  const askedId = query.get("asked");
  const view = asking ? "ask" : requestId ? "answers" : askedId ? "answer" : "list";
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [moves, setMoves] = useState(0);
  const askOn = useFeature("feedbackRequests");
  useEffect(() => {
    // A new view replaces the old in place: its heading takes the focus, so the keyboard starts there.
    if (moves > 0) titleRef.current?.focus();
  }, [moves]);
  const show = (patch: Record<string, string | null>) => {
    setQuery({ ask: null, request: null, asked: null, ...patch });
    setMoves((m) => m + 1);
  };

  if (report.state === "loading" || list.state === "loading") return <Loading label="Loading feedback…" />;
  if (report.state === "error")
    return (
      <ErrorState
        title="Your feedback could not be loaded"
        message={report.message}
        onRetry={report.reload}
      />
    );
  if (list.state === "error")
    return (
      <ErrorState title="Your requests could not be loaded" message={list.message} onRetry={list.reload} />
    );

  const { requests, defaultQuestions } = list.value;
  const current = requestId ? requests.find((r) => r.id === requestId) : undefined;
  const title = {
    ask: "Ask for feedback",
    answers: "Answers",
    answer: "Answer a feedback request",
    list: "Feedback",
  }[view];
  const waiting = openRequests(askedOfMe);
  const ask = askOn ? (
    <Button appearance="primary" onClick={() => show({ ask: "1" })}>
      Ask for feedback
    </Button>
  ) : (
    <Text>Asking for feedback: your organisation has turned this off.</Text>
  );
  return (
    <section className={layout.page} aria-labelledby="feedback-title">
      <div className={layout.intro}>
        <div className={layout.heading}>
          {view !== "list" && (
            <Link as="button" className={styles.back} onClick={() => show({})}>
              Back to all requests
            </Link>
          )}
          <h2 id="feedback-title" ref={titleRef} tabIndex={-1} className={styles.title}>
            {title}
          </h2>
          {view === "list" && (
            <Body1 as="p" className={layout.lead}>
              Ask the people you work with how you are doing, with a few simple questions. Each gets a mail
              from you with a link to answer; you see the answers here, by name or, if you ask anonymously,
              only together once enough people have answered.
            </Body1>
          )}
        </div>
        {view === "list" && requests.length > 0 && ask}
      </div>
      {view === "list" && props.asked}
      {view === "list" && askedOfMe.state === "error" && (
        <ErrorState
          title="The requests asked of you could not be loaded"
          message={askedOfMe.message}
          onRetry={askedOfMe.reload}
        />
      )}
      {view === "list" && waiting.length > 0 && (
        <AskedList requests={waiting} onAnswer={(id) => show({ asked: id })} />
      )}
      {view === "answer" && askedId && (
        <AnswerForm source={{ requestId: askedId }} headingLevel="h3" onAnswered={askedOfMe.reload} />
      )}
      {view === "list" && sent && <SentMessage sent={sent} onDismiss={() => setSent(null)} />}
      {view === "ask" && (
        <AskForm
          report={report.value}
          defaultQuestions={defaultQuestions}
          onCancel={() => show({})}
          onSent={(result) => {
            setSent(result);
            list.reload();
            show({});
          }}
        />
      )}
      {view === "answers" && requestId && (
        <AnswersView requestId={requestId} recipients={current?.recipients} />
      )}
      {view === "list" &&
        (requests.length === 0 ? (
          <EmptyState title="You have not asked for feedback yet" action={ask}>
            Start with a group or a few people you work with. The four questions are ready to send, and you
            can change them.
          </EmptyState>
        ) : (
          <RequestList
            requests={requests}
            groups={report.value.groups}
            onOpen={(id) => show({ request: id })}
          />
        ))}
    </section>
  );
}

/** What sending did: to whom it went, and whom it could not reach. */
function SentMessage(props: { sent: FeedbackSent; onDismiss: () => void }) {
  const { sent } = props;
  const names = sent.sentTo.map((p) => p.displayName);
  const shown =
    names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
  return (
    <MessageBar intent={sent.notSent.length > 0 ? "warning" : "success"} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Request sent</MessageBarTitle>
        Sent to {shown}.
        {sent.notSent.length > 0 &&
          ` The mail to ${plural(sent.notSent.length, "person", "people")} did not go out; ask them again later.`}
        {sent.skipped.length > 0 &&
          ` ${plural(sent.skipped.length, "group member")} outside your organisation ${sent.skipped.length === 1 ? "was" : "were"} left out.`}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={props.onDismiss}>Dismiss</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
