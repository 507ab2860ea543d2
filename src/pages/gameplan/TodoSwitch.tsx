import { Body1, Button, Field, makeStyles, Spinner, Switch, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { ApiError, type GamePlanAction, type TodoStatus } from "../../app/api";
import { requestConsent } from "../../app/consent";
import { useReport } from "../../app/report";
import { useSession } from "../../app/session";
import { ErrorState } from "../../app/states";
import { ConsentDialog } from "../../ui/ConsentDialog";
import { plural } from "../../ui/format";
import { InlineError } from "../../ui/InlineError";

const useStyles = makeStyles({
  box: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  retry: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  text: { margin: 0 },
});

const PATH = "/api/actions/todo";

/**
 * The switch that keeps the user's actions in Microsoft To Do as well (docs/workflow.md, "To Do").
 * Turning it on the first time asks for Tasks.ReadWrite (the server answers `consentRequired`); what
 * To Do has not taken yet is counted with a Retry. Read again whenever the actions change, since each
 * change syncs (or fails to).
 */
export function TodoSwitch(props: { actions: readonly GamePlanAction[]; onChanged: () => void }) {
  const styles = useStyles();
  const { api, host } = useSession();
  const report = useReport();
  const [status, setStatus] = useState<TodoStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const [consent, setConsent] = useState<{ scopes: string[]; error: string | null } | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    void props.actions;
    void generation;
    const abort = new AbortController();
    api<TodoStatus>(PATH, { signal: abort.signal }).then(
      (value) => {
        setStatus(value);
        setLoadError(null);
      },
      (e: Error) => !abort.signal.aborted && setLoadError(e.message),
    );
    return () => abort.abort();
  }, [api, props.actions, generation]);

  /** Runs one change; its answer is the new status, and the actions' sync states change with it. */
  const run = async (title: string, call: () => Promise<TodoStatus>) => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await call());
      props.onChanged();
    } catch (e) {
      if (e instanceof ApiError && e.detail.code === "consentRequired")
        setConsent({ scopes: e.detail.scopes ?? ["Tasks.ReadWrite"], error: null });
      else setError({ title, message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const turn = (enabled: boolean) =>
    run(enabled ? "To Do sync was not turned on" : "To Do sync was not turned off", () =>
      api<TodoStatus>(PATH, { method: "PUT", body: { enabled } }),
    );
  const allow = async () => {
    if (!consent) return;
    setBusy(true);
    try {
      if (report.state !== "ready") throw new Error("Your details are still loading. Try again in a moment.");
      await requestConsent(consent.scopes, { host, userId: report.value.user.id });
      setStatus(await api<TodoStatus>(PATH, { method: "PUT", body: { enabled: true } }));
      setConsent(null);
      props.onChanged();
    } catch (e) {
      setConsent({ ...consent, error: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const listName = status?.listName ?? "Orbit game plan";
  return (
    <div className={styles.box}>
      <Field
        hint={`Keeps your actions in a list named “${listName}” in your own To Do. Only each action’s text and due date are sent; Orbit does not read changes made in To Do back.`}
      >
        <Switch
          label="Add my actions to Microsoft To Do"
          checked={status?.enabled ?? false}
          disabled={busy || status === null}
          onChange={(_e, data) => turn(data.checked)}
        />
      </Field>
      {status === null && !loadError && (
        <Spinner size="tiny" label="Checking To Do sync…" labelPosition="after" />
      )}
      {busy && !consent && <Spinner size="tiny" label="Talking to Microsoft To Do…" labelPosition="after" />}
      {status?.enabled && status.unsynced > 0 && (
        <span className={styles.retry}>
          <Body1>{plural(status.unsynced, "action")} not synced yet</Body1>
          <Button
            size="small"
            disabled={busy}
            onClick={() =>
              run("To Do sync was not retried", () => api<TodoStatus>(`${PATH}/sync`, { method: "POST" }))
            }
          >
            Retry
          </Button>
        </span>
      )}
      {loadError && (
        <ErrorState
          title="To Do sync could not be checked"
          message={loadError}
          onRetry={() => setGeneration((g) => g + 1)}
        />
      )}
      {error && <InlineError title={error.title} message={error.message} />}
      <ConsentDialog
        open={consent !== null}
        title="Allow Orbit to keep your actions in To Do?"
        allowLabel="Allow and turn on"
        busyLabel="Turning on…"
        failedTitle="To Do sync is still off"
        busy={busy}
        error={consent?.error ?? null}
        onAllow={allow}
        onCancel={() => setConsent(null)}
      >
        <Body1 as="p" className={styles.text}>
          Orbit puts your game plan’s actions in a list named “{listName}” in your Microsoft To Do, and keeps
          it up to date as you change them. For that it needs your permission to read and write your tasks (
          {consent?.scopes.join(", ")}). It asks once, now that you turn this on.
        </Body1>
        <Body1 as="p" className={styles.text}>
          Only each action’s text and due date are sent, and Orbit touches no other list.
        </Body1>
      </ConsentDialog>
    </div>
  );
}
