// Reading a harvest source: the deadline covers the whole exchange, the body is bounded whether or not
// its length is declared, redirects are answered rather than followed, and the connection's own DNS
// lookup applies the SSRF policy (a name rebound to a metadata address is refused at connection time).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList, upstreamPolicy } from "../datastore/upstream-policy";
import { getRemote } from "./remote";

const LIMITS = { timeoutMs: 300, maxBytes: 1000 };
let server: http.Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/silent") return; // never answers
    if (req.url === "/trickle") {
      res.writeHead(200);
      res.write("{");
      return; // headers and a byte, then nothing
    }
    if (req.url === "/declared") return res.writeHead(200, { "content-length": "5000" }).end("x".repeat(5000));
    if (req.url === "/chunked") {
      res.writeHead(200);
      for (let i = 0; i < 5; i++) res.write("y".repeat(400));
      return res.end();
    }
    if (req.url === "/moved") return res.writeHead(301, { location: "/elsewhere" }).end();
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const allowed = () => upstreamPolicy(parseAllowList(new URL(base).host));
const failure = (p: Promise<unknown>) => p.then(() => null, (err: { code?: string; messages?: { en: string } }) => ({ code: err.code, en: err.messages?.en }));

describe("getRemote", () => {
  it("answers a small body with its status and type", async () => {
    expect(await getRemote(allowed(), `${base}/ok`, "application/json", LIMITS)).toEqual({ status: 200, contentType: "application/json", text: '{"ok":true}' });
  });

  it.each(["/silent", "/trickle"])("gives up on %s at the deadline", async (path) => {
    const started = Date.now();
    expect(await failure(getRemote(allowed(), `${base}${path}`, "application/json", LIMITS))).toEqual({ code: "harvest_source_unreachable", en: `Cannot read the catalog at ${base}: timeout` });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it.each(["/declared", "/chunked"])("refuses an answer over the limit (%s)", async (path) => {
    expect((await failure(getRemote(allowed(), `${base}${path}`, "application/json", LIMITS)))?.en).toContain("answer larger than");
  });

  it("answers a redirect without following it", async () => {
    hits.length = 0;
    expect((await getRemote(allowed(), `${base}/moved`, "application/json", LIMITS)).status).toBe(301);
    expect(hits).toEqual(["/moved"]);
  });

  it("refuses, at connection time, a name that now resolves to a metadata address (DNS rebinding)", async () => {
    const rebound = upstreamPolicy(parseAllowList("data.city.example.cn"), async () => [{ address: "169.254.169.254", family: 4 }]);
    expect((await failure(getRemote(rebound, "http://data.city.example.cn/api/3/action/status_show", "application/json", LIMITS)))?.en).toContain("address refused");
  });
});
