import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { requireActor } from "../http/auth";
import type { CatalogExcel } from "./excel-service";
import { anyone, fileResponse, signedIn } from "../http/openapi";
import {
  caseOpened,
  changeBody,
  createBody,
  datasetAnswer,
  datasetDetail,
  datasetParams,
  datasetSaved,
  datasetSearchResult,
  datasetVersionDetail,
  datasetVersions,
  draftBody,
  importResult,
  openList,
  openListQuery,
  queueQuery,
  reviewBody,
  reviewQueue,
  revocationBody,
  revocationDecisionBody,
  searchQuery,
  staleList,
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

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const audit = (action: string) => ({ audit: { action, subjectType: "dataset" } });

export function catalogRoutes(service: CatalogService, excel: CatalogExcel) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["catalog"];

    r.get("/datasets", { schema: { tags, operationId: "listDatasets", summary: "Search the catalog (public: the open catalog)", security: anyone, querystring: searchQuery, response: { 200: datasetSearchResult } } }, async (request) =>
      service.search(request.actor, request.query),
    );
    r.get("/datasets/export.xlsx", { config: audit("dataset.export"), schema: { tags, operationId: "exportDatasets", summary: "Export visible entries as Excel", security: anyone, querystring: searchQuery, response: { 200: fileResponse(XLSX, "The entries as an Excel workbook") } } }, async (request, reply) => {
      const file = await excel.exportWorkbook(request.actor, request.query);
      return reply
        .type(XLSX)
        .header("content-disposition", `attachment; filename="catalog.xlsx"`)
        .send(file);
    });
    r.get("/catalog/template.xlsx", { schema: { tags, operationId: "getCatalogTemplate", summary: "The Excel template for catalog import", response: { 200: fileResponse(XLSX, "The import template") } } }, async (_request, reply) =>
      reply
        .type(XLSX)
        .header("content-disposition", `attachment; filename="catalog-template.xlsx"`)
        .send(await excel.template()),
    );
    r.post("/datasets/import", { config: { ...audit("dataset.import"), upload: "The Excel workbook (docs/catalog-template.md)" }, schema: { tags, operationId: "importDatasets", summary: "Import entries from Excel: every row or none (multipart form field `file`)", security: signedIn, response: { 200: importResult } } }, async (request) =>
      excel.importWorkbook(requireActor(request), request, noteOn(request)),
    );
    r.post("/datasets", { config: audit("dataset.create"), schema: { tags, operationId: "createDataset", summary: "Compile a new entry (draft)", security: signedIn, body: createBody, response: { 201: datasetSaved } } }, async (request, reply) =>
      reply.code(201).send(await service.create(requireActor(request), request.body, noteOn(request))),
    );
    r.get("/datasets/:id", { schema: { tags, operationId: "getDataset", summary: "An entry, with its draft and pending cases for its editors", security: anyone, params: datasetParams, response: { 200: datasetDetail } } }, async (request) =>
      service.get(request.actor, request.params.id),
    );
    r.put("/datasets/:id/draft", { config: audit("dataset.draft.save"), schema: { tags, operationId: "saveDatasetDraft", summary: "Save the working copy", security: signedIn, params: datasetParams, body: draftBody, response: { 200: datasetSaved } } }, async (request) =>
      service.saveDraft(requireActor(request), request.params.id, request.body, noteOn(request)),
    );
    r.post("/datasets/:id/submit", { config: audit("dataset.submit"), schema: { tags, operationId: "submitDataset", summary: "Submit the working copy for review (004 §12)", security: signedIn, params: datasetParams, body: submitBody, response: { 200: datasetAnswer } } }, async (request) =>
      service.submit(requireActor(request), request.params.id, request.body, noteOn(request)),
    );
    r.post("/datasets/:id/review", { config: audit("dataset.review"), schema: { tags, operationId: "reviewDataset", summary: "Approve, or send back with comments (004 §12)", security: signedIn, params: datasetParams, body: reviewBody, response: { 200: datasetAnswer } } }, async (request) =>
      service.review(requireActor(request), request.params.id, request.body, noteOn(request)),
    );
    r.post("/datasets/:id/changes", { config: audit("dataset.change.record"), schema: { tags, operationId: "recordDatasetChange", summary: "Record a legal or duty change: starts the update clock (004 §15; 002 §9)", security: signedIn, params: datasetParams, body: changeBody, response: { 201: caseOpened } } }, async (request, reply) =>
      reply.code(201).send(await service.recordChange(requireActor(request), request.params.id, request.body, noteOn(request))),
    );
    r.post("/datasets/:id/revocation", { config: audit("dataset.revocation.request"), schema: { tags, operationId: "requestDatasetRevocation", summary: "Ask to revoke the entry (004 §16)", security: signedIn, params: datasetParams, body: revocationBody, response: { 201: caseOpened } } }, async (request, reply) =>
      reply.code(201).send(await service.requestRevocation(requireActor(request), request.params.id, request.body, noteOn(request))),
    );
    r.post(
      "/datasets/:id/revocation/decision",
      { config: audit("dataset.revocation.decide"), schema: { tags, summary: "Decide a revocation; an entry in use keeps serving through the grace period (004 §16)", operationId: "decideDatasetRevocation", security: signedIn, params: datasetParams, body: revocationDecisionBody, response: { 200: datasetAnswer } } },
      async (request) => service.decideRevocation(requireActor(request), request.params.id, request.body, noteOn(request)),
    );
    r.get("/datasets/:id/versions", { schema: { tags, operationId: "listDatasetVersions", summary: "Published versions with what changed", security: anyone, params: datasetParams, response: { 200: datasetVersions } } }, async (request) =>
      service.versions(request.actor, request.params.id),
    );
    r.get("/datasets/:id/versions/:version", { schema: { tags, operationId: "getDatasetVersion", summary: "One published version", security: anyone, params: versionParams, response: { 200: datasetVersionDetail } } }, async (request) =>
      service.version(request.actor, request.params.id, request.params.version),
    );
    r.get("/catalog/reviews", { schema: { tags, operationId: "listCatalogReviews", summary: "Entries awaiting the caller's review", security: signedIn, querystring: queueQuery, response: { 200: reviewQueue } } }, async (request) =>
      service.reviewQueue(requireActor(request), request.query),
    );
    r.get("/catalog/stale", { schema: { tags, operationId: "listStaleDatasets", summary: "Entries whose data is overdue for its declared update frequency (001 §15)", security: signedIn, querystring: queueQuery, response: { 200: staleList } } }, async (request) =>
      service.stale(requireActor(request), request.query),
    );
    r.get("/catalog/open-list", { schema: { tags, operationId: "getOpenList", summary: "A department's open list (开放清单, 001 §11)", querystring: openListQuery, response: { 200: openList } } }, async (request) =>
      service.openList(request.query.organisationId),
    );
  };
}
