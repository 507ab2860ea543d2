// Feedback requests (docs/feedback.md): what a user asked whom, the recipients' one-time answer links
// (only a hash of each link's token is kept), and the answers. Everything hangs off the request, which
// is its sender's (user_id): "delete my data" removes the request and, by cascade, its recipients and
// answers. An answer given to someone else's request belongs to that request, as a reply sits in the
// sender's mailbox, so a respondent's deletion does not reach it.
export const sql = /* sql */ `
create table feedback_requests (
  tenant_id text not null references tenants (id) on delete cascade,
  id text not null,
  user_id text not null,
  anonymous boolean not null,
  questions jsonb not null,
  group_id text check (length(group_id) <= 200),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index feedback_requests_owner on feedback_requests (tenant_id, user_id, created_at);

create table feedback_recipients (
  tenant_id text not null,
  request_id text not null,
  person_id text not null,
  token_hash text not null,
  answered_at timestamptz,
  primary key (tenant_id, request_id, person_id),
  foreign key (tenant_id, request_id) references feedback_requests (tenant_id, id) on delete cascade
);
create unique index feedback_recipients_token on feedback_recipients (tenant_id, token_hash);

-- respondent_id is null for an anonymous request's answers: nothing stored links them to a person.
-- Answering once is enforced on feedback_recipients.answered_at instead.
create table feedback_answers (
  tenant_id text not null,
  request_id text not null,
  id text not null,
  respondent_id text,
  answers jsonb not null,
  score smallint check (score between 0 and 10),
  suggested_sentiment text check (suggested_sentiment in ('advocate', 'neutral', 'detractor')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, request_id) references feedback_requests (tenant_id, id) on delete cascade
);
create index feedback_answers_request on feedback_answers (tenant_id, request_id);
create unique index feedback_answers_respondent on feedback_answers (tenant_id, request_id, respondent_id)
  where respondent_id is not null;
`;
