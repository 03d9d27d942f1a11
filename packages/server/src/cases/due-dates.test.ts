// Clocks at scale (issue 4): each open case's next due date and first due-soon day are stored on its row in
// the transition's transaction (migration 0015), so "my cases" and the supervision board filter, sort and
// page in SQL. These tests check the stored dates against the clock arithmetic after every kind of
// transition, the derivation of rows the migration left empty, and the board's and list's pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { type ApiClient, clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
let admin: ApiClient;
let reviewer: ApiClient;
let transport: ApiClient;
let market: ApiClient;
let org: Record<"market" | "health" | "transport", string>;

const today = (d: string) => {
  server.app.cases.clock.today = () => d;
};

beforeAll(async () => {
  server = await startTestServer();
  [admin, reviewer, transport, market] = [clientFor(server), clientFor(server), clientFor(server), clientFor(server)];
  await admin.login("admin", DEMO_PASSWORD);
  await reviewer.login("reviewer", DEMO_PASSWORD);
  await transport.login("transport", DEMO_PASSWORD);
  await market.login("market", DEMO_PASSWORD);
  const orgs = await server.database.db.selectFrom("organisations").select(["id", "name"]).execute();
  const find = (part: string) => orgs.find((o) => o.name.includes(part))!.id;
  org = { market: find("市场监督"), health: find("卫生健康"), transport: find("交通运输") };
});
afterAll(async () => server?.close());

async function stored(id: string) {
  return server.database.db.selectFrom("cases").select(["next_due_on", "due_soon_on", "due_soon_wd"]).where("id", "=", id).executeTakeFirstOrThrow();
}

/** The clock arithmetic's answer, from the case as the API shows it: the earliest due date of a running clock. */
function runningDue(body: { clocks: { dueOn: string | null; state: string }[] }): string | null {
  const due = body.clocks.filter((c) => c.dueOn && c.state !== "stopped" && c.state !== "paused").map((c) => c.dueOn!);
  return due.length ? due.sort()[0] : null;
}

async function order(on: string, deadline: { workdays: number } | { date: string }, handler = org.transport) {
  today(on);
  const res = await reviewer.post("/api/v1/cases", {
    kind: "rectification",
    handlerOrganisationId: handler,
    title: `整改 ${on} ${JSON.stringify(deadline)}`,
    payload: { grounds: [{ description: "目录逾期未更新" }], requirements: "限期更新", deadline },
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe("the stored due dates follow every transition (004 §41 rectification: start, pause, resume, extension, stop)", () => {
  it("open → report (pause) → send back with 2 wd more (resume + extension) → sweeper marks → accept (stop)", async () => {
    // 10 wd from Wed 2026-03-04: due Wed 03-18; due soon (2 wd left) from Mon 03-16.
    const c = await order("2026-03-04", { workdays: 10 });
    expect(runningDue(c)).toBe("2026-03-18");
    expect(await stored(c.id)).toEqual({ next_due_on: "2026-03-18", due_soon_on: "2026-03-16", due_soon_wd: 2 });

    today("2026-03-06");
    const reported = await transport.post(`/api/v1/cases/${c.id}/actions/report`, { expectedVersion: 1, payload: { summary: "已更新", measures: ["更新目录"] } });
    expect(reported.body.clocks[0].state).toBe("paused");
    // Paused: the projected due date moves every working day, so no date is stored until it resumes.
    expect(await stored(c.id)).toEqual({ next_due_on: null, due_soon_on: null, due_soon_wd: 2 });

    today("2026-03-10");
    const back = await reviewer.post(`/api/v1/cases/${c.id}/actions/reject_report`, { expectedVersion: 2, payload: { reasons: ["仍未更新"], extraWd: 2 } });
    // 10 + 2 paused (03-09, 03-10) + 2 extension = 14 wd after 03-04: Tue 03-24; due soon from Fri 03-20.
    expect(runningDue(back.body)).toBe("2026-03-24");
    expect(await stored(c.id)).toEqual({ next_due_on: "2026-03-24", due_soon_on: "2026-03-20", due_soon_wd: 2 });

    const swept = await server.app.cases.sweep("2026-03-25");
    expect(swept.applied.filter((a) => a.caseId === c.id).map((a) => a.action)).toEqual(["mark_overdue", "escalate"]);
    expect(await stored(c.id)).toMatchObject({ next_due_on: "2026-03-24" });

    today("2026-03-25");
    await transport.post(`/api/v1/cases/${c.id}/actions/report`, { expectedVersion: 3, payload: { summary: "已全部更新", measures: ["更新目录"] } });
    const accepted = await reviewer.post(`/api/v1/cases/${c.id}/actions/accept_report`, { expectedVersion: 4, payload: {} });
    expect(accepted.body.terminal).toBe(true);
    expect(await stored(c.id)).toEqual({ next_due_on: null, due_soon_on: null, due_soon_wd: 2 });
  });

  it("a case without clocks (a dispute, 004 §25) stores no dates", async () => {
    today("2026-04-01");
    const d = await market.post("/api/v1/cases", {
      kind: "dispute",
      title: "无时限争议",
      payload: { counterpartOrganisationId: org.transport, subject: "数据权属", statement: "x", negotiation: "协商未果" },
    });
    expect(await stored(d.body.id)).toEqual({ next_due_on: null, due_soon_on: null, due_soon_wd: 2 });
  });

  it("rows the migration left underived (due_soon_wd null) or derived with another due-soon figure are derived before a list reads them", async () => {
    const c = await order("2026-05-06", { workdays: 5 });
    await server.database.db.updateTable("cases").set({ next_due_on: null, due_soon_on: null, due_soon_wd: null }).where("id", "=", c.id).execute();
    const other = await order("2026-05-06", { workdays: 6 });
    await server.database.db.updateTable("cases").set({ next_due_on: "2000-01-01", due_soon_on: "2000-01-01", due_soon_wd: 7 }).where("id", "=", other.id).execute();
    today("2026-05-07");
    expect((await reviewer.get("/api/v1/cases?pageSize=5")).status).toBe(200);
    // 5 wd after Wed 05-06, with Sat 05-09 a working day (after Labour Day): due Tue 05-12; due soon from 05-09.
    expect(runningDue(c)).toBe("2026-05-12");
    expect(await stored(c.id)).toEqual({ next_due_on: "2026-05-12", due_soon_on: "2026-05-09", due_soon_wd: 2 });
    expect(await stored(other.id)).toMatchObject({ next_due_on: runningDue(other), due_soon_wd: 2 });
  });
});

describe("the sweeper keeps the stored dates on the clocks", () => {
  it("a row whose dates drifted (e.g. the authority changed the calendar) is rewritten on the next sweep", async () => {
    const c = await order("2026-07-01", { workdays: 10 });
    await server.database.db.updateTable("cases").set({ next_due_on: "2026-12-31", due_soon_on: "2026-12-29" }).where("id", "=", c.id).execute();
    await server.app.cases.sweep("2026-07-02");
    expect(await stored(c.id)).toEqual({ next_due_on: runningDue(c), due_soon_on: "2026-07-13", due_soon_wd: 2 });
  });
});

describe("the supervision board (004 §42) and my cases page in SQL", () => {
  it("pages of the board hold every flagged case once, the first due first, with the right total; status filters agree with the clocks", async () => {
    // A region of its own, so other tests' cases stay off this board: five orders to one county department.
    const county = await admin.post("/api/v1/organisations", { name: `桦南县交通运输局${Date.now() % 1e6}`, kind: "department", regionCode: "230822" });
    expect(county.status).toBe(201);
    const cases = [];
    for (const [on, wd] of [
      ["2026-06-01", 3],
      ["2026-06-01", 5],
      ["2026-06-02", 2],
      ["2026-06-03", 10],
      ["2026-06-03", 4],
    ] as const)
      cases.push(await order(on, { workdays: wd }, county.body.id));
    today("2026-06-08");
    const byId = new Map<string, { dueOn: string; state: string }>();
    for (const c of cases) {
      const seen = (await reviewer.get(`/api/v1/cases/${c.id}`)).body;
      byId.set(c.id, seen.clocks[0]);
    }
    const expectFlagged = (states: string[]) =>
      [...byId]
        .filter(([, clock]) => states.includes(clock.state))
        .sort((a, b) => a[1].dueOn.localeCompare(b[1].dueOn) || a[0].localeCompare(b[0]))
        .map(([id]) => id);
    const mine = (ids: string[]) => ids.filter((id) => byId.has(id));
    const pages = async (status: string) => {
      const seen: string[] = [];
      let total = -1;
      for (let page = 1; page <= 5; page++) {
        const res = await reviewer.get(`/api/v1/supervision/cases?${status}page=${page}&pageSize=2`);
        expect(res.status).toBe(200);
        total = res.body.total;
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((x: { id: string }) => x.id));
      }
      return { seen, total };
    };

    // On Mon 06-08: 3 wd from 06-01 was due 06-04 (overdue); 2 wd from 06-02 due 06-04 (overdue); 5 wd from
    // 06-01 due 06-08 (due soon); 4 wd from 06-03 due 06-09 (due soon); 10 wd from 06-03 not yet.
    expect(expectFlagged(["overdue"])).toHaveLength(2);
    expect(expectFlagged(["due_soon"])).toHaveLength(2);
    const all = await pages("");
    expect(new Set(all.seen).size).toBe(all.seen.length);
    expect(mine(all.seen)).toEqual(expectFlagged(["overdue", "due_soon"]));
    expect(all.total).toBe(all.seen.length);
    const overdue = await pages("status=overdue&");
    expect(mine(overdue.seen)).toEqual(expectFlagged(["overdue"]));
    expect(overdue.total).toBe(overdue.seen.length);
    const soon = await pages("status=due_soon&");
    expect(mine(soon.seen)).toEqual(expectFlagged(["due_soon"]));
    const first = await reviewer.get("/api/v1/supervision/cases?status=overdue&page=1&pageSize=1");
    expect(first.body).toMatchObject({ page: 1, pageSize: 1, asOf: "2026-06-08" });
    expect(first.body.items[0].clocks[0].state).toBe("overdue");

    // My cases: the ordering authority's overdue cases, and all its cases by next due date.
    const mineOverdue = await reviewer.get("/api/v1/cases?role=authority&due=overdue&pageSize=100");
    expect(mine(mineOverdue.body.items.map((x: { id: string }) => x.id)).sort()).toEqual(expectFlagged(["overdue"]).sort());
    const byDue = await reviewer.get("/api/v1/cases?role=authority&kind=rectification&sort=due&pageSize=100");
    const dues = byDue.body.items.map((x: { due: { dueOn: string } | null }) => x.due?.dueOn ?? "~");
    expect(dues).toEqual([...dues].sort());
    expect((await reviewer.get("/api/v1/cases?due=late")).status).toBe(400);
    expect((await reviewer.get("/api/v1/supervision/cases?pageSize=0")).status).toBe(400);
  });
});
