import { Body1, Field, MessageBar, MessageBarBody, ProgressBar } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { fetchJson, type SyncStatus as Status } from "./api";

const phaseNames: Record<string, string> = {
  never: "Not synced yet",
  directory: "Reading your organisation",
  settings: "Reading your working hours",
  inbox: "Reading your Inbox",
  archive: "Reading your Archive",
  sentitems: "Reading your Sent Items",
  calendar: "Reading your calendar",
  contacts: "Looking up your contacts",
  done: "Up to date",
  partial: "Partly synced",
  failed: "Sync stopped",
};

/** Starts the signed-in user's sync when the page opens and shows its progress until it settles. */
export function SyncStatus(props: { token: string }) {
  const [status, setStatus] = useState<Status | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await fetchJson<Status>("/api/sync", { token: props.token });
        if (stopped) return;
        setStatus(next);
        if (next.running) timer = setTimeout(poll, 1000);
      } catch (e) {
        if (!stopped) setError((e as Error).message);
      }
    };
    fetchJson<Status>("/api/sync", { token: props.token, method: "POST" }).then(
      (first) => {
        if (stopped) return;
        setStatus(first);
        timer = setTimeout(poll, 500);
      },
      (e: Error) => !stopped && setError(e.message),
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [props.token]);

  if (error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>Could not sync your mail and calendar: {error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!status) return null;
  const label = phaseNames[status.phase] ?? status.phase;
  const value = status.percent === null ? undefined : status.percent / 100;
  return (
    <Field
      label="Your mail and calendar metadata"
      hint={
        status.running
          ? `${label}: ${status.items} items read so far`
          : status.lastSuccessAt
            ? `Last synced ${new Date(status.lastSuccessAt).toLocaleString()}`
            : undefined
      }
      validationState={status.lastError ? "error" : "none"}
      validationMessage={status.lastError?.message}
    >
      {status.running ? <ProgressBar value={value} thickness="large" /> : <Body1>{label}.</Body1>}
    </Field>
  );
}
