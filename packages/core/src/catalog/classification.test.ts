import { describe, expect, it } from "vitest";
import { seededRandom } from "../cases/case-test-kit.fixture";
import type { FieldError } from "../cases/types";
import { checkDataset, describeErrors, highestFieldLevel, type DatasetCheck } from "./classification";
import type { DatasetContent, DatasetField, DatasetInput } from "./dataset";
import {
  BASE_AREAS,
  CATALOG_KINDS,
  FIELD_TYPES,
  FORMATS,
  LEVELS,
  OPEN_TYPES,
  PERSONAL_KINDS,
  SENSITIVITY_KINDS,
  SHARE_TYPES,
  THEME_AREAS,
  THEMES,
  UPDATE_FREQUENCIES,
  type SensitivityKind,
} from "./vocabulary";

/** A complete, valid department-catalog entry: everything shared and opened unconditionally, level 1. */
function entry(overrides: Partial<DatasetInput> = {}): DatasetInput {
  return {
    title: "企业登记信息",
    code: "230000-SC-0012",
    summary: "全省市场主体登记基本信息",
    catalogKind: "department",
    fields: [
      { name: "credit_code", title: "统一社会信用代码", type: "string", length: 18, level: 1, sensitivity: "credit_code", key: true, required: true },
      { name: "reg_date", title: "成立日期", type: "date", level: 1 },
    ],
    formats: ["csv", "api"],
    updateFrequency: "daily",
    shareType: "unconditional",
    openType: "unconditional",
    level: 1,
    contact: { name: "数据科", phone: "0451-12345678" },
    ...overrides,
  };
}

function accepted(r: DatasetCheck): Extract<DatasetCheck, { ok: true }> {
  if (!r.ok) expect.fail(`expected the entry to be accepted, got ${JSON.stringify(r.errors)}`);
  return r;
}

function refused(r: DatasetCheck): FieldError[] {
  if (r.ok) expect.fail("expected the entry to be refused");
  for (const e of r.errors) {
    expect(e.message.zh.length, `zh message for ${e.path}`).toBeGreaterThan(0);
    expect(e.message.en.length, `en message for ${e.path}`).toBeGreaterThan(0);
  }
  return r.errors;
}

const paths = (errors: readonly FieldError[]) => errors.map((e) => e.path);

describe("a complete entry (004 §13: data items, provider, format, frequency, share and open type)", () => {
  it("004 §13: a complete entry is accepted without warnings, with defaults filled in", () => {
    const r = accepted(checkDataset(entry()));
    expect(r.warnings).toEqual([]);
    expect(r.content.fields[1]).toEqual({ name: "reg_date", title: "成立日期", type: "date", level: 1, sensitivity: "none", required: false, key: false });
    expect(r.content.tags).toEqual([]);
  });

  it("004 §13: an entry with no data items, no format or no update frequency is refused", () => {
    const errors = refused(checkDataset({ ...entry({ fields: [], formats: [] }), updateFrequency: undefined }));
    expect(paths(errors).sort()).toEqual(["fields", "formats", "updateFrequency"]);
  });

  it("the input is not modified (the result is a normalised copy)", () => {
    const input = entry({ shareType: "conditional", tags: ["a", "a"] });
    const before = structuredClone(input);
    checkDataset(input);
    expect(input).toEqual(before);
  });
});

describe("共享类型 (004 §21, 002 §18)", () => {
  it("004 §21: share type none without a legal basis is refused", () => {
    const errors = refused(checkDataset(entry({ shareType: "none" })));
    expect(errors).toEqual([{ path: "shareBasis", message: { zh: expect.stringContaining("004 §21"), en: expect.stringContaining("004 §21") } }]);
    expect(errors[0].message.zh).toContain("002 §18");
  });

  it("004 §21: share type none with a blank legal basis is refused (blank counts as missing)", () => {
    expect(paths(refused(checkDataset(entry({ shareType: "none", shareBasis: "   " }))))).toEqual(["shareBasis"]);
  });

  it("004 §21: share type none with its legal basis is accepted and keeps the basis", () => {
    const r = accepted(checkDataset(entry({ shareType: "none", shareBasis: "  《统计法》第二十五条  " })));
    expect(r.content.shareType).toBe("none");
    expect(r.content.shareBasis).toBe("《统计法》第二十五条");
  });

  it("004 §21: conditional share with scope and purpose is accepted as conditional", () => {
    const r = accepted(checkDataset(entry({ shareType: "conditional", shareConditions: { scope: "省内社保部门", purpose: "社保待遇资格认证" } })));
    expect(r.content.shareType).toBe("conditional");
    expect(r.content.shareConditions).toEqual({ scope: "省内社保部门", purpose: "社保待遇资格认证" });
    expect(r.warnings).toEqual([]);
  });

  it("004 §21: conditional share with no scope or purpose counts as unconditional (with a warning)", () => {
    for (const shareConditions of [undefined, {}, { scope: "", purpose: "  " }]) {
      const r = accepted(checkDataset(entry({ shareType: "conditional", shareConditions })));
      expect(r.content.shareType).toBe("unconditional");
      expect(r.content).not.toHaveProperty("shareConditions");
      expect(r.warnings).toEqual([{ path: "shareType", message: { zh: expect.stringContaining("004 §21"), en: expect.stringContaining("counts as unconditional") } }]);
    }
  });

  it("004 §21: conditional share with a scope but no purpose is refused", () => {
    const errors = refused(checkDataset(entry({ shareType: "conditional", shareConditions: { scope: "省内社保部门" } })));
    expect(errors).toEqual([{ path: "shareConditions.purpose", message: { zh: expect.stringContaining("004 §21"), en: expect.stringContaining("004 §21") } }]);
  });

  it("004 §21: conditional share with a purpose but no scope is refused", () => {
    const errors = refused(checkDataset(entry({ shareType: "conditional", shareConditions: { purpose: "资格认证" } })));
    expect(errors).toEqual([{ path: "shareConditions.scope", message: { zh: expect.stringContaining("004 §21"), en: expect.stringContaining("004 §21") } }]);
  });

  it("004 §21: share conditions and a legal basis are dropped when the share type does not use them", () => {
    const unconditional = accepted(checkDataset(entry({ shareConditions: { scope: "x", purpose: "y" }, shareBasis: "z" })));
    expect(unconditional.content).not.toHaveProperty("shareConditions");
    expect(unconditional.content).not.toHaveProperty("shareBasis");
    const none = accepted(checkDataset(entry({ shareType: "none", shareBasis: "《统计法》", shareConditions: { scope: "x", purpose: "y" } })));
    expect(none.content).not.toHaveProperty("shareConditions");
    expect(none.content.shareBasis).toBe("《统计法》");
    const conditional = accepted(checkDataset(entry({ shareType: "conditional", shareConditions: { scope: "x", purpose: "y" }, shareBasis: "z" })));
    expect(conditional.content).not.toHaveProperty("shareBasis");
  });
});

describe("开放类型 (004 §33)", () => {
  it("004 §33: open type none without a reason is refused", () => {
    const errors = refused(checkDataset(entry({ openType: "none" })));
    expect(errors).toEqual([{ path: "openReason", message: { zh: expect.stringContaining("004 §33"), en: expect.stringContaining("004 §33") } }]);
  });

  it("004 §33: open type none with a reason is accepted and keeps the reason", () => {
    const r = accepted(checkDataset(entry({ openType: "none", openReason: "涉及商业秘密" })));
    expect(r.content.openReason).toBe("涉及商业秘密");
  });

  it("004 §33: conditional open without its conditions is refused", () => {
    for (const openConditions of [undefined, "", "  "]) {
      const errors = refused(checkDataset(entry({ openType: "conditional", openConditions })));
      expect(errors).toEqual([{ path: "openConditions", message: { zh: expect.stringContaining("004 §33"), en: expect.stringContaining("004 §33") } }]);
    }
  });

  it("004 §33: conditional open with its conditions is accepted", () => {
    const r = accepted(checkDataset(entry({ openType: "conditional", openConditions: "签署数据使用协议" })));
    expect(r.content.openConditions).toBe("签署数据使用协议");
  });

  it("004 §33: open conditions and reasons are dropped when the open type does not use them", () => {
    const open = accepted(checkDataset(entry({ openConditions: "x", openReason: "y" })));
    expect(open.content).not.toHaveProperty("openConditions");
    expect(open.content).not.toHaveProperty("openReason");
    const none = accepted(checkDataset(entry({ openType: "none", openConditions: "x", openReason: "y" })));
    expect(none.content).not.toHaveProperty("openConditions");
    expect(none.content.openReason).toBe("y");
    const conditional = accepted(checkDataset(entry({ openType: "conditional", openConditions: "x", openReason: "y" })));
    expect(conditional.content).not.toHaveProperty("openReason");
    expect(conditional.content.openConditions).toBe("x");
  });

  it("004 §21 §33: every share/open rule is reported at once", () => {
    const errors = refused(checkDataset(entry({ shareType: "none", openType: "none" })));
    expect(paths(errors)).toEqual(["shareBasis", "openReason"]);
  });
});

describe("分级 (003 §23)", () => {
  const fieldAt = (name: string, level: 1 | 2 | 3 | 4) => ({ name, title: name, type: "string" as const, level });

  it("003 §23: entry level below its highest field's is refused", () => {
    const errors = refused(checkDataset(entry({ level: 2, fields: [fieldAt("a", 1), fieldAt("b", 3)] })));
    expect(errors).toEqual([{ path: "level", message: { zh: expect.stringContaining("3级"), en: expect.stringContaining("level 3, 003 §23") } }]);
  });

  it("003 §23: entry level equal to or above its highest field's is accepted", () => {
    accepted(checkDataset(entry({ level: 3, fields: [fieldAt("a", 1), fieldAt("b", 3)] })));
    accepted(checkDataset(entry({ level: 3, openType: "conditional", openConditions: "x", fields: [fieldAt("a", 1), fieldAt("b", 2)] })));
  });

  it("003 §23: highestFieldLevel is the maximum field level (1 for no fields)", () => {
    expect(highestFieldLevel([])).toBe(1);
    expect(highestFieldLevel([{ level: 2 }, { level: 4 }, { level: 1 }])).toBe(4);
  });

  it("003 §23: level 4 is never shared unconditionally", () => {
    const errors = refused(checkDataset(entry({ level: 4, openType: "none", openReason: "四级数据" })));
    expect(errors).toEqual([{ path: "shareType", message: { zh: expect.stringContaining("003 §23"), en: expect.stringContaining("003 §23") } }]);
  });

  it("003 §23 + 004 §21: a level-4 conditional share with no conditions becomes unconditional and so is refused", () => {
    const r = checkDataset(entry({ level: 4, shareType: "conditional", openType: "none", openReason: "四级数据" }));
    expect(paths(refused(r))).toEqual(["shareType"]);
    expect(r.warnings.map((w) => w.path)).toEqual(["shareType"]);
  });

  it("003 §23: level 4 is never opened unconditionally", () => {
    const errors = refused(checkDataset(entry({ level: 4, shareType: "none", shareBasis: "《保守国家秘密法》" })));
    expect(errors).toEqual([{ path: "openType", message: { zh: expect.stringContaining("003 §23"), en: expect.stringContaining("003 §23") } }]);
  });

  it("003 §23: level 4 shared conditionally (usable but not visible) and not opened is accepted", () => {
    accepted(
      checkDataset(
        entry({ level: 4, shareType: "conditional", shareConditions: { scope: "隐私计算平台", purpose: "联合建模" }, openType: "none", openReason: "四级数据" }),
      ),
    );
    accepted(checkDataset(entry({ level: 4, shareType: "none", shareBasis: "x", openType: "conditional", openConditions: "沙箱内使用" })));
  });

  it("003 §23: levels 1–3 may be shared and opened unconditionally", () => {
    for (const level of [1, 2, 3] as const) accepted(checkDataset(entry({ level })));
  });
});

describe("个人信息 (001 §7)", () => {
  const personal = (sensitivity: SensitivityKind) => ({ name: "holder", title: "持有人", type: "string" as const, level: 1 as const, sensitivity });

  it("001 §7: personal fields in an unconditionally open entry give a warning naming them, not an error", () => {
    const r = accepted(checkDataset(entry({ fields: [...entry().fields!, personal("citizen_id")] })));
    expect(r.warnings).toEqual([{ path: "openType", message: { zh: expect.stringContaining("持有人"), en: expect.stringContaining("holder") } }]);
    expect(r.warnings[0].message.zh).toContain("001 §7");
    expect(r.warnings[0].message.en).toContain("001 §7");
  });

  it("001 §7: every personal sensitivity kind triggers the warning; credit codes and none do not", () => {
    for (const kind of SENSITIVITY_KINDS) {
      const r = accepted(checkDataset(entry({ fields: [personal(kind)] })));
      expect(r.warnings.length, kind).toBe(PERSONAL_KINDS.includes(kind) ? 1 : 0);
    }
  });

  it("001 §7: personal fields in a conditionally open or not open entry give no warning", () => {
    const fields = [personal("phone")];
    expect(accepted(checkDataset(entry({ fields, openType: "conditional", openConditions: "脱敏后" }))).warnings).toEqual([]);
    expect(accepted(checkDataset(entry({ fields, openType: "none", openReason: "个人隐私" }))).warnings).toEqual([]);
  });
});

describe("目录类型 (002 §6–8, 004 §20)", () => {
  it("002 §7: a base-catalog entry must belong to a base resource", () => {
    expect(refused(checkDataset(entry({ catalogKind: "base" })))).toEqual([
      { path: "theme", message: { zh: expect.stringContaining("002 §7"), en: expect.stringContaining("002 §7") } },
    ]);
    expect(paths(refused(checkDataset(entry({ catalogKind: "base", theme: "health" }))))).toEqual(["theme"]);
    for (const theme of BASE_AREAS) accepted(checkDataset(entry({ catalogKind: "base", theme })));
  });

  it("002 §8: a theme-catalog entry must name its theme", () => {
    expect(refused(checkDataset(entry({ catalogKind: "theme" })))).toEqual([
      { path: "theme", message: { zh: expect.stringContaining("002 §8"), en: expect.stringContaining("002 §8") } },
    ]);
    expect(paths(refused(checkDataset(entry({ catalogKind: "theme", theme: "population" }))))).toEqual(["theme"]);
    for (const theme of THEME_AREAS) accepted(checkDataset(entry({ catalogKind: "theme", theme })));
  });

  it("002 §6: a department-catalog entry needs no theme, and may carry any", () => {
    accepted(checkDataset(entry({ catalogKind: "department" })));
    for (const theme of THEMES) accepted(checkDataset(entry({ catalogKind: "department", theme })));
  });

  it("an unknown theme is a schema error", () => {
    expect(paths(refused(checkDataset(entry({ catalogKind: "theme", theme: "weather" as never }))))).toEqual(["theme"]);
  });
});

describe("信息项 (fields)", () => {
  it("duplicate field names are refused, naming the first occurrence", () => {
    const fields = [
      { name: "a", title: "A", type: "string", level: 1 },
      { name: "b", title: "B", type: "string", level: 1 },
      { name: "A", title: "A again", type: "integer", level: 1 },
    ] as const;
    const errors = refused(checkDataset(entry({ fields: [...fields] })));
    expect(errors).toEqual([{ path: "fields.2.name", message: { zh: expect.stringContaining("第 1 项"), en: 'Field name "a" repeats field 1' } }]);
  });

  it("a length is only allowed on text fields", () => {
    for (const type of FIELD_TYPES) {
      const r = checkDataset(entry({ fields: [{ name: "x", title: "X", type, length: 10, level: 1 }] }));
      if (type === "string") accepted(r);
      else expect(refused(r), type).toEqual([{ path: "fields.0.length", message: { zh: "只有字符型信息项可以设定长度", en: "Only text fields take a length" } }]);
    }
  });

  it("field names are trimmed and lower-cased (they become column names)", () => {
    const r = accepted(checkDataset(entry({ fields: [{ name: "  Credit_Code ", title: "代码", type: "string", level: 1 }] })));
    expect(r.content.fields[0].name).toBe("credit_code");
  });

  it("field names that are not identifiers are refused", () => {
    for (const name of ["1abc", "has space", "名称", "a-b", "", "x".repeat(64)]) {
      const errors = refused(checkDataset(entry({ fields: [{ name, title: "X", type: "string", level: 1 }] })));
      expect(paths(errors), name).toEqual(["fields.0.name"]);
    }
    accepted(checkDataset(entry({ fields: [{ name: "_x".padEnd(63, "9"), title: "X", type: "string", level: 1 }] })));
  });
});

describe("normalisation", () => {
  it("tags and formats are deduplicated (after trimming), keeping their first order", () => {
    const r = accepted(checkDataset(entry({ tags: ["企业", " 企业 ", "登记", "企业"], formats: ["json", "csv", "json"] })));
    expect(r.content.tags).toEqual(["企业", "登记"]);
    expect(r.content.formats).toEqual(["json", "csv"]);
  });

  it("text is trimmed and blank optional text is dropped", () => {
    const r = accepted(
      checkDataset(entry({ title: "  企业登记信息  ", code: " 230000-SC-0012 ", collectionChannel: "   ", contact: { name: " 数据科 ", phone: "", email: "" } })),
    );
    expect(r.content.title).toBe("企业登记信息");
    expect(r.content.code).toBe("230000-SC-0012");
    expect(r.content.collectionChannel).toBeUndefined();
    expect(r.content.contact).toEqual({ name: "数据科", phone: undefined, email: undefined });
  });
});

describe("schema errors carry bilingual messages and paths", () => {
  it("a bad code", () => {
    for (const code of ["-starts-with-dash", "has space", "中文编码", "x".repeat(65), ""]) {
      const errors = refused(checkDataset(entry({ code })));
      expect(paths(errors), code).toEqual(["code"]);
    }
  });

  it("a bad field name", () => {
    const errors = refused(checkDataset(entry({ fields: [{ name: "bad name", title: "X", type: "string", level: 1 }] })));
    expect(errors).toEqual([{ path: "fields.0.name", message: { zh: "格式不正确", en: expect.stringContaining("Invalid format") } }]);
  });

  it("an unknown property, at the top and inside a field", () => {
    const top = refused(checkDataset({ ...entry(), provider: "org-1" }));
    expect(top).toEqual([{ path: "provider", message: { zh: "不允许的字段", en: "Unknown field" } }]);
    const inner = refused(checkDataset(entry({ fields: [{ name: "a", title: "A", type: "string", level: 1, colour: "red" } as never] })));
    expect(inner).toEqual([{ path: "fields.0.colour", message: { zh: "不允许的字段", en: "Unknown field" } }]);
  });

  it("too many fields (more than 500)", () => {
    const fields = Array.from({ length: 501 }, (_, i) => ({ name: `f${i}`, title: `F${i}`, type: "string" as const, level: 1 as const }));
    expect(refused(checkDataset(entry({ fields })))).toEqual([{ path: "fields", message: { zh: "最多 500 项", en: "At most 500 items" } }]);
    accepted(checkDataset(entry({ fields: fields.slice(0, 500) })));
  });

  it("an unknown code-list value names the allowed values", () => {
    const errors = refused(checkDataset(entry({ shareType: "sometimes" as never })));
    expect(errors).toEqual([{ path: "shareType", message: { zh: "取值应为：unconditional、conditional、none", en: "Must be one of: unconditional, conditional, none" } }]);
  });

  it("a level outside 1–4 is refused (entry and field), naming the allowed levels", () => {
    const allowed = { zh: "取值应为：1、2、3、4", en: "Must be one of: 1, 2, 3, 4" };
    expect(refused(checkDataset(entry({ level: 5 as never })))).toEqual([{ path: "level", message: allowed }]);
    expect(refused(checkDataset(entry({ level: "2" as never })))).toEqual([{ path: "level", message: allowed }]);
    expect(refused(checkDataset(entry({ fields: [{ name: "a", title: "A", type: "string", level: 0 as never }] })))).toEqual([
      { path: "fields.0.level", message: allowed },
    ]);
  });

  it("optional text the input omits is absent from the content, and optional in its type", () => {
    const r = accepted(checkDataset(entry()));
    for (const key of ["collectionChannel", "shareBasis", "openConditions", "openReason", "theme"]) expect(r.content).not.toHaveProperty(key);
    expect(r.content.fields[1]).not.toHaveProperty("description");
    // Type-level: a field or contact without its optional text is a valid DatasetField / DatasetContent.
    const field: DatasetField = { name: "a", title: "A", type: "string", level: 1, sensitivity: "none", required: false, key: false };
    const contact: DatasetContent["contact"] = { name: "数据科" };
    expect(checkDataset(entry({ fields: [field], contact }))).toMatchObject({ ok: true, content: { fields: [field], contact } });
  });

  it("a missing contact or a bad e-mail", () => {
    expect(paths(refused(checkDataset({ ...entry(), contact: undefined })))).toEqual(["contact"]);
    expect(paths(refused(checkDataset(entry({ contact: { name: "x", email: "not-an-email" } }))))).toEqual(["contact.email"]);
  });

  it("not an object at all", () => {
    for (const input of [null, undefined, 42, "entry", []]) {
      const errors = refused(checkDataset(input));
      expect(errors.length).toBeGreaterThan(0);
    }
  });

  it("schema errors come before the classification rules (no rule messages on an unparsable entry)", () => {
    const r = checkDataset(entry({ shareType: "none", code: "!" }));
    expect(paths(refused(r))).toEqual(["code"]);
    expect(r.warnings).toEqual([]);
  });

  it("describeErrors joins the errors into one bilingual line", () => {
    expect(
      describeErrors([
        { path: "a", message: { zh: "甲", en: "A" } },
        { path: "b", message: { zh: "乙", en: "B" } },
      ]),
    ).toEqual({ zh: "a：甲；b：乙", en: "a: A; b: B" });
    expect(describeErrors([])).toEqual({ zh: "", en: "" });
  });
});

// ---- property test (fast-check is not installed: a seeded hand-rolled generator) ----

/**
 * Entries near the rules' edges: half the cases are noise-free on the schema side (so the classification
 * rules decide), the other half carry a little schema noise (junk values, bad names, unknown keys).
 */
function generate(rand: () => number): unknown {
  const noise = rand() < 0.5 ? 0 : 0.04;
  const ok = () => rand() >= noise;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const str = () => pick(["", "  ", "x", " 条件 ", "《统计法》第二十五条", "a".repeat(50), "y", "z"]);
  const junk = () => pick<unknown>([null, 7, "?", [], {}, true, -1, "9"]);
  const field = (_: unknown, i: number) => {
    const type = ok() ? pick(FIELD_TYPES) : junk();
    const f: Record<string, unknown> = {
      // Distinct identifiers in various cases; sometimes a clash after lower-casing or an invalid name.
      name: rand() < 0.95 ? pick(["f", " F", "col_"]) + i : pick(["a", "A", " a ", "bad name", "1x"]),
      title: ok() ? pick(["字段", "Title"]) : " ",
      type,
      level: ok() ? pick([1, 1, 1, 2, 3, 4]) : junk(),
    };
    if (rand() < (type === "string" ? 0.5 : 0.03)) f.length = ok() ? pick([1, 18, 100_000]) : pick<unknown>([0, 100_001, 2.5]);
    if (rand() < 0.5) f.sensitivity = pick(SENSITIVITY_KINDS);
    if (rand() < 0.2) f.required = rand() < 0.5;
    if (rand() < 0.2) f.key = rand() < 0.5;
    if (rand() < 0.2) f.description = str();
    if (!ok()) f.extra = 1;
    return f;
  };
  const fields = Array.from({ length: ok() ? 1 + Math.floor(rand() * 5) : 0 }, field);
  const top = Math.max(1, ...fields.map((f) => (typeof f.level === "number" ? f.level : 1)));
  const catalogKind = pick([...CATALOG_KINDS, "department"]);
  const theme =
    rand() < 0.8
      ? catalogKind === "base"
        ? pick(BASE_AREAS)
        : catalogKind === "theme"
          ? pick(THEME_AREAS)
          : rand() < 0.5
            ? pick(THEMES)
            : undefined
      : pick([undefined, ...THEMES, "weather"]);
  const e: Record<string, unknown> = {
    title: ok() ? pick(["企业登记", " t "]) : junk(),
    code: ok() ? pick(["A-1", "230000-GA-0012", "x.y_z"]) : pick(["", "-a", "a b"]),
    summary: "摘要",
    catalogKind,
    theme,
    fields,
    formats: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(FORMATS)),
    updateFrequency: pick(UPDATE_FREQUENCIES),
    shareType: ok() ? pick(SHARE_TYPES) : junk(),
    openType: ok() ? pick(OPEN_TYPES) : junk(),
    // Mostly at or above the highest field level (003 §23), sometimes below.
    level: ok() ? (rand() < 0.85 ? pick(LEVELS.filter((l) => l >= top)) : pick(LEVELS)) : junk(),
    contact: ok() ? { name: "数据科", ...(rand() < 0.3 ? { email: ok() ? pick(["", "a@b.cn"]) : "nope" } : {}) } : junk(),
  };
  if (rand() < 0.6) e.shareConditions = { ...(rand() < 0.8 ? { scope: str() } : {}), ...(rand() < 0.8 ? { purpose: str() } : {}) };
  if (rand() < 0.7) e.shareBasis = str();
  if (rand() < 0.7) e.openConditions = str();
  if (rand() < 0.7) e.openReason = str();
  if (rand() < 0.4) e.tags = Array.from({ length: Math.floor(rand() * 4) }, () => pick(["a", "a", " a", "b"]));
  if (rand() < 0.3) e.collectionChannel = str();
  if (!ok()) e.unknown = junk();
  if (rand() < 0.005) return junk();
  return e;
}

describe("property: checkDataset is total and idempotent", () => {
  it("never throws; errors and warnings are bilingual; accepted content re-checks to itself", () => {
    const seed = 20260930;
    const rand = seededRandom(seed);
    let accepts = 0;
    let downgraded = 0;
    const refusedOn = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const input = generate(rand);
      let r: DatasetCheck;
      try {
        r = checkDataset(input);
      } catch (e) {
        expect.fail(`seed ${seed} case ${i}: threw ${String(e)} on ${JSON.stringify(input)}`);
      }
      for (const e of [...(r.ok ? [] : r.errors), ...r.warnings]) {
        expect(e.message.zh.length).toBeGreaterThan(0);
        expect(e.message.en.length).toBeGreaterThan(0);
      }
      if (!r.ok) {
        for (const e of r.errors) refusedOn.add(e.path.replace(/\.\d+\./g, ".#."));
        continue;
      }
      accepts++;
      if (r.warnings.some((w) => w.path === "shareType")) downgraded++;
      const again = checkDataset(r.content);
      expect(again, `seed ${seed} case ${i}: ${JSON.stringify(input)}`).toEqual({ ok: true, content: r.content, warnings: expect.any(Array) });
      // Re-checking never produces the 004 §21 downgrade again: it already happened.
      expect(again.warnings.filter((w) => w.path === "shareType")).toEqual([]);
      // JSON round trip (how the server stores it) is still accepted and equal.
      const stored = JSON.parse(JSON.stringify(r.content)) as DatasetContent;
      expect(checkDataset(stored)).toMatchObject({ ok: true, content: stored });
      // Accepted content satisfies every rule.
      const c = r.content;
      expect(c.level).toBeGreaterThanOrEqual(highestFieldLevel(c.fields));
      if (c.shareType === "none") expect(c.shareBasis).toBeTruthy();
      else expect(c.shareBasis).toBeUndefined();
      if (c.shareType === "conditional") expect(c.shareConditions?.scope && c.shareConditions.purpose).toBeTruthy();
      else expect(c.shareConditions).toBeUndefined();
      if (c.openType === "none") expect(c.openReason).toBeTruthy();
      else expect(c.openReason).toBeUndefined();
      if (c.openType === "conditional") expect(c.openConditions).toBeTruthy();
      else expect(c.openConditions).toBeUndefined();
      if (c.level === 4) expect([c.shareType, c.openType]).not.toContain("unconditional");
      expect(new Set(c.fields.map((f) => f.name)).size).toBe(c.fields.length);
      expect(new Set(c.tags).size).toBe(c.tags.length);
      expect(new Set(c.formats).size).toBe(c.formats.length);
    }
    // The generator must reach both sides often enough to mean something.
    expect(accepts).toBeGreaterThan(300);
    // …and every classification rule must have refused something.
    for (const path of ["shareBasis", "shareConditions.scope", "shareConditions.purpose", "openReason", "openConditions", "level", "shareType", "openType", "theme", "fields.#.name", "fields.#.length"]) {
      expect(refusedOn, path).toContain(path);
    }
    expect(accepts).toBeLessThan(2900);
    expect(downgraded).toBeGreaterThan(10);
  });
});
