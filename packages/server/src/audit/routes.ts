import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireActor } from "../http/auth";
import { uuid } from "../identity/schemas";
import { toCsv } from "./csv";
import type { AuditService } from "./service";

const seq = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const instant = z.iso.datetime({ offset: true });
const filter = {
  actorUserId: uuid.optional(),
  action: z.string().regex(/^[a-z_.]{1,80}$/).optional(),
  outcome: z.enum(["success", "denied", "error"]).optional(),
  subjectType: z.string().regex(/^[a-z_]{1,40}$/).optional(),
  subjectId: z.string().max(100).optional(),
  datasetId: uuid.optional(),
  field: z.string().max(100).optional(),
  from: instant.optional(),
  to: instant.optional(),
};

export function auditRoutes(audit: AuditService) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      "/audit/entries",
      {
        config: { audit: { action: "audit.search" } },
        schema: {
          tags: ["audit"],
          summary: "Search the audit record (auditors; newest first, keyset by seq)",
          querystring: z.object({ ...filter, beforeSeq: seq.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        },
      },
      async (request) => {
        const { limit, ...f } = request.query;
        return audit.search(requireActor(request), f, limit);
      },
    );

    r.get(
      "/audit/trace",
      {
        config: { audit: { action: "audit.trace" } },
        schema: {
          tags: ["audit"],
          summary: "Who used a dataset or subject (fields), when, for what purpose, how many rows (004 §28)",
          querystring: z.object(filter),
        },
      },
      async (request) => audit.trace(requireActor(request), request.query),
    );

    r.get(
      "/me/audit",
      {
        schema: {
          tags: ["me"],
          summary: "My own history in the audit record",
          querystring: z.object({ beforeSeq: seq.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        },
      },
      async (request) => audit.mine(requireActor(request), { beforeSeq: request.query.beforeSeq }, request.query.limit),
    );

    r.post(
      "/audit/verify",
      {
        config: { audit: { action: "audit.verify" } },
        schema: {
          tags: ["audit"],
          summary: "Walk the hash chain (or a range) and the signed checkpoints; report the first broken entry",
          body: z.strictObject({ fromSeq: seq.optional(), toSeq: seq.optional() }),
        },
      },
      async (request) => {
        audit.assertAuditor(requireActor(request));
        return audit.verify(request.body);
      },
    );

    r.get("/audit/checkpoints", { schema: { tags: ["audit"], summary: "Signed checkpoints, newest first (public: publish them)" } }, async () => ({
      items: await audit.checkpoints(),
    }));

    r.post(
      "/audit/checkpoints",
      { config: { audit: { action: "audit.checkpoint" } }, schema: { tags: ["audit"], summary: "Sign the current head now" } },
      async (request, reply) => {
        audit.assertAuditor(requireActor(request));
        return reply.code(201).send(await audit.checkpoint());
      },
    );

    r.get("/audit/public-key", { schema: { tags: ["audit"], summary: "The platform's checkpoint-signing public key (PEM)" } }, async (_request, reply) =>
      reply.type("application/x-pem-file").send(audit.publicKey()),
    );

    r.get(
      "/audit/export",
      {
        config: { audit: { action: "audit.export" } },
        schema: {
          tags: ["audit"],
          summary: "Export a seq range with its verification proof (JSON) or as CSV",
          querystring: z
            .object({ fromSeq: seq, toSeq: seq, format: z.enum(["json", "csv"]).default("json") })
            .refine((q) => q.toSeq >= q.fromSeq && q.toSeq - q.fromSeq < 100_000, {
              message: "toSeq must be ≥ fromSeq and the range under 100,000 entries",
              params: { zh: "结束序号须不小于起始序号，且区段少于 100,000 条", en: "toSeq must be ≥ fromSeq and the range under 100,000 entries" },
            }),
        },
      },
      async (request, reply) => {
        const bundle = await audit.exportRange(requireActor(request), request.query.fromSeq, request.query.toSeq);
        const name = `audit-${request.query.fromSeq}-${request.query.toSeq}`;
        if (request.query.format === "csv") {
          return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${name}.csv"`).send(toCsv(bundle.entries));
        }
        return reply.header("content-disposition", `attachment; filename="${name}.json"`).send(bundle);
      },
    );
  };
}
