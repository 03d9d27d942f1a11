import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openAudit } from "../app";
import { loadConfig } from "../config";
import { openDatabase } from "../db/database";
import { migrate } from "../db/migrate";
import { createTestDatabase } from "../testing/test-database";

const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(here, "../testing/audit-append-worker.ts");
const CLI = path.join(here, "../../bin/shuyuan.js");

function lines(child: ChildProcess, onLine: (line: string) => void) {
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let i;
    while ((i = buffer.indexOf("\n")) >= 0) {
      onLine(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
}

async function verifyOffline(dataDir: string, databaseUrl?: string) {
  const config = loadConfig({}, { dataDir, databaseUrl });
  const database = await openDatabase(config);
  try {
    const { service, writer } = await openAudit(config, database, "test");
    const report = await service.verify();
    await writer.close();
    return report;
  } finally {
    await database.close();
  }
}

describe("audit record durability", () => {
  it("a crash during a batch loses no acknowledged entry and never breaks the chain", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-crash-"));
    const { databaseUrl, drop } = await createTestDatabase();
    try {
      const child = spawn(process.execPath, ["--import", "tsx", WORKER, dataDir, databaseUrl ?? ""], { stdio: ["ignore", "pipe", "inherit"] });
      let acknowledged = 0;
      let batches = 0;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      await new Promise<void>((resolve, reject) => {
        lines(child, (line) => {
          const m = line.match(/^committed (\d+)$/);
          if (m) {
            acknowledged = Math.max(acknowledged, Number(m[1]));
            // Kill it while it is busy writing: the next batch is in flight.
            if (++batches === 8) resolve();
          }
        });
        child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
      });
      child.kill("SIGKILL");
      await exited;
      const report = await verifyOffline(dataDir, databaseUrl);
      expect(report.breaks).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.toSeq).toBeGreaterThanOrEqual(acknowledged);
      expect(acknowledged).toBeGreaterThanOrEqual(1600);
    } finally {
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(!!process.env.DATABASE_URL)("two writers appending large chunks (by COPY) at once keep a single valid chain", async () => {
    const { databaseUrl, drop } = await createTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-copy-"));
    const config = loadConfig({}, { dataDir, databaseUrl });
    const databases = [await openDatabase(config), await openDatabase(config)];
    try {
      await migrate(databases[0]);
      const writers = await Promise.all(databases.map(async (d) => (await openAudit(config, d, "test")).writer));
      // Bursts of 1,000 form chunks of hundreds: the COPY path, racing for the head.
      const seqs = await Promise.all(
        writers.map(async (w, n) => {
          const mine: number[] = [];
          for (let burst = 0; burst < 4; burst++) {
            mine.push(...(await Promise.all(Array.from({ length: 1_000 }, (_, i) => w.append({ action: "test.copy", outcome: "success", rowCount: i, detail: { n, burst } })))));
          }
          return mine;
        }),
      );
      await Promise.all(writers.map((w) => w.close()));
      expect(new Set(seqs.flat()).size).toBe(8_000);
      const report = await verifyOffline(dataDir, databaseUrl);
      expect(report).toMatchObject({ ok: true, checked: 8_000 });
    } finally {
      await Promise.all(databases.map((d) => d.close()));
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(!!process.env.DATABASE_URL)("two server processes on one PostgreSQL keep a single valid chain", async () => {
    const { databaseUrl, drop } = await createTestDatabase();
    const signingKey = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const secret = randomBytes(32).toString("base64url");
    const servers: ChildProcess[] = [];
    const dirs: string[] = [];
    try {
      const urls = await Promise.all(
        [0, 1].map(
          (n) =>
            new Promise<string>((resolve, reject) => {
              const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `shuyuan-node${n}-`));
              dirs.push(dataDir);
              const child = spawn(process.execPath, [CLI, "start"], {
                env: { ...process.env, DATABASE_URL: databaseUrl, PORT: "0", SHUYUAN_DATA_DIR: dataDir, SHUYUAN_SECRET: secret, SHUYUAN_SIGNING_KEY: signingKey },
                stdio: ["ignore", "pipe", "inherit"],
              });
              servers.push(child);
              lines(child, (line) => {
                const m = line.match(/➜\s+(http:\/\/\S+?)\/$/);
                if (m) resolve(m[1]);
              });
              child.once("exit", (code) => reject(new Error(`server ${n} exited (${code})`)));
            }),
        ),
      );
      // Failed logins for an unknown name: each one is a state-changing, audited request.
      const hammer = (url: string, n: number) =>
        Promise.all(
          Array.from({ length: n }, () =>
            fetch(`${url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "nobody", password: "x" }) }).then((r) => r.status),
          ),
        );
      for (let round = 0; round < 5; round++) {
        const statuses = (await Promise.all(urls.map((u) => hammer(u, 60)))).flat();
        expect(statuses.every((s) => s === 401)).toBe(true);
      }
      await Promise.all(servers.map((s) => new Promise((resolve) => (s.once("exit", resolve), s.kill("SIGTERM")))));
      const report = await verifyOffline(dirs[0], databaseUrl);
      expect(report.ok).toBe(true);
      expect(report.checked).toBeGreaterThanOrEqual(600);
    } finally {
      for (const s of servers) if (s.exitCode === null) s.kill("SIGKILL");
      await drop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  }, 180_000); // two servers seeding and 600 audited logins (each hashing a password): minutes on a loaded machine
});
