import { resolveProfile } from "@shuyuan/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarService } from "../calendar/service";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";
import { caseRepository } from "./repository";
import { caseSweeper } from "./sweeper";

let server: RunningServer;
beforeAll(async () => {
  // As a deployment's SHUYUAN_CONFIG would: {"profile": {"dueSoonWorkdays": 5}}.
  server = await startTestServer({ profileOverrides: { dueSoonWorkdays: 5 } });
});
afterAll(async () => server?.close());

describe("the sweeper's \"due soon\" comes from the profile", () => {
  it("with dueSoonWorkdays overridden to 5, a case 4 wd from due is marked due soon; with the default (2) it is not", async () => {
    const market = clientFor(server);
    await market.login("market", DEMO_PASSWORD);
    const db = server.database.db;
    const health = await db.selectFrom("organisations").select("id").where("name", "like", "%卫生健康%").executeTakeFirstOrThrow();
    server.app.cases.clock.today = () => "2026-09-30";
    const filed = await market.post("/api/v1/cases", {
      kind: "correction",
      handlerOrganisationId: health.id,
      subject: { type: "dataset", id: "ds-birth-records" },
      title: "出生登记数据地址有误",
      payload: { datasetId: "ds-birth-records", problem: "inaccurate", description: "第 12 行地址与户籍不一致" },
    });
    expect(filed.body.clocks[0]).toMatchObject({ name: "verify", dueOn: "2026-10-13" });
    const marks = (report: { applied: { caseId: string; action: string }[] }) => report.applied.filter((a) => a.caseId === filed.body.id).map((a) => a.action);

    // 004 §24: on Thu 2026-10-08 the verification has 4 wd left (10-09, the working Saturday 10-10, 10-12, 10-13).
    const withDefault = caseSweeper({
      repo: caseRepository(db),
      calendar: await calendarService(db),
      profile: resolveProfile("heilongjiang"),
      audit: server.app.audit,
      clock: server.app.cases.clock,
    });
    expect(marks(await withDefault("2026-10-08"))).toEqual([]);
    expect(server.profile.dueSoonWorkdays).toBe(5);
    expect(marks(await server.app.cases.sweep("2026-10-08"))).toEqual(["mark_due_soon"]);
  });
});
