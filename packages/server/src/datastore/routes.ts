import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../db/database";
import { uuid } from "../identity/schemas";
import { download, DOWNLOAD_FORMATS } from "./download";
import type { DatastoreRepository } from "./repository";
import type { AuditNote, DatastoreService } from "./service";

const params = z.object({ id: uuid });
/** Free-form: the query language (fields, f.<field>, sort, limit, after) is parsed by core's parseRowQuery. */
const rowQuery = z.record(z.string().max(100), z.union([z.string().max(5000), z.array(z.string().max(5000)).max(20)]));
const downloadQuery = rowQuery.and(
  z.object({ format: z.enum(DOWNLOAD_FORMATS).default("csv"), encoding: z.enum(["utf-8", "gbk"]).default("utf-8") }).partial(),
);

const noteOn =
  (request: FastifyRequest): AuditNote =>
  (extra) => {
    request.auditExtra = { ...request.auditExtra, ...extra };
  };

export function datastoreRoutes(deps: { service: DatastoreService; repo: DatastoreRepository; database: Database }) {
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
          summary: "Query rows: fields=a,b; f.<field>=eq|ne|lt|lte|gt|gte|in|prefix|null.<value>; sort=[-]field; limit; after=<cursor>",
          params,
          querystring: rowQuery,
        },
      },
      async (request, reply) => reply.type("application/json; charset=utf-8").send(await service.rows(request.actor, request.params.id, request.query, "query", noteOn(request))),
    );
    r.get(
      "/datasets/:id/preview",
      { config: { audit: { action: "data.preview", subjectType: "dataset" } }, schema: { tags, summary: "The first rows of the data", params } },
      async (request, reply) => reply.type("application/json; charset=utf-8").send(await service.rows(request.actor, request.params.id, {}, "preview", noteOn(request))),
    );
    r.get(
      "/datasets/:id/download",
      {
        config: { audit: { action: "data.download", subjectType: "dataset" } },
        schema: { tags, summary: "Download the data as CSV (UTF-8 with BOM, or GBK), JSON or XLSX; filters as for rows", params, querystring: downloadQuery },
      },
      async (request, reply) => {
        const { format = "csv", encoding = "utf-8", ...rest } = request.query as Record<string, string>;
        const a = await service.authorise(request.actor, request.params.id, "download");
        const q = service.parsed({ ...rest, limit: undefined, after: undefined, sort: undefined }, a.readable);
        service.noteRead(noteOn(request), request.params.id, "download", a, q.fields, null);
        const out = download({ database: deps.database, repo: deps.repo, tableName: a.served.table_name, query: q, readable: a.readable }, format as never, encoding as never);
        return reply
          .type(out.type)
          .header("content-disposition", `attachment; filename="${request.params.id}-v${a.served.version}.${out.extension}"`)
          .send(out.stream);
      },
    );
  };
}
