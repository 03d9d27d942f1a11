import { describe, expect, it } from "vitest";
import { checkDataset } from "./classification";
import type { DatasetContent, DatasetInput } from "./dataset";
import { diffDatasets } from "./diff";

/** A stored version: content as checkDataset normalises it. */
function version(overrides: Partial<DatasetInput> = {}): DatasetContent {
  const r = checkDataset({
    title: "企业登记信息",
    code: "230000-SC-0012",
    summary: "全省市场主体登记基本信息",
    catalogKind: "department",
    fields: [
      { name: "credit_code", title: "统一社会信用代码", type: "string", length: 18, level: 1, key: true },
      { name: "reg_date", title: "成立日期", type: "date", level: 1 },
      { name: "capital", title: "注册资本", type: "number", level: 2 },
    ],
    formats: ["csv", "api"],
    updateFrequency: "daily",
    shareType: "unconditional",
    openType: "unconditional",
    level: 2,
    tags: ["企业", "登记"],
    contact: { name: "数据科", phone: "0451-12345678" },
    ...overrides,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.content;
}

const fieldsOf = (c: DatasetContent) => c.fields;

describe("diffDatasets: the version history (版本记录)", () => {
  it("first version: every stated property and every field is added", () => {
    const v1 = version();
    const changes = diffDatasets(null, v1);
    expect(changes.filter((c) => !c.path.startsWith("fields."))).toEqual(
      ["catalogKind", "code", "contact", "formats", "level", "openType", "shareType", "summary", "tags", "title", "updateFrequency"].map((path) => ({
        path,
        kind: "added",
        after: (v1 as Record<string, unknown>)[path],
      })),
    );
    expect(changes.filter((c) => c.path.startsWith("fields."))).toEqual(
      v1.fields.map((f) => ({ path: `fields.${f.name}`, kind: "added", after: f })),
    );
    // Properties the entry does not state are not listed.
    expect(changes.map((c) => c.path)).not.toContain("theme");
    expect(changes.map((c) => c.path)).not.toContain("fields");
  });

  it("no change → []", () => {
    expect(diffDatasets(version(), version())).toEqual([]);
  });

  it("no change: key order and optional properties left undefined do not count", () => {
    const a = version();
    const b = Object.fromEntries(Object.entries(structuredClone(a)).reverse()) as DatasetContent;
    b.fields = b.fields.map((f) => Object.fromEntries(Object.entries(f).reverse()) as typeof f);
    (b as Record<string, unknown>).theme = undefined;
    (b.fields[0] as Record<string, unknown>).description = undefined;
    expect(diffDatasets(a, b)).toEqual([]);
  });

  it("a changed scalar is one change with before and after", () => {
    expect(diffDatasets(version(), version({ title: "市场主体登记信息" }))).toEqual([
      { path: "title", kind: "changed", before: "企业登记信息", after: "市场主体登记信息" },
    ]);
  });

  it("several changed scalars are listed in property-name order", () => {
    const changes = diffDatasets(version(), version({ updateFrequency: "weekly", level: 3, code: "230000-SC-0013" }));
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      ["code", "changed"],
      ["level", "changed"],
      ["updateFrequency", "changed"],
    ]);
  });

  it("an optional property added, then removed", () => {
    const v1 = version();
    const v2 = version({ theme: "credit" });
    expect(diffDatasets(v1, v2)).toEqual([{ path: "theme", kind: "added", after: "credit" }]);
    expect(diffDatasets(v2, v1)).toEqual([{ path: "theme", kind: "removed", before: "credit" }]);
  });

  it("004 §21: a share type change carries its conditions as their own added/removed entries", () => {
    const v1 = version();
    const v2 = version({ shareType: "conditional", shareConditions: { scope: "社保部门", purpose: "资格认证" } });
    expect(diffDatasets(v1, v2)).toEqual([
      { path: "shareConditions", kind: "added", after: { scope: "社保部门", purpose: "资格认证" } },
      { path: "shareType", kind: "changed", before: "unconditional", after: "conditional" },
    ]);
    expect(diffDatasets(v2, v1)).toEqual([
      { path: "shareConditions", kind: "removed", before: { scope: "社保部门", purpose: "资格认证" } },
      { path: "shareType", kind: "changed", before: "conditional", after: "unconditional" },
    ]);
  });

  it("a nested object (contact) changes as a whole", () => {
    const changes = diffDatasets(version(), version({ contact: { name: "数据科", phone: "0451-87654321" } }));
    expect(changes).toEqual([
      { path: "contact", kind: "changed", before: { name: "数据科", phone: "0451-12345678" }, after: { name: "数据科", phone: "0451-87654321" } },
    ]);
  });

  it("arrays (tags, formats) compare in order: a reordered tag list is reported as changed", () => {
    expect(diffDatasets(version(), version({ tags: ["登记", "企业"] }))).toEqual([
      { path: "tags", kind: "changed", before: ["企业", "登记"], after: ["登记", "企业"] },
    ]);
    expect(diffDatasets(version(), version({ formats: ["csv", "api", "xlsx"] }))).toEqual([
      { path: "formats", kind: "changed", before: ["csv", "api"], after: ["csv", "api", "xlsx"] },
    ]);
  });

  it("a field added", () => {
    const v1 = version();
    const email = { name: "email", title: "联系邮箱", type: "string" as const, level: 1 as const, sensitivity: "email" as const };
    const v2 = version({ fields: [...fieldsOf(v1), email] });
    expect(diffDatasets(v1, v2)).toEqual([
      { path: "fields.email", kind: "added", after: { ...email, required: false, key: false } },
    ]);
  });

  it("a field removed", () => {
    const v1 = version();
    const v2 = version({ fields: fieldsOf(v1).filter((f) => f.name !== "reg_date") });
    expect(diffDatasets(v1, v2)).toEqual([{ path: "fields.reg_date", kind: "removed", before: v1.fields[1] }]);
  });

  it("a field changed: one change per property, in property-name order", () => {
    const v1 = version();
    const v2 = version({ level: 3, fields: fieldsOf(v1).map((f) => (f.name === "capital" ? { ...f, title: "注册资本（万元）", level: 3 as const } : f)) });
    expect(diffDatasets(v1, v2)).toEqual([
      { path: "level", kind: "changed", before: 2, after: 3 },
      { path: "fields.capital.level", kind: "changed", before: 2, after: 3 },
      { path: "fields.capital.title", kind: "changed", before: "注册资本", after: "注册资本（万元）" },
    ]);
  });

  it("a field property that appears or disappears is reported as changed (from/to undefined)", () => {
    const v1 = version();
    const v2 = version({ fields: fieldsOf(v1).map((f) => (f.name === "reg_date" ? { ...f, description: "营业执照所载成立日期" } : f)) });
    expect(diffDatasets(v1, v2)).toEqual([{ path: "fields.reg_date.description", kind: "changed", before: undefined, after: "营业执照所载成立日期" }]);
    expect(diffDatasets(v2, v1)).toEqual([{ path: "fields.reg_date.description", kind: "changed", before: "营业执照所载成立日期", after: undefined }]);
  });

  it("a renamed field is matched by name: removed under the old name, added under the new", () => {
    const v1 = version();
    const v2 = version({ fields: fieldsOf(v1).map((f) => (f.name === "reg_date" ? { ...f, name: "established_on" } : f)) });
    expect(diffDatasets(v1, v2)).toEqual([
      { path: "fields.established_on", kind: "added", after: { ...v1.fields[1], name: "established_on" } },
      { path: "fields.reg_date", kind: "removed", before: v1.fields[1] },
    ]);
  });

  it("reordered fields with no other change → [] (field order is not reported as a change)", () => {
    const v1 = version();
    const v2 = version({ fields: [...fieldsOf(v1)].reverse() });
    expect(v2.fields.map((f) => f.name)).toEqual(["capital", "reg_date", "credit_code"]);
    expect(diffDatasets(v1, v2)).toEqual([]);
  });

  it("top-level changes come first, then added and changed fields in the new order, then removed fields", () => {
    const v1 = version();
    const [credit, regDate] = v1.fields;
    const extra = { name: "status", title: "登记状态", type: "string" as const, level: 1 as const };
    const v2 = version({ summary: "新摘要", fields: [extra, { ...regDate, required: true }, credit] });
    expect(diffDatasets(v1, v2).map((c) => `${c.kind} ${c.path}`)).toEqual([
      "changed summary",
      "added fields.status",
      "changed fields.reg_date.required",
      "removed fields.capital",
    ]);
  });

  it("does not modify its inputs", () => {
    const v1 = version();
    const v2 = version({ title: "x", fields: fieldsOf(v1).slice(1) });
    const [c1, c2] = [structuredClone(v1), structuredClone(v2)];
    diffDatasets(v1, v2);
    expect([v1, v2]).toEqual([c1, c2]);
  });
});
