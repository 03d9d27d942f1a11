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

export function parseCreditCode(input: string): CreditCodeResult {
  const value = input.trim().toUpperCase();
  if (!/^[0-9A-Z]{18}$/.test(value)) return { ok: false, reason: "format" };
  for (const c of value) if (!CHARSET.includes(c)) return { ok: false, reason: "charset" };
  if (!/^\d{6}$/.test(value.slice(2, 8))) return { ok: false, reason: "format" };
  if (creditCodeCheckChar(value) !== value[17]) return { ok: false, reason: "check_digit" };
  return {
    ok: true,
    value,
    registrationAuthority: value[0],
    orgType: value[1],
    regionCode: value.slice(2, 8),
    subjectCode: value.slice(8, 17),
  };
}
