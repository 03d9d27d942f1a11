import { z } from "zod";
import type { Bilingual, FieldError } from "./errors";

/**
 * zod issues → field errors in both languages. Custom checks (check digits,
 * password rules) carry their own bilingual text in `params`; zod's built-in
 * issues are translated here by code.
 */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    const m = bilingualIssue(issue);
    return { path: issue.path.join(".") || "(body)", message: m.zh, messageEn: m.en };
  });
}

function bilingualIssue(issue: z.core.$ZodIssue): Bilingual {
  const params = (issue as { params?: Partial<Bilingual> }).params;
  if (params?.zh && params.en) return { zh: params.zh, en: params.en };
  switch (issue.code) {
    case "invalid_type":
      // zod does not keep the input; its message says what was received.
      return /received undefined/.test(issue.message)
        ? { zh: "必填", en: "Required" }
        : { zh: `类型应为 ${issue.expected}`, en: `Expected ${issue.expected}` };
    case "too_small":
      return issue.origin === "string"
        ? { zh: `长度不能少于 ${issue.minimum} 个字符`, en: `Must be at least ${issue.minimum} characters` }
        : { zh: `不能小于 ${issue.minimum}`, en: `Must be at least ${issue.minimum}` };
    case "too_big":
      return issue.origin === "string"
        ? { zh: `长度不能超过 ${issue.maximum} 个字符`, en: `Must be at most ${issue.maximum} characters` }
        : { zh: `不能大于 ${issue.maximum}`, en: `Must be at most ${issue.maximum}` };
    case "invalid_format":
      return { zh: "格式不正确", en: `Invalid format (${issue.format})` };
    case "invalid_value":
      return { zh: `取值应为：${issue.values.join("、")}`, en: `Must be one of: ${issue.values.join(", ")}` };
    case "unrecognized_keys":
      return { zh: `不允许的字段：${issue.keys.join("、")}`, en: `Unknown fields: ${issue.keys.join(", ")}` };
    default:
      return { zh: "取值无效", en: issue.message };
  }
}

/** A zod check whose failure message is bilingual. */
export function check<T>(fn: (value: T) => Bilingual | null) {
  return (value: T, ctx: z.RefinementCtx) => {
    const failure = fn(value);
    if (failure) ctx.addIssue({ code: "custom", message: failure.en, params: failure });
  };
}
