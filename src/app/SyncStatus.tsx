import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  ProgressBar,
} from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import { ApiError, type SyncStatus as Status } from "./api";
import { tokenClaims } from "./claims";
import { requestConsent } from "./consent";
import { useSession } from "./session";
import { isStarting, phaseLabel } from "./sync-phase";

// The shell spaces its rows; a paragraph's own margins would double the space around this one line.
const useStyles = makeStyles({ caption: { margin: 0 } });

/**
 * Starts the signed-in user's sync when Orbit opens (that is also what keeps them on the background
 * schedule) and shows its progress until it settles; `onFinished` lets the pages reload their figures.
 */
export function SyncStatus(props: { onFinished?: () => void }) {
  const styles = useStyles();
  const { api, host, token } = useSession();
  const [status, setStatus] = useState<Status | undefined>();
  const [error, setError] = useState<string | undefined>();
  // Graph permissions the user has not granted yet (the API answered consentRequired), and a new start
  // once they have.
  const [consent, setConsent] = useState<{ scopes: string[]; message: string } | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [asking, setAsking] = useState(false);
  const onFinished = useRef(props.onFinished);
  onFinished.current = props.onFinished;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` starts the sync again once consent is given.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sawRunning = false;
    const settle = (next: Status) => {
      setStatus(next);
      if (next.running) {
        sawRunning = true;
        timer = setTimeout(poll, 1000);
      } else if (sawRunning) onFinished.current?.();
    };
    const poll = async () => {
      try {
        const next = await api<Status>("/api/sync");
        if (!stopped) settle(next);
      } catch (e) {
        if (!stopped) setError((e as Error).message);
      }
    };
    api<Status>("/api/sync", { method: "POST" }).then(
      (first) => {
        if (stopped) return;
        setStatus(first);
        sawRunning = first.running;
        timer = setTimeout(poll, 500);
      },
      (e: Error) => {
        if (stopped) return;
        if (e instanceof ApiError && e.detail.code === "consentRequired")
          setConsent({ scopes: e.detail.scopes ?? [], message: e.message });
        else setError(e.message);
      },
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, attempt]);

  const grant = async () => {
    if (!consent) return;
    setAsking(true);
    try {
      await requestConsent(consent.scopes, { host, userId: tokenClaims(token).oid ?? "" });
      setConsent(undefined);
      setError(undefined);
      setAttempt((n) => n + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setAsking(false);
    }
  };

  if (consent) {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Orbit needs your permission</MessageBarTitle>
          {consent.message} {error ? `(${error})` : ""}
        </MessageBarBody>
        <MessageBarActions>
          <Button appearance="primary" onClick={grant} disabled={asking}>
            {asking ? "Waiting for your answer…" : "Grant access"}
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>Could not sync your mail and calendar: {error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!status) return null;
  const starting = isStarting(status);
  const label = phaseLabel(status.phase);
  if (!status.running && !status.lastError) {
    return (
      <Caption1 as="p" role="status" className={styles.caption}>
        {label}
        {status.lastSuccessAt ? ` · last synced ${new Date(status.lastSuccessAt).toLocaleString()}` : ""}
      </Caption1>
    );
  }
  return (
    <Field
      label="Your mail and calendar metadata"
      hint={
        status.running ? (starting ? "Starting…" : `${label}: ${status.items} items read so far`) : undefined
      }
      validationState={status.lastError ? "error" : "none"}
      validationMessage={status.lastError ? `${label}: ${status.lastError.message}` : undefined}
    >
      {status.running && (
        <ProgressBar
          value={starting || status.percent === null ? undefined : status.percent / 100}
          thickness="large"
        />
      )}
    </Field>
  );
}
