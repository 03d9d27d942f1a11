// What changed between two versions of an entry, for the version history (版本记录) and review.
// Fields are matched by name, so a renamed title or a changed level reads as one change of that field.
import type { DatasetContent, DatasetField } from "./dataset";

export type DatasetChange =
  | { path: string; kind: "changed"; before: unknown; after: unknown }
  | { path: string; kind: "added"; after: unknown }
  | { path: string; kind: "removed"; before: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  }
  return v;
}

/** Changes from `before` to `after`; an empty list means the versions are equal. `before` null = first version. */
export function diffDatasets(before: DatasetContent | null, after: DatasetContent): DatasetChange[] {
  const out: DatasetChange[] = [];
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== "fields").sort();
  for (const key of keys) {
    if (same(b[key], a[key])) continue;
    if (b[key] === undefined) out.push({ path: key, kind: "added", after: a[key] });
    else if (a[key] === undefined) out.push({ path: key, kind: "removed", before: b[key] });
    else out.push({ path: key, kind: "changed", before: b[key], after: a[key] });
  }
  const oldFields = new Map(((before?.fields ?? []) as DatasetField[]).map((f) => [f.name, f]));
  const newFields = new Map(after.fields.map((f) => [f.name, f]));
  for (const [name, f] of newFields) {
    const old = oldFields.get(name);
    if (!old) out.push({ path: `fields.${name}`, kind: "added", after: f });
    else if (!same(old, f)) {
      for (const prop of [...new Set([...Object.keys(old), ...Object.keys(f)])].sort()) {
        const x = (old as Record<string, unknown>)[prop];
        const y = (f as Record<string, unknown>)[prop];
        if (!same(x, y)) out.push({ path: `fields.${name}.${prop}`, kind: "changed", before: x, after: y });
      }
    }
  }
  for (const [name, f] of oldFields) if (!newFields.has(name)) out.push({ path: `fields.${name}`, kind: "removed", before: f });
  return out;
}
