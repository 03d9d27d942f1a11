import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../db/database";
import { uuid } from "../identity/schemas";
import { download, DOWNLOAD_FORMATS } from "./download";
import { DEFAULT_INGEST_LIMITS } from "./ingest/ingest";
import type { DatastoreRepository } from "./repository";
import type { LoadService } from "./load-service";
import type { AuditNote, DatastoreService } from "./service";
import fs from "node:fs";
import { requireActor } from "../http/auth";
import { errors } from "../http/errors";
import { anyone, fileResponse, preRendered, signedIn } from "../http/openapi";
import { rowsPage, tableLoaded, tableVersions } from "./schemas";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const params = z.object({ id: uuid });
/**
 * The query language is parsed by core's parseRowQuery: its named parameters are listed (for the OpenAPI
 * document), the filters `f.<field>` are free-form.
 */
const queryValue = z.union([z.string().max(5000), z.array(z.string().max(5000)).max(20)]);
const rowQueryShape = z
  .object({
    fields: queryValue.optional().describe("Fields to answer, comma-separated"),
    sort: queryValue.optional().describe("[-]field"),
    limit: queryValue.optional(),
    after: queryValue.optional().describe("The cursor of the page before (its `next`)"),
  })
  .catchall(queryValue);
const shortKeys = (q: object) => Object.keys(q).every((k) => k.length <= 100);
const rowQuery = rowQueryShape.refine(shortKeys);
const downloadQuery = rowQueryShape
  .extend({ format: z.enum(DOWNLOAD_FORMATS).default("csv").optional(), encoding: z.enum(["utf-8", "gbk"]).default("utf-8").optional() })
  .refine(shortKeys);

const noteOn =
  (request: FastifyRequest): AuditNote =>
  (extra) => {
    request.auditExtra = { ...request.auditExtra, ...extra };
  };

/**
 * Uploads are streamed into the load, which refuses them as it passes its own byte limit (2 GB): the
 * multipart limit sits one byte above, so a file over the limit is never cut off into a "complete" one.
 */
const MULTIPART_BYTES = DEFAULT_INGEST_LIMITS.maxBytes + 1;

export function datastoreRoutes(deps: { service: DatastoreService; repo: DatastoreRepository; database: Database; loads: LoadService }) {
  const { service } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["data"];
    r.get(
      "/datasets/:id/rows",
      {
        config: { audit: { action: "data.query", subjectType: "dataset" } },
        schema: {
          tags,
          operationId: "queryDatasetRows",
          summary: "Query rows: fields=a,b; f.<field>=eq|ne|lt|lte|gt|gte|in|prefix|null.<value>; sort=[-]field; limit; after=<cursor>",
          security: anyone,
          params,
          querystring: rowQuery,
          response: { 200: preRendered(rowsPage) },
        },
      },
      async (request, reply) => reply.type("application/json; charset=utf-8").send(await service.rows(request.actor, request.params.id, request.query, "query", noteOn(request))),
    );
    r.get(
      "/datasets/:id/preview",
      { config: { audit: { action: "data.preview", subjectType: "dataset" } }, schema: { tags, operationId: "previewDatasetRows", summary: "The first rows of the data", security: anyone, params, response: { 200: preRendered(rowsPage) } } },
      async (request, reply) => reply.type("application/json; charset=utf-8").send(await service.rows(request.actor, request.params.id, {}, "preview", noteOn(request))),
    );
    r.post(
      "/datasets/:id/table",
      {
        config: { audit: { action: "data.load", subjectType: "dataset" }, upload: "The table: CSV (UTF-8 or GBK/GB18030), XLSX or JSON" },
        schema: {
          tags,
          operationId: "loadDatasetTable",
          summary: "Mount table data: upload CSV (UTF-8 or GBK), XLSX or JSON (multipart field `file`); answered with the load's quality report",
          security: signedIn,
          params,
          response: { 201: tableLoaded },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const file = await request.file({ limits: { fileSize: MULTIPART_BYTES, files: 1 } }).catch(() => undefined);
        if (!file) throw errors.field("file", { zh: "请上传数据文件（表单字段 file）", en: "Upload a data file (form field \"file\")" });
        const format = (file.fields.format as { value?: string } | undefined)?.value;
        const result = await deps.loads.load(actor, request.params.id, { name: file.filename, format, bytes: null, stream: file.file }).catch((err: unknown) => {
          // Refused before or while reading: drain the rest so the client reads the answer, not a reset.
          file.file.resume();
          throw err;
        });
        request.auditExtra = {
          datasetId: request.params.id,
          rowCount: result.report.rowsLoaded,
          detail: { version: result.version, rowsRejected: result.report.rowsRejected, file: file.filename.slice(0, 200) },
        };
        return reply.code(201).send(result);
      },
    );
    r.get("/datasets/:id/table-versions", { schema: { tags, operationId: "listTableVersions", summary: "Loaded table versions with their quality reports", security: signedIn, params, response: { 200: tableVersions } } }, async (request) =>
      deps.loads.versions(requireActor(request), request.params.id),
    );
    r.get(
      "/datasets/:id/table-versions/:version/rejects.csv",
      {
        schema: {
          tags,
          operationId: "getTableRejects",
          summary: "A load's rejected rows with their reasons (CSV)",
          security: signedIn,
          params: params.extend({ version: z.coerce.number().int().min(1) }),
          response: { 200: fileResponse("text/csv", "The rejected rows") },
        },
      },
      async (request, reply) => {
        const file = await deps.loads.rejectsFile(requireActor(request), request.params.id, request.params.version);
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="rejects-v${request.params.version}.csv"`)
          .send(fs.createReadStream(file));
      },
    );
    r.get(
      "/datasets/:id/download",
      {
        config: { audit: { action: "data.download", subjectType: "dataset" } },
        schema: {
          tags,
          operationId: "downloadDatasetRows",
          summary: "Download the data as CSV (UTF-8 with BOM, or GBK), JSON or XLSX; filters as for rows",
          security: anyone,
          params,
          querystring: downloadQuery,
          response: { 200: fileResponse(["text/csv", "application/json", XLSX], "The rows in the asked format, streamed") },
        },
      },
      async (request, reply) => {
        const { format = "csv", encoding = "utf-8", ...rest } = request.query as Record<string, string>;
        const a = await service.authorise(request.actor, request.params.id, "download");
        const q = service.parsed({ ...rest, limit: undefined, after: undefined, sort: undefined }, a.readable);
        service.noteRead(noteOn(request), request.params.id, "download", a, q.fields, null);
        const out = download({ database: deps.database, repo: deps.repo, tableName: a.served.table_name, query: q, readable: a.readable, columns: a.columns }, format as never, encoding as never);
        return reply
          .type(out.type)
          .header("content-disposition", `attachment; filename="${request.params.id}-v${a.served.version}.${out.extension}"`)
          .send(out.stream);
      },
    );
  };
}
