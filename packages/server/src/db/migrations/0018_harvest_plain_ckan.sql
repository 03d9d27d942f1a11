-- Harvesting a plain CKAN site (issue 7): what a source says that a catalog entry has no place for (its
-- resources' addresses and descriptions, its licence) is kept with the provenance; a dataset gone from
-- the source is marked (its entry stays: withdrawing it is the department's decision, through review);
-- and a run counts the entries it left alone and those it found gone.

alter table harvest_records
  add column remote_license text,
  add column remote_resources jsonb not null default '[]',
  add column removed_upstream_at timestamptz;

alter table harvest_runs
  add column unchanged integer not null default 0,
  add column removed integer not null default 0;
