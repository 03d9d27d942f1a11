// A local S3-compatible server for tests: s3rver in a child process (so its memory is not counted in the
// bounded-memory test, and a slow request of its own cannot block the test's event loop), on a random
// port, over a temporary directory removed on close.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The environment that selects this store (storageFromEnv). */
  env: Record<string, string>;
  close(): Promise<void>;
}

const CHILD = `
const S3rver = require(process.argv[1]);
new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.argv[2], configureBuckets: [{ name: process.argv[3] }] })
  .run()
  .then((a) => console.log(JSON.stringify({ port: a.port })), (e) => { console.error(e); process.exit(1); });
`;

export async function startTestS3(bucket = "shuyuan-files"): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-s3rver-"));
  const entry = createRequire(import.meta.url).resolve("s3rver");
  const child = spawn(process.execPath, ["-e", CHILD, entry, directory, bucket], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve(JSON.parse(line).port));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      SHUYUAN_STORAGE: "s3",
      SHUYUAN_S3_ENDPOINT: endpoint,
      SHUYUAN_S3_BUCKET: bucket,
      SHUYUAN_S3_REGION: "us-east-1",
      // s3rver's fixed development credentials
      SHUYUAN_S3_ACCESS_KEY: "S3RVER",
      SHUYUAN_S3_SECRET_KEY: "S3RVER",
      SHUYUAN_S3_FORCE_PATH_STYLE: "true",
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once("exit", ok));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
