// Every read of mounted data goes through here: the catalog's visibility, then core's decideAccess
// (fields, masking, modes), then core's parseRowQuery, then SQL. There is no other read path.
import {
  decideAccess,
  encodeCursor,
  parseRowQuery,
  type DatasetContent,
  type FieldAccess,
  type Profile,
  type ReadMode,
  type RowQuery,
} from "@shuyuan/core";
import { entryOf, readableBy } from "../catalog/entry";
import type { CatalogRepository } from "../catalog/repository";
import { AppError, errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import type { DatastoreRepository } from "./repository";
import { COUNT_CAP } from "./repository";
import type { UsageCounter } from "./usage";

export type AuditNote = (extra: Record<string, unknown>) => void;
type Params = Record<string, string | string[] | undefined>;

const ENTRY = { zh: "目录条目", en: "Catalog entry" };
export const PREVIEW_ROWS = 20;

/** Entries whose access inputs are kept between reads (oldest dropped first). */
const ACCESS_CACHE = 1000;

export function datastoreService(deps: { repo: DatastoreRepository; catalog: CatalogRepository; profile: Profile; usage: UsageCounter }) {
  const { repo, catalog } = deps;

  /** What a decision about an entry reads: its row and its published content (or working copy). */
  async function inputsOf(datasetId: string) {
    const row = await catalog.findById(datasetId);
    const content = row && ((row.version ? await catalog.publishedContent(datasetId, row.version) : (row.draft as DatasetContent | null)) ?? null);
    return { row, content };
  }
  type Inputs = Awaited<ReturnType<typeof inputsOf>>;

  /** May `actor` read this entry's data in `mode`, and which fields (with masking)? Throws when not. */
  function decideOn(actor: Actor | null, { row, content }: Inputs, mode: ReadMode) {
    if (!row || !readableBy(actor, row) || !content) throw errors.notFound(ENTRY);
    const decision = decideAccess({
      actor,
      dataset: { ...entryOf(row), level: row.level, fields: content.fields },
      mode,
      profile: deps.profile,
    });
    if (!decision.allowed) throw new AppError(decision.status, decision.code, decision.message);
    return { decision, provider: decision.basis === "provider", userId: actor?.userId ?? null };
  }

  const decide = async (actor: Actor | null, datasetId: string, mode: ReadMode) => decideOn(actor, await inputsOf(datasetId), mode);

  async function servedOf(datasetId: string) {
    const served = await repo.servingTable(datasetId);
    if (!served) throw new AppError(404, "no_data", { zh: "该目录尚未挂接数据", en: "No data is mounted on this entry yet" });
    return { served, columns: await repo.columns(served.table_name) };
  }
  type Served = Awaited<ReturnType<typeof servedOf>>;

  /**
   * A decision with the table version it reads, the fields that table has (fields added after its load have
   * no column yet) and all its columns (which include the masks stored at load).
   */
  function onTable(decided: ReturnType<typeof decideOn>, { served, columns }: Served) {
    return { ...decided, served, columns, readable: decided.decision.fields.filter((f) => columns.has(f.name)) };
  }
  type Authorised = ReturnType<typeof onTable>;

  /** The decision, and the table version it reads with the fields that table has. */
  async function authorise(actor: Actor | null, datasetId: string, mode: ReadMode) {
    // Refused before anything is looked up about its data.
    const decided = decideOn(actor, await inputsOf(datasetId), mode);
    return onTable(decided, await servedOf(datasetId));
  }

  /**
   * Access inputs of entries read lately, with the guard (row versions) they were read at. A page read from
   * them carries the guard as of its own statement and is served only if it still matches, so a change to
   * the entry or its table (from any server instance) is never missed: the read is redone from fresh inputs.
   */
  const accessCache = new Map<string, { inputs: Inputs; served: Served }>();
  function parsed(params: Params, readable: readonly FieldAccess[]): RowQuery {
    const r = parseRowQuery(params, readable);
    if (!r.ok) throw errors.invalid(r.errors.map((e) => ({ path: e.path, message: e.message.zh, messageEn: e.message.en })));
    return r.query;
  }

  function noteRead(note: AuditNote, datasetId: string, mode: ReadMode, a: Awaited<ReturnType<typeof authorise>>, fields: readonly FieldAccess[], rowCount: number | null) {
    note({
      subjectType: "dataset",
      subjectId: datasetId,
      datasetId,
      fields: fields.map((f) => f.name),
      rowCount,
      detail: { mode, basis: a.decision.allowed ? a.decision.basis : null, articles: a.decision.allowed ? a.decision.articles : null, tableVersion: a.served.version, masked: fields.filter((f) => f.mask).map((f) => f.name) },
    });
    if (!a.provider) deps.usage.add(datasetId, a.userId);
  }

  return {
    decide,
    authorise,
    parsed,
    noteRead,

    /** A page of rows as a JSON document (text): the items (repository.page), a keyset cursor, the total on the first page. */
    async rows(actor: Actor | null, datasetId: string, params: Params, mode: "query" | "preview", note: AuditNote): Promise<string> {
      const read = async (a: Authorised) => {
        const q = parsed(mode === "preview" ? { ...params, limit: String(PREVIEW_ROWS), after: undefined } : params, a.readable);
        // Counting every page is CKAN's mistake: only the first page, capped, and free when unfiltered.
        const known = !q.filters.length && a.served.rows_loaded !== null ? Number(a.served.rows_loaded) : null;
        const page = await repo.page(a.served.table_name, q, a.readable, { count: !q.after && known === null, guardOf: datasetId, columns: a.columns });
        return { a, q, known, page };
      };
      const cached = accessCache.get(datasetId);
      // Whatever the kept inputs say (a refusal included) is only trusted once the guard confirms them.
      const readKept = async (c: NonNullable<typeof cached>) => read(onTable(decideOn(actor, c.inputs, mode), c.served));
      let r = cached ? await readKept(cached).catch(() => null) : null;
      if (!r || r.page.guard !== cached!.served.served.guard) {
        accessCache.delete(datasetId);
        const inputs = await inputsOf(datasetId);
        const decided = decideOn(actor, inputs, mode);
        const served = await servedOf(datasetId);
        r = await read(onTable(decided, served));
        // Kept only if the row, its table and the page were read at one version of both rows.
        if (r.page.guard === served.served.guard && served.served.guard.startsWith(`${inputs.row!.row_version}/`)) {
          if (accessCache.size >= ACCESS_CACHE) accessCache.delete(accessCache.keys().next().value!);
          accessCache.set(datasetId, { inputs, served });
        }
      }
      const { a, q, known, page } = r;
      const total = q.after ? null : (known ?? Math.min(page.total!, COUNT_CAP));
      const totalIsLowerBound = page.total !== null && page.total > COUNT_CAP;
      noteRead(note, datasetId, mode, a, q.fields, page.count);
      const meta = {
        fields: q.fields.map((f) => ({ name: f.name, type: f.type, masked: f.mask !== null })),
        next: page.next ? encodeCursor(page.next.value, page.next.row) : null,
        total,
        totalIsLowerBound,
        tableVersion: a.served.version,
        loadedAt: a.served.finished_at ? new Date(a.served.finished_at).toISOString() : null,
      };
      // The items array is PostgreSQL's text: spliced in, never parsed and re-serialised.
      return `{"items":${page.items},${JSON.stringify(meta).slice(1)}`;
    },
  };
}

export type DatastoreService = ReturnType<typeof datastoreService>;
