import { citizenIdCheckChar, creditCodeCheckChar } from "@shuyuan/core";

let serial = 0;

/** A check-digit-valid citizen ID number, different on every call. */
export function newCitizenId(regionCode = "230102"): string {
  serial++;
  const first17 = `${regionCode}1990${String((serial % 12) + 1).padStart(2, "0")}${String((serial % 28) + 1).padStart(2, "0")}${String(serial % 1000).padStart(3, "0")}`;
  return first17 + citizenIdCheckChar(first17);
}

/** A check-character-valid unified social credit code, different on every call. */
export function newCreditCode(regionCode = "230102"): string {
  serial++;
  const first17 = `91${regionCode}MA${String(serial).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17);
}

/** Flips one digit so the check fails: a forged number. */
export function corrupt(id: string, at = 10): string {
  const d = Number(id[at]);
  return id.slice(0, at) + String((d + 1) % 10) + id.slice(at + 1);
}

export const STRONG_PASSWORD = "Qingshan#River2026";

export function legalPerson(overrides: Record<string, unknown> = {}) {
  const n = ++serial;
  return {
    accountKind: "legal",
    login: `corp${n}`,
    name: "张三",
    citizenId: newCitizenId(),
    password: STRONG_PASSWORD,
    phone: "13800138000",
    email: `corp${n}@example.cn`,
    organisation: { name: `测试科技有限公司${n}`, creditCode: newCreditCode(), regionCode: "230102" },
    ...overrides,
  };
}
