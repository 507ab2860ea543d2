// The msal-node token cache of each signed-in user (docs/sign-in.md), so background sync can refresh
// Graph tokens without the user present. One row per user (their home account: user + tenant), sealed
// with AES-256-GCM by server/auth/token-cache.ts: the database never holds a token in clear. It is the
// user's (user_id): "delete my data" removes it, which also ends their background sync.
export const sql = /* sql */ `
create table token_cache (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  iv bytea not null check (length(iv) = 12),
  tag bytea not null check (length(tag) = 16),
  ciphertext bytea not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
`;
