// zod issues → bilingual field errors. A transition's fieldHints (citing the article) win over
// the generic text, so "no reasons" reads "驳回须说明具体原因（004 §29）", not "Required".
import type { z } from "zod";
import type { Bilingual } from "../profiles";
import type { FieldError } from "./types";

export function fieldErrors(issues: readonly z.core.$ZodIssue[], hints: Readonly<Record<string, Bilingual>> = {}): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const keys = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of keys) {
      const dotted = path.map(String).join(".") || "(payload)";
      const top = String(path[0] ?? "");
      const hint = issue.code !== "unrecognized_keys" && Object.hasOwn(hints, top) ? hints[top] : undefined;
      const message = hint ?? genericMessage(issue);
      const key = `${dotted}\u0000${message.en}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path: dotted, message });
    }
  }
  return out;
}

function genericMessage(issue: z.core.$ZodIssue): Bilingual {
  const params = (issue as { params?: Partial<Bilingual> }).params;
  if (params?.zh && params.en) return { zh: params.zh, en: params.en };
  switch (issue.code) {
    case "invalid_type":
      return /received undefined/.test(issue.message)
        ? { zh: "必填", en: "Required" }
        : { zh: `类型应为 ${issue.expected}`, en: `Expected ${issue.expected}` };
    case "too_small":
      if (issue.origin === "string") return { zh: `不能为空，至少 ${issue.minimum} 个字符`, en: `Must be at least ${issue.minimum} characters` };
      if (issue.origin === "array") return { zh: `至少填写 ${issue.minimum} 项`, en: `Needs at least ${issue.minimum} item(s)` };
      return { zh: `不能小于 ${issue.minimum}`, en: `Must be at least ${issue.minimum}` };
    case "too_big":
      if (issue.origin === "string") return { zh: `不能超过 ${issue.maximum} 个字符`, en: `Must be at most ${issue.maximum} characters` };
      if (issue.origin === "array") return { zh: `最多 ${issue.maximum} 项`, en: `At most ${issue.maximum} items` };
      return { zh: `不能大于 ${issue.maximum}`, en: `Must be at most ${issue.maximum}` };
    case "invalid_format":
      return { zh: "格式不正确", en: `Invalid format (${issue.format})` };
    case "invalid_value":
      return { zh: `取值应为：${issue.values.map(String).join("、")}`, en: `Must be one of: ${issue.values.map(String).join(", ")}` };
    case "unrecognized_keys":
      return { zh: "不允许的字段", en: "Unknown field" };
    case "invalid_union":
      return { zh: "格式不符合任何一种允许的写法", en: "Matches none of the allowed shapes" };
    default:
      return { zh: "取值无效", en: issue.message };
  }
}
