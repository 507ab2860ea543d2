// A person's mailbox settings (time zone, working hours) as Graph returns them: the analysis measures
// reply times in working hours. Known for the signed-in user (delegated), for everyone in tenant-wide mode.
export const sql = /* sql */ `
alter table people add column mailbox_settings jsonb;
`;
