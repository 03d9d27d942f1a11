// GB 11643-1999 公民身份号码: 6-digit address code, 8-digit birth date,
// 3-digit sequence (odd = male), 1 check character (ISO 7064 MOD 11-2).

export type CitizenIdFailure = "format" | "region" | "birth_date" | "check_digit";

export type CitizenIdResult =
  | {
      ok: true;
      /** Normalised: trimmed, check character 'X' upper-case. */
      value: string;
      regionCode: string;
      birthDate: string;
      sex: "male" | "female";
    }
  | { ok: false; reason: CitizenIdFailure };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";

// Province-level prefixes of GB/T 2260 (incl. 71/81/82 and 83, used by 港澳台居民居住证).
const PROVINCE_PREFIXES = [
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
];

/** The check character for the first 17 digits. */
export function citizenIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Province-level prefixes as numbers, for checks that allocate nothing. */
const PROVINCES = new Uint8Array(100);
for (const p of PROVINCE_PREFIXES) PROVINCES[Number(p)] = 1;

/**
 * Why a number already trimmed and upper-case is not a valid citizen ID, or null when it is. Allocates
 * nothing, so a load can check millions of numbers (parseCitizenId normalises its input and returns the
 * parts as well). `today` as for parseCitizenId. With `start` and `end`, checks that part of `text`
 * (a cell inside a line), still without slicing it out.
 */
export function citizenIdFailure(text: string, today: Date | string = new Date(), start = 0, end = text.length): CitizenIdFailure | null {
  if (end - start !== 18) return "format";
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = text.charCodeAt(start + i) - 0x30;
    if (d < 0 || d > 9) return "format";
    sum += d * WEIGHTS[i];
  }
  const last = text.charCodeAt(start + 17);
  if (!((last >= 0x30 && last <= 0x39) || last === 0x58)) return "format";
  if (!PROVINCES[decimal(text, start, start + 2)]) return "region";
  const y = decimal(text, start + 6, start + 10);
  const m = decimal(text, start + 10, start + 12);
  const d = decimal(text, start + 12, start + 14);
  if (y < 1800 || !isCalendarDate(y, m, d) || y * 10_000 + m * 100 + d > chinaDay(today)) return "birth_date";
  return CHECK_CHARS.charCodeAt(sum % 11) === last ? null : "check_digit";
}

/**
 * Parse and verify an 18-digit citizen ID number.
 * `today` bounds the birth date; pass it in tests (a Date is read on the China calendar, UTC+8).
 */
export function parseCitizenId(input: string, today: Date | string = new Date()): CitizenIdResult {
  const value = input.trim().toUpperCase();
  const failure = citizenIdFailure(value, today);
  if (failure) return { ok: false, reason: failure };
  return {
    ok: true,
    value,
    regionCode: value.slice(0, 6),
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    sex: Number(value[16]) % 2 === 1 ? "male" : "female",
  };
}

/** Keep the first 6 and last 4 characters: 110105********002X. */
export function maskCitizenId(value: string): string {
  const v = value.trim();
  if (v.length <= 10) return "*".repeat(v.length);
  return v.slice(0, 6) + "*".repeat(v.length - 10) + v.slice(-4);
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

// Birth dates are Chinese calendar dates, so "today" is taken in UTC+8 whatever the server's zone; as YYYYMMDD.
function chinaDay(today: Date | string): number {
  const ymd = typeof today === "string" ? today : new Date(today.getTime() + 8 * 3600_000).toISOString();
  return decimal(ymd, 0, 4) * 10_000 + decimal(ymd, 5, 7) * 100 + decimal(ymd, 8, 10);
}

/** The number the ASCII digits from..to of `text` write. */
function decimal(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + text.charCodeAt(i) - 0x30;
  return v;
}
