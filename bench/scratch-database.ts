// A database of its own for one benchmark run on the server at `baseUrl`: created, handed to `fn`, and
// dropped afterwards unless `keep` (then its URL is printed, with `keptHint` saying how to reuse it).
import { randomBytes } from "node:crypto";
import pg from "pg";

export async function withScratchDatabase<T>(
  baseUrl: string,
  prefix: string,
  fn: (url: string) => Promise<T>,
  opts: { keep?: boolean; keptHint?: (url: string, name: string) => string } = {},
): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    if (opts.keep) console.log(opts.keptHint ? opts.keptHint(url.toString(), name) : `kept ${url}`);
    else await admin(`drop database if exists ${name} with (force)`);
  }
}
