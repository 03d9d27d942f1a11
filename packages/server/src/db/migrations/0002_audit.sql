-- The audit record (全程留痕): append-only, hash-chained entries, signed checkpoints.

create table audit_meta (
  key text primary key,
  value text not null
);

create table audit_entries (
  seq bigint primary key,
  at timestamptz not null,
  action text not null,
  outcome text not null check (outcome in ('success', 'denied', 'error')),
  actor_user_id uuid,
  actor_organisation_id uuid,
  token_id uuid,
  region_code text,
  subject_type text,
  subject_id text,
  dataset_id uuid,
  fields text[],
  row_count bigint,
  purpose text,
  grant_id uuid,
  ip text,
  user_agent text,
  payload_digest text,
  detail jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_entries_at_idx on audit_entries (at);
create index audit_entries_actor_idx on audit_entries (actor_user_id, seq);
create index audit_entries_dataset_idx on audit_entries (dataset_id, seq) where dataset_id is not null;
create index audit_entries_subject_idx on audit_entries (subject_type, subject_id, seq);

-- Append-only even for the table owner: only the documented retention purge
-- (which sets shuyuan.audit_purge inside its own transaction) may delete.
create function audit_entries_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and current_setting('shuyuan.audit_purge', true) = 'on' then
    return old;
  end if;
  raise exception 'audit_entries is append-only: % refused', tg_op using errcode = '42501';
end
$$;
create trigger audit_entries_append_only before update or delete on audit_entries
  for each row execute function audit_entries_guard();
create trigger audit_entries_no_truncate before truncate on audit_entries
  for each statement execute function audit_entries_guard();

create table audit_checkpoints (
  seq bigint primary key,
  head_hash text not null,
  algorithm text not null,
  platform text not null,
  signed_at timestamptz not null,
  signature text not null,
  public_key text not null
);

-- After a retention purge the chain is verified from this anchor instead of the genesis hash.
create table audit_anchor (
  id boolean primary key default true check (id),
  seq bigint not null,
  hash text not null,
  purged_at timestamptz not null
);
