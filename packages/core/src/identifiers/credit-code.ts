// GB 32100-2015 统一社会信用代码: registration authority (1), organisation type (1),
// registration region (6, GB/T 2260), subject code (9, GB 11714), check character (1, mod 31).

export type CreditCodeFailure = "format" | "charset" | "check_digit";

export type CreditCodeResult =
  | {
      ok: true;
      /** Normalised: trimmed, upper-case. */
      value: string;
      /** 登记管理部门代码, e.g. '9' market regulation, '1' 机构编制, '5' 民政. */
      registrationAuthority: string;
      /** 机构类别代码 within that authority. */
      orgType: string;
      /** 登记管理机关行政区划码. */
      regionCode: string;
      /** 主体标识码 (organisation code). */
      subjectCode: string;
    }
  | { ok: false; reason: CreditCodeFailure };

// 31 characters: I O Z S V are left out to avoid confusion with 1 0 2 5 U.
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters (all in the charset). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  // 31 - (sum mod 31), where 31 is written '0'.
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** Each ASCII character's value in the check sum (its place in CHARSET); -1 for a letter CHARSET leaves out, -2 for anything else. */
const VALUES = new Int8Array(128).fill(-2);
for (let c = 0x41; c <= 0x5a; c++) VALUES[c] = -1;
for (let i = 0; i < CHARSET.length; i++) VALUES[CHARSET.charCodeAt(i)] = i;

/**
 * Why a code already trimmed and upper-case is not valid, or null when it is. Allocates nothing, so a
 * load can check millions of codes (parseCreditCode normalises its input and splits the parts as well).
 * With `start` and `end`, checks that part of `text` (a cell inside a line), still without slicing it out.
 */
export function creditCodeFailure(text: string, start = 0, end = text.length): CreditCodeFailure | null {
  if (end - start !== 18) return "format";
  let outsideCharset = false;
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const c = text.charCodeAt(start + i);
    const v = c < 128 ? VALUES[c] : -2;
    if (v === -2) return "format";
    if (v === -1) outsideCharset = true;
    else if (i < 17) sum += v * WEIGHTS[i];
  }
  if (outsideCharset) return "charset";
  // The registration region is six digits.
  for (let i = 2; i < 8; i++) if (text.charCodeAt(start + i) > 0x39) return "format";
  // 31 - (sum mod 31), where 31 is written '0'.
  return CHARSET.charCodeAt((31 - (sum % 31)) % 31) === text.charCodeAt(start + 17) ? null : "check_digit";
}

export function parseCreditCode(input: string): CreditCodeResult {
  const value = input.trim().toUpperCase();
  const failure = creditCodeFailure(value);
  if (failure) return { ok: false, reason: failure };
  return {
    ok: true,
    value,
    registrationAuthority: value[0],
    orgType: value[1],
    regionCode: value.slice(2, 8),
    subjectCode: value.slice(8, 17),
  };
}
