import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { baseScheduleYears } from "./base-schedule";
import { fromDayNumber, toDayNumber } from "./dates";
import { parseScheduleIcs } from "./parse-ics";
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

const ics = (...lines: string[]) => ["BEGIN:VCALENDAR", "VERSION:2.0", ...lines, "END:VCALENDAR"].join("\r\n");
const event = (...lines: string[]) => ["BEGIN:VEVENT", ...lines, "END:VEVENT"].join("\r\n");

describe("parseScheduleIcs on chinese-days' own files", () => {
  it("2026.ics round-trips: loaded as the authority's schedule it agrees with the base data on every day of 2026", () => {
    const s = schedule(parseScheduleIcs(chineseDaysFile("years/2026.ics")));
    expect(s.year).toBe(2026);
    expect(s.days.filter((d) => d.kind === "holiday")).toHaveLength(33);
    expect(s.days.filter((d) => d.kind === "workday").map((d) => d.date)).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    const base = createWorkdayCalendar();
    const loaded = createWorkdayCalendar({ overrides: s.days, officialYears: [2026] });
    for (let dn = toDayNumber("2026-01-01"); dn <= toDayNumber("2026-12-31"); dn++) {
      const date = fromDayNumber(dn);
      const a = base.dayKind(date);
      const b = loaded.dayKind(date);
      expect({ work: b.work, reason: b.reason, name: b.name }, date).toEqual({ work: a.work, reason: a.reason, name: a.name });
    }
  });

  it("the English 2026.en.ics gives the same days with English names", () => {
    const zh = schedule(parseScheduleIcs(chineseDaysFile("years/2026.ics")));
    const en = schedule(parseScheduleIcs(chineseDaysFile("years/2026.en.ics")));
    expect(en.days.map(({ date, kind }) => ({ date, kind }))).toEqual(zh.days.map(({ date, kind }) => ({ date, kind })));
    expect(en.days[0].name).toBe("New Year's Day");
  });

  it("every year's .ics agrees with the same year's .json (2004–2026)", () => {
    for (const year of baseScheduleYears()) {
      const fromIcs = schedule(parseScheduleIcs(chineseDaysFile(`years/${year}.ics`), { year }));
      const fromJson = schedule(parseScheduleJson(chineseDaysFile(`years/${year}.json`), { year }));
      expect(fromIcs, String(year)).toEqual(fromJson);
    }
  });

  it("refuses the multi-year holidays.ics: one year per upload", () => {
    const [e] = errors(parseScheduleIcs(chineseDaysFile("holidays.ics")));
    expect(e.code).toBe("multiple_years");
    expect(e.message.en).toContain("2024, 2025, 2026");
  });

  it("rejects 2026.ics uploaded as the 2027 schedule, naming each misplaced date", () => {
    const errs = errors(parseScheduleIcs(chineseDaysFile("years/2026.ics"), { year: 2027 }));
    expect(errs.every((e) => e.code === "date_outside_year")).toBe(true);
    expect(errs[0].line).toBeGreaterThan(1);
  });
});

describe("parseScheduleIcs on hand-written files", () => {
  it("unfolds folded lines (CRLF + space, LF + tab) and reads '春节 休' / '补班' / ranges with exclusive DTEND", () => {
    const text = [
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "DTSTART;VALUE=DATE:20270206",
      "DTEND;VALUE=DATE:20270",
      " 214",
      "SUMMARY:春节 ",
      "\t休",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "dtstart;value=date:20270220",
      "summary:春节补班",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\n");
    expect(schedule(parseScheduleIcs(text))).toEqual({
      year: 2027,
      days: [
        ...["06", "07", "08", "09", "10", "11", "12", "13"].map((d) => ({ date: `2027-02-${d}`, kind: "holiday", name: "春节" })),
        { date: "2027-02-20", kind: "workday", name: "春节" },
      ],
    });
  });

  it("classifies by SUMMARY, then X-APPLE-SPECIAL-DAY, then DESCRIPTION; skips cancelled events and alarms", () => {
    const text = ics(
      event("DTSTART;VALUE=DATE:20270101", "DURATION:P3D", "SUMMARY:New Year's Day (Holiday)"),
      event("DTSTART;VALUE=DATE:20270405", "SUMMARY:清明", "X-APPLE-SPECIAL-DAY:WORK-HOLIDAY"),
      event("DTSTART;VALUE=DATE:20270501", "SUMMARY;LANGUAGE=zh-CN:劳动节", "DESCRIPTION:休", "BEGIN:VALARM", "DESCRIPTION:班", "END:VALARM"),
      event("DTSTART;VALUE=DATE:20270502", "SUMMARY:劳动节（放假）", "STATUS:CANCELLED"),
      event("DTSTART:20270925T160000Z", "DTEND:20270926T160000Z", "SUMMARY:中秋(休)"), // UTC 16:00 = next day in China
      event("DTSTART;VALUE=DATE:20271009", 'X-NOTE;X-P="a:b":x', "SUMMARY:国庆节调休上班"),
    );
    const s = schedule(parseScheduleIcs(text));
    expect(s.days).toEqual([
      { date: "2027-01-01", kind: "holiday", name: "New Year's Day" },
      { date: "2027-01-02", kind: "holiday", name: "New Year's Day" },
      { date: "2027-01-03", kind: "holiday", name: "New Year's Day" },
      { date: "2027-04-05", kind: "holiday", name: "清明" },
      { date: "2027-05-01", kind: "holiday", name: "劳动节" },
      { date: "2027-09-26", kind: "holiday", name: "中秋" },
      { date: "2027-10-09", kind: "workday", name: "国庆节" },
    ]);
  });

  it("warns (without failing) when a 调休上班 day falls on Mon–Fri", () => {
    const r = parseScheduleIcs(ics(event("DTSTART;VALUE=DATE:20270204", "SUMMARY:春节(班)")));
    expect(r.ok && r.warnings.map((w) => [w.code, w.line])).toEqual([["workday_on_weekday", 4]]);
  });
});

describe("malformed iCalendar gives errors with line numbers, never exceptions", () => {
  const cases: [string, string, string, number | undefined][] = [
    ["empty text", "", "ics_not_calendar", 1],
    ["JSON instead of ICS", '{"year":2027}', "ics_not_calendar", 1],
    ["unterminated event", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:元旦(休)\r\nEND:VCALENDAR", "ics_unterminated", 5],
    ["unclosed calendar", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦(休)\nEND:VEVENT", "ics_unterminated", 1],
    ["line without a colon", ics("this is not a property"), "ics_bad_line", 3],
    ["event without DTSTART", ics(event("SUMMARY:元旦(休)")), "ics_missing_dtstart", 3],
    ["impossible DTSTART", ics(event("DTSTART;VALUE=DATE:20271332", "SUMMARY:元旦(休)")), "ics_bad_date", 4],
    ["DTEND before DTSTART", ics(event("DTSTART;VALUE=DATE:20270105", "DTEND;VALUE=DATE:20270101", "SUMMARY:元旦(休)")), "invalid_range", 5],
    ["a year-long 'holiday'", ics(event("DTSTART;VALUE=DATE:20270101", "DTEND;VALUE=DATE:20280101", "SUMMARY:元旦(休)")), "range_too_long", 4],
    ["unclassifiable event", ics(event("DTSTART;VALUE=DATE:20270101", "SUMMARY:元旦")), "ics_unclassified_event", 5],
    ["recurring event", ics(event("DTSTART;VALUE=DATE:20270101", "RRULE:FREQ=YEARLY", "SUMMARY:元旦(休)")), "ics_recurrence_unsupported", 5],
    ["no events", ics(), "empty_schedule", undefined],
    [
      "a day both off and worked",
      ics(event("DTSTART;VALUE=DATE:20270206", "SUMMARY:春节(休)"), event("DTSTART;VALUE=DATE:20270206", "SUMMARY:春节(班)")),
      "conflicting_day",
      8,
    ],
  ];
  it.each(cases)("%s → %s", (_label, text, code, line) => {
    const [e] = errors(parseScheduleIcs(text));
    expect(e.code).toBe(code);
    expect(e.line).toBe(line);
  });

  it("non-text input and oversize files", () => {
    expect(errors(parseScheduleIcs(42 as unknown as string))[0].code).toBe("not_text");
    expect(errors(parseScheduleIcs("BEGIN:VCALENDAR\n".repeat(200_000)))[0].code).toBe("too_large");
  });

  it("survives 1,000 random truncations and byte flips of 2026.ics", () => {
    const text = chineseDaysFile("years/2026.ics");
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 1000; i++) {
      const chars = [...text.slice(0, Math.floor(rand() * text.length))];
      for (let k = 0; k < 3; k++) chars[Math.floor(rand() * chars.length)] = String.fromCharCode(Math.floor(rand() * 128));
      const r = parseScheduleIcs(chars.join(""));
      expect(typeof r.ok).toBe("boolean");
      if (!r.ok) for (const e of r.errors) expect(e.message.zh && e.message.en).toBeTruthy();
    }
  });
});
