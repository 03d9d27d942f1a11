// Chinese phone numbers (no standard's check digit here, only the numbering plan): 11-digit mobiles
// (1[3-9]…, with or without +86), landlines with their area code (010 and 02x have 3 digits with the
// leading 0, the rest 4; 7 or 8 local digits; an optional extension), 400/800 numbers and the short
// public service numbers (12345, 12315, 95xxx) that government tables list.
import { digitsFrom } from "./numbers";

const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const LANDLINE = /^(0(?:[12]\d|[3-9]\d{2}))-?([2-9]\d{6,7})(?:(?:-|转)(\d{1,6}))?$/;
const NON_ASCII = /[^\x00-\x7f]/;
const SERVICE = /^(?:[48]00-?\d{3}-?\d{4}|1\d{4}|95\d{3,4})$/;

/** An 11-digit mobile number (1[3-9]…) at `text[start, end)`, the usual case: its normal form as written. */
export function isPlainMobile(text: string, start = 0, end = text.length): boolean {
  if (end - start !== 11 || text.charCodeAt(start) !== 0x31) return false;
  const second = text.charCodeAt(start + 1);
  return second >= 0x33 && second <= 0x39 && digitsFrom(text, start + 2, end) === 9;
}

/** The number in a normal form (mobile: 11 digits; landline: 0AA-NNNNNNNN[-ext]), or null. */
export function normalisePhone(text: string): string | null {
  if (isPlainMobile(text)) return text;
  // Full-width digits and brackets (１３８…, （010）) are common in Chinese input; NFKC folds them.
  let t = (NON_ASCII.test(text) ? text.normalize("NFKC") : text).replace(/\s+/g, "");
  t = t.replace(/^\((0\d{2,3})\)/, "$1-");
  const mobile = MOBILE.exec(t.replace(/-/g, ""));
  if (mobile) return mobile[1];
  const landline = LANDLINE.exec(t);
  if (landline) return `${landline[1]}-${landline[2]}${landline[3] ? `-${landline[3]}` : ""}`;
  return SERVICE.test(t) ? t : null;
}
