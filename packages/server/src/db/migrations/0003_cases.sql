-- Cases (办件) and their statutory clocks, stored as facts so every clock is recomputed after a restart.
-- SQL accepted by PostgreSQL 15 and by PGlite (PostgreSQL 18).

create table cases (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind ~ '^[a-z][a-z0-9_]*$'),
  state text not null,
  -- optimistic concurrency: UPDATE … WHERE version = the version read; sweeper marks keep it
  version integer not null check (version >= 1),
  terminal boolean not null default false,
  title text not null check (length(title) between 1 and 200),
  subject_type text,
  subject_id text,
  -- participants: applicant (a user and/or the organisation they acted for), handler (null while a
  -- data demand awaits routing), supervising authority, third parties
  applicant_user_id uuid references users (id),
  applicant_organisation_id uuid references organisations (id),
  handler_organisation_id uuid references organisations (id),
  authority_organisation_id uuid references organisations (id),
  third_party_organisation_ids uuid[] not null default '{}',
  opened_by_user_id uuid references users (id),
  opened_on date not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cases_applicant_user_idx on cases (applicant_user_id);
create index cases_applicant_org_idx on cases (applicant_organisation_id);
create index cases_handler_org_idx on cases (handler_organisation_id);
create index cases_authority_org_idx on cases (authority_organisation_id);
create index cases_open_idx on cases (kind) where not terminal;

-- Append-only: each clock's events in order, exactly as core's clockEffects returned them.
create table case_clock_events (
  case_id uuid not null references cases (id),
  clock text not null,
  seq integer not null check (seq >= 1),
  event jsonb not null,
  created_at timestamptz not null default now(),
  primary key (case_id, clock, seq)
);

-- Append-only: one row per accepted transition, with the validated data (not the raw input).
create table case_timeline (
  case_id uuid not null references cases (id),
  seq integer not null check (seq >= 1),
  action text not null,
  from_state text,
  to_state text not null,
  -- null actor = the system (sweeper)
  actor_user_id uuid references users (id),
  actor_organisation_id uuid references organisations (id),
  actor_party text not null,
  effective_on date not null,
  data jsonb not null,
  created_at timestamptz not null default now(),
  primary key (case_id, seq)
);

create function case_facts_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'case facts are append-only (%)', tg_table_name;
end;
$$;
create trigger case_clock_events_append_only before update or delete on case_clock_events
  for each row execute function case_facts_append_only();
create trigger case_timeline_append_only before update or delete on case_timeline
  for each row execute function case_facts_append_only();

-- In-app notifications, one row per recipient.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  case_id uuid references cases (id),
  action text not null,
  message_zh text not null,
  message_en text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc);
