-- Harvesting (004 §9–10): entries imported from another platform's open catalog (a lower-level
-- Shuyuan instance, through its CKAN API and data packages). Each harvested entry remembers where it came
-- from, so a later harvest updates it instead of duplicating it, and its origin is never lost.

create table harvest_records (
  id uuid primary key default gen_random_uuid(),
  -- the remote platform's address (scheme, host, port) and its dataset id there
  source_url text not null check (source_url ~ '^https?://' and char_length(source_url) <= 500),
  remote_id text not null check (char_length(remote_id) between 1 and 200),
  -- the remote page of the dataset and its metadata_modified when last harvested
  remote_page text not null,
  remote_modified text,
  remote_organisation text,
  dataset_id uuid not null unique references datasets (id),
  harvested_by_user_id uuid references users (id),
  first_harvested_at timestamptz not null default now(),
  harvested_at timestamptz not null default now(),
  unique (source_url, remote_id)
);
