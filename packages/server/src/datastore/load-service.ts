// Mounting table data (数据挂接): who may load, which fields the table gets, and the versions with their
// quality reports. The loading itself (ingest → COPY → index → atomic swap) is loader.ts.
import type { QualityReport } from "./types";
import path from "node:path";
import { mayEditEntries, supervisedRegionPrefixes, type DatasetContent } from "@shuyuan/core";
import type { CatalogRepository } from "../catalog/repository";
import type { Database } from "../db/database";
import { AppError, errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import type { SourceFormat } from "./ingest/ingest";
import { loadTableVersion, type LoadProgress } from "./loader";

const ENTRY = { zh: "目录条目", en: "Catalog entry" };

/** The format of an upload, from its declared format or its file name. */
export function formatOf(name: string, declared?: string): SourceFormat | null {
  const f = (declared ?? path.extname(name).slice(1)).toLowerCase();
  return f === "csv" || f === "txt" ? "csv" : f === "xlsx" ? "xlsx" : f === "json" ? "json" : null;
}

export function loadService(deps: { database: Database; catalog: CatalogRepository; dataDir: string }) {
  const { database, catalog } = deps;
  const db = database.db;

  /** The entry and the fields a new table version gets: the working copy's if any, else the published ones. */
  async function editable(actor: Actor, datasetId: string) {
    const row = await catalog.findById(datasetId);
    if (!row) throw errors.notFound(ENTRY);
    if (!mayEditEntries(actor, row.provider_organisation_id)) {
      if (actor.memberships.some((m) => m.organisationId === row.provider_organisation_id)) {
        throw errors.forbidden({ zh: "只有提供部门的目录编制员可以挂接数据", en: "Only the providing organisation's catalog editors mount data" });
      }
      throw errors.notFound(ENTRY);
    }
    if (row.status === "revoked") throw errors.conflict("revoked", { zh: "已撤销的目录不能挂接数据", en: "A revoked entry takes no data" });
    const content = ((row.draft as DatasetContent | null) ?? (row.version ? await catalog.publishedContent(datasetId, row.version) : null)) as DatasetContent | null;
    if (!content) throw errors.notFound(ENTRY);
    return { row, fields: content.fields };
  }

  /** The provider's editors and the supervising authority read the load history. */
  async function readable(actor: Actor, datasetId: string) {
    const row = await catalog.findById(datasetId);
    if (!row) throw errors.notFound(ENTRY);
    const own = actor.memberships.some((m) => m.organisationId === row.provider_organisation_id);
    const prefixes = supervisedRegionPrefixes(actor);
    if (!own && prefixes !== null && !prefixes.some((p) => row.region_code.startsWith(p))) throw errors.notFound(ENTRY);
    return row;
  }

  const versionColumns = [
    "id",
    "version",
    "status",
    "source_name",
    "source_format",
    "source_encoding",
    "source_bytes",
    "rows_read",
    "rows_loaded",
    "rows_rejected",
    "report",
    "rejected_file",
    "error",
    "started_at",
    "finished_at",
  ] as const;

  const present = (v: Awaited<ReturnType<typeof versions>>[number], servingId: string | null) => ({
    id: v.id,
    version: v.version,
    status: v.status,
    serving: v.id === servingId,
    source: { name: v.source_name, format: v.source_format, encoding: v.source_encoding, bytes: v.source_bytes },
    rowsRead: v.rows_read,
    rowsLoaded: v.rows_loaded,
    rowsRejected: v.rows_rejected,
    report: v.report as QualityReport | null,
    hasRejects: !!v.rejected_file,
    error: v.error,
    startedAt: new Date(v.started_at).toISOString(),
    finishedAt: v.finished_at ? new Date(v.finished_at).toISOString() : null,
  });

  const versions = (datasetId: string) =>
    db.selectFrom("table_versions").select(versionColumns).where("dataset_id", "=", datasetId).orderBy("version", "desc").execute();

  return {
    async load(
      actor: Actor,
      datasetId: string,
      source: { name: string; format?: string; bytes: number | null; stream: AsyncIterable<Uint8Array | string> },
      onProgress?: (p: LoadProgress) => void,
    ) {
      const { fields } = await editable(actor, datasetId);
      const format = formatOf(source.name, source.format);
      if (!format) throw errors.field("file", { zh: "只接受 CSV、XLSX 或 JSON 文件", en: "Upload a CSV, XLSX or JSON file" });
      const result = await loadTableVersion(database, {
        datasetId,
        fields,
        userId: actor.userId,
        source: { name: path.basename(source.name).slice(0, 255), format, bytes: source.bytes, stream: source.stream },
        dataDir: deps.dataDir,
        onProgress,
      });
      return { version: result.version, report: result.report, hasRejects: result.rejectedFile !== null };
    },

    async versions(actor: Actor, datasetId: string) {
      const row = await readable(actor, datasetId);
      const serving = await db.selectFrom("datasets").select("table_version_id").where("id", "=", row.id).executeTakeFirst();
      return { items: (await versions(datasetId)).map((v) => present(v, serving?.table_version_id ?? null)) };
    },

    /** The rejected-rows CSV of a version, as a path under the data directory (never from input). */
    async rejectsFile(actor: Actor, datasetId: string, version: number) {
      await readable(actor, datasetId);
      const v = await db.selectFrom("table_versions").select(["rejected_file"]).where("dataset_id", "=", datasetId).where("version", "=", version).executeTakeFirst();
      if (!v?.rejected_file) throw new AppError(404, "no_rejects", { zh: "该版本没有被拒绝的行", en: "This version has no rejected rows" });
      return path.join(deps.dataDir, v.rejected_file);
    },
  };
}

export type LoadService = ReturnType<typeof loadService>;
