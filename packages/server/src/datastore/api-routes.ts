// The HTTP side of API distributions (004 §18): registration routes for the provider's editors, and the
// proxy every consumer calls. The proxy takes the same access decision as table reads, forwards only what
// the upstream needs, and answers with the upstream's status, type and body — never its address.
import type { UsageCounter } from "./usage";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireActor } from "../http/auth";
import { anyone, noContent, signedIn } from "../http/openapi";
import { apiDistributions, editorApiDistribution } from "./schemas";
import { AppError, errors } from "../http/errors";
import { check } from "../http/validation";
import { uuid } from "../identity/schemas";
import {
  API_METHODS,
  apiDistributionsService,
  assertOpaqueReadable,
  type ApiDistributionsService,
  type ApiDistributionsServiceDeps,
  type Authorise,
  type CallTarget,
} from "./api-distributions";
import type { UpstreamPolicy } from "./upstream-policy";

const datasetParams = z.object({ id: uuid });
const apiParams = z.object({ id: uuid, apiId: uuid });

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
// Printable ASCII, no blanks at either end: a value that cannot split or fold the upstream request.
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

const registerBody = z.object({
  name: z.string().trim().min(1).max(100),
  upstreamUrl: z.string().trim().min(1).max(2000),
  methods: z.array(z.enum(API_METHODS)).min(1).max(2).optional(),
  authHeader: z
    .string()
    .superRefine(check((v: string) => (HEADER_NAME.test(v) ? null : { zh: "请求头名称格式不正确", en: "Not a valid HTTP header name" })))
    .optional(),
  // The message never repeats the value: it is a credential.
  authSecret: z
    .string()
    .max(4000)
    .superRefine(check((v: string) => (HEADER_VALUE.test(v) ? null : { zh: "密钥只能包含可打印 ASCII 字符，且首尾不能为空格", en: "The secret must be printable ASCII without leading or trailing blanks" })))
    .optional(),
  timeoutMs: z.number().int().min(100).max(60_000).optional(),
  maxResponseBytes: z
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .optional(),
});

const tags = ["data"];

/** Merges what a handler learns into its request's audit entry. */
function noteOn(request: FastifyRequest, datasetId: string) {
  return (extra: { detail: Record<string, unknown> }) => {
    const prior = request.auditExtra ?? {};
    request.auditExtra = { ...prior, datasetId, detail: { ...prior.detail, ...extra.detail } };
  };
}

function registryRoutes(service: ApiDistributionsService) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      "/datasets/:id/apis",
      {
        config: { audit: { action: "data.api.register", subjectType: "dataset" } },
        schema: {
          tags,
          operationId: "registerDatasetApi",
          summary: "Attach an upstream API to an entry (its provider's catalog editors)",
          security: signedIn,
          params: datasetParams,
          body: registerBody,
          response: { 201: editorApiDistribution },
        },
      },
      async (request, reply) => reply.code(201).send(await service.register(requireActor(request), request.params.id, request.body, noteOn(request, request.params.id))),
    );
    r.get(
      "/datasets/:id/apis",
      { schema: { tags, operationId: "listDatasetApis", summary: "An entry's APIs: names and platform URLs (upstream details for its editors only)", security: anyone, params: datasetParams, response: { 200: apiDistributions } } },
      async (request) => ({ items: await service.list(request.actor, request.params.id) }),
    );
    r.delete(
      "/datasets/:id/apis/:apiId",
      { config: { audit: { action: "data.api.remove", subjectType: "dataset" } }, schema: { tags, operationId: "removeDatasetApi", summary: "Detach an API (kept for the audit record)", security: signedIn, params: apiParams, response: { 204: noContent } } },
      async (request, reply) => {
        await service.remove(requireActor(request), request.params.id, request.params.apiId, noteOn(request, request.params.id));
        return reply.code(204).send();
      },
    );
  };
}

// ---------------------------------------------------------------------------------------------------
// The proxy.

/** Request bodies (POST queries) are small; they are buffered, then forwarded with their length. */
const MAX_REQUEST_BYTES = 1024 * 1024;

// Upstream headers a consumer gets. An allow-list, not a strip-list: hop-by-hop headers, Set-Cookie,
// Location, Server, Via, Link, X-Backend… any of them may name the upstream or act on the platform's origin.
const PASSED_HEADERS = ["content-type", "content-language", "content-encoding", "content-disposition", "etag", "last-modified", "retry-after"];

const upstreamErrors = {
  refused: () =>
    new AppError(502, "upstream_refused", {
      zh: "该接口的上游地址不在允许访问的范围内，请联系数据提供部门",
      en: "This API's upstream address is not allowed: contact the providing department",
    }),
  unreachable: () => new AppError(502, "upstream_unreachable", { zh: "上游接口服务暂时无法访问，请稍后重试", en: "The upstream service cannot be reached right now: try again later" }),
  timeout: (ms: number) => new AppError(504, "upstream_timeout", { zh: `上游接口服务未在 ${ms} 毫秒内响应`, en: `The upstream service did not answer within ${ms} ms` }),
  tooLarge: (limit: number) =>
    new AppError(502, "upstream_too_large", {
      zh: `上游接口的响应超过 ${sizeText(limit)} 的上限，已中止`,
      en: `The upstream response exceeds the ${sizeText(limit)} limit and was cut off`,
    }),
};

function sizeText(bytes: number) {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : `${+(bytes / 1024).toFixed(1)} KiB`;
}

// A path segment as RFC 3986 allows it (pchar), forwarded exactly as the caller encoded it.
const PCHAR_SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*$/;
const BAD_SUBPATH = () => errors.field("path", { zh: "接口子路径无效（不允许 . 和 .. 段或编码的斜杠）", en: "Invalid API sub-path (no . or .. segments, no encoded slashes)" });

/**
 * The caller's sub-path (raw segments after /call/), query string, and the platform URL of the call base.
 * Segments that decode to `.`, `..` or contain a slash are refused: the upstream would resolve them above
 * the registered base path, reaching parts of its server the provider never registered.
 */
function callParts(request: FastifyRequest<{ Params: { id: string; apiId: string } }>) {
  const cut = request.url.indexOf("?");
  const path = cut < 0 ? request.url : request.url.slice(0, cut);
  const query = cut < 0 ? "" : request.url.slice(cut + 1);
  const routeUrl = (request.routeOptions.url ?? "").replace(/\/\*$/, "");
  const segments = path.split("/").slice(routeUrl.split("/").length);
  segments.forEach((segment, i) => {
    if (!segment && i < segments.length - 1) throw BAD_SUBPATH();
    if (!PCHAR_SEGMENT.test(segment)) throw BAD_SUBPATH();
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw BAD_SUBPATH();
    }
    if (decoded === "." || decoded === ".." || /[/\\\x00-\x1f]/.test(decoded)) throw BAD_SUBPATH();
  });
  const base = `${routeUrl.replace(":id", request.params.id).replace(":apiId", request.params.apiId)}/`;
  return { segments, query, base };
}

/** A query parameter's name, decoded as servers read it ("+" is a space). */
function paramName(pair: string) {
  const raw = pair.split("=")[0].replace(/\+/g, " ");
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The registered base with the caller's sub-path and query string. Parameters the provider fixed in the
 * base's query are the provider's: a caller's parameter of the same name is dropped, or `?table=public`
 * plus `&table=private` would let the caller pick what the provider chose. Everything else is passed as
 * the caller encoded it.
 */
function targetUrl(base: URL, segments: string[], query: string): URL {
  const target = new URL(base.href);
  const sub = segments.join("/");
  if (sub) target.pathname = base.pathname.replace(/\/?$/, "/") + sub;
  const fixed = new Set(new URLSearchParams(base.search).keys());
  const callerPairs = query.split("&").filter((pair) => pair && !fixed.has(paramName(pair)));
  const search = [base.search.slice(1), ...callerPairs].filter(Boolean).join("&");
  target.search = search ? `?${search}` : "";
  return target;
}

/**
 * What the upstream receives: content negotiation, the body, and the provider's credential. Never the
 * caller's cookies or Authorization (the platform's credentials), nor X-Forwarded-For: who reads the data
 * goes on the platform's audit record, not to the upstream.
 */
function upstreamHeaders(request: FastifyRequest, api: CallTarget, body: Buffer | undefined) {
  // identity: the size limit then counts the bytes the consumer receives.
  const headers: Record<string, string> = { "user-agent": "Shuyuan-API-Proxy/1.0", "accept-encoding": "identity" };
  for (const name of ["accept", "accept-language"]) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  if (body) {
    headers["content-type"] = request.headers["content-type"] ?? "application/octet-stream";
    headers["content-length"] = String(body.length);
  }
  if (api.auth) headers[api.auth.header] = api.auth.value;
  return headers;
}

/**
 * A redirect within the registered base becomes the matching platform URL; any other is dropped (the
 * consumer gets the 3xx without a Location): following it would leave the platform's access control, and
 * showing it would reveal the upstream. Parameters of the base's own query (which may hold a key) are removed.
 */
function rewriteLocation(value: string | undefined, requested: URL, base: URL, callBase: string): string | null {
  if (!value) return null;
  let to: URL;
  try {
    to = new URL(value, requested);
  } catch {
    return null;
  }
  const basePath = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  if (to.origin !== base.origin || (to.pathname !== base.pathname && !to.pathname.startsWith(basePath))) return null;
  const query = new URLSearchParams(to.search);
  for (const name of new URLSearchParams(base.search).keys()) query.delete(name);
  const search = query.toString();
  return callBase + (to.pathname === base.pathname ? "" : to.pathname.slice(basePath.length)) + (search ? `?${search}` : "");
}

interface Answer {
  status: number;
  response: IncomingMessage;
  /** A buffer when read whole (its size unknown in advance), else the upstream stream itself. */
  body: Buffer | IncomingMessage;
  bytes: number;
}

function replyHeaders(answer: Answer, target: URL, base: URL, callBase: string): Record<string, string> {
  // Host names short enough to occur by chance in a header value ("api") are not a reliable test.
  const names = [target.host, target.hostname].map((h) => h.toLowerCase()).filter((h) => h.length >= 4);
  const out: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = answer.response.headers[name];
    if (typeof value === "string" && !names.some((h) => value.toLowerCase().includes(h))) out[name] = value;
  }
  const location = rewriteLocation(answer.response.headers.location, target, base, callBase);
  if (location) out.location = location;
  if (!Buffer.isBuffer(answer.body)) out["content-length"] = String(answer.bytes);
  // Every call must reach the audit record, so nothing may be served from a cache in between.
  out["cache-control"] = "no-store";
  // The answer is served from the platform's origin: an upstream's HTML or script must not run there
  // (it could call the platform's API with the reader's session).
  out["x-content-type-options"] = "nosniff";
  out["content-security-policy"] = "sandbox; default-src 'none'";
  return out;
}

function declaredLength(response: IncomingMessage): number | null {
  const value = response.headers["content-length"];
  if (value === undefined || response.headers["transfer-encoding"]) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

async function readUpTo(stream: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

interface ForwardOptions {
  api: CallTarget;
  target: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  policy: UpstreamPolicy;
  agents: { http: http.Agent; https: https.Agent };
}

/**
 * One upstream exchange under the API's deadline (connection, headers and body together). A response that
 * declares its length is streamed through (refused up front when over the limit); one that does not is
 * read up to the limit first, so an oversized answer still gets a clean 502 instead of a cut-off 200.
 */
async function forward(o: ForwardOptions): Promise<Answer> {
  let timedOut = false;
  let outgoing: http.ClientRequest | undefined;
  let response: IncomingMessage | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    const reason = new Error("upstream deadline passed");
    outgoing?.destroy(reason);
    response?.destroy(reason);
  }, o.api.timeoutMs);
  try {
    response = await new Promise<IncomingMessage>((resolve, reject) => {
      const https_ = o.target.protocol === "https:";
      outgoing = (https_ ? https : http).request(o.target, {
        method: o.method,
        headers: o.headers,
        agent: https_ ? o.agents.https : o.agents.http,
        // Resolves, checks and pins the addresses (DNS rebinding); literal IPs were checked by the caller.
        lookup: o.policy.lookupFor(o.target),
      });
      outgoing.once("response", resolve);
      outgoing.once("error", reject);
      outgoing.end(o.body);
    });
    const status = response.statusCode ?? 502;
    const limit = o.api.maxResponseBytes;
    if (status === 204 || status === 304) {
      response.resume();
      clearTimeout(timer);
      return { status, response, body: Buffer.alloc(0), bytes: 0 };
    }
    const declared = declaredLength(response);
    if (declared !== null && declared > limit) {
      response.destroy();
      throw upstreamErrors.tooLarge(limit);
    }
    if (declared !== null) {
      // The deadline keeps running while the body streams: a trickling upstream is cut, not waited on.
      response.once("close", () => clearTimeout(timer));
      return { status, response, body: response, bytes: declared };
    }
    const body = await readUpTo(response, limit);
    if (!body) throw upstreamErrors.tooLarge(limit);
    clearTimeout(timer);
    return { status, response, body, bytes: body.length };
  } catch (err) {
    clearTimeout(timer);
    if (err instanceof AppError) throw err;
    if (timedOut) throw upstreamErrors.timeout(o.api.timeoutMs);
    if ((err as { code?: string }).code === "ESHUYUAN_UPSTREAM_REFUSED") throw upstreamErrors.refused();
    throw upstreamErrors.unreachable();
  }
}

interface ProxyDeps {
  service: ApiDistributionsService;
  authorise: Authorise;
  usage?: Pick<UsageCounter, "add">;
}

function proxyRoutes(deps: ProxyDeps) {
  return async (app: FastifyInstance) => {
    // Bodies are forwarded as bytes whatever their type; these parsers apply inside this plugin only.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_REQUEST_BYTES }, (_request, body, done) => done(null, body));
    const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };
    app.addHook("onClose", async () => {
      agents.http.destroy();
      agents.https.destroy();
    });

    async function call(request: FastifyRequest<{ Params: { id: string; apiId: string } }>, reply: FastifyReply) {
      const { id, apiId } = request.params;
      const note = noteOn(request, id);
      note({ detail: { apiId } });
      try {
        // The entry first: a caller who may not read it learns nothing about its APIs.
        const { decision } = await deps.authorise(request.actor, id, "query");
        assertOpaqueReadable(decision);
        const api = await deps.service.callTarget(id, apiId);
        if (!api.methods.includes(request.method)) {
          reply.header("allow", api.methods.join(", "));
          throw new AppError(405, "method_not_allowed", { zh: `该接口只接受 ${api.methods.join("、")} 请求`, en: `This API accepts ${api.methods.join(", ")} only` });
        }
        const parts = callParts(request);
        const target = targetUrl(api.url, parts.segments, parts.query);
        // Literal addresses never pass through the lookup, so they are judged here (the policy or the
        // allow-list may have changed since registration).
        if (!deps.service.policy.checkUrl(target.href).ok || target.origin !== api.url.origin) throw upstreamErrors.refused();
        const body = request.method === "POST" ? (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)) : undefined;
        const answer = await forward({ api, target, method: request.method, headers: upstreamHeaders(request, api, body), body, policy: deps.service.policy, agents });
        note({ detail: { status: answer.status, bytes: answer.bytes } });
        if (decision.basis !== "provider") deps.usage?.add(id, request.actor?.userId ?? null);
        if (!Buffer.isBuffer(answer.body)) {
          const stream = answer.body;
          reply.raw.once("close", () => stream.destroy());
        }
        return reply.code(answer.status).headers(replyHeaders(answer, target, api.url, parts.base)).send(answer.body);
      } catch (err) {
        if (err instanceof AppError) note({ detail: { status: err.statusCode, error: err.code } });
        else request.log.warn({ err, apiId }, "api distribution call failed");
        throw err;
      }
    }

    const r = app.withTypeProvider<ZodTypeProvider>();
    // One route per method and path, so each has its own operationId.
    const routes = [
      { method: "GET", url: "/datasets/:id/apis/:apiId/call", operationId: "callDatasetApi" },
      { method: "POST", url: "/datasets/:id/apis/:apiId/call", operationId: "postToDatasetApi" },
      { method: "GET", url: "/datasets/:id/apis/:apiId/call/*", operationId: "callDatasetApiPath" },
      { method: "POST", url: "/datasets/:id/apis/:apiId/call/*", operationId: "postToDatasetApiPath" },
    ] as const;
    for (const { method, url, operationId } of routes) {
      r.route({
        method,
        url,
        // An automatic HEAD would run a full upstream GET for a body nobody receives.
        exposeHeadRoute: false,
        config: { audit: { action: "data.api.call", subjectType: "dataset" } },
        schema: {
          tags,
          operationId,
          summary: "Call an entry's API through the platform: the sub-path and query string are forwarded",
          security: anyone,
          params: url.endsWith("*") ? apiParams.extend({ "*": z.string().describe("The upstream's sub-path") }) : apiParams,
          response: { 200: { description: "The upstream's answer, as it sent it", content: { "*/*": { schema: z.unknown() } } } },
        },
        handler: call,
      });
    }
  };
}

// ---------------------------------------------------------------------------------------------------
// The module app.ts wires.

export function apiDistributionRoutes(deps: ProxyDeps) {
  return async (app: FastifyInstance) => {
    await app.register(registryRoutes(deps.service));
    await app.register(proxyRoutes(deps));
  };
}

export interface ApiDistributionsDeps extends ApiDistributionsServiceDeps {
  /** The single access decision (the datastore service's decide), asked in mode "query". */
  authorise: Authorise;
  /** Counts reads by anyone but the provider ("in use", 004 §16): the datastore's UsageCounter. */
  usage?: Pick<UsageCounter, "add">;
}

export function apiDistributionsModule(deps: ApiDistributionsDeps) {
  const service = apiDistributionsService(deps);
  return { service, routes: apiDistributionRoutes({ service, authorise: deps.authorise, usage: deps.usage }) };
}
export type ApiDistributionsModule = ReturnType<typeof apiDistributionsModule>;
