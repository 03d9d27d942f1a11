-- The listing orders (newest, most used, title) as whole-table indexes: PostgreSQL walks one and stops at
-- the page instead of sorting every match of a broad search. Not partial: a department's scope also holds
-- its own unpublished entries, which a "serving only" predicate would exclude from the plan.
drop index if exists datasets_serving_idx;
create index datasets_newest_idx on datasets (published_at desc nulls last, id);
create index datasets_most_used_idx on datasets (usage_count desc, published_at desc nulls last, id);
create index datasets_title_idx on datasets (title, published_at desc nulls last, id);
