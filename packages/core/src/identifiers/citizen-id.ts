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
const PROVINCE_PREFIXES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
]);

/** The check character for the first 17 digits. */
export function citizenIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Parse and verify an 18-digit citizen ID number.
 * `today` bounds the birth date; pass it in tests (a Date is read on the China calendar, UTC+8).
 */
export function parseCitizenId(input: string, today: Date | string = new Date()): CitizenIdResult {
  const value = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: "format" };

  const regionCode = value.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(regionCode.slice(0, 2))) return { ok: false, reason: "region" };

  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (y < 1800 || !isCalendarDate(y, m, d) || birthDate > chinaDate(today)) {
    return { ok: false, reason: "birth_date" };
  }

  if (citizenIdCheckChar(value) !== value[17]) return { ok: false, reason: "check_digit" };

  return {
    ok: true,
    value,
    regionCode,
    birthDate,
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

// Birth dates are Chinese calendar dates, so "today" is taken in UTC+8 whatever the server's zone.
function chinaDate(today: Date | string): string {
  if (typeof today === "string") return today;
  return new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
