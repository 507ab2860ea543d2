// What a user notes about each stakeholder: sentiment (advocate, neutral, detractor, unknown) and a short
// note, with when it was last set. Theirs alone: nobody else's view or report ever reads it.
export const sql = /* sql */ `
create table stakeholder_notes (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  person_id text not null,
  sentiment text not null check (sentiment in ('advocate', 'neutral', 'detractor', 'unknown')),
  note text not null default '' check (length(note) <= 500),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id, person_id)
);
`;
