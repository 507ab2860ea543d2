// Optional sync of the game plan to Microsoft To Do (docs/workflow.md). The user's switch and the id of
// the "Orbit game plan" list sit with the user (app_users: "delete my data" removes them); each action
// keeps its To Do task's id and how its last sync went. `todo_orphans` holds task ids whose actions were
// deleted while To Do could not be reached, so their tasks are deleted at the next sync.
export const sql = /* sql */ `
alter table app_users
  add column todo_sync boolean not null default false,
  add column todo_list_id text check (length(todo_list_id) <= 1000),
  add column todo_orphans text[] not null default '{}';

alter table stakeholder_actions
  add column todo_task_id text check (length(todo_task_id) <= 1000),
  -- null: not synced (the switch was off); pending: being sent or waiting for a retry after a crash.
  add column todo_state text check (todo_state in ('pending', 'synced', 'failed')),
  add column todo_error text check (length(todo_error) <= 500),
  add column todo_attempt_at timestamptz;
create index stakeholder_actions_todo_waiting on stakeholder_actions (tenant_id, user_id)
  where todo_state in ('pending', 'failed');
`;
