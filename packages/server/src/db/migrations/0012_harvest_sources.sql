-- Scheduled harvesting (004 §9–10): an authority registers the lower-level platforms whose open catalogs
-- its platform aggregates; a timer harvests each source when due. One run at a time per source across
-- instances: a run is claimed (running_since) under an advisory lock, and released when it finishes.

create table harvest_sources (
  id uuid primary key default gen_random_uuid(),
  url text not null check (url ~ '^https?://' and char_length(url) <= 500),
  organisation_id uuid not null references organisations (id),
  interval_minutes integer not null check (interval_minutes between 60 and 527040),
  -- the run acts as this user (re-read each run: a user who lost the right stops the runs)
  registered_by_user_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  next_run_at timestamptz not null default now(),
  -- set while a run is in progress; a claim older than the lease is a crashed instance's and is taken over
  running_since timestamptz,
  unique (url, organisation_id)
);
create index harvest_sources_due on harvest_sources (next_run_at);

-- Each run's outcome; deleting a source deletes its runs (each run is also on the audit record).
create table harvest_runs (
  id uuid primary key default gen_random_uuid(),
  source_id uuid not null references harvest_sources (id) on delete cascade,
  started_at timestamptz not null,
  finished_at timestamptz,
  created integer not null default 0,
  updated integer not null default 0,
  failed integer not null default 0,
  error_code text,
  error_zh text,
  error_en text
);
create index harvest_runs_source on harvest_runs (source_id, started_at desc);
