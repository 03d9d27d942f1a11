// HTTP for file distributions (prefix /api/v1 applied by the caller): upload (multipart field `file`),
// list, download (streamed, single byte ranges, RFC 5987 Chinese names) and soft delete. Every write and
// every download is on the audit record (config.audit); the access decisions are the service's.
import type { UsageCounter } from "./usage";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CatalogRepository } from "../catalog/repository";
import type { Database } from "../db/database";
import { requireActor } from "../http/auth";
import { AppError, errorBodySchema } from "../http/errors";
import { anyone, fileResponse, noContent, signedIn } from "../http/openapi";
import { uuid } from "../identity/schemas";
import { contentDisposition, DOWNLOAD_HEADERS } from "../storage/file-name";
import type { ByteRange, ObjectStorage } from "../storage/types";
import { receiveUpload } from "../storage/upload";
import {
  DEFAULT_MAX_FILE_BYTES,
  fileRepository,
  filesService,
  type AuditNote,
  type Authorise,
  type FilesService,
  type FileView,
} from "./files";
import { fileDistribution, fileList } from "./schemas";

const entryParams = z.object({ id: uuid });
const fileParams = z.object({ id: uuid, fileId: uuid });

const noteOn =
  (request: FastifyRequest): AuditNote =>
  (extra) => {
    request.auditExtra = { ...request.auditExtra, ...extra, detail: { ...request.auditExtra?.detail, ...extra.detail } };
  };

/**
 * One `bytes=` range (RFC 9110 §14): the whole file (null) for no header, several ranges or anything
 * malformed, as the RFC allows; "unsatisfiable" when it starts past the end.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | "unsatisfiable" {
  const m = header ? /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    return suffix === 0 || size === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (start >= size) return "unsatisfiable";
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  return end < start ? null : { start, end };
}

export function fileRoutes(deps: { service: FilesService; maxBytes: number }) {
  const { service, maxBytes } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["data"];

    r.post(
      "/datasets/:id/files",
      {
        config: { audit: { action: "data.file.upload", subjectType: "dataset" }, upload: "The file (document, image or archive)" },
        schema: {
          tags,
          operationId: "uploadDatasetFile",
          summary: "Upload a file distribution (multipart field `file`; PDF, DOCX, XLSX, CSV, ZIP, PNG, JPEG, OFD, JSON, GeoJSON)",
          security: signedIn,
          params: entryParams,
          response: { 201: fileDistribution },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const created = await receiveUpload(request, reply, maxBytes, (receive) => service.upload(actor, request.params.id, receive, noteOn(request)));
        return reply.code(201).send(created);
      },
    );

    r.get("/datasets/:id/files", { schema: { tags, operationId: "listDatasetFiles", summary: "The file distributions of an entry, and whether the caller may download them", security: anyone, params: entryParams, response: { 200: fileList } } }, async (request) =>
      service.list(request.actor, request.params.id),
    );

    r.get(
      "/datasets/:id/files/:fileId",
      {
        // A HEAD would run this handler: open the object, read it to the end and record a download.
        exposeHeadRoute: false,
        config: { audit: { action: "data.file.download", subjectType: "dataset" } },
        schema: {
          tags,
          operationId: "downloadDatasetFile",
          summary: "Download a file distribution (streamed; single byte ranges supported)",
          security: anyone,
          params: fileParams,
          response: { 200: fileResponse("application/octet-stream", "The file, in its own media type"), 206: fileResponse("application/octet-stream", "The asked byte range"), 416: errorBodySchema },
        },
      },
      async (request, reply) => {
        const etag = (f: FileView) => `"${f.sha256}"`;
        const opened = await service.open(
          request.actor,
          request.params.id,
          request.params.fileId,
          (f) => {
            // If-Range: a range of a different file version would be garbage; send the whole file instead.
            const ifRange = request.headers["if-range"];
            return ifRange && ifRange !== etag(f) ? null : parseRange(request.headers.range, f.size);
          },
          noteOn(request),
        );
        const { file } = opened;
        reply
          .header("accept-ranges", "bytes")
          .header("etag", etag(file))
          .headers(DOWNLOAD_HEADERS);
        if (opened.unsatisfiable) {
          return reply
            .code(416)
            .header("content-range", `bytes */${file.size}`)
            .send(new AppError(416, "range_not_satisfiable", { zh: "请求的字节范围超出文件大小", en: "The requested byte range is outside the file" }).toBody());
        }
        const range = opened.range;
        if (range) {
          const end = range.end ?? file.size - 1;
          reply.code(206).header("content-range", `bytes ${range.start}-${end}/${file.size}`).header("content-length", end - range.start + 1);
        } else {
          reply.header("content-length", file.size);
        }
        return reply.type(file.mediaType).header("content-disposition", contentDisposition(file.name)).send(opened.stream);
      },
    );

    r.delete(
      "/datasets/:id/files/:fileId",
      { config: { audit: { action: "data.file.delete", subjectType: "dataset" } }, schema: { tags, operationId: "deleteDatasetFile", summary: "Remove a file distribution (soft delete; provider's catalog editors)", security: signedIn, params: fileParams, response: { 204: noContent } } },
      async (request, reply) => {
        await service.remove(requireActor(request), request.params.id, request.params.fileId, noteOn(request));
        return reply.code(204).send();
      },
    );
  };
}

/** Wiring for app.ts: repository → service → routes. */
export function filesModule(deps: {
  database: Database;
  catalog: CatalogRepository;
  storage: ObjectStorage;
  /** The datastore's access decision (datastore.service.decide): downloads ask what table reads ask. */
  authorise: Authorise;
  /** Largest accepted file in bytes (default 200 MB). */
  maxBytes?: number;
  /** Counts non-provider downloads as uses of the entry (the datastore's UsageCounter). */
  usage?: Pick<UsageCounter, "add">;
}) {
  const repo = fileRepository(deps.database.db);
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const service = filesService({ repo, catalog: deps.catalog, storage: deps.storage, authorise: deps.authorise, maxBytes, usage: deps.usage });
  return { repo, service, storage: deps.storage, maxBytes, routes: fileRoutes({ service, maxBytes }) };
}

export type FilesModule = ReturnType<typeof filesModule>;
