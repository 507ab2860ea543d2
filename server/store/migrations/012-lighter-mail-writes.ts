// A first sync writes ~100,000 mail rows for one mailbox, and each row paid for a foreign-key check (a
// per-row look-up and lock of its tenant) and for a wide time index. The bulk synced tables drop the
// foreign key: sync only writes them in a transaction that also updates the user's sync_state row,
// which keeps its foreign key, so rows for a tenant that does not exist are still refused. Nothing deletes
// a tenant today; whatever does one day must delete these rows by tenant_id too. The time index keeps
// only what its range scans need; ties on `at` are few and sorted after the scan.
export const sql = /* sql */ `
alter table mail_messages drop constraint if exists mail_messages_tenant_id_fkey;
alter table calendar_events drop constraint if exists calendar_events_tenant_id_fkey;
drop index if exists mail_messages_by_time;
create index mail_messages_by_time on mail_messages (tenant_id, user_id, at);
`;
