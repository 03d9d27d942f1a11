import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { requireActor } from "../http/auth";
import type { CatalogExcel } from "./excel-service";
import {
  changeBody,
  createBody,
  datasetParams,
  draftBody,
  openListQuery,
  queueQuery,
  reviewBody,
  revocationBody,
  revocationDecisionBody,
  searchQuery,
  submitBody,
  versionParams,
} from "./schemas";
import type { AuditNote, CatalogService } from "./service";

const noteOn =
  (request: FastifyRequest): AuditNote =>
  (extra) => {
    const prior = request.auditExtra ?? {};
    request.auditExtra = { ...prior, ...extra, detail: { ...prior.detail, ...(extra.detail as object | undefined) } };
  };

const audit = (action: string) => ({ audit: { action, subjectType: "dataset" } });

export function catalogRoutes(service: CatalogService, excel: CatalogExcel) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["catalog"];

    r.get("/datasets", { schema: { tags, summary: "Search the catalog (public: the open catalog)", querystring: searchQuery } }, async (request) =>
      service.search(request.actor, request.query),
    );
    r.get("/datasets/export.xlsx", { config: audit("dataset.export"), schema: { tags, summary: "Export visible entries as Excel", querystring: searchQuery } }, async (request, reply) => {
      const file = await excel.exportWorkbook(request.actor, request.query);
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="catalog.xlsx"`)
        .send(file);
    });
    r.get("/catalog/template.xlsx", { schema: { tags, summary: "The Excel template for catalog import" } }, async (_request, reply) =>
      reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="catalog-template.xlsx"`)
        .send(await excel.template()),
    );
    r.post("/datasets/import", { config: audit("dataset.import"), schema: { tags, summary: "Import entries from Excel: every row or none" } }, async (request) =>
      excel.importWorkbook(requireActor(request), request, noteOn(request)),
    );
    r.post("/datasets", { config: audit("dataset.create"), schema: { tags, summary: "Compile a new entry (draft)", body: createBody } }, async (request, reply) =>
      reply.code(201).send(await service.create(requireActor(request), request.body, noteOn(request))),
    );
    r.get("/datasets/:id", { schema: { tags, summary: "An entry, with its draft and pending cases for its editors", params: datasetParams } }, async (request) =>
      service.get(request.actor, request.params.id),
    );
    r.put("/datasets/:id/draft", { config: audit("dataset.draft.save"), schema: { tags, summary: "Save the working copy", params: datasetParams, body: draftBody } }, async (request) =>
      service.saveDraft(requireActor(request), request.params.id, request.body, noteOn(request)),
    );
    r.post("/datasets/:id/submit", { config: audit("dataset.submit"), schema: { tags, summary: "Submit the working copy for review (004 §12)", params: datasetParams, body: submitBody } }, async (request) =>
      service.submit(requireActor(request), request.params.id, request.body, noteOn(request)),
    );
    r.post("/datasets/:id/review", { config: audit("dataset.review"), schema: { tags, summary: "Approve, or send back with comments (004 §12)", params: datasetParams, body: reviewBody } }, async (request) =>
      service.review(requireActor(request), request.params.id, request.body, noteOn(request)),
    );
    r.post("/datasets/:id/changes", { config: audit("dataset.change.record"), schema: { tags, summary: "Record a legal or duty change: starts the update clock (004 §15; 002 §9)", params: datasetParams, body: changeBody } }, async (request, reply) =>
      reply.code(201).send(await service.recordChange(requireActor(request), request.params.id, request.body, noteOn(request))),
    );
    r.post("/datasets/:id/revocation", { config: audit("dataset.revocation.request"), schema: { tags, summary: "Ask to revoke the entry (004 §16)", params: datasetParams, body: revocationBody } }, async (request, reply) =>
      reply.code(201).send(await service.requestRevocation(requireActor(request), request.params.id, request.body, noteOn(request))),
    );
    r.post(
      "/datasets/:id/revocation/decision",
      { config: audit("dataset.revocation.decide"), schema: { tags, summary: "Decide a revocation; an entry in use keeps serving through the grace period (004 §16)", params: datasetParams, body: revocationDecisionBody } },
      async (request) => service.decideRevocation(requireActor(request), request.params.id, request.body, noteOn(request)),
    );
    r.get("/datasets/:id/versions", { schema: { tags, summary: "Published versions with what changed", params: datasetParams } }, async (request) =>
      service.versions(request.actor, request.params.id),
    );
    r.get("/datasets/:id/versions/:version", { schema: { tags, summary: "One published version", params: versionParams } }, async (request) =>
      service.version(request.actor, request.params.id, request.params.version),
    );
    r.get("/catalog/reviews", { schema: { tags, summary: "Entries awaiting the caller's review", querystring: queueQuery } }, async (request) =>
      service.reviewQueue(requireActor(request), request.query),
    );
    r.get("/catalog/stale", { schema: { tags, summary: "Entries whose data is overdue for its declared update frequency (001 §15)", querystring: queueQuery } }, async (request) =>
      service.stale(requireActor(request), request.query),
    );
    r.get("/catalog/open-list", { schema: { tags, summary: "A department's open list (开放清单, 001 §11)", querystring: openListQuery } }, async (request) =>
      service.openList(request.query.organisationId),
    );
  };
}
