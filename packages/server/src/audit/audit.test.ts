import { canonicalize, contentHash, sealBatch, verifyCheckpoint, ChainVerifier, GENESIS_HASH } from "@shuyuan/core";
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DB } from "../db/schema";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { newCitizenId, STRONG_PASSWORD } from "../testing/factories";
import { mountTable } from "../testing/mount-table";
import { type ApiClient, clientFor } from "../testing/http-client";
import { asTamperer as tamper } from "../testing/tamper";
import { startTestServer } from "../testing/test-server";
import { sealedCopyText } from "./copy-text";
import { auditRepository, sealedRowsLiteral } from "./repository";
import { verifyCuts } from "./service";

let server: RunningServer;
let admin: ApiClient;
let auditor: ApiClient;
let db: Kysely<DB>;

beforeAll(async () => {
  server = await startTestServer();
  db = server.database.db;
  admin = clientFor(server);
  auditor = clientFor(server);
  await admin.login("admin", DEMO_PASSWORD);
  await auditor.login("auditor", DEMO_PASSWORD);
});
afterAll(async () => server?.close());

/** Runs `fn` with the append-only guard switched off, as a database superuser tampering by hand would. */
const asTamperer = (fn: (conn: Kysely<DB>) => Promise<unknown>) => tamper(db, fn);

const verify = async (body: object = {}) => (await auditor.post("/api/v1/audit/verify", body)).body;

async function lastSeq() {
  const r = await db.selectFrom("audit_entries").select(sql<number>`max(seq)`.as("m")).executeTakeFirstOrThrow();
  return Number(r.m);
}

describe("004 §28, 003 §26: every change and access is on the record", () => {
  it("records logins (successful and failed) with who, from where and the outcome", async () => {
    await clientFor(server).post("/api/v1/auth/login", { login: "market", password: "Wrong#Password9" });
    const res = await auditor.get("/api/v1/audit/entries?action=identity.login&limit=10");
    expect(res.status).toBe(200);
    const failed = res.body.items.find((e: { outcome: string }) => e.outcome === "denied");
    expect(failed).toMatchObject({ action: "identity.login", detail: { login: "market", status: 401 }, ip: "127.0.0.1" });
    const ok = res.body.items.find((e: { outcome: string; detail: { login: string } }) => e.outcome === "success" && e.detail.login === "admin");
    expect(ok.actorUserId).toBeTruthy();
    expect(ok.payloadDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("records state changes with their subject, committed before the response", async () => {
    const created = await admin.post("/api/v1/organisations", { name: "审计测试局", kind: "department", regionCode: "230100" });
    const entries = await auditor.get(`/api/v1/audit/entries?subjectType=organisation&subjectId=${created.body.id}`);
    expect(entries.body.items).toEqual([expect.objectContaining({ action: "organisation.create", outcome: "success", regionCode: "230000" })]);
  });

  it("records refused attempts too", async () => {
    const market = clientFor(server);
    await market.login("market", DEMO_PASSWORD);
    await market.post("/api/v1/organisations", { name: "越权机构", kind: "department", regionCode: "230100" });
    const res = await auditor.get("/api/v1/audit/entries?action=organisation.create&outcome=denied");
    expect(res.body.items.length).toBeGreaterThanOrEqual(1);
  });

  it("a user sees their own history", async () => {
    const market = clientFor(server);
    await market.login("market", DEMO_PASSWORD);
    const mine = await market.get("/api/v1/me/audit");
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((e: { actorUserId: string }) => e.actorUserId === mine.body.items[0].actorUserId)).toBe(true);
  });

  it("reading the record is itself recorded", async () => {
    await auditor.get("/api/v1/audit/entries?limit=1");
    const res = await auditor.get("/api/v1/audit/entries?action=audit.search&limit=5");
    expect(res.body.items.length).toBeGreaterThan(0);
  });

  it("pages by seq, newest first", async () => {
    const p1 = await auditor.get("/api/v1/audit/entries?limit=3");
    const p2 = await auditor.get(`/api/v1/audit/entries?limit=3&beforeSeq=${p1.body.nextBeforeSeq}`);
    expect(p1.body.items.map((e: { seq: number }) => e.seq)).toEqual([...p1.body.items.map((e: { seq: number }) => e.seq)].sort((a, b) => b - a));
    expect(p2.body.items[0].seq).toBeLessThan(p1.body.items[2].seq);
  });
});

describe("who may read the record", () => {
  it("a department user may not search it, and a forged query is refused", async () => {
    const market = clientFor(server);
    await market.login("market", DEMO_PASSWORD);
    expect((await market.get("/api/v1/audit/entries")).status).toBe(403);
    expect((await market.post("/api/v1/audit/verify", {})).status).toBe(403);
    expect((await auditor.get("/api/v1/audit/entries?action=x'%20or%201=1")).status).toBe(400);
    expect((await auditor.get("/api/v1/audit/entries?from=yesterday")).status).toBe(400);
    expect((await auditor.get("/api/v1/audit/entries?limit=100000")).status).toBe(400);
    expect((await auditor.get("/api/v1/audit/entries?datasetId=1;drop")).status).toBe(400);
  });

  it("an auditor of one city cannot read another region's record", async () => {
    const city = await admin.post("/api/v1/organisations", { name: "牡丹江市数据局", kind: "authority", regionCode: "231000" });
    const person = { login: "mdj-auditor", name: "钱审计", citizenId: newCitizenId(), roles: ["auditor"], initialPassword: STRONG_PASSWORD };
    await admin.post(`/api/v1/organisations/${city.body.id}/users`, person);
    const c = clientFor(server);
    await c.login(person.login, STRONG_PASSWORD);
    await c.post("/api/v1/me/password", { currentPassword: STRONG_PASSWORD, newPassword: "Mudan#River2027" });
    const res = await c.get("/api/v1/audit/entries?limit=200");
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e: { regionCode: string }) => e.regionCode?.startsWith("2310"))).toBe(true);
    const province = await auditor.get("/api/v1/audit/entries?limit=200");
    expect(province.body.items.some((e: { regionCode: string }) => e.regionCode === "230000")).toBe(true);
  });
});

describe("004 §28: a data read's entry proves what was sent", () => {
  it("keeps the digest of the response body, also when the same page is read again", async () => {
    // A department reads its own data (another dataset than the provider test's below, whose uses it counts).
    const health = clientFor(server);
    await health.login("health", DEMO_PASSWORD);
    const own = (await health.get("/api/v1/datasets?scope=own")).body.items[0];
    await mountTable(db, own.id, [{ name: "name", type: "string" }], [["张三"], ["李四"]]);
    const reads = [await health.get(`/api/v1/datasets/${own.id}/rows?limit=1`), await health.get(`/api/v1/datasets/${own.id}/rows?limit=1`)];
    expect(reads.map((r) => r.status)).toEqual([200, 200]);
    expect(reads[1].text).toBe(reads[0].text);
    const entries = (await auditor.get(`/api/v1/audit/entries?datasetId=${own.id}&action=data.query&limit=2`)).body.items;
    const sm3 = createHash("sm3").update(reads[0].text).digest("hex");
    expect(entries.map((e: { payloadDigest: string }) => e.payloadDigest)).toEqual([sm3, sm3]);
  });
});

describe("004 §28: the providing department sees every use of its own data", () => {
  it("traces who read its dataset, how and how many rows, and reads those entries; nobody else's dataset, no other department", async () => {
    const [market, health, company] = [clientFor(server), clientFor(server), clientFor(server)];
    await market.login("market", DEMO_PASSWORD);
    await health.login("health", DEMO_PASSWORD);
    await company.login("company", DEMO_PASSWORD);
    const own = (await market.get(`/api/v1/datasets?scope=own&q=${encodeURIComponent("企业登记注册信息")}`)).body.items[0];
    const theirs = (await health.get("/api/v1/datasets?scope=own")).body.items[0];
    await mountTable(db, own.id, [{ name: "company_name", type: "string" }], [["数源示例一公司"], ["数源示例二公司"], ["数源示例三公司"]]);
    expect((await company.get(`/api/v1/datasets/${own.id}/rows?limit=2`)).status).toBe(200);

    const trace = await market.get(`/api/v1/audit/trace?datasetId=${own.id}`);
    expect(trace.status, JSON.stringify(trace.body)).toBe(200);
    expect(trace.body.items).toContainEqual(expect.objectContaining({ action: "data.query", uses: 1, rows: 2 }));
    const entries = await market.get(`/api/v1/audit/entries?datasetId=${own.id}`);
    expect(entries.status).toBe(200);
    expect(entries.body.items.some((e: { action: string }) => e.action === "data.query")).toBe(true);

    // Only with its own dataset as the filter: not the whole record, not another department's data.
    expect((await market.get("/api/v1/audit/trace")).status).toBe(403);
    expect((await market.get(`/api/v1/audit/trace?datasetId=${theirs.id}`)).status).toBe(403);
    expect((await health.get(`/api/v1/audit/entries?datasetId=${own.id}`)).status).toBe(403);
    expect((await company.get(`/api/v1/audit/trace?datasetId=${own.id}`)).status).toBe(403);
  });
});

describe("append-only in the database", () => {
  it("refuses UPDATE, DELETE and TRUNCATE even for the table owner", async () => {
    await expect(sql`update audit_entries set action = 'x' where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_entries where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_entries`.execute(db)).rejects.toThrow(/append-only/);
  });
});

describe("the canonical text is what the database prints", () => {
  // Each special character alone, so a rule missing for any one of them shows.
  const awkward = [...'"\\,(){} \t\n\r\v\f\b'].map((c) => `a${c}b`);
  awkward.push("", "NULL", "null", "\\N", "\\.", "中文，（）", "nb\u00a0sp\u3000", "ctl\u0001\u001f\u007f", "emoji 😀", 'a "quoted", (parenthesised) value');

  it("for values that need quoting, escaping or are easily confused with NULL", async () => {
    const record = (v: string) => server.app.audit.record({ action: "test.canonical", outcome: "error", purpose: v, userAgent: v, fields: [v], detail: { [v]: v } });
    const seqs = [
      ...(await Promise.all(awkward.map(record))),
      await server.app.audit.record({
        action: "test.canonical", outcome: "success", actorUserId: "6F1C1C1E-2B1A-4D7E-9D1E-0C6B7A1D2E3F", fields: awkward, rowCount: 0,
        detail: { z: awkward, a: { "10": 1.5, "2": -0, b: [null, true, 1e21] }, ["__proto__"]: "an own key" },
      }),
    ];
    const repo = auditRepository(server.database);
    for (const seq of seqs) {
      const [printed] = await repo.sealedPageAfter(seq - 1, 1);
      const stored = (await repo.entryAt(seq))!;
      expect(printed.canonical).toBe(canonicalize(stored));
      expect(contentHash("sm3", printed.prevHash, printed.canonical)).toBe(printed.hash);
    }
    // Streamed through COPY (PostgreSQL), whose text format escapes \\ and the controls once more.
    if (repo.streamLinked) {
      const streamed: string[] = [];
      await repo.streamLinked(seqs[0] - 1, seqs[seqs.length - 1], (e) => (streamed.push(Buffer.from(e.linked).toString()), true));
      const stored = await repo.pageAfter(seqs[0] - 1, seqs.length);
      expect(streamed).toEqual(stored.map((e) => `${e.prevHash}\n${canonicalize(e)}`));
    }
    const last = (await repo.entryAt(seqs[seqs.length - 1]))!;
    expect(last.actorUserId).toBe("6f1c1c1e-2b1a-4d7e-9d1e-0c6b7a1d2e3f");
    expect(last.fields).toEqual(awkward);
  });

  it.runIf(!!process.env.DATABASE_URL)("for the same values sent by COPY, whose text format escapes them differently", async () => {
    const repo = auditRepository(server.database);
    const contents = awkward.map((v) => ({
      at: new Date().toISOString(), action: "test.copy", outcome: "error" as const, actorUserId: null, actorOrganisationId: null, tokenId: null,
      regionCode: v, subjectType: v, subjectId: v, datasetId: null, fields: [v, "x"], rowCount: null, purpose: v, grantId: null, ip: v, userAgent: v,
      payloadDigest: v, detail: { [v]: v },
    }));
    const head = await repo.head();
    const sealed = sealBatch("sm3", head ?? { seq: 0, hash: GENESIS_HASH }, contents);
    // Linked to a head that is no longer the head: refused, nothing written.
    const stale = head && { seq: head.seq - 1, hash: head.hash };
    const sent = vi.fn();
    expect(await repo.copyIfHead!(sealedCopyText(sealed), stale, sent)).toBe(false);
    expect(await repo.head()).toEqual(head);
    // The rows never left: the server refused before asking for them.
    expect(sent).not.toHaveBeenCalled();
    expect(await repo.copyIfHead!(sealedCopyText(sealed), head, sent)).toBe(true);
    expect(sent).toHaveBeenCalledOnce();
    const stored = await repo.pageAfter(sealed[0].seq - 1, sealed.length);
    expect(stored.map((e) => e.purpose)).toEqual(awkward);
    const printed = await repo.sealedPageAfter(sealed[0].seq - 1, sealed.length);
    expect(printed).toEqual(sealed.map(({ seq, canonical, prevHash, hash }) => ({ seq, canonical, prevHash, hash })));
  });

  it("refuses, on its own, an entry the table could not hold", async () => {
    await expect(server.app.audit.record({ action: "test.bad", outcome: "error", datasetId: "not-a-uuid" })).rejects.toThrow(/datasetId is not a UUID/);
    await expect(server.app.audit.record({ action: "test.bad", outcome: "error", rowCount: 1.5 })).rejects.toThrow(/rowCount/);
    await expect(server.app.audit.record({ action: "test.bad", outcome: "error", userAgent: "nul\0" })).rejects.toThrow(/userAgent contains a NUL/);
    const good = server.app.audit.record({ action: "test.good", outcome: "success" });
    const bad = server.app.audit.record({ action: "test.bad", outcome: "error", fields: ["ok", "nul\0"] });
    await expect(bad).rejects.toThrow(/fields/);
    expect(await good).toBeGreaterThan(0);
  });
});

describe("verification detects every kind of tampering at the right entry", () => {
  it("an untouched record verifies", async () => {
    const report = await verify();
    expect(report.ok).toBe(true);
    // everything up to the verification's own entry, which is appended after it ran
    expect(report.checked).toBe((await lastSeq()) - 1);
  });

  it("an edited entry", async () => {
    const original = await db.selectFrom("audit_entries").select("row_count").where("seq", "=", 3).executeTakeFirstOrThrow();
    await asTamperer((t) => sql`update audit_entries set row_count = 100000 where seq = 3`.execute(t));
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.breaks[0]).toMatchObject({ seq: 3, kind: "content" });
    await asTamperer((t) => sql`update audit_entries set row_count = ${original.row_count} where seq = 3`.execute(t));
  });

  it("a deleted, a reordered and an inserted entry", async () => {
    // Work on a copy so each tampering is judged on its own.
    const n = await lastSeq();
    const rows = await db.selectFrom("audit_entries").selectAll().orderBy("seq").execute();
    const restore = () =>
      asTamperer(async (t) => {
        await sql`delete from audit_entries`.execute(t);
        for (const r of rows) await t.insertInto("audit_entries").values({ ...r, at: new Date(r.at).toISOString() } as never).execute();
      });

    await asTamperer((t) => sql`delete from audit_entries where seq = 5`.execute(t));
    expect((await verify()).breaks[0]).toMatchObject({ seq: 5, kind: "gap" });
    await restore();

    await asTamperer(async (t) => {
      await sql`update audit_entries set seq = -1 where seq = 6`.execute(t);
      await sql`update audit_entries set seq = 6 where seq = 7`.execute(t);
      await sql`update audit_entries set seq = 7 where seq = -1`.execute(t);
    });
    expect((await verify()).breaks[0].seq).toBe(6);
    await restore();

    await asTamperer(async (t) => {
      await sql`update audit_entries set seq = seq + 1000000 where seq >= 8`.execute(t);
      await sql`update audit_entries set seq = seq - 1000000 + 1 where seq >= 1000008`.execute(t);
      await sql`insert into audit_entries select 8, at, 'data.forged', outcome, actor_user_id, actor_organisation_id, token_id, region_code, subject_type, subject_id, dataset_id, fields, row_count, purpose, grant_id, ip, user_agent, payload_digest, detail, prev_hash, hash from audit_entries where seq = 9`.execute(t);
    });
    const inserted = await verify();
    expect(inserted.ok).toBe(false);
    expect(inserted.breaks[0].seq).toBe(8);
    await restore();

    expect((await verify()).ok).toBe(true);
    expect(await lastSeq()).toBeGreaterThanOrEqual(n);
  });

  it("entries deleted from the end are caught by the signed checkpoint", async () => {
    const cp = await auditor.post("/api/v1/audit/checkpoints");
    expect(cp.status).toBe(201);
    const rows = await db.selectFrom("audit_entries").selectAll().where("seq", ">=", cp.body.seq - 1).execute();
    await asTamperer((t) => sql`delete from audit_entries where seq >= ${cp.body.seq - 1}`.execute(t));
    // straight to the service: an HTTP call would itself append an entry
    const report = await server.app.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.checkpoints.failed[0]).toMatchObject({ seq: cp.body.seq, reason: expect.stringContaining("missing") });
    await asTamperer(async (t) => {
      for (const r of rows) await t.insertInto("audit_entries").values({ ...r, at: new Date(r.at).toISOString() } as never).execute();
    });
    expect((await verify()).ok).toBe(true);
  });

  it("a range can be verified on its own", async () => {
    const report = await verify({ fromSeq: 2, toSeq: 6 });
    expect(report).toMatchObject({ ok: true, fromSeq: 2, toSeq: 6, checked: 5 });
  });
});

describe("a long walk verified as consecutive ranges at once", () => {
  it("checks every entry once and finds tampering at a boundary", async () => {
    const fresh = await startTestServer({ seedDemo: false });
    try {
      for (let i = 0; i < 25_000; i += 1_000) {
        await Promise.all(Array.from({ length: 1_000 }, (_, j) => fresh.app.audit.record({ action: "test.walk", outcome: "success", rowCount: i + j })));
      }
      const n = Number((await sql<{ n: string }>`select max(seq) as n from audit_entries`.execute(fresh.database.db)).rows[0].n);
      const heard: { checked: number; total: number }[] = [];
      expect(await fresh.app.audit.verify({}, (p) => heard.push(p))).toMatchObject({ ok: true, checked: n, toSeq: n });
      // Progress only grows, and ends at the whole walk.
      expect(heard.map((p) => p.checked)).toEqual(heard.map((p) => p.checked).sort((a, b) => a - b));
      expect(heard.at(-1)).toEqual({ checked: n, total: n });
      // Where the service cuts this walk on this machine (a single-core one walks it whole: any entry will do).
      const cut = verifyCuts(0, n)[0] ?? Math.floor(n / 2);
      expect(cut).toBeGreaterThan(1);
      // The last entry of the first range deleted, the first of the second edited.
      await tamper(fresh.database.db, async (t) => {
        await sql`delete from audit_entries where seq = ${cut}`.execute(t);
        await sql`update audit_entries set row_count = -1 where seq = ${cut + 1}`.execute(t);
      });
      const report = await fresh.app.audit.verify();
      expect(report.checked).toBe(n - 1);
      expect(report.breaks).toEqual([
        expect.objectContaining({ seq: cut, kind: "gap" }),
        expect.objectContaining({ seq: cut + 1, kind: "link" }),
        expect.objectContaining({ seq: cut + 1, kind: "content" }),
      ]);
    } finally {
      await fresh.close();
    }
  });
});

describe("signed checkpoints and export", () => {
  it("a published checkpoint verifies offline with the public key alone", async () => {
    await auditor.post("/api/v1/audit/checkpoints");
    const anyone = clientFor(server);
    const key = await anyone.get("/api/v1/audit/public-key");
    const list = await anyone.get("/api/v1/audit/checkpoints");
    const cp = list.body.items[0];
    expect(verifyCheckpoint(cp, key.body)).toBe(true);
    expect(verifyCheckpoint({ ...cp, headHash: "0".repeat(64) }, key.body)).toBe(false);
  });

  it("an exported range verifies against its proof without the database", async () => {
    await auditor.post("/api/v1/audit/checkpoints");
    const head = await lastSeq();
    const res = await admin.get(`/api/v1/audit/export?fromSeq=3&toSeq=${head - 2}`);
    expect(res.status).toBe(200);
    const bundle = res.body;
    const v = new ChainVerifier(bundle.algorithm, bundle.anchor);
    v.feed(bundle.entries);
    expect(v.ok).toBe(true);
    expect(v.checked).toBe(head - 4);
    expect(verifyCheckpoint(bundle.checkpoint, bundle.publicKey)).toBe(true);
    const csv = await admin.request("GET", `/api/v1/audit/export?fromSeq=1&toSeq=3&format=csv`);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(String(csv.body).split("\r\n")[0]).toContain("seq,at,action");
    expect((await auditor.get(`/api/v1/audit/export?fromSeq=5&toSeq=1`)).status).toBe(400);
  });
});

describe("retention (004 §28: at least 3 years)", () => {
  it("refuses to purge anything younger than the retention period", async () => {
    await expect(server.app.audit.purge(new Date(), 3, null)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("purges older entries behind a signed anchor; the rest still verifies", async () => {
    // Build a record whose first entries are four years old (written as the writer would have then).
    const fresh = await startTestServer({ seedDemo: false });
    try {
      const old = new Date(Date.UTC(new Date().getUTCFullYear() - 4, 0, 1));
      const batch = Array.from({ length: 5 }, (_, i) => ({
        at: new Date(old.getTime() + i * 1000).toISOString(), action: "identity.login", outcome: "success" as const,
        actorUserId: null, actorOrganisationId: null, tokenId: null, regionCode: "230000", subjectType: null, subjectId: null,
        datasetId: null, fields: null, rowCount: null, purpose: null, grantId: null, ip: null, userAgent: null, payloadDigest: null, detail: null,
      }));
      const repo = auditRepository(fresh.database);
      await repo.transaction((trx) => repo.insertRows(trx, sealedRowsLiteral(sealBatch("sm3", { seq: 0, hash: GENESIS_HASH }, batch))));
      await fresh.app.audit.record({ action: "identity.login", outcome: "success" });
      const cutoff = new Date(Date.UTC(new Date().getUTCFullYear() - 3, 0, 1));
      const result = await fresh.app.audit.purge(cutoff, 3, null);
      expect(result).toMatchObject({ purged: 5, throughSeq: 5 });
      const report = await fresh.app.audit.verify();
      expect(report.ok).toBe(true);
      expect(report.fromSeq).toBe(6);
      const purgeEntry = await fresh.database.db.selectFrom("audit_entries").selectAll().where("action", "=", "audit.purge").executeTakeFirstOrThrow();
      expect(purgeEntry.detail).toMatchObject({ throughSeq: 5, purged: 5 });
    } finally {
      await fresh.close();
    }
  });
});
