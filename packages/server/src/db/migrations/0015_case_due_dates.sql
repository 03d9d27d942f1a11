-- Cases at scale (issue 4): each open case's next due date and first due-soon day, derived by core from its
-- clocks (caseDueDates) and written in the same transaction as every transition, so "my cases" and the
-- supervision board filter, sort and page in SQL instead of recomputing every open case's clocks in JavaScript.
-- The clock events stay the facts; these columns are a derived index over them.
alter table cases
  add column next_due_on date,
  add column due_soon_on date,
  -- The "due soon" figure (the profile's dueSoonWorkdays) the dates were derived with. Null = not derived yet:
  -- every case opened before this migration. Workday arithmetic needs the calendar (core, with the authority's
  -- overrides), so the cases service derives those rows before it first reads the dates, and derives a case
  -- again whenever the deployment's figure differs from the one stored.
  add column due_soon_wd integer,
  -- Third parties consulted (000 §19) who are registered users rather than organisations.
  add column third_party_user_ids uuid[] not null default '{}';

create index cases_open_next_due_idx on cases (next_due_on, id) where not terminal;
create index cases_open_due_soon_idx on cases (due_soon_on) where not terminal;
create index cases_open_due_wd_idx on cases (due_soon_wd) where not terminal;
create index cases_third_party_users_idx on cases using gin (third_party_user_ids);
