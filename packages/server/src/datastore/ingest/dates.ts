// Dates and times as departments write them, normalised to what PostgreSQL reads without guessing:
// `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS[.ffffff]±HH:MM`.
import { digitsFrom } from "./numbers";

/**
 * Times written without a zone are Beijing time: government records are kept in China Standard Time,
 * which has no daylight saving. Stated explicitly, so the server's TimeZone setting never changes a value.
 */
export const LOCAL_OFFSET = "+08:00";

// 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305
const DATE = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?|(\d{2})(\d{2}))$/;
// 8:05, 08:05:09, 08:05:09.123, 8时5分9秒
const TIME = /^(\d{1,2})(?::(\d{2})(?::(\d{2})(\.\d{1,6})?)?|时(\d{1,2})分(?:(\d{1,2})秒)?)$/;
// a date, then optionally a time (after T or spaces) and a zone (Z, +08:00, +0800, -05)
const DATETIME = /^(\S+?)(?:(?:T|\s+)(\S+?)\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDay(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS[m - 1]);
}

function calendarDate(y: number, m: number, d: number): string | null {
  return isCalendarDay(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : null;
}

/** The number written by the two ASCII digits at `from`. */
const twoDigits = (text: string, from: number) => (text.charCodeAt(from) - 48) * 10 + text.charCodeAt(from + 1) - 48;

/** Whether `text` has `count` ASCII digits from `from`. */
const digitsAt = (text: string, from: number, count: number) => digitsFrom(text, from, from + count) === count;

/** Whether `text[start, end)` begins with the shape YYYY-MM-DD: checked by position, no regex, nothing sliced. */
const isoDateShape = (text: string, start: number, end: number) =>
  end - start >= 10 && digitsAt(text, start, 4) && text.charCodeAt(start + 4) === 0x2d && digitsAt(text, start + 5, 2) && text.charCodeAt(start + 7) === 0x2d && digitsAt(text, start + 8, 2);

/** The calendar day of a YYYY-MM-DD shape at `start`. */
const isIsoCalendarDay = (text: string, start: number) => isCalendarDay(twoDigits(text, start) * 100 + twoDigits(text, start + 2), twoDigits(text, start + 5), twoDigits(text, start + 8));

/** A real day written YYYY-MM-DD at `text[start, end)`: the form a date loads in, so it is kept as written. */
export function isIsoDate(text: string, start = 0, end = text.length): boolean {
  return end - start === 10 && isoDateShape(text, start, end) && isIsoCalendarDay(text, start);
}

export function parseDate(text: string): string | null {
  // Already YYYY-MM-DD: only the calendar needs checking.
  if (text.length === 10 && isoDateShape(text, 0, 10)) return isIsoCalendarDay(text, 0) ? text : null;
  const m = DATE.exec(text);
  if (!m) return null;
  const [month, day] = m[3] ? [m[3], m[4]] : m[5] ? [m[5], m[6]] : [m[7], m[8]];
  return calendarDate(Number(m[1]), Number(month), Number(day));
}

/** Whether `text[start, end)` is shaped `YYYY-MM-DD?HH:MM:SS` (a space or a T between), the usual form without a zone. */
function plainDateTimeShape(text: string, start: number, end: number): boolean {
  if (end - start !== 19 || !isoDateShape(text, start, end)) return false;
  const sep = text.charCodeAt(start + 10);
  return (
    (sep === 0x20 || sep === 0x54) &&
    digitsAt(text, start + 11, 2) &&
    text.charCodeAt(start + 13) === 0x3a &&
    digitsAt(text, start + 14, 2) &&
    text.charCodeAt(start + 16) === 0x3a &&
    digitsAt(text, start + 17, 2)
  );
}

const isPlainDateTimeValue = (text: string, start: number) =>
  isIsoCalendarDay(text, start) && twoDigits(text, start + 11) <= 23 && twoDigits(text, start + 14) <= 59 && twoDigits(text, start + 17) <= 59;

/**
 * A real moment written `YYYY-MM-DD HH:MM:SS` at `text[start, end)`: it loads as written followed by
 * LOCAL_OFFSET.
 */
export function isPlainDateTime(text: string, start = 0, end = text.length): boolean {
  return plainDateTimeShape(text, start, end) && text.charCodeAt(start + 10) === 0x20 && isPlainDateTimeValue(text, start);
}

export function parseDateTime(text: string): string | null {
  if (plainDateTimeShape(text, 0, text.length)) {
    if (!isPlainDateTimeValue(text, 0)) return null;
    // The date part is already YYYY-MM-DD; only a T becomes a space.
    return (text.charCodeAt(10) === 0x20 ? text : `${text.slice(0, 10)} ${text.slice(11)}`) + LOCAL_OFFSET;
  }
  const m = DATETIME.exec(text);
  const date = m && parseDate(m[1]);
  if (!date) return null;
  if (!m[2]) return `${date} 00:00:00${LOCAL_OFFSET}`;
  const t = TIME.exec(m[2]);
  if (!t) return null;
  const [h, min, s] = t[5] !== undefined ? [t[1], t[5], t[6] ?? "0"] : [t[1], t[2] ?? "0", t[3] ?? "0"];
  if (Number(h) > 23 || Number(min) > 59 || Number(s) > 59) return null;
  const zone = m[3] === undefined ? LOCAL_OFFSET : m[3].toUpperCase() === "Z" ? "+00:00" : normaliseOffset(m[3]);
  if (!zone) return null;
  return `${date} ${pad(Number(h))}:${pad(Number(min))}:${pad(Number(s))}${t[4] ?? ""}${zone}`;
}

/** ±HH[:MM] as ±HH:MM; null beyond the ±14:00 real zones reach. */
function normaliseOffset(z: string): string | null {
  const digits = z.slice(1).replace(":", "");
  const [h, m] = [digits.slice(0, 2), digits.slice(2, 4) || "00"];
  return Number(h) > 14 || Number(m) > 59 ? null : `${z[0]}${h}:${m}`;
}

/** An Excel date cell (exceljs hands over the wall-clock time as UTC). */
export function excelDate(d: Date): { date: string; time: string } | null {
  if (Number.isNaN(d.getTime())) return null;
  const iso = d.toISOString();
  if (!/^\d{4}-/.test(iso)) return null;
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) + (iso.slice(19, 23) === ".000" ? "" : iso.slice(19, 23)) };
}

/** Excel's serial day number (days since 1899-12-30 in the 1900 system), for date cells stored unformatted. */
export function excelSerialDate(serial: number): Date | null {
  if (!(serial >= 1 && serial < 2_958_466)) return null;
  return new Date(Math.round((serial - 25_569) * 86_400_000));
}
