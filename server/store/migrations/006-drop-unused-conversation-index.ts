// Nothing reads mail by conversation in SQL (the analysis groups conversations in memory), and every
// synced page paid for maintaining this index: dropping it makes page writes cheaper.
export const sql = /* sql */ `
drop index if exists mail_messages_by_conversation;
`;
