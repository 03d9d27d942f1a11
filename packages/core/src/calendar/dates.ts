// 'YYYY-MM-DD' strings ⇄ integer day numbers (days since 1970-01-01).
// All calendar arithmetic runs on day numbers: no Date objects, so no timezone can shift a day.

/** Earliest and latest year the calendar accepts: four-digit years keep 'YYYY-MM-DD' round-trippable. */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Day number of a civil date (H. Hinnant's days_from_civil; valid for years ≥ 0). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of a day number (civil_from_days). */
export function civilOf(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Day number of 'YYYY-MM-DD', or undefined when the string is not a real date in the supported range. */
export function tryDayNumber(date: string): number | undefined {
  if (typeof date !== "string") return undefined;
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumberOf(year, month, day);
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === "string" && tryDayNumber(value) !== undefined;
}

/** Day number of 'YYYY-MM-DD'; a RangeError for anything else (callers validate user input first). */
export function toDayNumber(date: string): number {
  const n = tryDayNumber(date);
  if (n === undefined) throw new RangeError(`not a date 'YYYY-MM-DD' between ${MIN_YEAR} and ${MAX_YEAR}: ${String(date)}`);
  return n;
}

export function fromDayNumber(dayNumber: number): string {
  const [y, m, d] = civilOf(dayNumber);
  if (y < MIN_YEAR || y > MAX_YEAR) throw new RangeError(`date outside years ${MIN_YEAR}–${MAX_YEAR}`);
  return `${y}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

export function yearOfDayNumber(dayNumber: number): number {
  return civilOf(dayNumber)[0];
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekendDay(dayNumber: number): boolean {
  const w = weekdayOf(dayNumber);
  return w === 0 || w === 6;
}
