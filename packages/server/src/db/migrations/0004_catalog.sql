-- The data catalog (目录): entries with their working copy, published versions, and the columns the
-- search and the facets read. SQL accepted by PostgreSQL 15 and by PGlite (PostgreSQL 18).

create table datasets (
  id uuid primary key default gen_random_uuid(),
  code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  provider_organisation_id uuid not null references organisations (id),
  region_code text not null,
  status text not null check (status in ('draft', 'under_review', 'revision_requested', 'published', 'revoking', 'revoked')),
  -- the working copy (content as core's checkDataset returned it); null when nothing is pending
  draft jsonb,
  -- optimistic concurrency for editors: saves compare-and-set on it
  draft_revision integer not null default 1 check (draft_revision >= 1),
  draft_saved_at timestamptz,
  -- the submitter's summary of what the working copy changes (becomes the version's change summary)
  draft_change_summary text,
  -- the open catalog_review case, while there is one
  review_case_id uuid references cases (id),
  -- latest published version; null before the first publication
  version integer check (version >= 1),
  published_at timestamptz,
  -- 004 §16: the day a revocation takes effect (after the grace period when the entry is in use)
  revoke_on date,
  -- uses of the entry's data (reads through the data API add to it): "in use" (004 §16) and "most used"
  usage_count bigint not null default 0,
  -- What listings, search and facets read: the published version's values, or the draft's before the
  -- first publication. Kept in step by the catalog repository.
  title text not null,
  summary text not null,
  catalog_kind text not null,
  theme text,
  share_type text not null,
  open_type text not null,
  level smallint not null check (level between 1 and 4),
  formats text[] not null,
  update_frequency text not null,
  tags text[] not null default '{}',
  -- jieba-segmented lexemes with weights (A title, code, tags; B summary, provider; C fields), built in
  -- the application with array_to_tsvector so no text-search parser touches Chinese text
  search tsvector not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index datasets_code_idx on datasets (lower(code));
create index datasets_search_idx on datasets using gin (search);
create index datasets_provider_idx on datasets (provider_organisation_id);
create index datasets_serving_idx on datasets (published_at desc, id) where version is not null and status <> 'revoked';
create index datasets_region_idx on datasets (region_code text_pattern_ops);

-- Every published version, frozen, with what changed from the one before. Append-only.
create table dataset_versions (
  dataset_id uuid not null references datasets (id),
  version integer not null check (version >= 1),
  content jsonb not null,
  changes jsonb not null,
  change_summary text,
  review_case_id uuid references cases (id),
  published_by_user_id uuid references users (id),
  published_at timestamptz not null default now(),
  primary key (dataset_id, version)
);
create trigger dataset_versions_append_only before update or delete on dataset_versions
  for each row execute function case_facts_append_only();
