-- Who uses an entry's data (anyone signed in but its provider): the users a revocation is announced to
-- (004 §16), kept as the reads are counted.
create table dataset_users (
  dataset_id uuid not null references datasets (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  first_used_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  primary key (dataset_id, user_id)
);
