// The bulk synced tables were keyed by (tenant_id, user_id, id): two 37-byte texts in front of every key
// in both of their indexes, which made the primary key some 220 bytes an entry and a first sync's index
// writes most of its store time. A mailbox (one user of one tenant) now gets a small integer once, and
// the indexes lead with it instead. The rows keep tenant_id and user_id (they are still whose the row is,
// for "delete my data", exports and checks); reads and writes find the mailbox by (tenant_id, user_id).
// No foreign key from the bulk rows to mailboxes, for the reason in 012: each row would pay for a look-up.
export const sql = /* sql */ `
create table mailboxes (
  id integer generated always as identity primary key,
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  unique (tenant_id, user_id)
);
insert into mailboxes (tenant_id, user_id)
  select tenant_id, user_id from mail_messages union select tenant_id, user_id from calendar_events
  order by 1, 2;

alter table mail_messages add column mailbox_id integer;
update mail_messages m set mailbox_id = b.id from mailboxes b where b.tenant_id = m.tenant_id and b.user_id = m.user_id;
alter table mail_messages alter column mailbox_id set not null;
alter table mail_messages drop constraint mail_messages_pkey;
alter table mail_messages add primary key (mailbox_id, id);
drop index mail_messages_by_time;
create index mail_messages_by_time on mail_messages (mailbox_id, at);

alter table calendar_events add column mailbox_id integer;
update calendar_events e set mailbox_id = b.id from mailboxes b where b.tenant_id = e.tenant_id and b.user_id = e.user_id;
alter table calendar_events alter column mailbox_id set not null;
alter table calendar_events drop constraint calendar_events_pkey;
alter table calendar_events add primary key (mailbox_id, id);
drop index calendar_events_by_time;
create index calendar_events_by_time on calendar_events (mailbox_id, start_at, id);
`;
