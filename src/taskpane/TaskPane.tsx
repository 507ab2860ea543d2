import {
  Body1,
  FluentProvider,
  Link,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  Title3,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { type ReactNode, useCallback, useEffect, useState } from "react";
import type { Preferences } from "../app/api";
import { navigate } from "../app/router";
import { useSession } from "../app/session";
import { ErrorState } from "../app/states";
import { useResource } from "../app/useResource";
import { connectToOffice, type OfficeHost, type OpenItem, onItemChanged, readOpenItem } from "./office";
import { type CardAnswer, SenderCardView } from "./SenderCardView";
import { usePaneSync } from "./usePaneSync";

const useStyles = makeStyles({
  pane: {
    minHeight: "100vh",
    boxSizing: "border-box",
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  note: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, "& > *": { margin: 0 } },
});

type Load<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "error"; message: string };

/** A message to the reader instead of a card (not in Outlook, no message, own message…). */
function Note(props: { title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <section className={styles.note} aria-live="polite">
      <Title3 as="h1">{props.title}</Title3>
      {typeof props.children === "string" ? <Body1 as="p">{props.children}</Body1> : props.children}
    </section>
  );
}

/**
 * The Outlook task pane (message read): Office.js is loaded here only, the open message is read through
 * it, and the sender's card comes from GET /api/card. It follows the selection while pinned (ItemChanged).
 */
export function TaskPane() {
  const styles = useStyles();
  const session = useSession();
  const [office, setOffice] = useState<OfficeHost | undefined>();
  const [item, setItem] = useState<OpenItem>({ kind: "none" });

  useEffect(() => {
    let stopped = false;
    let stopListening = () => {};
    connectToOffice().then((host) => {
      if (stopped) return;
      setOffice(host);
      if (host.state !== "outlook") return;
      setItem(readOpenItem());
      stopListening = onItemChanged(() => setItem(readOpenItem()));
    });
    return () => {
      stopped = true;
      stopListening();
    };
  }, []);

  const content = (
    <main className={styles.pane}>
      {!office ? (
        <Spinner size="small" label="Connecting to Outlook…" />
      ) : office.state === "failed" ? (
        <ErrorState title="Orbit could not talk to Outlook" message={office.message} />
      ) : office.state === "notOutlook" ? (
        <NotInOutlook hostName={office.hostName} />
      ) : (
        <OutlookCard item={item} userAddress={office.userAddress} />
      )}
    </main>
  );
  // The pane sits inside Outlook's window, so Outlook's light or dark theme wins over the system's. It
  // gives no high-contrast signal: forced colours (and the testing ?theme=) keep the page's own theme.
  const keepOwn =
    new URLSearchParams(window.location.search).has("theme") ||
    window.matchMedia?.("(forced-colors: active)").matches;
  if (office?.state === "outlook" && office.dark !== null && !keepOwn)
    return (
      <FluentProvider theme={office.dark ? webDarkTheme : webLightTheme} lang={session.host.locale}>
        {content}
      </FluentProvider>
    );
  return content;
}

function NotInOutlook(props: { hostName: string | null }) {
  return (
    <Note title="Open Orbit from Outlook">
      <Body1 as="p">
        This is Orbit's Outlook card: it shows who the sender of the message you are reading is to you, how
        long the message has waited, and lets you tag them.{" "}
        {props.hostName
          ? `It runs in Outlook, not in ${props.hostName}.`
          : "It needs Outlook around it, and this page is open on its own."}{" "}
        Open a message in Outlook and choose Orbit on the ribbon.
      </Body1>
      <Body1 as="p">
        Your full figures are in{" "}
        <Link
          href="/tab/responsiveness"
          onClick={(e) => {
            e.preventDefault();
            navigate("/tab/responsiveness");
          }}
        >
          Orbit's tab
        </Link>
        .
      </Body1>
    </Note>
  );
}

function OutlookCard(props: { item: OpenItem; userAddress: string | null }) {
  const { item } = props;
  const { api } = useSession();
  const [generation, setGeneration] = useState(0);
  const sync = usePaneSync(useCallback(() => setGeneration((g) => g + 1), []));
  const preferences = useResource<{ preferences: Preferences }>("/api/preferences");
  const [card, setCard] = useState<Load<{ answer: CardAnswer; query: string }>>({ state: "loading" });

  const own =
    item.kind === "message" &&
    !!item.senderAddress &&
    !!props.userAddress &&
    item.senderAddress.toLowerCase() === props.userAddress.toLowerCase();
  const wanted = item.kind === "message" && item.senderAddress && !own && sync.state !== "checking";
  const firstSync = sync.state === "firstSync";
  const query =
    item.kind === "message" && item.senderAddress
      ? new URLSearchParams({
          address: item.senderAddress,
          receivedAt: item.receivedAt,
          ...(item.conversationId ? { conversationId: item.conversationId } : {}),
        }).toString()
      : "";

  useEffect(() => {
    if (!wanted || firstSync) return;
    void generation;
    const abort = new AbortController();
    // A new message shows the spinner; a reload of the same one (after a sync) keeps the card meanwhile.
    setCard((c) => (c.state === "ready" && c.value.query === query ? c : { state: "loading" }));
    api<CardAnswer>(`/api/card?${query}`, { signal: abort.signal }).then(
      (answer) => setCard({ state: "ready", value: { answer, query } }),
      (e: Error) => !abort.signal.aborted && setCard({ state: "error", message: e.message }),
    );
    return () => abort.abort();
  }, [api, query, wanted, firstSync, generation]);

  if (item.kind === "none")
    return <Note title="No message selected">Select a message in Outlook to see its sender's card.</Note>;
  if (item.kind === "notMessage")
    return (
      <Note title="Not a message">Orbit's card is for messages; this item is a meeting or another kind.</Note>
    );
  if (!item.senderAddress)
    return (
      <Note title="No sender">This message has no sender address Orbit can read (a draft, perhaps).</Note>
    );
  if (own)
    return (
      <Note title="Your own message">
        You sent this message. Orbit shows a card for the people who write to you; open one of their messages.
      </Note>
    );
  if (sync.state === "failed")
    return <ErrorState title="Your mail could not be synced" message={sync.message} />;
  if (sync.state === "checking") return <Spinner size="small" label="Checking your synced mail…" />;
  if (sync.state === "firstSync")
    return (
      <Spinner
        size="small"
        label={`Reading your mail and calendar for the first time (${sync.items} items so far)…`}
      />
    );
  if (card.state === "loading")
    return <Spinner size="small" label={`Looking up ${item.senderName ?? "the sender"}…`} />;
  if (card.state === "error")
    return (
      <ErrorState
        title="The sender's card could not be loaded"
        message={card.message}
        onRetry={() => setGeneration((g) => g + 1)}
      />
    );
  if (!card.value.answer.contact)
    return (
      <Note title="Your own message">
        This message is from one of your own addresses. Orbit shows a card for the people who write to you.
      </Note>
    );
  const prefs = preferences.state === "ready" ? preferences.value.preferences : null;
  return (
    <>
      <SenderCardView
        card={card.value.answer}
        fallbackName={item.senderName}
        targetHours={prefs?.targetHours ?? null}
        windowDays={prefs?.windowDays ?? null}
      />
      {sync.state === "ready" && sync.refreshing && (
        <MessageBar intent="info">
          <MessageBarBody>Bringing your mail up to date; the card refreshes when done.</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
