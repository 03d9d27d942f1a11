// Scheduled harvesting (004 §9–10): the province's authority registers a city platform (started in the
// test) and an unreachable one; the scheduler's timer pass is driven directly with the time it runs as.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { clientFor, type ApiClient } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";
import { startInteropPlatform, type InteropPlatform } from "./fixtures/platform";
import { harvestService } from "./harvest";
import { harvestSchedule, type HarvestSchedule } from "./harvest-schedule";

const DEAD = "http://127.0.0.1:9";
const HOUR = 3600_000;

let city: InteropPlatform;
let province: RunningServer;
let admin: ApiClient;
let authorityId: string;
let remoteId: string;
let schedule: HarvestSchedule;
let previousAllow: string | undefined;
const sources: Record<"city" | "dead", string> = { city: "", dead: "" };

beforeAll(async () => {
  city = await startInteropPlatform();
  remoteId = await city.publish({
    title: "城市公交线路信息",
    code: "H-CITY-0002",
    summary: "全市公交线路与站点数",
    catalogKind: "theme",
    theme: "transport",
    fields: [{ name: "line_no", title: "线路编号", type: "string", level: 1, key: true, required: true }],
    formats: ["csv"],
    updateFrequency: "monthly",
    shareType: "unconditional",
    openType: "unconditional",
    level: 1,
    tags: ["公交"],
    contact: { name: "王数据", email: "data@city.example.cn" },
  });
  // The city platform is on this machine: an internal address the province may call only when allowed.
  previousAllow = process.env.SHUYUAN_API_UPSTREAM_ALLOW;
  process.env.SHUYUAN_API_UPSTREAM_ALLOW = `${new URL(city.server.url).host}, 127.0.0.1:9`;
  province = await startTestServer();
  // The timer's pass over the province's own database, catalog and audit record.
  schedule = harvestSchedule({ db: province.database.db, harvest: harvestService({ db: province.database.db, catalog: province.app.catalog }), audit: province.app.audit });
  admin = clientFor(province);
  await admin.login("admin", DEMO_PASSWORD);
  authorityId = (await admin.get("/api/v1/me")).body.memberships.find((m: { organisationKind: string }) => m.organisationKind === "authority").organisationId;
});
afterAll(async () => {
  if (previousAllow === undefined) delete process.env.SHUYUAN_API_UPSTREAM_ALLOW;
  else process.env.SHUYUAN_API_UPSTREAM_ALLOW = previousAllow;
  await province?.close();
  await city?.close();
});

const register = (client: ApiClient, url: string, organisationId = authorityId) => client.post("/api/v1/harvest-sources", { url, organisationId, intervalMinutes: 24 * 60 });
const runsOf = async (id: string) => (await admin.get(`/api/v1/harvest-sources/${id}/runs`)).body.items;
const harvestedTwins = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from harvest_records where remote_id = ${remoteId}`.execute(province.database.db)).rows[0].n;

describe("harvest sources (004 §9–10)", () => {
  it("are registered by the authority for its own catalog, past the SSRF rules, and on the audit record", async () => {
    const dead = await register(admin, DEAD);
    expect(dead.status, JSON.stringify(dead.body)).toBe(201);
    sources.dead = dead.body.id;
    const made = await register(admin, city.server.url);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ url: city.server.url.replace(/\/$/, ""), organisation: { id: authorityId }, intervalMinutes: 1440, running: false });
    sources.city = made.body.id;
    expect((await register(admin, city.server.url)).status).toBe(409);

    expect((await register(clientFor(province), city.server.url)).status).toBe(401);
    const market = clientFor(province);
    await market.login("market", DEMO_PASSWORD);
    const own = (await market.get("/api/v1/me")).body.memberships[0].organisationId;
    expect((await register(market, city.server.url, own)).status).toBe(403);
    expect((await register(admin, "http://169.254.169.254")).body.error.fields[0].path).toBe("url");

    expect((await admin.get("/api/v1/harvest-sources")).body.items.map((s: { id: string }) => s.id)).toEqual([sources.dead, sources.city]);
    expect((await market.get("/api/v1/harvest-sources")).body.items).toEqual([]);
    expect((await market.get(`/api/v1/harvest-sources/${sources.city}/runs`)).status).toBe(404);
    const audited = await sql<{ outcome: string; n: number }>`select outcome, count(*)::int as n from audit_entries where action = 'catalog.harvest_source.register' group by outcome order by outcome`.execute(province.database.db);
    expect(audited.rows).toEqual([
      { outcome: "denied", n: 2 },
      { outcome: "error", n: 2 },
      { outcome: "success", n: 2 },
    ]);
  });

  it("are harvested by the timer; a failing source records its error and the next one still runs", async () => {
    const runs = await schedule.tick();
    expect(runs.map((r) => [r.sourceId, r.error])).toEqual([
      [sources.dead, "harvest_source_unreachable"],
      [sources.city, null],
    ]);
    expect(runs[1].created).toBeGreaterThan(0);

    const [dead] = await runsOf(sources.dead);
    expect(dead).toMatchObject({ created: 0, updated: 0, failed: 0, error: { code: "harvest_source_unreachable", messageEn: expect.stringContaining("127.0.0.1:9") } });
    expect(dead.error.message).toContain("无法");
    const [done] = await runsOf(sources.city);
    expect(done).toMatchObject({ created: runs[1].created, updated: 0, failed: runs[1].failed, error: null });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));

    const entry = (await sql<{ dataset_id: string }>`select dataset_id from harvest_records where remote_id = ${remoteId}`.execute(province.database.db)).rows[0];
    const detail = (await admin.get(`/api/v1/datasets/${entry.dataset_id}`)).body;
    expect(detail).toMatchObject({ status: "draft", provider: { id: authorityId } });
    expect((await admin.get(`/api/v1/datasets/${entry.dataset_id}/provenance`)).body.remoteId).toBe(remoteId);

    const audited = await sql<{ subject_id: string; outcome: string; actor_user_id: string | null }>`select subject_id, outcome, actor_user_id from audit_entries where action = 'catalog.harvest.run' order by seq`.execute(province.database.db);
    expect(audited.rows.map((r) => [r.subject_id, r.outcome])).toEqual([
      [sources.dead, "error"],
      [sources.city, "success"],
    ]);
    expect(audited.rows[0].actor_user_id).toBeTruthy();
  });

  it("wait for their interval, then leave the harvested entries the city did not change alone rather than duplicate them", async () => {
    expect(await schedule.tick()).toEqual([]);
    const later = new Date(Date.now() + 25 * HOUR);
    const runs = await schedule.tick(later);
    const cityRun = runs.find((r) => r.sourceId === sources.city)!;
    expect(cityRun).toMatchObject({ created: 0, updated: 0, removed: 0, error: null });
    // Every entry the first run created (newest run first).
    expect(cityRun.unchanged).toBe((await runsOf(sources.city))[1].created);
    expect(await harvestedTwins()).toBe(1);
  });

  it("run once at a time across instances: two timers firing together claim each due source once", async () => {
    const later = new Date(Date.now() + 50 * HOUR);
    const [a, b] = await Promise.all([schedule.tick(later), schedule.tick(later)]);
    expect([...a, ...b].map((r) => r.sourceId).sort()).toEqual([sources.city, sources.dead].sort());
    expect(await runsOf(sources.city)).toHaveLength(3);
  });

  it("are deleted by the authority: the source stops, its entries stay", async () => {
    expect((await admin.delete(`/api/v1/harvest-sources/${sources.dead}`)).status).toBe(204);
    expect((await admin.get("/api/v1/harvest-sources")).body.items.map((s: { id: string }) => s.id)).toEqual([sources.city]);
    const runs = await schedule.tick(new Date(Date.now() + 100 * HOUR));
    expect(runs.map((r) => r.sourceId)).toEqual([sources.city]);
    expect(await harvestedTwins()).toBe(1);
  });
});
