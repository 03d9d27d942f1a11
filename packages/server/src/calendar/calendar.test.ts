import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const addWorkdays = async (from: string, days: number) => (await clientFor(server).get(`/api/v1/calendar/add-workdays?from=${from}&days=${days}`)).body;

const schedule2027 = JSON.stringify({
  year: 2027,
  holidays: [
    { start: "2027-01-01", end: "2027-01-03", name: "元旦" },
    { start: "2027-02-05", end: "2027-02-13", name: "春节" },
  ],
  workdays: [{ date: "2027-02-14", name: "春节" }],
});

describe("GET /api/v1/calendar/add-workdays", () => {
  it("004 §22: a conditional share request received the day before National Day 2026 is due 1 workday later, after the holiday", async () => {
    expect(await addWorkdays("2026-09-30", 1)).toEqual({ from: "2026-09-30", days: 1, due: "2026-10-08", warnings: [] });
  });

  it("004 §34: 5 workdays across the Spring Festival 2026 count the adjusted Saturday 2026-02-28", async () => {
    // 2-13 (Fri) → 2-14 (adjusted workday), then 2-15..23 off, 2-24, 25, 26, 27
    expect((await addWorkdays("2026-02-13", 5)).due).toBe("2026-02-27");
    expect((await addWorkdays("2026-02-13", 6)).due).toBe("2026-02-28");
  });

  it("000 §19: 20 workdays across Mid-Autumn and National Day 2026", async () => {
    // 9-22..24 (3), 9-25..27 off, 9-28..30 (6), 10-1..7 off, 10-8, 10-9, Sat 10-10 adjusted (9),
    // 10-12..16 (14), 10-19..23 (19), 10-26 (20)
    expect((await addWorkdays("2026-09-21", 20)).due).toBe("2026-10-26");
  });

  it("flags a year that has no official schedule instead of guessing silently", async () => {
    const res = await addWorkdays("2026-12-28", 10);
    expect(res.warnings).toEqual([expect.objectContaining({ code: "year_without_official_schedule", year: 2027 })]);
  });

  it("refuses impossible dates and non-numeric or negative day counts", async () => {
    for (const q of ["from=2026-02-30&days=1", "from=2026-13-01&days=1", "from=20260101&days=1", "from=2026-01-01&days=-1", "from=2026-01-01&days=1e9", "from=2026-01-01&days=abc", "from=2026-01-01'%20or%201=1&days=1"]) {
      const res = await clientFor(server).get(`/api/v1/calendar/add-workdays?${q}`);
      expect(res.status, q).toBe(400);
    }
  });
});

describe("authority-loaded schedules", () => {
  it("only an authority administrator may load a year's schedule", async () => {
    const market = clientFor(server);
    await market.login("market", DEMO_PASSWORD);
    const res = await market.post("/api/v1/calendar/schedules", { format: "json", content: schedule2027 });
    expect(res.status).toBe(403);
    expect((await clientFor(server).post("/api/v1/calendar/schedules", { format: "json", content: schedule2027 })).status).toBe(401);
  });

  it("a malformed schedule is refused with line-level errors and changes nothing", async () => {
    const admin = clientFor(server);
    await admin.login("admin", DEMO_PASSWORD);
    const res = await admin.post("/api/v1/calendar/schedules", { format: "ics", content: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:春节 休\r\nDTSTART;VALUE=DATE:2027021\r\n" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_schedule");
    expect(res.body.error.fields.length).toBeGreaterThan(0);
    expect((await addWorkdays("2026-12-28", 10)).warnings).toHaveLength(1);
  });

  it("loading 2027 clears its warning and moves due dates across the new holidays", async () => {
    const admin = clientFor(server);
    await admin.login("admin", DEMO_PASSWORD);
    const before = await addWorkdays("2027-02-04", 1);
    expect(before.due).toBe("2027-02-05");
    const res = await admin.post("/api/v1/calendar/schedules", { format: "json", content: schedule2027, sourceName: "国办发明电〔2026〕X号" });
    expect(res.status).toBe(201);
    expect(res.body.year).toBe(2027);
    const after = await addWorkdays("2027-02-04", 1);
    expect(after).toEqual({ from: "2027-02-04", days: 1, due: "2027-02-14", warnings: [] });
    const years = await clientFor(server).get("/api/v1/calendar/years");
    expect(years.body.items.find((y: { year: number }) => y.year === 2027)).toMatchObject({ source: "authority", sourceName: "国办发明电〔2026〕X号" });
    expect((await clientFor(server).get("/api/v1/calendar/days/2027-02-14")).body).toMatchObject({ work: true, reason: "adjusted_workday" });
  });
});
