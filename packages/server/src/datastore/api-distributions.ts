// API distributions (接口挂接). 004 §18 lets a department that cannot gather its data physically serve it by
// "logical aggregation": its own HTTP service, registered on a catalog entry and proxied by the platform.
// Consumers call the platform's URL under the entry's access decision; the upstream address and credential
// never leave the platform (only the provider's catalog editors see the address; nobody sees the secret).
//
// This file: the table, who may register, and secret sealing. upstream-policy.ts: the SSRF policy.
// api-routes.ts: the HTTP routes, the proxy itself, and the module app.ts wires.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { mayEditEntries, type Bilingual, type FieldAccess, type ReadMode } from "@shuyuan/core";
import type { ColumnType, Kysely, Selectable } from "kysely";
import { readableBy } from "../catalog/entry";
import type { CatalogRepository } from "../catalog/repository";
import type { DB } from "../db/schema";
import { AppError, errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import { parseAllowList, upstreamPolicy, type Resolve } from "./upstream-policy";

// ---------------------------------------------------------------------------------------------------
// Table (migration 0007). Typed here with withTables so db/schema.ts stays with its owner.

export interface ApiDistributionsTable {
  id: string;
  dataset_id: string;
  name: string;
  upstream_url: string;
  methods: string[];
  auth_header: string | null;
  auth_secret_sealed: string | null;
  timeout_ms: number;
  max_response_bytes: number;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  disabled_at: Date | null;
}

export const API_METHODS = ["GET", "POST"] as const;
export type ApiMethod = (typeof API_METHODS)[number];
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// The upstream credential: AES-256-GCM under a key derived from the platform secret. The additional data
// binds it to its row and upstream origin, so a sealed value copied onto another row (pointing elsewhere)
// does not open. Changing the platform secret makes stored credentials unreadable: providers re-register.

function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "shuyuan", "api-upstream-secret/v1", 32));
}

const b64 = (b: Buffer) => b.toString("base64url");

export function sealSecret(key: Buffer, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join(".");
}

export function openSecret(key: Buffer, sealed: string, boundTo: string): string | null {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(boundTo, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

const bindingOf = (id: string, url: URL) => `${id}\n${url.origin}`;

// ---------------------------------------------------------------------------------------------------
// The access decision. The proxy asks the same function as table reads (datastore/service.ts authorise,
// mode "query"), so there is one decision for every read path.

/** Resolves when `actor` may read the entry's data in `mode`; throws the AppError that says why not. */
export type Authorise = (actor: Actor | null, datasetId: string, mode: ReadMode) => Promise<{ decision: { basis: string; fields: readonly FieldAccess[] } }>;

/**
 * An upstream's body is opaque: the platform cannot mask the personal fields it may carry (001 §7). So a
 * reader the decision would show masked values is refused rather than shown them unmasked; the provider
 * itself reads raw data anyway. (Level-4 fields make a level-4 entry, which the decision already refuses.)
 */
export function assertOpaqueReadable(decision: { basis: string; fields: readonly FieldAccess[] }) {
  if (decision.basis === "provider" || !decision.fields.some((f) => f.mask)) return;
  throw new AppError(403, "api_masking_unavailable", {
    zh: "该目录含须脱敏的个人信息字段，平台无法对接口返回内容脱敏，故不通过接口提供（001 §7）",
    en: "This entry has personal fields that must be masked; the platform cannot mask an upstream API's answers, so the API is not served (001 §7)",
  });
}

// ---------------------------------------------------------------------------------------------------
// Registration, listing, removal, and what the proxy needs for a call.

export interface RegisterInput {
  name: string;
  upstreamUrl: string;
  methods?: ApiMethod[];
  authHeader?: string;
  authSecret?: string;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface CallTarget {
  id: string;
  url: URL;
  methods: string[];
  timeoutMs: number;
  maxResponseBytes: number;
  auth: { header: string; value: string } | null;
}

type AuditNote = (extra: { detail: Record<string, unknown> }) => void;

const ENTRY = { zh: "目录条目", en: "Catalog entry" };
const API = { zh: "接口", en: "API" };

// Headers the platform itself sets or that steer the connection: a credential may not ride in them.
const RESERVED_HEADERS = /^(host|content-(length|type|encoding)|transfer-encoding|connection|keep-alive|upgrade|te|trailer|expect|accept-encoding|user-agent|proxy-.*)$/i;

/** Where consumers call an API: the platform's URL, relative to the server. */
export const callPath = (datasetId: string, apiId: string, prefix = "/api/v1") => `${prefix}/datasets/${datasetId}/apis/${apiId}/call/`;

export interface ApiDistributionsServiceDeps {
  db: Kysely<DB>;
  catalog: Pick<CatalogRepository, "findById">;
  /** The platform secret (config.secret): upstream credentials are sealed under a key derived from it. */
  secret: string;
  /** Comma-separated host patterns (see parseAllowList); default: SHUYUAN_API_UPSTREAM_ALLOW. */
  upstreamAllow?: string;
  /** DNS, replaceable in tests. */
  resolve?: Resolve;
}

export function apiDistributionsService(deps: ApiDistributionsServiceDeps) {
  const db = deps.db.withTables<{ api_distributions: ApiDistributionsTable }>();
  const policy = upstreamPolicy(parseAllowList(deps.upstreamAllow ?? process.env.SHUYUAN_API_UPSTREAM_ALLOW), deps.resolve);
  const key = sealingKey(deps.secret);

  /** The entry as `actor` may see it: one they may not see is as absent as a missing one. */
  async function visibleEntry(actor: Actor | null, datasetId: string) {
    const row = await deps.catalog.findById(datasetId);
    if (!row || !readableBy(actor, row)) throw errors.notFound(ENTRY);
    return row;
  }

  async function editableEntry(actor: Actor, datasetId: string) {
    const row = await visibleEntry(actor, datasetId);
    if (!mayEditEntries(actor, row.provider_organisation_id)) {
      throw errors.forbidden({ zh: "只有提供部门的目录编制员可以为本条目挂接接口", en: "Only the providing organisation's catalog editors may attach APIs to this entry" });
    }
    return row;
  }

  function present(row: Selectable<ApiDistributionsTable>, editor: boolean): ConsumerView | EditorView {
    const consumer: ConsumerView = { id: row.id, name: row.name, methods: row.methods, url: callPath(row.dataset_id, row.id), createdAt: new Date(row.created_at).toISOString() };
    if (!editor) return consumer;
    // Never the secret itself: only whether one is set.
    return { ...consumer, upstreamUrl: row.upstream_url, authHeader: row.auth_header, hasSecret: row.auth_secret_sealed !== null, timeoutMs: row.timeout_ms, maxResponseBytes: Number(row.max_response_bytes), createdByUserId: row.created_by_user_id };
  }

  return {
    policy,

    async register(actor: Actor, datasetId: string, input: RegisterInput, note: AuditNote): Promise<EditorView> {
      const entry = await editableEntry(actor, datasetId);
      if (entry.status === "revoked") throw errors.conflict("entry_revoked", { zh: "已撤销的目录条目不能挂接接口", en: "A revoked entry cannot get new APIs" });
      const checked = policy.checkUrl(input.upstreamUrl);
      if (!checked.ok) throw errors.field("upstreamUrl", checked.message);
      const unresolvable = await policy.checkResolved(checked.url);
      if (unresolvable) throw errors.field("upstreamUrl", unresolvable);
      if (!!input.authHeader !== !!input.authSecret) {
        throw errors.field(input.authHeader ? "authSecret" : "authHeader", { zh: "认证头名称与密钥须同时提供", en: "The auth header name and secret go together" });
      }
      if (input.authHeader && RESERVED_HEADERS.test(input.authHeader)) {
        throw errors.field("authHeader", { zh: "该请求头由平台设置，不能用于传递密钥", en: "The platform sets this header itself: it cannot carry the secret" });
      }
      const taken = await db.selectFrom("api_distributions").select("id").where("dataset_id", "=", datasetId).where("disabled_at", "is", null).where((eb) => eb(eb.fn("lower", ["name"]), "=", input.name.toLowerCase())).executeTakeFirst();
      if (taken) throw errors.conflict("api_name_taken", { zh: "本条目已有同名接口", en: "This entry already has an API of that name" });

      const id = randomUUID();
      const row = await db
        .insertInto("api_distributions")
        .values({
          id,
          dataset_id: datasetId,
          name: input.name,
          upstream_url: checked.url.href,
          methods: [...new Set(input.methods ?? ["GET"])],
          auth_header: input.authHeader ?? null,
          auth_secret_sealed: input.authSecret ? sealSecret(key, input.authSecret, bindingOf(id, checked.url)) : null,
          timeout_ms: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          max_response_bytes: input.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          created_by_user_id: actor.userId,
          disabled_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The audit record keeps where the data comes from, without the query string (it may hold a key).
      note({ detail: { apiId: id, name: input.name, upstream: `${checked.url.origin}${checked.url.pathname}`, methods: row.methods } });
      return present(row, true) as EditorView;
    },

    /** An entry's APIs: anyone who sees the entry sees names and platform URLs; its editors see the rest. */
    async list(actor: Actor | null, datasetId: string): Promise<(ConsumerView | EditorView)[]> {
      const entry = await visibleEntry(actor, datasetId);
      const editor = !!actor && mayEditEntries(actor, entry.provider_organisation_id);
      const rows = await db.selectFrom("api_distributions").selectAll().where("dataset_id", "=", datasetId).where("disabled_at", "is", null).orderBy("created_at").orderBy("id").execute();
      return rows.map((r) => present(r, editor));
    },

    async remove(actor: Actor, datasetId: string, apiId: string, note: AuditNote): Promise<void> {
      await editableEntry(actor, datasetId);
      const gone = await db
        .updateTable("api_distributions")
        .set({ disabled_at: new Date() })
        .where("id", "=", apiId)
        .where("dataset_id", "=", datasetId)
        .where("disabled_at", "is", null)
        .returning("name")
        .executeTakeFirst();
      if (!gone) throw errors.notFound(API);
      note({ detail: { apiId, name: gone.name } });
    },

    /** What the proxy needs for one call; only after the caller passed the access decision. */
    async callTarget(datasetId: string, apiId: string): Promise<CallTarget> {
      const row = await db.selectFrom("api_distributions").selectAll().where("id", "=", apiId).where("dataset_id", "=", datasetId).where("disabled_at", "is", null).executeTakeFirst();
      if (!row) throw errors.notFound(API);
      const url = new URL(row.upstream_url);
      let auth: CallTarget["auth"] = null;
      if (row.auth_header && row.auth_secret_sealed) {
        const value = openSecret(key, row.auth_secret_sealed, bindingOf(row.id, url));
        if (value === null) {
          throw new AppError(502, "upstream_credential_unreadable", {
            zh: "该接口的上游认证密钥无法解密（平台密钥可能已更换），请数据提供部门重新挂接",
            en: "This API's upstream credential cannot be opened (the platform secret may have changed): the provider must register it again",
          });
        }
        auth = { header: row.auth_header, value };
      }
      return { id: row.id, url, methods: row.methods, timeoutMs: row.timeout_ms, maxResponseBytes: Number(row.max_response_bytes), auth };
    },
  };
}
export type ApiDistributionsService = ReturnType<typeof apiDistributionsService>;

export interface ConsumerView {
  id: string;
  name: string;
  methods: string[];
  /** The platform's URL; append a sub-path and query string. */
  url: string;
  createdAt: string;
}

export interface EditorView extends ConsumerView {
  upstreamUrl: string;
  authHeader: string | null;
  hasSecret: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
  createdByUserId: string | null;
}
