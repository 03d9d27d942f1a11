// Parse a holiday schedule uploaded as iCalendar (RFC 5545), e.g. chinese-days' dist/years/2026.ics.
//
// Each VEVENT is one block of days: DTSTART;VALUE=DATE:20260215 + DTEND;VALUE=DATE:20260224 is
// 15–23 Feb (DTEND is exclusive; no DTEND = one day; DURATION:P9D also works). Whether the block is
// off or worked is read, in order, from:
//   1. the end of SUMMARY: '春节(休)', '春节 休', '春节放假', 'Spring Festival(Holiday)' → holiday;
//      '春节(班)', '国庆节 补班', '调休上班', 'National Day(Workday)' → adjusted workday;
//   2. Apple's X-APPLE-SPECIAL-DAY: WORK-HOLIDAY → holiday, ALTERNATE-WORKDAY → workday
//      (chinese-days writes both);
//   3. DESCRIPTION that is just '休' or '班'.
// An event none of these classify is an error: silently dropping a holiday would move due dates.
//
// Never throws: problems come back as bilingual ScheduleIssues with 1-based line numbers.
import { dayNumberOf, daysInMonth, MIN_YEAR } from "./dates";
import { buildSchedule, expandRange, internalError, issue, precheck, type RawDay } from "./schedule-build";
import type { DayOverrideKind, ScheduleIssue, ScheduleParseOptions, ScheduleParseResult } from "./types";

interface ContentLine {
  name: string; // upper-cased property name
  params: Record<string, string>; // upper-cased keys
  value: string;
  line: number; // where the (possibly folded) line starts
}

export function parseScheduleIcs(text: string, options: ScheduleParseOptions = {}): ScheduleParseResult {
  try {
    return parse(text, options);
  } catch (e) {
    return internalError(e);
  }
}

function parse(text: string, options: ScheduleParseOptions): ScheduleParseResult {
  const pre = precheck(text, options);
  if (pre) return pre;
  const errors: ScheduleIssue[] = [];
  const lines = unfold(text.replace(/^\uFEFF/, ""), errors);

  const first = lines[0];
  if (!first || first.name !== "BEGIN" || first.value.toUpperCase() !== "VCALENDAR") {
    return {
      ok: false,
      errors: [issue("ics_not_calendar", "不是 iCalendar 文件（应以 BEGIN:VCALENDAR 开头）", "not an iCalendar file (must start with BEGIN:VCALENDAR)", { line: first?.line ?? 1 })],
    };
  }

  const raw: RawDay[] = [];
  const stack: { component: string; line: number }[] = [];
  let event: ContentLine[] | undefined;
  let eventLine = 0;
  for (const cl of lines) {
    if (cl.name === "BEGIN") {
      const component = cl.value.toUpperCase();
      stack.push({ component, line: cl.line });
      if (component === "VEVENT" && stack.length === 2) {
        event = [];
        eventLine = cl.line;
      }
      continue;
    }
    if (cl.name === "END") {
      const component = cl.value.toUpperCase();
      const open = stack.pop();
      if (!open || open.component !== component) {
        errors.push(
          issue("ics_unterminated", `END:${component} 与前面的 BEGIN 不匹配`, `END:${component} does not match the open component`, { line: cl.line }),
        );
        return { ok: false, errors };
      }
      if (component === "VEVENT" && event) {
        readEvent(event, eventLine, raw, errors);
        event = undefined;
      }
      continue;
    }
    // Properties of nested components (VALARM inside VEVENT) are not the event's own.
    if (event && stack.length === 2) event.push(cl);
  }
  if (stack.length) {
    const open = stack[stack.length - 1];
    errors.push(
      issue("ics_unterminated", `BEGIN:${open.component} 没有对应的 END`, `BEGIN:${open.component} is never closed`, { line: open.line }),
    );
  }
  if (errors.length) return { ok: false, errors };
  return buildSchedule(raw, options.year);
}

/** Split into content lines, joining folded continuation lines (leading space or tab). */
function unfold(text: string, errors: ScheduleIssue[]): ContentLine[] {
  const physical = text.split(/\r\n|\n|\r/);
  const logical: { text: string; line: number }[] = [];
  physical.forEach((t, i) => {
    if ((t.startsWith(" ") || t.startsWith("\t")) && logical.length) logical[logical.length - 1].text += t.slice(1);
    else if (t.trim() !== "") logical.push({ text: t, line: i + 1 });
  });
  const out: ContentLine[] = [];
  for (const { text: t, line } of logical) {
    const cl = contentLine(t, line);
    if (cl) out.push(cl);
    else if (errors.length < 50) {
      errors.push(issue("ics_bad_line", `第 ${line} 行不是“名称:值”的格式`, `line ${line} is not a 'NAME:value' content line`, { line }));
    }
  }
  return out;
}

// NAME;PARAM=a;PARAM="b:c":value — the first colon outside quotes ends name and parameters.
function contentLine(t: string, line: number): ContentLine | undefined {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '"') quoted = !quoted;
    else if (c === ":" && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return undefined;
  const [name, ...paramParts] = t.slice(0, colon).split(";");
  if (!/^[A-Za-z0-9-]+$/.test(name)) return undefined;
  const params: Record<string, string> = {};
  for (const p of paramParts) {
    const eq = p.indexOf("=");
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, "");
  }
  return { name: name.toUpperCase(), params, value: t.slice(colon + 1), line };
}

function readEvent(props: ContentLine[], eventLine: number, raw: RawDay[], errors: ScheduleIssue[]): void {
  const prop = (name: string) => props.find((p) => p.name === name);
  const status = prop("STATUS");
  if (status && status.value.trim().toUpperCase() === "CANCELLED") return;
  if (prop("RRULE") || prop("RDATE")) {
    const at = (prop("RRULE") ?? prop("RDATE"))!.line;
    errors.push(
      issue("ics_recurrence_unsupported", "节假日安排不应使用重复规则（RRULE/RDATE），请逐年列出日期", "holiday schedules must not use RRULE/RDATE; list each year's dates", { line: at }),
    );
    return;
  }

  const startProp = prop("DTSTART");
  if (!startProp) {
    errors.push(issue("ics_missing_dtstart", "事件缺少 DTSTART", "event has no DTSTART", { line: eventLine }));
    return;
  }
  const start = icsDate(startProp);
  if (start === undefined) {
    errors.push(badDate(startProp));
    return;
  }
  let last = start.day; // inclusive
  const endProp = prop("DTEND");
  const durationProp = prop("DURATION");
  if (endProp) {
    const end = icsDate(endProp);
    if (end === undefined) {
      errors.push(badDate(endProp));
      return;
    }
    // DTEND is exclusive: a DATE (or a midnight date-time) ends the day before.
    last = end.midnight ? end.day - 1 : end.day;
    if (last < start.day) {
      errors.push(issue("invalid_range", "DTEND 不晚于 DTSTART", "DTEND is not after DTSTART", { line: endProp.line }));
      return;
    }
  } else if (durationProp) {
    const m = /^P(?:(\d+)W|(\d+)D)$/i.exec(durationProp.value.trim());
    if (!m) {
      errors.push(badDate(durationProp));
      return;
    }
    last = start.day + (m[1] ? Number(m[1]) * 7 : Number(m[2])) - 1;
  }

  const summaryProp = prop("SUMMARY");
  const summary = summaryProp ? unescapeText(summaryProp.value).trim() : "";
  const kind = classify(summary, prop("X-APPLE-SPECIAL-DAY")?.value, prop("DESCRIPTION")?.value);
  if (!kind) {
    errors.push(
      issue(
        "ics_unclassified_event",
        `无法判断“${summary}”是放假还是调休上班：标题应以“休”或“班”结尾（如“春节(休)”）`,
        `cannot tell whether "${summary}" is a holiday or a workday: end the SUMMARY with 休 or 班 (e.g. '春节(休)')`,
        { line: summaryProp?.line ?? eventLine },
      ),
    );
    return;
  }
  const expanded = expandRange(start.day, last, { kind: kind.kind, ...(kind.name ? { name: kind.name } : {}), line: startProp.line });
  if ("issue" in expanded) errors.push(expanded.issue);
  else raw.push(...expanded.days);
}

function badDate(p: ContentLine): ScheduleIssue {
  return issue("ics_bad_date", `${p.name} 的值“${p.value}”无法识别`, `cannot read ${p.name} value "${p.value}"`, { line: p.line });
}

/**
 * The calendar date of DTSTART/DTEND. A UTC date-time ('…Z') is moved to China time (UTC+8);
 * floating or TZID date-times are taken as local, which for a Chinese schedule means China time.
 */
function icsDate(p: ContentLine): { day: number; midnight: boolean } | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(p.value.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  let day = dayNumberOf(y, mo, d);
  if (m[4] === undefined) return { day, midnight: true };
  let minutes = Number(m[4]) * 60 + Number(m[5]);
  if (minutes >= 24 * 60 || Number(m[6]) > 60) return undefined;
  if (m[7]) {
    minutes += 8 * 60;
    if (minutes >= 24 * 60) {
      minutes -= 24 * 60;
      day += 1;
    }
  }
  return { day, midnight: minutes === 0 && Number(m[6]) === 0 };
}

function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

// Markers at the end of SUMMARY, optionally bracketed. Chinese needs no separator ('春节休');
// English does, so 'Workday' in a name is not mistaken for a marker.
const ZH_MARKER = /^(.*?)[\s\-–—·:：]*[(（[【]?\s*(放假|休息|假期|休|调休上班|补班|上班|班)\s*[)）\]】]?$/u;
const EN_MARKER =
  /^(.*?)(?:^|[\s\-–—·:：(（[【]+)\s*(holiday|day off|off|rest day|adjusted workday|make-up workday|working day|work day|workday|work)\s*[)）\]】]?$/iu;
const WORK_MARKERS = new Set(["调休上班", "补班", "上班", "班", "adjusted workday", "make-up workday", "working day", "work day", "workday", "work"]);

function classify(summary: string, appleDay?: string, description?: string): { kind: DayOverrideKind; name?: string } | undefined {
  const m = ZH_MARKER.exec(summary) ?? EN_MARKER.exec(summary);
  if (m) {
    const name = m[1].trim();
    return { kind: WORK_MARKERS.has(m[2].toLowerCase()) ? "workday" : "holiday", ...(name ? { name } : {}) };
  }
  const name = summary || undefined;
  const apple = appleDay?.trim().toUpperCase();
  if (apple === "WORK-HOLIDAY") return { kind: "holiday", name };
  if (apple === "ALTERNATE-WORKDAY") return { kind: "workday", name };
  const desc = description ? unescapeText(description).trim() : "";
  if (desc === "休") return { kind: "holiday", name };
  if (desc === "班") return { kind: "workday", name };
  return undefined;
}
