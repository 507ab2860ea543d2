// Each user's stakeholder groups as last shown to them (so group ids stay stable across resyncs), and the
// edits they made (rename, move, add, merge, split, accept), which always win over suggestions.
export const sql = /* sql */ `
create table stakeholder_groups (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  id text not null,
  name text not null,
  member_ids text[] not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id, id)
);

create table group_edits (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  seq bigint generated always as identity,
  at timestamptz not null default now(),
  -- One GroupEdit (server/insights/types.ts) as JSON, validated on the way in and on the way out.
  edit jsonb not null,
  primary key (tenant_id, user_id, seq)
);
`;
