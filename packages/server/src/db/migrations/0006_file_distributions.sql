-- File distributions (文件资源): documents, images and archives attached to a catalog entry, one entry
-- having any number. The bytes live in object storage under a generated key; this row is the only way to
-- reach them. Deleting is soft (deleted_at), so a download on the audit record still names a real file.

create table file_distributions (
  id uuid primary key default gen_random_uuid(),
  dataset_id uuid not null references datasets (id),
  -- the uploader's file name after sanitising (no path, no control characters): a display label only
  name text not null check (length(name) between 1 and 255),
  -- sniffed from the content on upload, never the client's claim
  media_type text not null,
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null unique,
  created_by_user_id uuid references users (id),
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index file_distributions_dataset_idx on file_distributions (dataset_id, created_at) where deleted_at is null;
