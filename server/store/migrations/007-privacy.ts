// Privacy (docs/privacy.md): the tenant's opt-out list, each user's own opt-out, the audit log of admin
// actions and deletions, and the retention purge's daily bookkeeping. None of them holds message data.
export const sql = /* sql */ `
-- People the admin removed from everyone's analyses, by directory id or by address (lower-cased).
create table tenant_opt_outs (
  tenant_id text not null references tenants (id) on delete cascade,
  kind text not null check (kind in ('id', 'mail')),
  value text not null,
  added_at timestamptz not null default now(),
  primary key (tenant_id, kind, value)
);

-- A user's own opt-out from other people's analyses: theirs, so "delete my data" clears it with the row.
alter table app_users add column opted_out_at timestamptz;

-- Who did what, when, to what, and how it ended. No user_id column on purpose: an entry outlives the
-- data it is about (a deletion's entry names the deleted user only by a pseudonym, see audit-log.ts).
create table audit_log (
  tenant_id text not null references tenants (id) on delete cascade,
  seq bigint generated always as identity,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  target text,
  outcome text not null check (outcome in ('succeeded', 'failed', 'rejected')),
  detail jsonb not null default '{}'::jsonb,
  primary key (tenant_id, seq)
);

-- One retention purge per tenant a day, across processes: a run takes the lease, and records its end.
create table retention_purges (
  tenant_id text primary key references tenants (id) on delete cascade,
  lease_owner text,
  lease_expires_at timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_cutoff timestamptz,
  last_deleted jsonb
);
`;
