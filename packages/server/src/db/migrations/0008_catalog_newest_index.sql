-- The newest-first listing orders `published_at desc nulls last`; the index from 0004 sorts nulls first,
-- so PostgreSQL could not use it and sorted every serving entry (measured by bench/catalog.ts).
drop index if exists datasets_serving_idx;
create index datasets_serving_idx on datasets (published_at desc nulls last, id) where version is not null and status <> 'revoked';
