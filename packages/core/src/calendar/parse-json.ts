// Parse a holiday schedule uploaded as JSON. Accepted shapes (one year per file):
//
// 1. Shuyuan's own, close to how the State Council notice reads:
//    { "year": 2027,                                   // optional if the dates make it obvious
//      "holidays": [ "2027-01-01",                     // a single day
//                    { "date": "2027-04-05", "name": "清明" },
//                    { "start": "2027-02-06", "end": "2027-02-13", "name": "春节" } ],  // inclusive range
//      "workdays": [ { "date": "2027-02-20", "name": "春节" } ] }                      // 调休上班
// 2. A serialised YearSchedule: { "year": 2027, "days": [ { "date": …, "kind": "holiday"|"workday", "name"? } ] }
// 3. chinese-days' per-year file (dist/years/YYYY.json):
//    { "holidays": { "2026-01-01": "New Year's Day,元旦,1", … }, "workdays": { … }, "inLieuDays": { … } }
//
// Never throws: every problem comes back as a bilingual ScheduleIssue, with a line number where one can be found.
import { z } from "zod";
import { tryDayNumber } from "./dates";
import { splitChineseDaysName } from "./names";
import { calendarYearSchema } from "./schemas";
import { buildSchedule, expandRange, internalError, issue, precheck, type RawDay } from "./schedule-build";
import type { DayOverrideKind, ScheduleIssue, ScheduleParseOptions, ScheduleParseResult } from "./types";

const name = z.string().max(100).optional();
const entrySchema = z.union([
  z.string(),
  z.object({ date: z.string(), name }),
  z.object({ start: z.string(), end: z.string(), name }),
]);
const shuyuanShape = z.object({
  year: calendarYearSchema.optional(),
  holidays: z.array(entrySchema).optional(),
  workdays: z.array(entrySchema).optional(),
});
const daysShape = z.object({
  year: calendarYearSchema,
  days: z.array(z.object({ date: z.string(), kind: z.enum(["holiday", "workday"]), name })),
});
const chineseDaysShape = z.object({
  holidays: z.record(z.string(), z.string()),
  workdays: z.record(z.string(), z.string()).optional(),
  inLieuDays: z.record(z.string(), z.string()).optional(), // subset of holidays; ignored
});

export function parseScheduleJson(text: string, options: ScheduleParseOptions = {}): ScheduleParseResult {
  try {
    return parse(text, options);
  } catch (e) {
    return internalError(e);
  }
}

function parse(text: string, options: ScheduleParseOptions): ScheduleParseResult {
  const pre = precheck(text, options);
  if (pre) return pre;
  const source = text.replace(/^\uFEFF/, "");
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      errors: [issue("invalid_json", `不是有效的 JSON：${detail}`, `not valid JSON: ${detail}`, { line: jsonErrorLine(source, detail) })],
    };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, errors: [issue("invalid_shape", "JSON 顶层应为对象", "the JSON top level must be an object", { line: 1 })] };
  }
  const obj = data as Record<string, unknown>;
  const locate = locator(source);

  if (Array.isArray(obj.days)) {
    const r = daysShape.safeParse(obj);
    if (!r.success) return shapeErrors(r.error, obj, locate);
    const raw = r.data.days.map((d, i) => ({ ...d, ...locate(["days", i], d.date) }));
    return buildSchedule(raw, options.year, r.data.year);
  }

  if (isPlainObject(obj.holidays) || isPlainObject(obj.workdays)) {
    const r = chineseDaysShape.safeParse(obj);
    if (!r.success) return shapeErrors(r.error, obj, locate);
    const raw: RawDay[] = [];
    const add = (section: "holidays" | "workdays", kind: DayOverrideKind) => {
      for (const [date, label] of Object.entries(r.data[section] ?? {})) {
        raw.push({ date, kind, ...namePart(splitChineseDaysName(label).name), ...locate([section], date) });
      }
    };
    add("holidays", "holiday");
    add("workdays", "workday");
    return buildSchedule(raw, options.year);
  }

  const r = shuyuanShape.safeParse(obj);
  if (!r.success) return shapeErrors(r.error, obj, locate);
  const raw: RawDay[] = [];
  const errors: ScheduleIssue[] = [];
  const add = (section: "holidays" | "workdays", kind: DayOverrideKind) => {
    (r.data[section] ?? []).forEach((entry, i) => {
      if (typeof entry === "string") return raw.push({ date: entry, kind, ...locate([section, i], entry) });
      if ("date" in entry) return raw.push({ date: entry.date, kind, ...namePart(entry.name), ...locate([section, i], entry.date) });
      const where = locate([section, i], entry.start);
      const first = tryDayNumber(entry.start);
      const last = tryDayNumber(entry.end);
      if (first === undefined || last === undefined) {
        // Let buildSchedule word the bad-date error.
        return raw.push({ date: first === undefined ? entry.start : entry.end, kind, ...where });
      }
      const expanded = expandRange(first, last, { kind, ...namePart(entry.name), ...where });
      if ("issue" in expanded) errors.push(expanded.issue);
      else raw.push(...expanded.days);
    });
  };
  add("holidays", "holiday");
  add("workdays", "workday");
  if (errors.length) return { ok: false, errors };
  return buildSchedule(raw, options.year, r.data.year);
}

function namePart(value: string | undefined): { name?: string } {
  const n = value?.trim();
  return n ? { name: n } : {};
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function shapeErrors(error: z.ZodError, data: unknown, locate: Locate): ScheduleParseResult {
  const errors = error.issues.slice(0, 50).map((i) => {
    const path = i.path.map(String).join(".");
    const at = path || "(root)";
    const keys = i.path.filter((p): p is string | number => typeof p !== "symbol");
    const where = { ...locate(keys, literalAt(data, keys)), path: path || undefined };
    if (i.code === "invalid_union") {
      return issue(
        "invalid_shape",
        `字段 ${path} 应为日期字符串、{date, name} 或 {start, end, name}`,
        `${at} must be a date string, {date, name} or {start, end, name}`,
        where,
      );
    }
    return issue("invalid_shape", `字段 ${path || "（顶层）"} 格式不正确：${i.message}`, `invalid value at ${at}: ${i.message}`, where);
  });
  return { ok: false, errors };
}

// The primitive at `path`, to find its line; undefined for objects, arrays and missing values.
function literalAt(data: unknown, path: (string | number)[]): Primitive | undefined {
  let v: unknown = data;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : undefined;
}

type Primitive = string | number | boolean | null;
type Locate = (path: (string | number)[], value?: Primitive) => { line?: number; path?: string };

/**
 * Finds the line of a value by walking the path's keys through the text, then the quoted value.
 * Approximate (array indexes are skipped), but good enough to point an official at the right place.
 */
function locator(text: string): Locate {
  return (path, value) => {
    let pos = 0;
    let found = true;
    for (const key of path) {
      if (typeof key !== "string") continue;
      const at = text.indexOf(JSON.stringify(key), pos);
      if (at < 0) {
        found = false;
        break;
      }
      pos = at;
    }
    if (found && value !== undefined) {
      const at = text.indexOf(JSON.stringify(value), pos);
      if (at >= 0) pos = at;
    }
    const where: { line?: number; path?: string } = {};
    if (found && (pos > 0 || value !== undefined)) where.line = lineAt(text, pos);
    if (path.length) where.path = path.join(".");
    return where;
  };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// V8 reports "… (line 3 column 5)" in newer versions and "… at position 42" in older ones.
function jsonErrorLine(text: string, message: string): number | undefined {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineAt(text, Number(pos[1]));
  if (/end of JSON input/i.test(message)) return lineAt(text, text.length);
  return undefined;
}
