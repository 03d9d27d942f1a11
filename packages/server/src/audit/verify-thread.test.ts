import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../server";
import { asTamperer } from "../testing/tamper";
import { startTestServer } from "../testing/test-server";
import { auditRepository } from "./repository";
import { auditService, verifyCuts } from "./service";
import { loadSigningKey } from "./signing-key";
import { PROGRESS_EVERY, walkOnThread } from "./verify-thread";
import { AuditWriter } from "./writer";

// Threads walk ranges only on a PostgreSQL server (PGlite is one connection, in the server's thread).
describe.skipIf(!process.env.DATABASE_URL)("004 §28: a range of the audit chain verified on a thread of its own", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: false });
    for (let i = 0; i < 24_000; i += 2_000) {
      await Promise.all(Array.from({ length: 2_000 }, (_, j) => server.app.audit.record({ action: "test.thread", outcome: "success", rowCount: i + j })));
    }
  });
  afterAll(async () => server?.close());

  const walk = (after: number, to: number | undefined) =>
    walkOnThread({ databaseUrl: server.config.databaseUrl!, algorithm: server.config.auditHash, after, to });

  it("checks exactly the range's entries and reports where it starts and ends, for the walk before it to join", async () => {
    const state = await walk(100, 200);
    expect(state).toMatchObject({ checked: 100, breaks: [], expectedSeq: 201, first: { seq: 101 } });
    const next = await sql<{ hash: string; prev_hash: string }>`select hash, (select prev_hash from audit_entries where seq = 101) as prev_hash from audit_entries where seq = 200`.execute(server.database.db);
    expect(state.prevHash).toBe(next.rows[0].hash);
    expect(state.first!.prevHash).toBe(next.rows[0].prev_hash);
  });

  it("a whole walk with its later ranges on threads finds what a walk on one thread finds", async () => {
    const repo = auditRepository(server.database);
    const deps = { repo, writer: new AuditWriter(repo, server.config.auditHash), signingKey: loadSigningKey(server.config.dataDir), platform: "test" };
    const here = auditService(deps);
    const threaded = auditService({ ...deps, walkRange: walk, threadRange: 1 });
    const n = (await repo.head())!.seq;
    const heard: { checked: number; total: number }[] = [];
    expect(await threaded.verify({}, (p) => heard.push(p))).toEqual({ ...(await here.verify()), ok: true, checked: n });
    // The threads' shares are in the progress, to the last entry.
    expect(heard.at(-1)).toEqual({ checked: n, total: n });
    const [cut] = verifyCuts(0, n, 2);
    await asTamperer(server.database.db, async (t) => {
      await sql`update audit_entries set row_count = -1 where seq in (150, ${cut + 1})`.execute(t);
      await sql`delete from audit_entries where seq = ${cut}`.execute(t);
    });
    const report = await threaded.verify();
    expect(report).toEqual(await here.verify());
    expect(report.breaks).toEqual([
      expect.objectContaining({ seq: 150, kind: "content" }),
      expect.objectContaining({ seq: cut, kind: "gap" }),
      expect.objectContaining({ seq: cut + 1, kind: "link" }),
      expect.objectContaining({ seq: cut + 1, kind: "content" }),
    ]);
    // And a range on its own thread finds the edited entry in it.
    expect((await walk(100, 200)).breaks).toEqual([expect.objectContaining({ seq: 150, kind: "content" })]);
  });

  it("tells its progress as it goes, every PROGRESS_EVERY entries", async () => {
    const heard: number[] = [];
    const state = await walkOnThread({ databaseUrl: server.config.databaseUrl!, algorithm: server.config.auditHash, after: 0, to: 20_000 }, (n) => heard.push(n));
    // (The test before deleted an entry.)
    const stored = await sql<{ n: string }>`select count(*) as n from audit_entries where seq <= 20000`.execute(server.database.db);
    expect(state.checked).toBe(Number(stored.rows[0].n));
    expect(heard).toEqual([PROGRESS_EVERY]);
  });

  it("fails, rather than waits, when its thread cannot reach the database", async () => {
    const url = new URL(server.config.databaseUrl!);
    url.pathname = "/shuyuan_no_such_database";
    await expect(walkOnThread({ databaseUrl: url.toString(), algorithm: "sm3", after: 0, to: 10 })).rejects.toThrow(/shuyuan_no_such_database/);
  });
});
