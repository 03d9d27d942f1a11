-- The audit record (全程留痕): append-only, hash-chained entries, signed checkpoints.

create table audit_meta (
  key text primary key,
  value text not null
);

-- The content columns come first and in canonical order: the writer sends each
-- entry as its canonical row literal plus the two hashes (see canonicalize in
-- @shuyuan/core), and verification has this table print that literal back.
create table audit_entries (
  seq bigint primary key,
  -- Milliseconds, like the ISO text that was hashed: finer digits could not be verified.
  at timestamptz(3) not null,
  action text not null,
  outcome text not null check (outcome in ('success', 'denied', 'error')),
  actor_user_id uuid,
  actor_organisation_id uuid,
  token_id uuid,
  region_code text,
  -- Identifiers, compared bytewise: a locale collation only slows the index down.
  subject_type text collate "C",
  subject_id text collate "C",
  dataset_id uuid,
  fields text[],
  row_count bigint,
  purpose text,
  grant_id uuid,
  ip text,
  user_agent text,
  payload_digest text,
  -- json, not jsonb: it keeps the exact canonical text that was hashed.
  detail json,
  prev_hash text not null,
  hash text not null
);
-- Entries arrive in time order, so a BRIN summary of each block range answers
-- time filters at a fraction of a b-tree's size and insert cost.
create index audit_entries_at_idx on audit_entries using brin (at);
-- Lookups by actor, dataset and subject. Plain keys (not key + seq) let b-tree
-- deduplication store each key once with its rows: several times smaller and
-- cheaper to extend than one unique entry per row. Newest-first pages then come
-- from a backward walk of the primary key or a sort of the key's rows,
-- whichever the planner expects to be cheaper for that key.
create index audit_entries_actor_idx on audit_entries (actor_user_id) where actor_user_id is not null;
create index audit_entries_dataset_idx on audit_entries (dataset_id) where dataset_id is not null;
create index audit_entries_subject_idx on audit_entries (subject_type, subject_id) where subject_id is not null;

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

-- The chain's head: its last entry or, once a retention purge has removed every
-- entry, the anchor it left; nulls for an empty chain. PL/pgSQL keeps its query
-- plans for the session, which suits a query run on every append; but a plan
-- made while the table was empty would go on sorting a full scan of it as it
-- grows. Ruling out sequential scans leaves the primary key's last entry.
create function audit_head(out seq bigint, out hash text) language plpgsql stable set enable_seqscan = off as $$
begin
  select e.seq, e.hash into seq, hash from audit_entries e order by e.seq desc limit 1;
  if not found then
    select a.seq, a.hash into seq, hash from audit_anchor a;
  end if;
end
$$;

-- Takes the chain lock until the end of the transaction and returns the head as
-- it is then. Every append and the retention purge take it, so they happen one
-- at a time, across all server processes sharing the database.
create function audit_lock_head(out seq bigint, out hash text) language plpgsql as $$
begin
  perform pg_advisory_xact_lock(7450002);
  -- A volatile function's next statement sees all that was committed before it,
  -- including while we waited for the lock.
  select h.seq, h.hash into seq, hash from audit_head() h;
end
$$;

-- Appends entries in one round trip, provided the head is still the one the
-- writer linked them to; returns false, changing nothing, if another writer has
-- moved it since.
create function audit_append(entries audit_entries[], head_seq bigint, head_hash text) returns boolean language plpgsql as $$
declare
  head record;
begin
  select * into head from audit_lock_head();
  if head.seq is distinct from head_seq or head.hash is distinct from head_hash then
    return false;
  end if;
  insert into audit_entries select * from unnest(entries);
  return true;
end
$$;
