// File distributions (文件资源): documents, images and archives on a catalog entry, stored in object
// storage under generated keys. Uploads are the provider's catalog editors' (core's mayEditEntries);
// downloads ask the same access decision as table data (core's decideAccess, mode "download"), so a file
// of a conditional, level-2+ or draft entry is refused exactly as its rows would be.
import type { UsageCounter } from "./usage";
import { mayEditEntries, type ReadMode } from "@shuyuan/core";
import type { ColumnType, Generated, Kysely } from "kysely";
import { readableBy } from "../catalog/entry";
import type { CatalogRepository } from "../catalog/repository";
import type { DB } from "../db/schema";
import { AppError, errors, type Bilingual } from "../http/errors";
import type { Actor } from "../identity/actor";
import { DEFAULT_FILE_MAX_MB } from "../storage/from-env";
import type { ByteRange, ObjectStorage } from "../storage/types";
import { storeUpload, type IncomingFile } from "../storage/upload";

export const DEFAULT_MAX_FILE_BYTES = DEFAULT_FILE_MAX_MB * 1024 * 1024;
const ENTRY = { zh: "目录条目", en: "Catalog entry" };
const FILE = { zh: "文件", en: "File" };

// ---------------------------------------------------------------------------------------------------
// Repository. The table is typed here (db.withTables) rather than in db/schema.ts: only this module
// reads or writes it.

export interface FileDistributionsTable {
  id: Generated<string>;
  dataset_id: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  deleted_at: Date | null;
}

export function fileRepository(base: Kysely<DB>) {
  const db = base.withTables<{ file_distributions: FileDistributionsTable }>();
  const live = () => db.selectFrom("file_distributions").selectAll().where("deleted_at", "is", null);
  return {
    insert: (row: Omit<FileDistributionsTable, "id" | "created_at" | "deleted_at"> & { id: string }) =>
      db.insertInto("file_distributions").values(row).returningAll().executeTakeFirstOrThrow(),
    list: (datasetId: string) => live().where("dataset_id", "=", datasetId).orderBy("created_at").orderBy("id").execute(),
    find: (datasetId: string, fileId: string) => live().where("dataset_id", "=", datasetId).where("id", "=", fileId).executeTakeFirst(),
    /** Marks the file deleted; undefined when it was not there (or already deleted). */
    softDelete: (datasetId: string, fileId: string) =>
      db
        .updateTable("file_distributions")
        .set({ deleted_at: new Date() })
        .where("dataset_id", "=", datasetId)
        .where("id", "=", fileId)
        .where("deleted_at", "is", null)
        .returningAll()
        .executeTakeFirst(),
  };
}

export type FileRepository = ReturnType<typeof fileRepository>;
export type FileRow = Awaited<ReturnType<FileRepository["list"]>>[number];

// ---------------------------------------------------------------------------------------------------
// Access.

/**
 * The one access decision every read asks (datastore/service.ts `decide`: catalog visibility, then core's
 * decideAccess). Throws a bilingual 401/403/404 when the answer is no; says why when it is yes.
 */
export type Authorise = (actor: Actor | null, datasetId: string, mode: ReadMode) => Promise<{ decision: { basis: string; articles: string } }>;

// ---------------------------------------------------------------------------------------------------
// Service.

export type AuditNote = (extra: { datasetId?: string; detail?: Record<string, unknown> }) => void;

export type FileView = ReturnType<typeof presentFile>;

export function presentFile(row: FileRow) {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    name: row.name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function filesService(deps: {
  repo: FileRepository;
  catalog: CatalogRepository;
  storage: ObjectStorage;
  authorise: Authorise;
  maxBytes: number;
  /** Counts uses of the entry (004 §16 "in use"); the datastore's UsageCounter. */
  usage?: Pick<UsageCounter, "add">;
}) {
  const { repo, storage } = deps;

  /** The entry as the catalog shows it to `actor`: others' drafts are as absent as missing entries. */
  async function visibleEntry(actor: Actor | null, datasetId: string) {
    const row = await deps.catalog.findById(datasetId);
    if (!row || !readableBy(actor, row)) throw errors.notFound(ENTRY);
    return row;
  }

  /** The entry, when `actor` is one of its provider's catalog editors. */
  async function editable(actor: Actor, datasetId: string, verb: Bilingual) {
    const row = await visibleEntry(actor, datasetId);
    if (!mayEditEntries(actor, row.provider_organisation_id)) {
      throw errors.forbidden({ zh: `只有提供部门的目录编制员可以${verb.zh}本条目的文件`, en: `Only the providing organisation's catalog editors may ${verb.en} this entry's files` });
    }
    if (row.status === "revoked") throw errors.conflict("entry_revoked", { zh: "条目已撤销，不能再修改其文件", en: "The entry is revoked: its files can no longer change" });
    return row;
  }

  return {
    /**
     * Checks who first, then reads the body (`receive` is called only for an editor): sniffs the first
     * bytes, streams the rest into storage under a generated key with the size limit enforced on the
     * way, and records the row. Any refusal leaves nothing stored.
     */
    async upload(actor: Actor, datasetId: string, receive: () => Promise<IncomingFile | undefined>, note: AuditNote) {
      await editable(actor, datasetId, { zh: "上传", en: "upload" });
      const row = await storeUpload(storage, await receive(), { maxBytes: deps.maxBytes, keyFor: (id) => `files/${datasetId}/${id}` }, (stored) =>
        repo.insert({
          id: stored.id,
          dataset_id: datasetId,
          name: stored.name,
          media_type: stored.mediaType,
          size: stored.size,
          sha256: stored.sha256,
          storage_key: stored.key,
          created_by_user_id: actor.userId,
        }),
      );
      note({ datasetId, detail: { fileId: row.id, name: row.name, size: Number(row.size), mediaType: row.media_type, sha256: row.sha256 } });
      return presentFile(row);
    },

    /**
     * The files of an entry whoever may see the entry in the catalog: names and sizes are catalog facts,
     * like its formats. Whether this reader may download them is the access decision's, given alongside.
     */
    async list(actor: Actor | null, datasetId: string) {
      await visibleEntry(actor, datasetId);
      const download = await deps.authorise(actor, datasetId, "download").then(
        () => ({ allowed: true as const, code: null, message: null, messageEn: null }),
        (err) => {
          if (!(err instanceof AppError)) throw err;
          return { allowed: false as const, code: err.code, message: err.messages.zh, messageEn: err.messages.en };
        },
      );
      return { items: (await repo.list(datasetId)).map(presentFile), download };
    },

    /** Authorises, then opens the stored bytes (or one range of them) for streaming. */
    async open(actor: Actor | null, datasetId: string, fileId: string, range: (file: FileView) => ByteRange | null | "unsatisfiable", note: AuditNote) {
      const { basis, articles } = (await deps.authorise(actor, datasetId, "download")).decision;
      const row = await repo.find(datasetId, fileId);
      if (!row) throw errors.notFound(FILE);
      const size = Number(row.size);
      const wanted = range(presentFile(row));
      if (wanted === "unsatisfiable") return { file: presentFile(row), unsatisfiable: true as const };
      const stream = await storage.get(row.storage_key, wanted ?? undefined);
      note({ datasetId, detail: { fileId, name: row.name, size, range: wanted ? [wanted.start, wanted.end ?? size - 1] : null, basis, articles } });
      if (basis !== "provider") deps.usage?.add(datasetId, actor?.userId ?? null);
      return { file: presentFile(row), unsatisfiable: false as const, stream, range: wanted };
    },

    /** Soft delete: the row stays (the audit record names it) and so do the bytes, until a purge. */
    async remove(actor: Actor, datasetId: string, fileId: string, note: AuditNote) {
      await editable(actor, datasetId, { zh: "删除", en: "delete" });
      const row = await repo.softDelete(datasetId, fileId);
      if (!row) throw errors.notFound(FILE);
      note({ datasetId, detail: { fileId, name: row.name, size: Number(row.size) } });
    },
  };
}

export type FilesService = ReturnType<typeof filesService>;
