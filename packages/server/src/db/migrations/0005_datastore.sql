-- The datastore (数据挂接): each load of a table distribution is a real table in the `datastore` schema,
-- loaded unindexed, indexed, then swapped in by pointing the entry at it in one transaction. A failed or
-- killed load leaves the version serving before it untouched.

create schema if not exists datastore;

create table table_versions (
  id uuid primary key default gen_random_uuid(),
  dataset_id uuid not null references datasets (id),
  version integer not null check (version >= 1),
  -- unqualified name of the table in the datastore schema, e.g. t_<dataset id hex>_v3
  table_name text not null unique check (table_name ~ '^t_[0-9a-f]{32}_v[0-9]+$'),
  -- loading → ready | failed; ready → superseded when a newer version is swapped in
  status text not null check (status in ('loading', 'ready', 'failed', 'superseded')),
  source_name text,
  source_format text check (source_format in ('csv', 'xlsx', 'json')),
  source_encoding text,
  source_bytes bigint,
  rows_read bigint,
  rows_loaded bigint,
  rows_rejected bigint,
  -- the quality report (rows, rejects with row/column/reason, completeness per field, key duplicates)
  report jsonb,
  -- rejected rows as CSV, relative to the data directory
  rejected_file text,
  error text,
  created_by_user_id uuid references users (id),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (dataset_id, version)
);

-- The version being served (null: no data mounted yet) and when data was last loaded (001 §15 staleness).
alter table datasets add column table_version_id uuid references table_versions (id);
alter table datasets add column last_loaded_at timestamptz;
