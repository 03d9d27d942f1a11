// The regulations' completeness and classification rules for a catalog entry, each failure naming its
// article. Run on every save, import row and submission; the result's `content` is the normalised entry
// to store (e.g. a conditional share with no stated conditions becomes unconditional, 004 §21).
import { fieldErrors } from "../cases/field-errors";
import type { FieldError } from "../cases/types";
import type { Bilingual } from "../profiles";
import { datasetContentSchema, type DatasetContent } from "./dataset";
import { BASE_AREAS, PERSONAL_KINDS, THEME_AREAS, THEME_LABELS, type Theme } from "./vocabulary";

export type DatasetCheck =
  | { ok: true; content: DatasetContent; warnings: FieldError[] }
  | { ok: false; errors: FieldError[]; warnings: FieldError[] };

const err = (path: string, zh: string, en: string): FieldError => ({ path, message: { zh, en } });

/** The highest level among an entry's fields: the entry's level may not be lower (003 §23). */
export function highestFieldLevel(fields: readonly { level: number }[]): number {
  return fields.reduce((max, f) => Math.max(max, f.level), 1);
}

export function checkDataset(input: unknown): DatasetCheck {
  const parsed = datasetContentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues), warnings: [] };
  const content: DatasetContent = structuredClone(parsed.data);
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];

  // 共享类型 (004 §21, 002 §18)
  if (content.shareType === "none" && !content.shareBasis) {
    errors.push(err("shareBasis", "不予共享的，须注明相关法律、行政法规或政策依据（004 §21；002 §18）", "An entry not shared must cite the law, regulation or policy that forbids it (004 §21; 002 §18)"));
  }
  if (content.shareType === "conditional") {
    const { scope, purpose } = content.shareConditions ?? {};
    if (!scope && !purpose) {
      content.shareType = "unconditional";
      delete content.shareConditions;
      warnings.push(err("shareType", "有条件共享未注明使用范围和用途条件，按无条件共享处理（004 §21）", "Conditional sharing states no scope or purpose, so it counts as unconditional (004 §21)"));
    } else {
      if (!scope) errors.push(err("shareConditions.scope", "有条件共享须注明使用范围（004 §21）", "Conditional sharing must state the scope of use (004 §21)"));
      if (!purpose) errors.push(err("shareConditions.purpose", "有条件共享须注明用途条件（004 §21）", "Conditional sharing must state the purposes allowed (004 §21)"));
    }
  } else if (content.shareConditions) {
    delete content.shareConditions;
  }
  if (content.shareType !== "none") delete content.shareBasis;

  // 开放类型 (004 §33)
  if (content.openType === "none" && !content.openReason) {
    errors.push(err("openReason", "不予开放的，须说明理由（004 §33）", "An entry not opened must state why (004 §33)"));
  }
  if (content.openType === "conditional" && !content.openConditions) {
    errors.push(err("openConditions", "有条件开放的，须明确开放条件（004 §33）", "Conditional opening must state its conditions (004 §33)"));
  }
  if (content.openType !== "none") delete content.openReason;
  if (content.openType !== "conditional") delete content.openConditions;

  // 分级 (003 §23)
  const highest = highestFieldLevel(content.fields);
  if (content.level < highest) {
    errors.push(err("level", `条目分级不得低于其信息项的最高分级（${highest}级，003 §23）`, `The entry's level may not be below its highest field's (level ${highest}, 003 §23)`));
  }
  if (content.level === 4 && content.shareType === "unconditional") {
    errors.push(err("shareType", "四级数据原则上不予共享，只能以可用不可见方式有条件共享（003 §23）", "Level-4 data is not shared in principle; at most conditionally, usable but not visible (003 §23)"));
  }
  if (content.level === 4 && content.openType === "unconditional") {
    errors.push(err("openType", "四级数据不得无条件开放（003 §23）", "Level-4 data may not be opened unconditionally (003 §23)"));
  }
  // 001 §7: personal privacy is not opened unless desensitized or the right-holder consents.
  const personal = content.fields.filter((f) => PERSONAL_KINDS.includes(f.sensitivity));
  if (content.openType === "unconditional" && personal.length) {
    warnings.push(
      err(
        "openType",
        `无条件开放的条目含个人信息项（${personal.map((f) => f.title).join("、")}），须脱敏或经权利人同意后方可开放（001 §7）`,
        `An openly published entry holds personal fields (${personal.map((f) => f.name).join(", ")}): open them only desensitised or with the right-holder's consent (001 §7)`,
      ),
    );
  }

  // 目录类型 (002 §7–8, 004 §20)
  if (content.catalogKind === "base" && !(BASE_AREAS as readonly Theme[]).includes(content.theme as Theme)) {
    errors.push(err("theme", `基础目录须归入基础信息资源库：${BASE_AREAS.map((t) => THEME_LABELS[t].zh).join("、")}（002 §7）`, `A base-catalog entry belongs to a base resource: ${BASE_AREAS.join(", ")} (002 §7)`));
  }
  if (content.catalogKind === "theme" && !(THEME_AREAS as readonly Theme[]).includes(content.theme as Theme)) {
    errors.push(err("theme", "主题目录须注明所属主题领域（002 §8）", "A theme-catalog entry must name its theme (002 §8)"));
  }

  // 信息项
  const seen = new Map<string, number>();
  content.fields.forEach((f, i) => {
    const first = seen.get(f.name);
    if (first !== undefined) errors.push(err(`fields.${i}.name`, `字段名"${f.name}"与第 ${first + 1} 项重复`, `Field name "${f.name}" repeats field ${first + 1}`));
    else seen.set(f.name, i);
    if (f.length !== undefined && f.type !== "string") {
      errors.push(err(`fields.${i}.length`, "只有字符型信息项可以设定长度", "Only text fields take a length"));
    }
  });
  content.tags = [...new Set(content.tags)];
  content.formats = [...new Set(content.formats)];

  return errors.length ? { ok: false, errors, warnings } : { ok: true, content, warnings };
}

/** A one-line message for a list of field errors (for row-level import reports). */
export function describeErrors(errors: readonly FieldError[]): Bilingual {
  return {
    zh: errors.map((e) => `${e.path}：${e.message.zh}`).join("；"),
    en: errors.map((e) => `${e.path}: ${e.message.en}`).join("; "),
  };
}
