import { createHash } from "node:crypto";
import type { TenantSql } from "../tenant-sql.js";

export type AuditOutcome = "succeeded" | "failed" | "rejected";

/** What is recorded: who, what, to what, how it ended, and counts or settings (never message data). */
export interface AuditEntryInput {
  actor: string;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
}

export interface AuditEntry extends Required<AuditEntryInput> {
  seq: number;
  at: Date;
}

interface AuditRow {
  seq: string | number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown>;
}

/**
 * How an entry names a user whose data it records the deletion of: their id is gone from the store, so
 * the entry keeps a keyed hash instead. Whoever knows the id (the user, an admin asked by them) can find
 * the entry; the entry alone names nobody.
 */
export function userPseudonym(tenantId: string, userId: string): string {
  return `user#${createHash("sha256").update(`orbit-audit\u0000${tenantId}\u0000${userId}`).digest("hex").slice(0, 32)}`;
}

/** Append-only: nothing in Orbit updates or deletes an entry (they go with the tenant). */
export class AuditLogRepository {
  constructor(private readonly sql: TenantSql) {}

  async record(entry: AuditEntryInput): Promise<AuditEntry> {
    const { rows } = await this.sql.query<AuditRow>(
      `insert into audit_log (tenant_id, actor, action, target, outcome, detail) values ($1, $2, $3, $4, $5, $6)
       returning seq, at, actor, action, target, outcome, detail`,
      [entry.actor, entry.action, entry.target ?? null, entry.outcome, entry.detail ?? {}],
    );
    return toEntry(rows[0]!);
  }

  /** Newest first; `beforeSeq` pages back. */
  async list(options: { limit?: number; beforeSeq?: number } = {}): Promise<AuditEntry[]> {
    const { rows } = await this.sql.query<AuditRow>(
      `select seq, at, actor, action, target, outcome, detail from audit_log
       where tenant_id = $1 and ($2::bigint is null or seq < $2) order by seq desc limit $3`,
      [options.beforeSeq ?? null, options.limit ?? 100],
    );
    return rows.map(toEntry);
  }
}

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  action: r.action,
  target: r.target,
  outcome: r.outcome,
  detail: r.detail,
});
