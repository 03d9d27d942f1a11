// Reading a harvest source: one GET under the API distributions' SSRF policy, with the connection's DNS
// lookup checked and pinned (a name that rebinds to an internal address mid-harvest is refused), no
// redirect followed (one to an internal address would skip the policy), a deadline over the whole
// exchange and a bounded body (a source answering gigabytes does not take the platform's memory).
import http from "node:http";
import https from "node:https";
import type { IncomingMessage } from "node:http";
import { AppError } from "../http/errors";
import { UpstreamRefused, type UpstreamPolicy } from "../datastore/upstream-policy";

export const unreachable = (url: string, why: string) =>
  new AppError(502, "harvest_source_unreachable", { zh: `无法从 ${url} 获取目录：${why}`, en: `Cannot read the catalog at ${url}: ${why}` });

export interface RemoteAnswer {
  status: number;
  contentType: string;
  text: string;
}

export interface RemoteLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** GET `url`; any status is answered (callers judge it), failures to get one are 502s naming the origin only. */
export async function getRemote(policy: UpstreamPolicy, url: string, accept: string, limits: RemoteLimits): Promise<RemoteAnswer> {
  const target = new URL(url);
  let request: http.ClientRequest | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    request?.destroy(new Error("deadline passed"));
  }, limits.timeoutMs);
  const tooLarge = () => unreachable(target.origin, `answer larger than ${Math.round(limits.maxBytes / 2 ** 20)} MB`);
  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request = (target.protocol === "https:" ? https : http).get(target, { headers: { accept, "user-agent": "Shuyuan-harvester" }, lookup: policy.lookupFor(target) }, resolve);
      request.once("error", reject);
    });
    if (Number(response.headers["content-length"] ?? 0) > limits.maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limits.maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
    return { status: response.statusCode ?? 502, contentType: response.headers["content-type"] ?? "", text: Buffer.concat(chunks, size).toString("utf8") };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (timedOut) throw unreachable(target.origin, "timeout");
    if (err instanceof UpstreamRefused) throw unreachable(target.origin, "address refused");
    throw unreachable(target.origin, "connection failed");
  } finally {
    clearTimeout(timer);
    // Whatever is left of an answer we stopped reading is not waited for.
    request?.destroy();
  }
}

/** A 2xx answer's JSON; any other status, or a body that is not JSON, is the source failing. */
export async function getRemoteJson(policy: UpstreamPolicy, url: string, limits: RemoteLimits): Promise<unknown> {
  const answer = await getRemote(policy, url, "application/json", limits);
  const origin = new URL(url).origin;
  if (answer.status < 200 || answer.status > 299) throw unreachable(origin, `HTTP ${answer.status}`);
  return parseJson(answer.text, origin);
}

export function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw unreachable(origin, "not JSON");
  }
}
