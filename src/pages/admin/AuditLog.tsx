import {
  Badge,
  Body1,
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { useSession } from "../../app/session";
import { ErrorState, Loading } from "../../app/states";
import { plural } from "../../ui/format";
import { ScrollRegion } from "../../ui/ScrollRegion";
import { Section } from "../settings/Section";
import type { AuditEntry } from "./answers";

const PAGE = 25;

const useStyles = makeStyles({
  scroll: { overflowX: "auto" },
  table: { minWidth: "640px" },
  detail: { fontSize: tokens.fontSizeBase200, wordBreak: "break-word" },
  muted: { color: tokens.colorNeutralForeground2 },
});

const actions: Record<string, string> = {
  "tenantSettings.update": "Tenant settings changed",
  "optOut.add": "Added to the opt-out list",
  "optOut.remove": "Removed from the opt-out list",
  "userData.delete": "Someone deleted their data",
  "retention.purge": "Retention purge",
};

const outcomeColour = { succeeded: "success", rejected: "warning", failed: "danger" } as const;

/** Who it was: an admin's name, a job, or (after "delete my data") only a pseudonym. */
const actorText = (e: AuditEntry) =>
  e.actorName ??
  (e.actor.startsWith("system:")
    ? `Orbit (${e.actor.slice(7)})`
    : e.actor.startsWith("user#")
      ? "A user (pseudonym)"
      : e.actor);

/** The detail in a line: changed settings as "field: from → to", else the reason or counts. */
function detailText(e: AuditEntry): string {
  const changes = e.detail.changes as Record<string, { from: unknown; to: unknown }> | undefined;
  if (changes) {
    const lines = Object.entries(changes).map(
      ([field, c]) => `${field}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`,
    );
    return lines.length > 0 ? lines.join("; ") : "nothing changed";
  }
  if (typeof e.detail.reason === "string") return e.detail.reason;
  const deleted = e.detail.deleted as Record<string, number> | undefined;
  if (deleted) {
    const rows = Object.values(deleted).reduce((n, c) => n + c, 0);
    const kept =
      typeof e.detail.retentionDays === "number" ? ` (older than ${e.detail.retentionDays} days)` : "";
    return `${plural(rows, "row")} deleted${kept}`;
  }
  if (typeof e.detail.changed === "boolean")
    return e.detail.changed ? "Changed" : "Already so: nothing changed";
  return JSON.stringify(e.detail);
}

type Page =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "ready"; entries: AuditEntry[]; before: number | null };

/** The tenant's audit log, newest first, a page at a time; `generation` reloads it after a change. */
export function AuditLog(props: { generation: number }) {
  const styles = useStyles();
  const { api } = useSession();
  const [page, setPage] = useState<Page>({ state: "loading" });
  const [retry, setRetry] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    void props.generation;
    void retry;
    const abort = new AbortController();
    api<{ entries: AuditEntry[]; before: number | null }>(`/api/admin/audit?limit=${PAGE}`, {
      signal: abort.signal,
    }).then(
      (answer) => setPage({ state: "ready", ...answer }),
      (error: Error) => !abort.signal.aborted && setPage({ state: "error", message: error.message }),
    );
    return () => abort.abort();
  }, [api, props.generation, retry]);

  const more = async () => {
    if (page.state !== "ready" || page.before === null) return;
    setLoadingMore(true);
    try {
      const answer = await api<{ entries: AuditEntry[]; before: number | null }>(
        `/api/admin/audit?limit=${PAGE}&before=${page.before}`,
      );
      setPage({ state: "ready", entries: [...page.entries, ...answer.entries], before: answer.before });
    } catch (error) {
      setPage({ state: "error", message: (error as Error).message });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Section
      title="Audit log"
      lead="Every admin change, accepted or refused, every deletion of a person's data and every retention purge. Entries are never changed or removed."
    >
      {page.state === "loading" && <Loading label="Loading the audit log…" />}
      {page.state === "error" && (
        <ErrorState
          title="The audit log could not be loaded"
          message={page.message}
          onRetry={() => setRetry((r) => r + 1)}
        />
      )}
      {page.state === "ready" && page.entries.length === 0 && (
        <Body1 as="p" className={styles.muted}>
          Nothing recorded yet.
        </Body1>
      )}
      {page.state === "ready" && page.entries.length > 0 && (
        <>
          <ScrollRegion label="Audit log entries (scrolls sideways)" className={styles.scroll}>
            <Table className={styles.table} aria-label="Audit log entries, newest first">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>When</TableHeaderCell>
                  <TableHeaderCell>Who</TableHeaderCell>
                  <TableHeaderCell>What</TableHeaderCell>
                  <TableHeaderCell>Outcome</TableHeaderCell>
                  <TableHeaderCell>Detail</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.entries.map((e) => (
                  <TableRow key={e.seq}>
                    <TableCell>
                      <time dateTime={e.at}>
                        {new Date(e.at).toLocaleString(undefined, {
                          dateStyle: "medium",
                          timeStyle: "short",
                        })}
                      </time>
                    </TableCell>
                    <TableCell>{actorText(e)}</TableCell>
                    <TableCell>
                      {actions[e.action] ?? e.action}
                      {e.target && <div className={styles.muted}>{e.target}</div>}
                    </TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={outcomeColour[e.outcome]}>
                        {e.outcome}
                      </Badge>
                    </TableCell>
                    <TableCell className={styles.detail}>{detailText(e)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollRegion>
          {page.before !== null && (
            <Button onClick={() => void more()} disabled={loadingMore}>
              {loadingMore ? "Loading…" : "Show older entries"}
            </Button>
          )}
        </>
      )}
    </Section>
  );
}
