import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { type ApiClient, clientFor } from "../testing/http-client";
import { mountTable } from "../testing/mount-table";
import { startTestServer } from "../testing/test-server";
import { queryLexemes } from "./search-text";

let server: RunningServer;
let anonymous: ApiClient;
let admin: ApiClient; // authority admin (platform admin too)
let reviewer: ApiClient; // authority reviewer
let market: ApiClient; // market regulation: admin, catalog editor
let health: ApiClient; // health commission: admin, catalog editor
let company: ApiClient; // a registered company (public_org)
let transport: ApiClient; // transport department: admin, catalog editor
let org: Record<"authority" | "market" | "health", string>;

const today = (d: string) => {
  server.app.cases.clock.today = () => d;
};

beforeAll(async () => {
  server = await startTestServer();
  [anonymous, admin, reviewer, market, health, company, transport] = Array.from({ length: 7 }, () => clientFor(server));
  await transport.login("transport", DEMO_PASSWORD);
  await admin.login("admin", DEMO_PASSWORD);
  await reviewer.login("reviewer", DEMO_PASSWORD);
  await market.login("market", DEMO_PASSWORD);
  await health.login("health", DEMO_PASSWORD);
  await company.login("company", DEMO_PASSWORD);
  const all = (await admin.get("/api/v1/organisations?pageSize=100")).body.items as { id: string; name: string; kind: string }[];
  org = {
    authority: all.find((o) => o.kind === "authority")!.id,
    market: all.find((o) => o.name.includes("市场监督"))!.id,
    health: all.find((o) => o.name.includes("卫生健康"))!.id,
  };
});
afterAll(async () => server?.close());

let seq = 0;
/** A complete, valid entry; `over` replaces top-level properties. */
function entry(over: Record<string, unknown> = {}) {
  seq += 1;
  return {
    title: "企业营业执照信息",
    code: `T-SCJG-${String(seq).padStart(4, "0")}`,
    summary: "全市登记注册企业的营业执照基本信息，包括统一社会信用代码、企业名称、登记机关等。",
    catalogKind: "base",
    theme: "legal_person",
    fields: [
      { name: "credit_code", title: "统一社会信用代码", type: "string", length: 18, level: 1, sensitivity: "credit_code", key: true, required: true },
      { name: "company_name", title: "企业名称", type: "string", level: 1 },
      { name: "registered_on", title: "成立日期", type: "date", level: 1 },
    ],
    formats: ["csv", "xlsx"],
    updateFrequency: "daily",
    shareType: "unconditional",
    openType: "unconditional",
    level: 1,
    tags: ["营业执照", "市场主体"],
    contact: { name: "陈目录", phone: "0451-12345678" },
    ...over,
  };
}

async function draft(by: ApiClient, over: Record<string, unknown> = {}) {
  const res = await by.post("/api/v1/datasets", { content: entry(over) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.dataset as { id: string; code: string; draftRevision: number };
}

async function publish(by: ApiClient, over: Record<string, unknown> = {}) {
  const d = await draft(by, over);
  expect((await by.post(`/api/v1/datasets/${d.id}/submit`, {})).status).toBe(200);
  const res = await reviewer.post(`/api/v1/datasets/${d.id}/review`, { decision: "approve" });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.dataset.status).toBe("published");
  return res.body.dataset as { id: string; code: string; version: number };
}

const fieldPaths = (body: { error: { fields?: { path: string; message: string; messageEn: string }[] } }) => body.error.fields?.map((f) => f.path) ?? [];

describe("compiling entries (目录编制)", () => {
  it("a department's catalog editor drafts an entry; only its organisation and the supervising authority see the draft", async () => {
    const d = await draft(market);
    expect(d).toMatchObject({ status: "draft", version: null, provider: { id: org.market }, permissions: { edit: true, submit: true, review: false } });
    expect((await anonymous.get(`/api/v1/datasets/${d.id}`)).status).toBe(404);
    expect((await health.get(`/api/v1/datasets/${d.id}`)).status).toBe(404);
    expect((await company.get(`/api/v1/datasets/${d.id}`)).status).toBe(404);
    const seenByAuthority = await reviewer.get(`/api/v1/datasets/${d.id}`);
    expect(seenByAuthority.status).toBe(200);
    expect(seenByAuthority.body.draft).toBeNull(); // the working copy is the provider's
  });

  it("004 §21: share type none without a legal basis is refused, citing the article, and nothing is stored", async () => {
    const code = "T-NOBASIS-1";
    const res = await market.post("/api/v1/datasets", { content: entry({ code, shareType: "none" }) });
    expect(res.status).toBe(400);
    const f = res.body.error.fields.find((x: { path: string }) => x.path === "content.shareBasis");
    expect(f.message).toContain("004 §21");
    expect(f.messageEn).toContain("004 §21");
    expect((await market.get(`/api/v1/datasets?scope=own&q=${code}`)).body.total).toBe(0);
  });

  it("004 §33: open type none needs a reason, conditional open needs conditions", async () => {
    const none = await market.post("/api/v1/datasets", { content: entry({ openType: "none" }) });
    expect(none.status).toBe(400);
    expect(fieldPaths(none.body)).toContain("content.openReason");
    const conditional = await market.post("/api/v1/datasets", { content: entry({ openType: "conditional" }) });
    expect(fieldPaths(conditional.body)).toContain("content.openConditions");
  });

  it("004 §21: conditional share with no stated conditions is stored as unconditional, with a warning", async () => {
    const res = await market.post("/api/v1/datasets", { content: entry({ shareType: "conditional" }) });
    expect(res.status).toBe(201);
    expect(res.body.dataset.shareType).toBe("unconditional");
    expect(res.body.warnings.map((w: { message: string }) => w.message).join()).toContain("004 §21");
  });

  it("003 §23: an entry's level may not be below its highest field's", async () => {
    const fields = entry().fields.map((f, i) => (i === 0 ? { ...f, level: 3 } : f));
    const res = await market.post("/api/v1/datasets", { content: entry({ fields, level: 2 }) });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.find((f: { path: string }) => f.path === "content.level").message).toContain("003 §23");
  });

  it("duplicate codes are refused with 409, case-insensitively", async () => {
    const d = await draft(market);
    const res = await health.post("/api/v1/datasets", { content: entry({ code: d.code.toLowerCase() }) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("duplicate_code");
  });

  it("script in text fields is stored and returned as plain text (the UI renders it inert)", async () => {
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const d = await draft(market, { summary: evil });
    const res = await market.get(`/api/v1/datasets/${d.id}`);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.body.draft.content.summary).toBe(evil);
  });

  it("a public organisation, a department's data officer without the editor role, and anonymous callers cannot compile", async () => {
    expect((await company.post("/api/v1/datasets", { content: entry() })).status).toBe(403);
    expect((await anonymous.post("/api/v1/datasets", { content: entry() })).status).toBe(401);
    expect((await market.post("/api/v1/datasets", { providerOrganisationId: org.health, content: entry() })).status).toBe(403);
  });

  it("another department cannot edit a published entry; two editors saving the same revision cannot both win", async () => {
    const p = await publish(market);
    const other = await health.put(`/api/v1/datasets/${p.id}/draft`, { content: entry({ code: p.code }), expectedRevision: 1 });
    expect(other.status).toBe(403);
    const current = (await market.get(`/api/v1/datasets/${p.id}`)).body;
    const a = await market.put(`/api/v1/datasets/${p.id}/draft`, { content: entry({ code: p.code, title: "版本甲" }), expectedRevision: current.draftRevision });
    const b = await market.put(`/api/v1/datasets/${p.id}/draft`, { content: entry({ code: p.code, title: "版本乙" }), expectedRevision: current.draftRevision });
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const codeChange = await market.put(`/api/v1/datasets/${p.id}/draft`, { content: entry({ code: "T-RENAMED" }), expectedRevision: current.draftRevision + 1 });
    expect(codeChange.status).toBe(400);
    expect(fieldPaths(codeChange.body)).toContain("content.code");
  });
});

describe("review (004 §12) on the case engine", () => {
  it("004 §12: sent back on 2026-09-30 in heilongjiang, the fix is due 2026-10-13; resubmitted and approved, v1 is published", async () => {
    today("2026-09-30");
    const d = await draft(market, { title: "企业营业执照信息（审核）" });
    const submitted = await market.post(`/api/v1/datasets/${d.id}/submit`, { changeSummary: "首次编制" });
    expect(submitted.body.dataset).toMatchObject({ status: "under_review", review: { state: "under_review" } });
    const caseId = submitted.body.dataset.review.caseId;
    // The reviewing authority reads the submitted working copy.
    expect((await reviewer.get(`/api/v1/datasets/${d.id}`)).body.draft.content.title).toBe("企业营业执照信息（审核）");
    expect((await health.get(`/api/v1/datasets/${d.id}`)).status).toBe(404);
    const c = (await reviewer.get(`/api/v1/cases/${caseId}`)).body;
    expect(c).toMatchObject({ kind: "catalog_review", participants: { applicant: { organisation: { id: org.market } }, authority: { id: org.authority } } });

    const queue = (await reviewer.get("/api/v1/catalog/reviews")).body;
    expect(queue.items.map((i: { dataset: { id: string } }) => i.dataset.id)).toContain(d.id);
    expect((await market.get("/api/v1/catalog/reviews")).status).toBe(403);

    const noComments = await reviewer.post(`/api/v1/datasets/${d.id}/review`, { decision: "request_revision", comments: [] });
    expect(noComments.status).toBe(400);
    const noComments2 = await reviewer.post(`/api/v1/datasets/${d.id}/review`, { decision: "request_revision" });
    expect(noComments2.status).toBe(400);
    expect(JSON.stringify(noComments2.body)).toContain("004 §12");

    // The provider cannot approve its own entry.
    expect((await market.post(`/api/v1/datasets/${d.id}/review`, { decision: "approve" })).status).toBe(403);

    const back = await reviewer.post(`/api/v1/datasets/${d.id}/review`, { decision: "request_revision", comments: ["请补充数据项说明"] });
    expect(back.status).toBe(200);
    expect(back.body.dataset.status).toBe("revision_requested");
    const fix = (await market.get(`/api/v1/cases/${caseId}`)).body.clocks.find((k: { name: string }) => k.name === "fix");
    expect(fix).toMatchObject({ startedOn: "2026-09-30", dueOn: "2026-10-13", basis: "004 §12" });

    today("2026-10-09");
    const current = (await market.get(`/api/v1/datasets/${d.id}`)).body;
    const fixed = await market.put(`/api/v1/datasets/${d.id}/draft`, {
      content: { ...current.draft.content, summary: `${current.draft.content.summary}（已补充说明）` },
      expectedRevision: current.draftRevision,
    });
    expect(fixed.status).toBe(200);
    expect((await market.post(`/api/v1/datasets/${d.id}/submit`, {})).body.dataset.status).toBe("under_review");
    const fixAfter = (await market.get(`/api/v1/cases/${caseId}`)).body.clocks.find((k: { name: string }) => k.name === "fix");
    expect(fixAfter).toMatchObject({ state: "stopped", late: false });

    const approved = await reviewer.post(`/api/v1/datasets/${d.id}/review`, { decision: "approve" });
    expect(approved.body.dataset).toMatchObject({ status: "published", version: 1, review: null, draft: null });
    expect((await reviewer.get(`/api/v1/cases/${caseId}`)).body.state).toBe("published");

    const versions = (await anonymous.get(`/api/v1/datasets/${d.id}/versions`)).body.items;
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, changeSummary: "首次编制" });
    expect(versions[0].changes.map((c: { path: string }) => c.path)).toContain("fields.credit_code");
  });

  it("a revision keeps the published version serving until it is approved, then becomes v2 with its diff", async () => {
    const p = await publish(market, { title: "个体工商户登记信息" });
    const current = (await market.get(`/api/v1/datasets/${p.id}`)).body;
    const base = current.content;
    const fields = base.fields.map((f: { name: string; level: number }) => (f.name === "company_name" ? { ...f, level: 2 } : f));
    const saved = await market.put(`/api/v1/datasets/${p.id}/draft`, { content: { ...base, title: "个体工商户登记信息（新版）", fields, level: 2 }, expectedRevision: current.draftRevision });
    expect(saved.status).toBe(200);
    // Nothing changed for the public yet.
    expect((await anonymous.get(`/api/v1/datasets/${p.id}`)).body).toMatchObject({ title: "个体工商户登记信息", version: 1, draft: null });
    expect((await market.post(`/api/v1/datasets/${p.id}/submit`, { changeSummary: "企业名称分级调整" })).body.dataset.status).toBe("under_review");
    expect((await anonymous.get(`/api/v1/datasets/${p.id}`)).body.title).toBe("个体工商户登记信息");
    await reviewer.post(`/api/v1/datasets/${p.id}/review`, { decision: "approve" });
    const after = (await anonymous.get(`/api/v1/datasets/${p.id}`)).body;
    expect(after).toMatchObject({ title: "个体工商户登记信息（新版）", version: 2, level: 2 });
    const v2 = (await anonymous.get(`/api/v1/datasets/${p.id}/versions/2`)).body;
    expect(v2.changes).toEqual(
      expect.arrayContaining([
        { path: "title", kind: "changed", before: "个体工商户登记信息", after: "个体工商户登记信息（新版）" },
        { path: "fields.company_name.level", kind: "changed", before: 1, after: 2 },
        { path: "level", kind: "changed", before: 1, after: 2 },
      ]),
    );
    expect((await anonymous.get(`/api/v1/datasets/${p.id}/versions/1`)).body.content.title).toBe("个体工商户登记信息");
    // Submitting the published content again changes nothing: refused.
    const again = (await market.get(`/api/v1/datasets/${p.id}`)).body;
    await market.put(`/api/v1/datasets/${p.id}/draft`, { content: again.content, expectedRevision: again.draftRevision });
    expect((await market.post(`/api/v1/datasets/${p.id}/submit`, {})).body.error.code).toBe("no_changes");
  });

  it("catalog cases open only through the catalog, not the generic case route", async () => {
    const d = await draft(market);
    const res = await market.post("/api/v1/cases", { kind: "catalog_review", title: "x", payload: { datasetId: d.id, revision: 1 } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("opens_elsewhere");
  });
});

describe("search, share and open catalogs", () => {
  let shareOnly: string;
  beforeAll(async () => {
    await publish(health, {
      title: "医疗机构执业许可信息",
      summary: "医疗机构名称、执业许可证号、诊疗科目",
      catalogKind: "theme",
      theme: "health",
      formats: ["json"],
      tags: ["医疗机构"],
    });
    shareOnly = (await publish(health, { title: "出生医学证明签发记录", theme: "population", openType: "none", openReason: "涉及个人隐私（001 §7）", level: 2 })).id;
  });

  it("营业执照 finds 企业营业执照信息, with the match highlighted", async () => {
    const res = await anonymous.get(`/api/v1/datasets?q=${encodeURIComponent("营业执照")}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    const hit = res.body.items[0];
    expect(hit.title).toContain("营业执照");
    expect(hit.highlight.title).toContainEqual({ text: "营业执照", match: true });
    expect(res.body.items.every((i: { status: string; openType: string }) => i.status === "published" && i.openType !== "none")).toBe(true);
  });

  it("a query matches field titles and the provider name, and ranks title matches first", async () => {
    const byField = await anonymous.get(`/api/v1/datasets?q=${encodeURIComponent("诊疗科目")}`);
    expect(byField.body.items[0].title).toBe("医疗机构执业许可信息");
    const byProvider = await anonymous.get(`/api/v1/datasets?q=${encodeURIComponent("卫生健康委员会")}`);
    expect(byProvider.body.items.map((i: { title: string }) => i.title)).toContain("医疗机构执业许可信息");
    const none = await anonymous.get(`/api/v1/datasets?q=${encodeURIComponent("量子引力波")}`);
    expect(none.body).toMatchObject({ total: 0, items: [] });
  });

  it("002 §10: a share-only entry is in the share catalog for departments, never in the public's", async () => {
    expect((await anonymous.get(`/api/v1/datasets/${shareOnly}`)).status).toBe(404);
    expect((await company.get(`/api/v1/datasets/${shareOnly}`)).status).toBe(404);
    expect((await market.get(`/api/v1/datasets/${shareOnly}`)).status).toBe(200);
    const share = await market.get(`/api/v1/datasets?scope=share&q=${encodeURIComponent("出生医学证明")}`);
    expect(share.body.items.map((i: { id: string }) => i.id)).toContain(shareOnly);
    const open = await market.get(`/api/v1/datasets?scope=open&q=${encodeURIComponent("出生医学证明")}`);
    expect(open.body.total).toBe(0);
    expect((await company.get("/api/v1/datasets?scope=share")).status).toBe(403);
    // An anonymous caller asking for the share catalog still gets the open catalog.
    const anon = await anonymous.get(`/api/v1/datasets?scope=share&q=${encodeURIComponent("出生医学证明")}`);
    expect(anon.body.total).toBe(0);
  });

  it("facets count the visible, filtered set, with labels", async () => {
    const res = await anonymous.get("/api/v1/datasets?pageSize=1");
    expect(res.body.items).toHaveLength(1);
    const facets = res.body.facets;
    const sum = (name: string) => facets[name].reduce((n: number, v: { count: number }) => n + v.count, 0);
    expect(sum("openType")).toBe(res.body.total);
    expect(sum("catalogKind")).toBe(res.body.total);
    expect(facets.provider.find((p: { value: string }) => p.value === org.health).label.zh).toContain("卫生健康");
    expect(facets.openType.find((p: { value: string }) => p.value === "unconditional").label).toEqual({ zh: "无条件开放", en: "Open" });
    expect(facets.format.map((f: { value: string }) => f.value)).toContain("json");
    const health = await anonymous.get(`/api/v1/datasets?theme=health`);
    expect(health.body.items.every((i: { theme: string }) => i.theme === "health")).toBe(true);
    expect((await anonymous.get(`/api/v1/datasets?format=json`)).body.items.every((i: { formats: string[] }) => i.formats.includes("json"))).toBe(true);
    const tagged = await anonymous.get(`/api/v1/datasets?tag=${encodeURIComponent("医疗机构")}`);
    expect(tagged.body.items.map((i: { title: string }) => i.title)).toContain("医疗机构执业许可信息");
    expect(tagged.body.items.every((i: { tags: string[] }) => i.tags.includes("医疗机构"))).toBe(true);
    expect(facets.tag.find((v: { value: string }) => v.value === "医疗机构")).toMatchObject({ count: tagged.body.total, label: { zh: "医疗机构", en: "医疗机构" } });
  });

  it.each([
    ["q", "'; drop table datasets; --"],
    ["q", "营业执照' | '!"],
    ["q", "\\' & !(x:*"],
    ["q", "%_%"],
  ])("injection attempt in %s (%s) is just text", async (param, value) => {
    const res = await anonymous.get(`/api/v1/datasets?${param}=${encodeURIComponent(value)}`);
    expect(res.status).toBe(200);
    expect((await anonymous.get("/api/v1/datasets")).body.total).toBeGreaterThan(0);
  });

  it.each([
    ["sort", "title; drop table datasets"],
    ["level", "1 or 1=1"],
    ["provider", "' or 1=1 --"],
    ["region", "23%"],
    ["openType", "unconditional' or '1'='1"],
    ["theme", "<script>"],
    ["pageSize", "100000"],
  ])("injection attempt in %s is refused with 400", async (param, value) => {
    const res = await anonymous.get(`/api/v1/datasets?${param}=${encodeURIComponent(value)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe(param);
  });

  it("001 §11: a department's open list lists its open entries with fields, format and frequency", async () => {
    const res = await anonymous.get(`/api/v1/catalog/open-list?organisationId=${org.health}`);
    expect(res.status).toBe(200);
    const titles = res.body.items.map((i: { title: string }) => i.title);
    expect(titles).toContain("医疗机构执业许可信息");
    expect(titles).not.toContain("出生医学证明签发记录");
    const mine = res.body.items.find((i: { title: string }) => i.title === "医疗机构执业许可信息");
    expect(mine.fields[0]).toEqual({ name: "credit_code", title: "统一社会信用代码", type: "string" });
    expect(mine).toMatchObject({ openType: "unconditional", formats: ["json"], updateFrequency: "daily" });
  });
});

describe("004 §15: updates after a legal or duty change", () => {
  it("004 §15: recording a change starts a 3 wd update clock; one extension of at most 5 wd with the authority's consent; submitting the update answers it", async () => {
    today("2026-11-02");
    const p = await publish(market, { title: "食品经营许可信息" });
    const res = await market.post(`/api/v1/datasets/${p.id}/changes`, { cause: "legal_change", description: "《食品经营许可管理办法》修订" });
    expect(res.status).toBe(201);
    const c = (await market.get(`/api/v1/cases/${res.body.caseId}`)).body;
    expect(c.clocks[0]).toMatchObject({ name: "update", startedOn: "2026-11-02", dueOn: "2026-11-05", basis: "004 §15; 002 §9" });
    expect((await market.post(`/api/v1/datasets/${p.id}/changes`, { cause: "duty_change", description: "again" })).status).toBe(409);

    const ask = await market.post(`/api/v1/cases/${c.id}/actions/request_extension`, { expectedVersion: c.version, payload: { workdays: 5, basis: "省政府文件" } });
    expect(ask.status).toBe(200);
    const tooLong = await reviewer.post(`/api/v1/cases/${c.id}/actions/grant_extension`, { expectedVersion: ask.body.version, payload: { workdays: 6, reason: "同意" } });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain("004 §15");
    const granted = await reviewer.post(`/api/v1/cases/${c.id}/actions/grant_extension`, { expectedVersion: ask.body.version, payload: { workdays: 5, reason: "同意" } });
    expect(granted.status).toBe(200);
    expect(granted.body.clocks[0]).toMatchObject({ dueOn: "2026-11-12", extendedWd: 5 });

    const current = (await market.get(`/api/v1/datasets/${p.id}`)).body;
    await market.put(`/api/v1/datasets/${p.id}/draft`, { content: { ...current.content, summary: "按新办法调整" }, expectedRevision: current.draftRevision });
    await market.post(`/api/v1/datasets/${p.id}/submit`, {});
    expect((await market.get(`/api/v1/cases/${c.id}`)).body.state).toBe("updated");
  });
});

describe("004 §16: revocation", () => {
  it("004 §16: an entry not in use is revoked at once and leaves the catalogs", async () => {
    today("2026-11-02");
    const p = await publish(market, { title: "广告经营单位名录" });
    const asked = await market.post(`/api/v1/datasets/${p.id}/revocation`, { reasons: ["职能划转，无法继续更新"] });
    expect(asked.status).toBe(201);
    expect((await market.get(`/api/v1/datasets/${p.id}`)).body.pending.revocation).toMatchObject({ state: "under_review" });
    // The provider cannot decide its own request.
    expect((await market.post(`/api/v1/datasets/${p.id}/revocation/decision`, { decision: "approve" })).status).toBe(403);
    const decided = await reviewer.post(`/api/v1/datasets/${p.id}/revocation/decision`, { decision: "approve" });
    expect(decided.body.dataset).toMatchObject({ status: "revoked", revokeOn: "2026-11-02" });
    expect((await anonymous.get(`/api/v1/datasets/${p.id}`)).status).toBe(404);
    const search = (await anonymous.get(`/api/v1/datasets?q=${encodeURIComponent("广告经营单位名录")}`)).body;
    expect(search.items.map((i: { id: string }) => i.id)).not.toContain(p.id);
  });

  it("004 §16: an entry in use keeps serving 6 months, then the sweeper revokes it", async () => {
    today("2026-08-31");
    const p = await publish(market, { title: "特种设备使用登记信息" });
    await server.app.catalog.repo.recordUse(p.id, 3);
    await market.post(`/api/v1/datasets/${p.id}/revocation`, { reasons: ["法规废止"] });
    const decided = await reviewer.post(`/api/v1/datasets/${p.id}/revocation/decision`, { decision: "approve" });
    expect(decided.body.dataset).toMatchObject({ status: "revoking", revokeOn: "2027-02-28" });
    const caseId = decided.body.dataset.pending.revocation.caseId;
    // The generic route cannot skip the grace period either.
    expect((await anonymous.get(`/api/v1/datasets/${p.id}`)).status).toBe(200);
    expect((await server.app.catalog.service.sweep("2027-02-27")).revoked).not.toContain(p.id);
    expect((await server.app.catalog.service.sweep("2027-02-28")).revoked).toContain(p.id);
    expect((await reviewer.get(`/api/v1/datasets/${p.id}`)).body.status).toBe("revoked");
    expect((await reviewer.get(`/api/v1/cases/${caseId}`)).body.state).toBe("revoked");
  });

  it("004 §16: the entry's users are told when its revocation is approved (with the last day it is served) and when it is revoked", async () => {
    today("2026-09-30");
    const p = await publish(market, { title: "食品生产许可信息" });
    await mountTable(server.database.db, p.id, [{ name: "company_name", type: "string" }], [["数源食品一厂"], ["数源食品二厂"]]);
    expect((await company.get(`/api/v1/datasets/${p.id}/rows`)).status).toBe(200);
    expect((await market.get(`/api/v1/datasets/${p.id}/rows`)).status).toBe(200); // the provider's own read is no use
    await server.app.datastore.usage.flush();
    await market.post(`/api/v1/datasets/${p.id}/revocation`, { reasons: ["职能调整"] });
    const decided = await reviewer.post(`/api/v1/datasets/${p.id}/revocation/decision`, { decision: "approve" });
    expect(decided.body.dataset).toMatchObject({ status: "revoking", revokeOn: "2027-03-30" });

    const notices = async (who: ApiClient) =>
      ((await who.get("/api/v1/notifications?pageSize=50")).body.items as { action: string; message: string; messageEn: string; caseId: string | null }[]).filter((n) =>
        n.messageEn.includes("食品生产许可信息"),
      );
    const revoking = await notices(company);
    expect(revoking).toHaveLength(1);
    expect(revoking[0]).toMatchObject({ action: "catalog.revoking", caseId: null });
    expect(revoking[0].message).toContain("2027-03-30");
    expect(revoking[0].message).toContain("004 §16");
    expect(await notices(health)).toEqual([]); // never read it

    await server.app.catalog.service.sweep("2027-03-30");
    expect((await notices(company)).map((n) => n.action).sort()).toEqual(["catalog.revoked", "catalog.revoking"]);
  });

  it("004 §16: the authority cannot revoke an entry in use at once through the case route", async () => {
    const p = await publish(market, { title: "计量器具检定信息" });
    await server.app.catalog.repo.recordUse(p.id);
    const c = (await market.post(`/api/v1/datasets/${p.id}/revocation`, { reasons: ["职能调整"] })).body;
    const view = (await reviewer.get(`/api/v1/cases/${c.caseId}`)).body;
    const res = await reviewer.post(`/api/v1/cases/${c.caseId}/actions/approve`, { expectedVersion: view.version, payload: {} });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("004 §16");
    expect((await reviewer.get(`/api/v1/datasets/${p.id}`)).body.status).toBe("published");
  });
});

describe("profiles where catalog clocks differ", () => {
  it("002 §9: under shijingshan the update clock is 15 wd and review sets no fix clock; 004 §16 grace does not apply", async () => {
    const other = await startTestServer({ profileId: "shijingshan" });
    try {
      const [m, r] = [clientFor(other), clientFor(other)];
      await m.login("market", DEMO_PASSWORD);
      await r.login("reviewer", DEMO_PASSWORD);
      other.app.cases.clock.today = () => "2026-11-02";
      const d = (await m.post("/api/v1/datasets", { content: entry() })).body.dataset;
      await m.post(`/api/v1/datasets/${d.id}/submit`, {});
      const back = await r.post(`/api/v1/datasets/${d.id}/review`, { decision: "request_revision", comments: ["补充"] });
      expect(back.status).toBe(200);
      const c = (await m.get(`/api/v1/cases/${back.body.dataset.review.caseId}`)).body;
      expect(c.clocks).toEqual([]);
      // Publish something to record a change against.
      await r.post(`/api/v1/datasets/${d.id}/review`, { decision: "approve" }); // refused: it is with the provider
      const cur = (await m.get(`/api/v1/datasets/${d.id}`)).body;
      await m.put(`/api/v1/datasets/${d.id}/draft`, { content: { ...cur.draft.content, summary: "补充后" }, expectedRevision: cur.draftRevision });
      await m.post(`/api/v1/datasets/${d.id}/submit`, {});
      expect((await r.post(`/api/v1/datasets/${d.id}/review`, { decision: "approve" })).status).toBe(200);
      const change = await m.post(`/api/v1/datasets/${d.id}/changes`, { cause: "duty_change", description: "职责调整" });
      const u = (await m.get(`/api/v1/cases/${change.body.caseId}`)).body;
      expect(u.clocks[0]).toMatchObject({ startedOn: "2026-11-02", dueOn: "2026-11-23", basis: "004 §15; 002 §9" });
      await other.app.catalog.repo.recordUse(d.id);
      await m.post(`/api/v1/datasets/${d.id}/revocation`, { reasons: ["职能划转"] });
      expect((await r.post(`/api/v1/datasets/${d.id}/revocation/decision`, { decision: "approve" })).body.dataset.status).toBe("revoked");
    } finally {
      await other.close();
    }
  });

  it("004 §15 / 002 §9 govern no update clock under beijing-open: recording a change is refused", async () => {
    const other = await startTestServer({ profileId: "beijing-open" });
    try {
      const [m, r] = [clientFor(other), clientFor(other)];
      await m.login("market", DEMO_PASSWORD);
      await r.login("reviewer", DEMO_PASSWORD);
      const d = (await m.post("/api/v1/datasets", { content: entry() })).body.dataset;
      await m.post(`/api/v1/datasets/${d.id}/submit`, {});
      await r.post(`/api/v1/datasets/${d.id}/review`, { decision: "approve" });
      const res = await m.post(`/api/v1/datasets/${d.id}/changes`, { cause: "legal_change", description: "修订" });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("kind_unavailable");
    } finally {
      await other.close();
    }
  });
});

describe("audit", () => {
  it("every catalog change is on the audit record with the dataset id", async () => {
    const d = await draft(market);
    await market.post(`/api/v1/datasets/${d.id}/submit`, {});
    const rows = await sql<{ action: string }>`select action from audit_entries where dataset_id = ${d.id} order by seq`.execute(server.database.db);
    expect(rows.rows.map((r) => r.action)).toEqual(["dataset.create", "dataset.submit"]);
  });
});

describe("Excel import and export", () => {
  const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  it("the template downloads and imports as one draft of its example entry", async () => {
    const t = await anonymous.download("/api/v1/catalog/template.xlsx");
    expect(t.status).toBe(200);
    expect(t.headers.get("content-type")).toContain(XLSX);
    const res = await transport.upload("/api/v1/datasets/import", { name: "template.xlsx", data: t.data, type: XLSX });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 0 });
  });

  it("export → import round-trips: the provider's own entries come back as updates, nothing else changes", async () => {
    const p = await publish(health, { title: "院前急救站点信息" });
    const exported = await health.download(`/api/v1/datasets/export.xlsx?scope=own`);
    expect(exported.status).toBe(200);
    const before = (await health.get(`/api/v1/datasets/${p.id}`)).body;
    const res = await health.upload("/api/v1/datasets/import", { name: "mine.xlsx", data: exported.data, type: XLSX });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created).toBe(0);
    expect(res.body.updated).toBeGreaterThan(0);
    const after = (await health.get(`/api/v1/datasets/${p.id}`)).body;
    expect(after.draft.content).toEqual(before.content);
    expect(after.status).toBe("published");
  });

  it("a row of another organisation's code rejects the whole file: nothing is imported", async () => {
    const theirs = await health.download(`/api/v1/datasets/export.xlsx?scope=own`);
    const ownBefore = (await market.get("/api/v1/datasets?scope=own&pageSize=1")).body.total;
    const res = await market.upload("/api/v1/datasets/import", { name: "theirs.xlsx", data: theirs.data, type: XLSX });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("import_rejected");
    expect(res.body.error.rows[0]).toMatchObject({ sheet: "目录", field: "code" });
    expect(res.body.error.rows[0].row).toBeGreaterThan(1);
    expect((await market.get("/api/v1/datasets?scope=own&pageSize=1")).body.total).toBe(ownBefore);
  });

  it("a CSV renamed .xlsx, an empty upload and a missing file are refused with clear errors", async () => {
    const csv = await market.upload("/api/v1/datasets/import", { name: "catalog.xlsx", data: new TextEncoder().encode("code,title\nA,B\n") });
    expect(csv.status).toBe(400);
    expect(csv.body.error.rows[0].messageEn).toMatch(/xlsx|workbook|zip/i);
    const empty = await market.upload("/api/v1/datasets/import", { name: "empty.xlsx", data: new Uint8Array() });
    expect(empty.status).toBe(400);
    const none = await market.request("POST", "/api/v1/datasets/import", undefined, { headers: { "content-type": "multipart/form-data; boundary=x" }, raw: "--x--\r\n" });
    expect(none.status).toBe(400);
  });

  it("a file over 20 MB is refused with 413 before it is parsed", async () => {
    const res = await market.upload("/api/v1/datasets/import", { name: "big.xlsx", data: new Uint8Array(21 * 1024 * 1024) });
    expect(res.status).toBe(413);
  });

  it("a public organisation cannot import", async () => {
    const t = await anonymous.download("/api/v1/catalog/template.xlsx");
    expect((await company.upload("/api/v1/datasets/import", { name: "t.xlsx", data: t.data })).status).toBe(403);
  });
});


describe("broad searches: exact counts up to 2,500 matches, estimated beyond (never COUNT(*) over everything)", () => {
  const WORD = "克隆测试";
  beforeAll(async () => {
    const source = await publish(market, { title: "企业年报公示信息" });
    // 3,000 published copies, half in each of two themes, each carrying WORD's lexemes.
    await sql`
      insert into datasets (code, provider_organisation_id, region_code, status, version, published_at, title, summary, catalog_kind, theme,
        share_type, open_type, level, formats, update_frequency, tags, search)
      select 'CLONE-' || g, provider_organisation_id, region_code, 'published', 1, now() - g * interval '1 minute', title || g, summary, catalog_kind,
        case when g % 2 = 0 then 'health' else 'legal_person' end, share_type, 'unconditional', level, formats, update_frequency, tags,
        search || array_to_tsvector(${queryLexemes(WORD)}::text[])
      from datasets, generate_series(1, 3000) g where id = ${source.id}`.execute(server.database.db);
  });
  afterAll(async () => {
    await sql`delete from datasets where code like 'CLONE-%'`.execute(server.database.db);
  });

  it("a query matching more than 2,500 entries reports an estimated total (totalExact false) and facets over the same estimate", async () => {
    const res = await anonymous.get(`/api/v1/datasets?q=${encodeURIComponent(WORD)}`);
    expect(res.status).toBe(200);
    expect(res.body.totalExact).toBe(false);
    // On a table this small the sample is the whole table, so the estimate is exact here.
    expect(res.body.total).toBe(3000);
    expect(res.body.items).toHaveLength(20);
    const themes = Object.fromEntries(res.body.facets.theme.map((v: { value: string; count: number }) => [v.value, v.count]));
    expect(themes).toEqual({ health: 1500, legal_person: 1500 });
  });

  it("a filter that narrows it under 2,500 gets exact counts again", async () => {
    const res = await anonymous.get(`/api/v1/datasets?q=${encodeURIComponent(WORD)}&theme=health`);
    expect(res.body).toMatchObject({ total: 1500, totalExact: true });
    expect(res.body.items.every((i: { theme: string }) => i.theme === "health")).toBe(true);
  });

  it("deep pages of a broad query in relevance order hold no repeats", async () => {
    const ids = new Set<string>();
    for (const page of [1, 2, 30]) {
      const res = await anonymous.get(`/api/v1/datasets?q=${encodeURIComponent(WORD)}&page=${page}`);
      expect(res.body.items).toHaveLength(20);
      for (const i of res.body.items as { id: string }[]) ids.add(i.id);
    }
    expect(ids.size).toBe(60);
  });
});
