// Tenants, the directory people Orbit knows about, and the people who use Orbit.
// Every tenant-owned table leads with tenant_id in its primary key.
export const sql = /* sql */ `
create table tenants (
  id text primary key,
  display_name text not null,
  verified_domains text[] not null default '{}',
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table people (
  tenant_id text not null references tenants (id) on delete cascade,
  id text not null,
  display_name text not null,
  mail text,
  user_principal_name text,
  job_title text,
  department text,
  office_location text,
  manager_id text,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
-- Addresses are compared case-insensitively everywhere.
create index people_by_mail on people (tenant_id, lower(mail));
create index people_by_manager on people (tenant_id, manager_id);

create table app_users (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  preferences jsonb not null default '{}'::jsonb,
  primary key (tenant_id, user_id)
);
`;
