-- Desensitization (脱敏, 001 §7) as a function, for page statements. Written inline (datastore/sql.ts
-- maskExpression), four masked columns cost PostgreSQL ~0.8 ms of planning on every page — more than
-- running it; a PL/pgSQL call is opaque to the planner and costs ~1 µs per value instead of ~0.4.
-- Downloads, planned once for millions of values, keep the inline form. Both are tested against
-- core's maskValue.
create function datastore.mask(v text, keep_start int, keep_end int, min_masked int) returns text
language plpgsql immutable strict parallel safe as $$
declare
  len int := char_length(v);
  hidden int;
  s int;
  e int;
begin
  if len >= keep_start + keep_end + min_masked then
    return left(v, keep_start) || repeat('*', len - keep_start - keep_end) || right(v, keep_end);
  end if;
  -- A shorter value keeps fewer characters: at least min_masked (or all) are hidden, never fewer stars.
  hidden := least(len, greatest(min_masked, len - keep_start - keep_end));
  s := least(keep_start, len - hidden);
  e := least(keep_end, len - hidden - s);
  return left(v, s) || repeat('*', greatest(min_masked, len - s - e)) || right(v, e);
end $$;
