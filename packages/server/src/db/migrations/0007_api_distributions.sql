-- API distributions (接口挂接; logical aggregation, 004 §18): an upstream HTTP service registered by the
-- entry's provider and proxied by the platform, so consumers only ever see the platform's URL. The upstream
-- address and its credential stay here: the address is shown only to the provider's catalog editors, the
-- credential to nobody (sealed with AES-256-GCM under a key derived from the platform secret).

create table api_distributions (
  id uuid primary key default gen_random_uuid(),
  dataset_id uuid not null references datasets (id),
  name text not null check (char_length(name) between 1 and 100),
  -- base URL; the caller's sub-path and query string are appended to it at call time
  upstream_url text not null check (upstream_url ~ '^https?://' and char_length(upstream_url) <= 2000),
  -- methods the platform forwards: GET unless the provider also allows POST (queries with a body)
  methods text[] not null default '{GET}' check (cardinality(methods) between 1 and 2 and methods <@ array['GET', 'POST']::text[]),
  -- the header that carries the upstream's credential (an HTTP token, e.g. Authorization, X-Api-Key)
  auth_header text check (auth_header ~ '^[A-Za-z0-9!#$%&''*+.^_`|~-]{1,100}$'),
  -- "v1.<iv>.<tag>.<ciphertext>" (base64url); bound to the row id and upstream origin, so a copied value is useless
  auth_secret_sealed text,
  timeout_ms integer not null default 10000 check (timeout_ms between 100 and 60000),
  max_response_bytes bigint not null default 10485760 check (max_response_bytes between 1024 and 52428800),
  created_by_user_id uuid references users (id),
  created_at timestamptz not null default now(),
  -- removal keeps the row: the audit record's calls still name it
  disabled_at timestamptz,
  check ((auth_header is null) = (auth_secret_sealed is null))
);
create index api_distributions_dataset_idx on api_distributions (dataset_id) where disabled_at is null;
create unique index api_distributions_name_idx on api_distributions (dataset_id, lower(name)) where disabled_at is null;
