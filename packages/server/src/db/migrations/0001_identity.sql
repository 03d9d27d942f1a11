-- Identity: organisations, users, memberships with roles, sessions, API tokens.
-- SQL accepted by PostgreSQL 15 and by PGlite (PostgreSQL 18).

create table organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  -- authority 主管部门 / department 政府部门 / public_org 公共组织 / operator 专区运营单位
  kind text not null check (kind in ('authority', 'department', 'public_org', 'operator')),
  region_code char(6) not null,
  -- 统一社会信用代码 (GB 32100), validated before it gets here
  credit_code char(18) unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index organisations_region_idx on organisations (region_code);
create unique index organisations_name_region_key on organisations (region_code, name);

create table users (
  id uuid primary key default gen_random_uuid(),
  login text not null check (length(login) between 3 and 64),
  name text not null,
  phone text,
  email text,
  -- 身份证号 never stored in clear: keyed hash for lookup, masked copy for display
  citizen_id_hash text not null,
  citizen_id_masked text not null,
  password_hash text not null,
  password_changed_at timestamptz not null default now(),
  must_change_password boolean not null default false,
  platform_admin boolean not null default false,
  disabled boolean not null default false,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_login_key on users (lower(login));
-- real-name: one account per person
create unique index users_citizen_id_key on users (citizen_id_hash);

create table memberships (
  user_id uuid not null references users (id) on delete cascade,
  organisation_id uuid not null references organisations (id) on delete cascade,
  roles text[] not null default '{}',
  created_at timestamptz not null default now(),
  primary key (user_id, organisation_id)
);
create index memberships_organisation_idx on memberships (organisation_id);

create table sessions (
  -- sha-256 of the cookie value: a database read does not yield a usable cookie
  id_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  prefix text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id);

-- Workday calendar overrides loaded by the authority (e.g. the State Council's yearly schedule).
create table calendar_years (
  year integer primary key,
  source_name text not null,
  loaded_by uuid references users (id),
  loaded_at timestamptz not null default now()
);
-- One row per day of a loaded year's schedule; a year's file may name a day of the next/previous year.
create table calendar_overrides (
  year integer not null references calendar_years (year) on delete cascade,
  day date not null,
  kind text not null check (kind in ('holiday', 'workday')),
  name text,
  primary key (year, day)
);
