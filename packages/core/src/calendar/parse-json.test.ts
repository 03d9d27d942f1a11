import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseScheduleJson } from "./parse-json";
import type { ScheduleParseResult, YearSchedule } from "./types";
import { createWorkdayCalendar } from "./workday-calendar";

const require = createRequire(import.meta.url);
const chineseDaysFile = (path: string) => readFileSync(require.resolve(`chinese-days/dist/${path}`), "utf8");

function schedule(r: ScheduleParseResult): YearSchedule {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.schedule;
}

function errors(r: ScheduleParseResult) {
  expect(r.ok).toBe(false);
  if (r.ok) return [];
  for (const e of r.errors) {
    expect(e.message.zh.length).toBeGreaterThan(0);
    expect(e.message.en.length).toBeGreaterThan(0);
  }
  return r.errors;
}

// A plausible 2027 notice in Shuyuan's shape (dates are illustrative, not the real notice).
const SHUYUAN_2027 = `{
  "year": 2027,
  "holidays": [
    "2027-01-01",
    { "date": "2027-04-05", "name": "清明" },
    { "start": "2027-02-06", "end": "2027-02-12", "name": "春节" }
  ],
  "workdays": [
    { "date": "2027-02-20", "name": "春节" }
  ]
}`;

describe("parseScheduleJson accepts the documented shapes", () => {
  it("Shuyuan's shape: single dates, named dates and inclusive ranges", () => {
    const r = parseScheduleJson(SHUYUAN_2027);
    expect(r.ok && r.warnings).toEqual([]);
    const s = schedule(r);
    expect(s.year).toBe(2027);
    expect(s.days[0]).toEqual({ date: "2027-01-01", kind: "holiday" });
    expect(s.days.filter((d) => d.name === "春节" && d.kind === "holiday").map((d) => d.date)).toEqual([
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
      "2027-02-09",
      "2027-02-10",
      "2027-02-11",
      "2027-02-12",
    ]);
    expect(s.days.at(-1)).toEqual({ date: "2027-04-05", kind: "holiday", name: "清明" });
  });

  it("a serialised YearSchedule round-trips", () => {
    const s = schedule(parseScheduleJson(SHUYUAN_2027));
    expect(schedule(parseScheduleJson(JSON.stringify(s)))).toEqual(s);
  });

  it("chinese-days' per-year 2026.json, loaded for 2026, leaves every 2026 due date unchanged", () => {
    const s = schedule(parseScheduleJson(chineseDaysFile("years/2026.json"), { year: 2026 }));
    expect(s.days).toHaveLength(39);
    const base = createWorkdayCalendar();
    const loaded = createWorkdayCalendar({ overrides: s.days, officialYears: [2026] });
    for (let m = 1; m <= 12; m++) {
      const from = `2026-${String(m).padStart(2, "0")}-10`;
      for (const n of [1, 5, 20]) expect(loaded.addWorkdays(from, n).due, `${from}+${n}`).toBe(base.addWorkdays(from, n).due);
    }
  });

  it("loading a parsed 2027 file clears the 2027 warning and applies its holidays", () => {
    const s = schedule(parseScheduleJson(SHUYUAN_2027));
    const c = createWorkdayCalendar({ overrides: s.days, officialYears: [s.year] });
    expect(c.addWorkdays("2027-02-05", 1)).toEqual({ from: "2027-02-05", days: 1, due: "2027-02-15", warnings: [] });
  });

  it("tolerates a UTF-8 BOM and warns about a 调休上班 on a weekday", () => {
    const r = parseScheduleJson('\uFEFF{"year":2027,"workdays":["2027-02-04"],"holidays":["2027-02-06"]}');
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(["workday_on_weekday"]);
  });
});

describe("malformed JSON gives errors, never exceptions", () => {
  it("syntax errors carry the line", () => {
    const [e] = errors(parseScheduleJson('{\n  "year": 2027,\n  "holidays": [\n    "2027-01-01"\n  \n'));
    expect(e.code).toBe("invalid_json");
    expect(e.line).toBeGreaterThanOrEqual(4);
  });

  it("shape errors carry the JSON path and line", () => {
    const [e] = errors(parseScheduleJson('{\n  "year": 2027,\n  "holidays": [\n    42\n  ]\n}'));
    expect(e).toMatchObject({ code: "invalid_shape", path: "holidays.0", line: 4 });
    const [y] = errors(parseScheduleJson('{\n  "holidays": [],\n  "year": "2027"\n}'));
    expect(y).toMatchObject({ code: "invalid_shape", path: "year", line: 3 });
    expect(errors(parseScheduleJson("[1,2]"))[0].code).toBe("invalid_shape");
    expect(errors(parseScheduleJson("null"))[0].code).toBe("invalid_shape");
  });

  it("an impossible date is named with its line", () => {
    const [e] = errors(parseScheduleJson('{\n  "year": 2027,\n  "holidays": [\n    {"date": "2027-02-29", "name": "春节"}\n  ]\n}'));
    expect(e).toMatchObject({ code: "invalid_date", line: 4, path: "holidays.0" });
    expect(e.message.zh).toContain("2027-02-29");
  });

  const cases: [string, string, string][] = [
    ["a day both off and worked", '{"holidays":["2027-02-06"],"workdays":["2027-02-06"]}', "conflicting_day"],
    ["nothing in it", '{"year":2027,"holidays":[],"workdays":[]}', "empty_schedule"],
    ["a misspelt key, so nothing in it", '{"year":2027,"holiday":["2027-01-01"]}', "empty_schedule"],
    ["declared year differs from dates", '{"year":2027,"holidays":["2028-05-01"]}', "date_outside_year"],
    ["several years, undeclared", '{"holidays":["2026-05-01","2027-05-01","2027-05-02"]}', "multiple_years"],
    ["reversed range", '{"holidays":[{"start":"2027-02-12","end":"2027-02-06"}]}', "invalid_range"],
    ["range too long", '{"holidays":[{"start":"2027-01-01","end":"2027-12-31"}]}', "range_too_long"],
    ["bad range end", '{"holidays":[{"start":"2027-01-01","end":"2027-01-32"}]}', "invalid_date"],
    ["chinese-days shape with a bad date", '{"holidays":{"2026-02-30":"Spring Festival,春节,4"},"workdays":{}}', "invalid_date"],
    ["days shape with an unknown kind", '{"year":2027,"days":[{"date":"2027-01-01","kind":"off"}]}', "invalid_shape"],
  ];
  it.each(cases)("%s → %s", (_label, text, code) => {
    expect(errors(parseScheduleJson(text))[0].code).toBe(code);
  });

  it("the uploader's year must match the file's", () => {
    expect(errors(parseScheduleJson(SHUYUAN_2027, { year: 2028 }))[0].code).toBe("year_mismatch");
    expect(errors(parseScheduleJson(SHUYUAN_2027, { year: 20271 }))[0].code).toBe("year_mismatch");
  });

  it("non-text input and oversize files", () => {
    expect(errors(parseScheduleJson(undefined as unknown as string))[0].code).toBe("not_text");
    expect(errors(parseScheduleJson(" ".repeat(2_000_001)))[0].code).toBe("too_large");
  });

  it("survives 1,000 random truncations and character flips of 2026.json", () => {
    const text = chineseDaysFile("years/2026.json");
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 1000; i++) {
      const chars = [...text.slice(0, Math.floor(rand() * text.length) + 1)];
      for (let k = 0; k < 2; k++) chars[Math.floor(rand() * chars.length)] = String.fromCharCode(32 + Math.floor(rand() * 95));
      const r = parseScheduleJson(chars.join(""));
      expect(typeof r.ok).toBe("boolean");
      if (!r.ok) for (const e of r.errors) expect(e.message.zh && e.message.en).toBeTruthy();
    }
  });
});
