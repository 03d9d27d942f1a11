-- Case attachments (issue 4): files a party uploads and then names in a transition's payload. The bytes
-- live in object storage under a generated key; this row is the only way to reach them. Until a
-- transition names it, an attachment belongs to its uploader alone (case_id null); the transition links it
-- to its case in the same transaction, and from then on the case's parties (and supervising authority)
-- may download it. One case per attachment.

create table case_attachments (
  id uuid primary key,
  -- the uploader's file name after sanitising (no path, no control characters): a display label only
  name text not null check (length(name) between 1 and 255),
  -- sniffed from the content on upload, never the client's claim
  media_type text not null,
  size bigint not null check (size >= 1),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null unique,
  uploaded_by_user_id uuid not null references users (id),
  case_id uuid references cases (id),
  created_at timestamptz not null default now(),
  linked_at timestamptz
);
create index case_attachments_case_idx on case_attachments (case_id) where case_id is not null;
