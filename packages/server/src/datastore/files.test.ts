// File distributions through the real app: buildApp as the server builds it, with fileRoutes registered
// on it under /api/v1 (until app.ts wires filesModule itself, after which the harness uses that wiring),
// on a local directory and on an S3-compatible server (s3rver). Same database rules as every API test:
// PGlite by default, a fresh PostgreSQL database with DATABASE_URL.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { resolveProfile } from "@shuyuan/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app";
import { loadConfig } from "../config";
import { openDatabase, type Database } from "../db/database";
import { migrate } from "../db/migrate";
import { DEMO_PASSWORD, seedDemo } from "../demo/seed";
import { fileMaxBytesFromEnv, storageFromEnv } from "../storage/from-env";
import * as fixture from "../storage/fixtures.testing";
import { startTestS3, type TestS3 } from "../storage/s3rver.testing";
import type { ObjectStorage } from "../storage/types";
import { ApiClient } from "../testing/http-client";
import { createTestDatabase } from "../testing/test-database";
import { filesModule } from "./files-routes";

const MB = 1024 * 1024;
const MAX_MB = 8; // above one 5 MiB S3 part, so uploads through the route exercise multipart

interface Harness {
  url: string;
  database: Database;
  storage: ObjectStorage;
  close(): Promise<void>;
}

/** startServer's steps (database, migrations, demo, buildApp, listen) with the file routes registered before listening. */
async function startFilesServer(env: Record<string, string>): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-files-"));
  const { databaseUrl, drop } = await createTestDatabase();
  const config = { ...loadConfig({ SHUYUAN_DEMO: "true", ...env }, { dataDir }), port: 0, host: "127.0.0.1", databaseUrl, secret: randomBytes(32).toString("base64url") };
  const profile = resolveProfile(config.profileId, config.profileOverrides);
  const database = await openDatabase(config);
  await migrate(database);
  await seedDemo(database.db, profile, config.secret);
  const app = await buildApp({ config, database, profile });
  const storage = storageFromEnv(env, dataDir);
  if (!app.hasRoute({ method: "POST", url: "/api/v1/datasets/:id/files" })) {
    const files = filesModule({ database, catalog: app.catalog.repo, storage, authorise: app.datastore.service.decide, maxBytes: fileMaxBytesFromEnv(env), usage: app.datastore.usage });
    await app.register(files.routes, { prefix: "/api/v1" });
  }
  await storage.check();
  const url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "localhost");
  return {
    url,
    database,
    storage,
    async close() {
      await app.close();
      await database.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A hand-built multipart body, so a test controls every byte of the part header (file names with NUL…). */
function multipart(dispositionParams: string, data: Uint8Array, field = "file") {
  const boundary = `----shuyuan${randomBytes(8).toString("hex")}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; ${dispositionParams}\r\nContent-Type: application/pdf\r\n\r\n`, "utf8"),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** A PDF of `size` bytes: a real header, then random bytes (sniffing reads only the start). */
const pdfOf = (size: number) => {
  const data = randomBytes(size);
  Buffer.from(fixture.PDF).copy(data, 0);
  return new Uint8Array(data);
};

const entryContent = (code: string) => ({
  title: `文件测试条目${code}`,
  code,
  summary: "用于文件资源测试的目录条目",
  catalogKind: "department",
  theme: "economy",
  fields: [{ name: "doc_no", title: "文号", type: "string", level: 1 }],
  formats: ["pdf"],
  updateFrequency: "monthly",
  shareType: "unconditional",
  openType: "unconditional",
  level: 1,
  tags: [],
  contact: { name: "陈目录" },
});

describe.each(["local", "s3"])("file distributions on %s storage", (kind) => {
  let s3: TestS3 | null = null;
  let server: Harness;
  let anonymous: ApiClient;
  let market: ApiClient; // provider of the company register and the penalties entry
  let health: ApiClient; // another department
  let marketToken: string;
  const ids: Record<string, string> = {};

  const idOf = async (title: string) => {
    const res = await market.get(`/api/v1/datasets?q=${encodeURIComponent(title)}&scope=all`);
    return res.body.items.find((i: { title: string }) => i.title === title).id as string;
  };
  const rowsOf = async (datasetId: string) =>
    (await sql<{ id: string; deleted_at: Date | null }>`select id, deleted_at from file_distributions where dataset_id = ${datasetId}`.execute(server.database.db)).rows;
  /** A POST with a raw body as a machine client (bearer token: no cookie, no CSRF token). */
  const rawPost = (p: string, body: Uint8Array, type: string) =>
    fetch(server.url + p, { method: "POST", headers: { authorization: `Bearer ${marketToken}`, "content-type": type }, body: new Uint8Array(body) });

  beforeAll(async () => {
    if (kind === "s3") s3 = await startTestS3();
    server = await startFilesServer({ ...(s3?.env ?? {}), SHUYUAN_FILE_MAX_MB: String(MAX_MB) });
    [anonymous, market, health] = Array.from({ length: 3 }, () => new ApiClient(server.url));
    await market.login("market", DEMO_PASSWORD);
    await health.login("health", DEMO_PASSWORD);
    marketToken = (await market.post("/api/v1/me/tokens", { name: "files test", expiresInDays: 1 })).body.token;
    ids.company = await idOf("企业登记注册信息"); // unconditionally open, level 1
    ids.penalties = await idOf("市场监管行政处罚信息"); // conditionally open
  });
  afterAll(async () => {
    await server?.close();
    await s3?.close();
  });

  it("uploads, lists and downloads byte-exact, streamed, with the Chinese name RFC 5987-encoded; the download is audited", async () => {
    const data = pdfOf(6 * MB);
    const name = "2026年第一季度 企业登记统计报告.pdf";
    const up = await market.upload(`/api/v1/datasets/${ids.company}/files`, { name, data, type: "application/octet-stream" });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ datasetId: ids.company, name, mediaType: "application/pdf", size: data.length });
    expect(up.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Stored under generated ids, never the user's name.
    expect(await server.storage.list(`files/${ids.company}/`)).toEqual([`files/${ids.company}/${up.body.id}`]);

    const list = await anonymous.get(`/api/v1/datasets/${ids.company}/files`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([up.body]);
    expect(list.body.download).toMatchObject({ allowed: true });

    const down = await anonymous.download(`/api/v1/datasets/${ids.company}/files/${up.body.id}`);
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.data, Buffer.from(data))).toBe(0);
    expect(down.headers.get("content-type")).toBe("application/pdf");
    expect(down.headers.get("content-length")).toBe(String(data.length));
    expect(down.headers.get("x-content-type-options")).toBe("nosniff");
    const disposition = down.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename="2026[_ ]+\.pdf"; /);
    expect(disposition.endsWith(`; filename*=UTF-8''${encodeURIComponent(name)}`)).toBe(true);

    const entry = await sql<{ outcome: string; dataset_id: string; subject_id: string; detail: Record<string, unknown> }>`
      select outcome, dataset_id, subject_id, detail from audit_entries where action = 'data.file.download' order by seq desc limit 1`.execute(server.database.db);
    expect(entry.rows[0]).toMatchObject({ outcome: "success", dataset_id: ids.company, subject_id: ids.company, detail: { fileId: up.body.id, name, size: data.length, status: 200 } });
  });

  it("an oversized upload is refused with 413 while streaming and leaves nothing stored", async () => {
    const before = await server.storage.list("");
    const rowsBefore = (await rowsOf(ids.company)).length;
    const res = await market.upload(`/api/v1/datasets/${ids.company}/files`, { name: "太大.pdf", data: pdfOf(MAX_MB * MB + 10) });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "file_too_large", message: `文件超过 ${MAX_MB} MB 的上限` });
    expect(await server.storage.list("")).toEqual(before);
    expect(await rowsOf(ids.company)).toHaveLength(rowsBefore);
    // The connection (and the server) is still fine for the next request.
    expect((await market.get(`/api/v1/datasets/${ids.company}/files`)).status).toBe(200);
  });

  it.runIf(kind === "local")("a declared size far past the limit is refused before the body is read", async () => {
    const { status, connection } = await new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      const req = http.request(`${server.url}/api/v1/datasets/${ids.company}/files`, {
        method: "POST",
        headers: { authorization: `Bearer ${marketToken}`, "content-type": "multipart/form-data; boundary=x", "content-length": String(2048 * MB) },
      });
      req.on("response", (res) => {
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders(); // headers only: a 2 GB body is never sent
    });
    expect(status).toBe(413);
    expect(connection).toBe("close"); // not left waiting for the body
  });

  it.runIf(kind === "local")("single byte ranges: 206 with Content-Range, 416 past the end", async () => {
    const data = pdfOf(10_000);
    const up = await market.upload(`/api/v1/datasets/${ids.company}/files`, { name: "范围.pdf", data });
    const url = `${server.url}/api/v1/datasets/${ids.company}/files/${up.body.id}`;
    const part = await fetch(url, { headers: { range: "bytes=0-3" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-3/${data.length}`);
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe("%PDF");
    const tail = await fetch(url, { headers: { range: "bytes=-10" } });
    expect(Buffer.compare(Buffer.from(await tail.arrayBuffer()), Buffer.from(data.subarray(-10)))).toBe(0);
    const past = await fetch(url, { headers: { range: `bytes=${data.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${data.length}`);
    // If-Range naming another version: the whole file.
    const stale = await fetch(url, { headers: { range: "bytes=0-3", "if-range": '"0000"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(data.length);
  });

  it.runIf(kind === "local")("only the provider's catalog editors upload and delete: another department 403, the public 401", async () => {
    const other = await health.upload(`/api/v1/datasets/${ids.company}/files`, { name: "越权.pdf", data: fixture.PDF });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("forbidden");
    expect((await anonymous.upload(`/api/v1/datasets/${ids.company}/files`, { name: "匿名.pdf", data: fixture.PDF })).status).toBe(401);

    const up = await market.upload(`/api/v1/datasets/${ids.company}/files`, { name: "待删除.pdf", data: fixture.PDF });
    expect((await health.delete(`/api/v1/datasets/${ids.company}/files/${up.body.id}`)).status).toBe(403);
    expect((await anonymous.delete(`/api/v1/datasets/${ids.company}/files/${up.body.id}`)).status).toBe(401);
    expect((await market.delete(`/api/v1/datasets/${ids.company}/files/${up.body.id}`)).status).toBe(204);
    // Soft: gone from the list and from downloads, still on record (row and bytes) for the audit trail.
    const list = await anonymous.get(`/api/v1/datasets/${ids.company}/files`);
    expect(list.body.items.map((f: { id: string }) => f.id)).not.toContain(up.body.id);
    expect((await anonymous.download(`/api/v1/datasets/${ids.company}/files/${up.body.id}`)).status).toBe(404);
    expect((await rowsOf(ids.company)).find((r) => r.id === up.body.id)?.deleted_at).toBeTruthy();
    expect(await server.storage.head(`files/${ids.company}/${up.body.id}`)).not.toBeNull();
    expect((await market.delete(`/api/v1/datasets/${ids.company}/files/${up.body.id}`)).status).toBe(404);
  });

  it.runIf(kind === "local")("001 §10: the public downloads files of unconditionally open entries only; conditional 403, draft 404", async () => {
    const conditional = await market.upload(`/api/v1/datasets/${ids.penalties}/files`, { name: "处罚决定书.pdf", data: fixture.PDF });
    expect(conditional.status).toBe(201);
    const listed = await anonymous.get(`/api/v1/datasets/${ids.penalties}/files`);
    expect(listed.status).toBe(200); // names and sizes are catalog facts; the bytes are not
    expect(listed.body.download).toMatchObject({ allowed: false, code: "application_required" });
    const denied = await anonymous.download(`/api/v1/datasets/${ids.penalties}/files/${conditional.body.id}`);
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.data.toString()).error.code).toBe("application_required");
    expect((await health.download(`/api/v1/datasets/${ids.penalties}/files/${conditional.body.id}`)).status).toBe(403);
    expect((await market.download(`/api/v1/datasets/${ids.penalties}/files/${conditional.body.id}`)).status).toBe(200);
    const audit = await sql<{ outcome: string }>`select outcome from audit_entries where action = 'data.file.download' and subject_id = ${ids.penalties} order by seq`.execute(server.database.db);
    expect(audit.rows.map((r) => r.outcome)).toEqual(["denied", "denied", "success"]);

    const draft = await market.post("/api/v1/datasets", { content: entryContent("T-FILES-DRAFT") });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const draftId = draft.body.dataset.id;
    const inDraft = await market.upload(`/api/v1/datasets/${draftId}/files`, { name: "草稿附件.pdf", data: fixture.PDF });
    expect(inDraft.status).toBe(201);
    expect((await anonymous.get(`/api/v1/datasets/${draftId}/files`)).status).toBe(404);
    expect((await anonymous.download(`/api/v1/datasets/${draftId}/files/${inDraft.body.id}`)).status).toBe(404);
    expect((await health.upload(`/api/v1/datasets/${draftId}/files`, { name: "x.pdf", data: fixture.PDF })).status).toBe(404);
    expect((await market.download(`/api/v1/datasets/${draftId}/files/${inDraft.body.id}`)).status).toBe(200);
  });

  it.runIf(kind === "local")("the type is sniffed: an .exe renamed .pdf is refused (415) and nothing is stored; accepted types keep their real type", async () => {
    const before = await server.storage.list("");
    const exe = await market.upload(`/api/v1/datasets/${ids.company}/files`, { name: "年度报告.pdf", data: fixture.EXE, type: "application/pdf" });
    expect(exe.status).toBe(415);
    expect(exe.body.error).toMatchObject({ code: "unsupported_type" });
    expect(exe.body.error.messageEn).toContain("exe");
    expect(exe.body.error.message).toContain("不支持的文件类型");
    expect(await server.storage.list("")).toEqual(before);

    const cases: [string, Uint8Array, string][] = [
      ["企业名录.xlsx", await fixture.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      ["道路.zip", await fixture.shapefileZip(), "application/zip"],
      ["企业名录.csv", fixture.CSV_GBK, "text/csv"],
      ["站点.geojson", fixture.GEOJSON, "application/geo+json"],
    ];
    for (const [name, data, mediaType] of cases) {
      // The client's claimed type is ignored either way.
      const res = await market.upload(`/api/v1/datasets/${ids.company}/files`, { name, data, type: "image/png" });
      expect(res.status, name).toBe(201);
      expect(res.body.mediaType).toBe(mediaType);
      const back = await market.download(`/api/v1/datasets/${ids.company}/files/${res.body.id}`);
      expect(Buffer.compare(back.data, Buffer.from(data))).toBe(0);
    }
    // Archives are stored as they are: a zip bomb costs its compressed size, and nobody expands it here.
    const bomb = await fixture.zipBomb();
    const stored = await market.upload(`/api/v1/datasets/${ids.company}/files`, { name: "炸弹.zip", data: bomb });
    expect(stored.body).toMatchObject({ mediaType: "application/zip", size: bomb.byteLength });

    const empty = await market.upload(`/api/v1/datasets/${ids.company}/files`, { name: "空.csv", data: new Uint8Array() });
    expect(empty.status).toBe(415);
    expect((await market.upload(`/api/v1/datasets/${ids.company}/files`, { field: "attachment", name: "a.pdf", data: fixture.PDF })).status).toBe(400);
  });

  it.runIf(kind === "local")("file names are sanitised: no ../ path, no NUL or control characters", async () => {
    const traversal = multipart(`filename="../../etc/passwd"`, fixture.JSON_DOC);
    const a = await rawPost(`/api/v1/datasets/${ids.company}/files`, traversal.body, traversal.type);
    expect(a.status).toBe(201);
    expect((await a.json()).name).toBe("passwd.json");

    // RFC 5987 form, which is how a NUL can arrive decoded in a file name.
    const nul = multipart(`filename*=UTF-8''${encodeURIComponent("..\\报告\u0000\u0007\u202E.pdf")}`, fixture.PDF);
    const b = await rawPost(`/api/v1/datasets/${ids.company}/files`, nul.body, nul.type);
    expect(b.status).toBe(201);
    const created = await b.json();
    expect(created.name).toBe("报告.pdf");
    const down = await anonymous.download(`/api/v1/datasets/${ids.company}/files/${created.id}`);
    expect(down.headers.get("content-disposition")).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''${encodeURIComponent("报告")}.pdf`);

    // Nothing outside the storage directory, and every key is a generated id.
    const keys = await server.storage.list("");
    expect(keys.every((k) => /^files\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(k))).toBe(true);
  });

  it.runIf(kind === "local")("unknown entries and files answer 404", async () => {
    const none = "00000000-0000-4000-8000-000000000000";
    expect((await anonymous.get(`/api/v1/datasets/${none}/files`)).status).toBe(404);
    expect((await anonymous.download(`/api/v1/datasets/${ids.company}/files/${none}`)).status).toBe(404);
    expect((await market.upload(`/api/v1/datasets/${none}/files`, { name: "a.pdf", data: fixture.PDF })).status).toBe(404);
    expect((await anonymous.get(`/api/v1/datasets/not-a-uuid/files`)).status).toBe(400);
  });
});
