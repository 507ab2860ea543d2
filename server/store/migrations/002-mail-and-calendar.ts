// Synced mail and calendar metadata, per mailbox owner (user_id), and each user's sync progress.
// No message or event bodies are ever stored; subjects only when the tenant enables subject use.
// Every table is tenant-owned: tenant_id leads its primary key and cascades with the tenant.
export const sql = /* sql */ `
create table mail_messages (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  id text not null,
  internet_message_id text,
  conversation_id text,
  folder text not null check (folder in ('inbox', 'archive', 'sentitems')),
  sent_at timestamptz,
  received_at timestamptz,
  -- The instant used for windows and keyset paging: received, else sent.
  at timestamptz generated always as (coalesce(received_at, sent_at)) stored,
  sender_address text,
  to_addresses text[] not null default '{}',
  cc_addresses text[] not null default '{}',
  bcc_addresses text[] not null default '{}',
  -- sender, To and Cc, distinct (Bcc excluded).
  participants integer not null,
  is_request boolean not null,
  request_reason text not null,
  is_no_reply_sender boolean not null,
  is_meeting_message boolean not null,
  is_automatic_reply boolean not null,
  is_broadcast boolean not null,
  web_link text,
  subject text,
  first_seen_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Moved out of a synced folder or deleted: the row stays (a request seen once stays counted).
  removed_at timestamptz,
  primary key (tenant_id, user_id, id)
);
create index mail_messages_by_time on mail_messages (tenant_id, user_id, at, id);
create index mail_messages_by_conversation on mail_messages (tenant_id, user_id, conversation_id);

create table calendar_events (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  id text not null,
  ical_uid text,
  start_at timestamptz not null,
  end_at timestamptz not null,
  is_all_day boolean not null,
  is_cancelled boolean not null,
  show_as text not null,
  type text not null,
  series_master_id text,
  organizer_address text,
  is_organizer boolean not null,
  response text,
  -- [{ "address": lower-cased, "type": required|optional|resource, "response": ... }]
  attendees jsonb not null default '[]'::jsonb,
  web_link text,
  subject text,
  first_seen_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  removed_at timestamptz,
  primary key (tenant_id, user_id, id)
);
create index calendar_events_by_time on calendar_events (tenant_id, user_id, start_at, id);

create table sync_state (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  phase text not null default 'idle',
  inbox_next_link text,
  inbox_delta_link text,
  archive_next_link text,
  archive_delta_link text,
  sentitems_next_link text,
  sentitems_delta_link text,
  calendar_next_link text,
  calendar_delta_link text,
  -- calendarView/delta fixes its range at the first call: the links above belong to this range.
  calendar_range_start timestamptz,
  calendar_range_end timestamptz,
  pages bigint not null default 0,
  items bigint not null default 0,
  percent real,
  started_at timestamptz,
  last_success_at timestamptz,
  last_error_code text,
  last_error_message text,
  last_error_request_id text,
  last_error_at timestamptz,
  -- One process at a time per user: whoever holds an unexpired lease.
  lease_owner text,
  lease_expires_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index sync_state_by_lease on sync_state (lease_expires_at);

create table sync_errors (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  seq bigint generated always as identity,
  at timestamptz not null default now(),
  request_id text,
  url text,
  problem text not null,
  primary key (tenant_id, user_id, seq)
);
`;
