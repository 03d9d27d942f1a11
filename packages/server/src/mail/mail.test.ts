import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/database";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { clientFor, type ApiClient } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";
import type { MailConfig } from "./config";
import { MAX_ATTEMPTS, mailOutbox } from "./outbox";

// A real SMTP server in-process; it accepts everything, or refuses every recipient with 550 while `refusing`.
const received: (ParsedMail & { rcptTo: string[] })[] = [];
let refusing = false;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(_address, _session, callback) {
    if (!refusing) return callback();
    callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
  },
  onData(stream, session, callback) {
    simpleParser(stream).then(
      (mail) => {
        received.push({ ...mail, rcptTo: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      },
      (err) => callback(err),
    );
  },
});

let server: RunningServer;
let mail: MailConfig;
let market: ApiClient;
let healthOrg: string;
const quiet = { warn: () => undefined, error: () => undefined };

/** Polls until `check` returns a value (not undefined), failing after 10 s. */
async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const value = await check();
    if (value !== undefined) return value;
  }
  throw new Error("timed out");
}

const noticesOf = (caseId: string) =>
  server.database.db
    .withTables<{ notifications: { emailed_at: Date | null; email_attempts: number; email_error: string | null } }>()
    .selectFrom("notifications as n")
    .innerJoin("users as u", "u.id", "n.user_id")
    .select(["n.id", "u.login", "u.email", "n.message_zh", "n.message_en", "n.emailed_at", "n.email_attempts", "n.email_error"])
    .where("n.case_id", "=", caseId)
    .orderBy("u.login")
    .execute();

async function fileCorrection(title: string) {
  server.app.cases.clock.today = () => "2026-09-30";
  const res = await market.post("/api/v1/cases", {
    kind: "correction",
    handlerOrganisationId: healthOrg,
    subject: { type: "dataset", id: "ds-birth-records" },
    title,
    payload: { datasetId: "ds-birth-records", problem: "inaccurate", description: "第 12 行地址与户籍不一致" },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  mail = { smtpUrl: `smtp://127.0.0.1:${port}`, from: "数源 <noreply@shuyuan.test>", publicUrl: "https://data.example.gov.cn", pollMs: 50 };
  server = await startTestServer({ mail });
  market = clientFor(server);
  await market.login("market", DEMO_PASSWORD);
  healthOrg = (await server.database.db.selectFrom("organisations").select("id").where("name", "like", "%卫生健康%").executeTakeFirstOrThrow()).id;
  // The health commission's only user has no address: its notices stay in-app.
  await server.database.db.updateTable("users").set({ email: null }).where("login", "=", "health").execute();
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

describe("e-mail copies of notifications (SHUYUAN_SMTP_URL)", () => {
  it("a case transition's notice arrives as mail to each party's address, in both languages with a link to the case; a user without an address gets none", async () => {
    const caseId = await fileCorrection("出生登记数据地址有误");
    const link = `https://data.example.gov.cn/console/cases/${caseId}`;
    const notices = await noticesOf(caseId);
    // The authority's three users and the provider's one are told; the acting applicant is not.
    expect(notices.map((n) => n.login)).toEqual(["admin", "auditor", "health", "reviewer"]);
    const mails = await waitFor(() => {
      const mine = received.filter((m) => m.text?.includes(link));
      return mine.length === 3 ? mine : undefined;
    });
    expect(mails.flatMap((m) => m.rcptTo).sort()).toEqual(["admin@demo.shuyuan.local", "auditor@demo.shuyuan.local", "reviewer@demo.shuyuan.local"]);
    const { message_zh, message_en } = notices[0];
    expect(message_zh).toContain("出生登记数据地址有误");
    expect(message_en).toContain("Data correction");
    for (const m of mails) {
      expect(m.subject).toBe(`【数源】${message_zh} / Shuyuan: ${message_en}`);
      expect(m.text).toContain(`${message_zh}\n查看办件：${link}`);
      expect(m.text).toContain(`${message_en}\nView the case: ${link}`);
      expect(m.from?.value[0].address).toBe("noreply@shuyuan.test");
    }
    const sent = await waitFor(async () => {
      const rows = await noticesOf(caseId);
      return rows.filter((n) => n.emailed_at).length === 3 ? rows : undefined;
    });
    expect(sent.find((n) => n.login === "health")).toMatchObject({ email: null, emailed_at: null, email_attempts: 0 });
    expect(received.flatMap((m) => m.rcptTo).some((to) => to.startsWith("health@"))).toBe(false);
  });

  it("a mail server that refuses (550) does not affect the request; the notice is retried, then given up with the error", async () => {
    refusing = true;
    try {
      const caseId = await fileCorrection("交通数据缺失");
      const firstTry = await waitFor(async () => {
        const rows = (await noticesOf(caseId)).filter((n) => n.email);
        return rows.every((n) => n.email_attempts === 1 && n.email_error) ? rows : undefined;
      });
      expect(firstTry.map((n) => n.email_error)).toEqual(Array(3).fill(expect.stringContaining("550")));
      // Later attempts as a sender would make them, each after its back-off (at most 64 minutes). The
      // server's own sender polls meanwhile; a tick that meets its advisory lock claims nothing and is tried again.
      const later = mailOutbox({ db: server.database.db, config: mail, log: quiet });
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        const at = new Date(Date.now() + attempt * 2 * 3600_000);
        await waitFor(async () => ((await later.tick(at)).failed.length === 3 ? true : undefined));
      }
      await later.stop();
      const rows = (await noticesOf(caseId)).filter((n) => n.email);
      expect(rows).toEqual(Array(3).fill(expect.objectContaining({ emailed_at: null, email_attempts: MAX_ATTEMPTS, email_error: expect.stringContaining("550") })));
      expect(received.some((m) => m.text?.includes(caseId))).toBe(false);
    } finally {
      refusing = false;
    }
  });
});

describe("several senders on one database", () => {
  let second: Database | undefined;
  afterAll(async () => second?.close());

  it("two sender loops send each notice once; a notice outside a case links to the notification list", async () => {
    // On PostgreSQL (DATABASE_URL) the second sender has its own connection pool, as another instance would.
    if (server.database.kind === "postgres") {
      second = await openDatabase({ databaseUrl: server.config.databaseUrl, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-mail-")) });
    }
    const admin = await server.database.db.selectFrom("users").select("id").where("login", "=", "admin").executeTakeFirstOrThrow();
    const inserted = await server.database.db
      .insertInto("notifications")
      .values(Array.from({ length: 120 }, (_, i) => ({ user_id: admin.id, case_id: null, action: "test.notice", message_zh: `通知 ${i}`, message_en: `Notice ${i}` })))
      .returning("id")
      .execute();
    const ids = new Set(inserted.map((n) => n.id));
    const senders = [server.database, second ?? server.database].map((d) => mailOutbox({ db: d.db, config: mail, log: quiet }));
    // Alongside the server's own loop, two more senders race for the same notices.
    const mine = () => received.filter((m) => ids.has(m.messageId!.slice(1).split("@")[0]));
    while (mine().length < ids.size) await Promise.all(senders.map((s) => s.tick()));
    await Promise.all(senders.map((s) => s.stop()));
    const messageIds = mine().map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(ids.size);
    expect(messageIds).toHaveLength(ids.size);
    expect(mine()[0].text).toContain("https://data.example.gov.cn/console/notifications");
    expect(mine()[0].text).not.toContain("/console/cases/");
  });
});
