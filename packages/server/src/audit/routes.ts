import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireActor } from "../http/auth";
import { signedIn } from "../http/openapi";
import { uuid } from "../identity/schemas";
import { toCsv } from "./csv";
import { auditExport, auditPage, auditTrace, checkpoints, signedCheckpoint, verifyReport } from "./schemas";
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
          operationId: "searchAuditEntries",
          summary: "Search the audit record (auditors; newest first, keyset by seq)",
          security: signedIn,
          response: { 200: auditPage },
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
          operationId: "traceAuditUses",
          summary: "Who used a dataset or subject (fields), when, for what purpose, how many rows (004 §28)",
          security: signedIn,
          response: { 200: auditTrace },
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
          operationId: "listMyAuditEntries",
          summary: "My own history in the audit record",
          security: signedIn,
          response: { 200: auditPage },
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
          operationId: "verifyAudit",
          summary: "Walk the hash chain (or a range) and the signed checkpoints; report the first broken entry",
          security: signedIn,
          response: { 200: verifyReport },
          body: z.strictObject({ fromSeq: seq.optional(), toSeq: seq.optional() }),
        },
      },
      async (request) => {
        audit.assertAuditor(requireActor(request));
        return audit.verify(request.body);
      },
    );

    r.get("/audit/checkpoints", { schema: { tags: ["audit"], operationId: "listAuditCheckpoints", summary: "Signed checkpoints, newest first (public: publish them)", response: { 200: checkpoints } } }, async () => ({
      items: await audit.checkpoints(),
    }));

    r.post(
      "/audit/checkpoints",
      { config: { audit: { action: "audit.checkpoint" } }, schema: { tags: ["audit"], operationId: "signAuditCheckpoint", summary: "Sign the current head now (null while the record is empty)", security: signedIn, response: { 201: signedCheckpoint.nullable() } } },
      async (request, reply) => {
        audit.assertAuditor(requireActor(request));
        return reply.code(201).send(await audit.checkpoint());
      },
    );

    r.get("/audit/public-key", { schema: { tags: ["audit"], operationId: "getAuditPublicKey", summary: "The platform's checkpoint-signing public key (PEM)", response: { 200: { description: "SPKI PEM", content: { "application/x-pem-file": { schema: z.string() } } } } } }, async (_request, reply) =>
      reply.type("application/x-pem-file").send(audit.publicKey()),
    );

    r.get(
      "/audit/export",
      {
        config: { audit: { action: "audit.export" } },
        schema: {
          tags: ["audit"],
          operationId: "exportAudit",
          summary: "Export a seq range with its verification proof (JSON) or as CSV",
          security: signedIn,
          response: {
            200: {
              description: "The range with its proof (format=json), or its entries as CSV (format=csv)",
              content: { "application/json": { schema: auditExport }, "text/csv": { schema: z.string() } },
            },
          },
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
        // Up to 100,000 entries: rendered as they are, not checked entry by entry on the way out.
        return reply.type("application/json").header("content-disposition", `attachment; filename="${name}.json"`).send(JSON.stringify(bundle));
      },
    );
  };
}
