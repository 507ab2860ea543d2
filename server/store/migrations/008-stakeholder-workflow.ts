// The stakeholder workflow (docs/workflow.md): every sentiment/note a user sets is kept, so the first
// rating stays as the baseline; each stakeholder's place on the influence/interest grid; and the game
// plan of actions per group or person. All of it is the user's alone (user_id).
export const sql = /* sql */ `
create table stakeholder_note_history (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  seq bigint generated always as identity,
  person_id text not null,
  sentiment text not null check (sentiment in ('advocate', 'neutral', 'detractor', 'unknown')),
  note text not null default '' check (length(note) <= 500),
  at timestamptz not null default now(),
  primary key (tenant_id, user_id, seq)
);
create index stakeholder_note_history_person on stakeholder_note_history (tenant_id, user_id, person_id, seq);

-- Notes set before history existed become each stakeholder's first entry, so their baseline is kept.
insert into stakeholder_note_history (tenant_id, user_id, person_id, sentiment, note, at)
select tenant_id, user_id, person_id, sentiment, note, updated_at from stakeholder_notes
order by updated_at;

create table stakeholder_grid (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  person_id text not null,
  influence text not null check (influence in ('low', 'high')),
  interest text not null check (interest in ('low', 'high')),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id, person_id)
);

create table stakeholder_actions (
  tenant_id text not null references tenants (id) on delete cascade,
  user_id text not null,
  id text not null,
  target_kind text not null check (target_kind in ('person', 'group')),
  target_id text not null,
  text text not null check (length(text) between 1 and 500),
  -- The text as duplicates are judged (case, spacing and width folded): see server/workflow/actions.ts.
  text_key text not null,
  owner text not null default '' check (length(owner) <= 200),
  due_date date,
  status text not null default 'open' check (status in ('open', 'doing', 'done', 'dropped')),
  -- A feedback request this action follows up; a plain id until feedback requests have their table.
  feedback_request_id text check (length(feedback_request_id) <= 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id, id)
);
-- One unfinished action per target and text: a second one is a duplicate (409), however it is sent.
create unique index stakeholder_actions_unfinished on stakeholder_actions
  (tenant_id, user_id, target_kind, target_id, text_key) where status in ('open', 'doing');
create index stakeholder_actions_due on stakeholder_actions (tenant_id, user_id, due_date)
  where status in ('open', 'doing');
`;
