// A person's list of the feedback requests sent to them ("Asked of you", docs/feedback.md) reads the
// recipients by person: without this index that is a scan of every recipient row of the tenant.
export const sql = /* sql */ `
create index feedback_recipients_person on feedback_recipients (tenant_id, person_id);
`;
