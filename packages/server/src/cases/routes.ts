import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireActor } from "../http/auth";
import { uuid } from "../identity/schemas";
import { contentDisposition, DOWNLOAD_HEADERS } from "../storage/file-name";
import { receiveUpload } from "../storage/upload";
import type { AttachmentNote, CaseAttachments } from "./attachments";
import { fileResponse, signedIn } from "../http/openapi";
import {
  actionBody,
  actionParams,
  attachmentParams,
  attachmentUploaded,
  boardQuery,
  caseDetail,
  caseList,
  caseParams,
  disputeRouting,
  disputeRoutingQuery,
  listCasesQuery,
  notificationList,
  notificationRead,
  notificationsQuery,
  openCaseBody,
  supervisionBoard,
} from "./schemas";
import type { AuditNote, CaseService } from "./service";

/** What the service adds to the request's audit entry: `case.<kind>.<action>` and the case id. */
const noteOn =
  (request: FastifyRequest): AuditNote =>
  (extra) => {
    request.auditExtra = { ...request.auditExtra, ...extra, detail: { ...request.auditExtra?.detail, ...extra.detail } };
  };

/** An attachment's subject and details on the request's audit entry. */
const attachmentNoteOn =
  (request: FastifyRequest): AttachmentNote =>
  (extra) => {
    request.auditExtra = { ...request.auditExtra, subjectId: extra.subjectId, detail: { ...request.auditExtra?.detail, ...extra.detail } };
  };

export function caseRoutes(service: CaseService, attachments: Pick<CaseAttachments, "upload" | "maxBytes">) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      "/cases",
      {
        config: { audit: { action: "case.open", subjectType: "case" } },
        schema: {
          tags: ["cases"],
          operationId: "openCase",
          summary: "Open a case (data demand, correction, dispute, rectification …)",
          security: signedIn,
          body: openCaseBody,
          response: { 201: caseDetail },
        },
      },
      async (request, reply) => reply.code(201).send(await service.open(requireActor(request), request.body, noteOn(request))),
    );
    r.get(
      "/cases",
      {
        schema: {
          tags: ["cases"],
          operationId: "listCases",
          summary: "My cases, by role, with the next due date and days left",
          security: signedIn,
          querystring: listCasesQuery,
          response: { 200: caseList },
        },
      },
      async (request) => service.list(requireActor(request), request.query),
    );
    r.get(
      "/cases/dispute-routing",
      {
        schema: {
          tags: ["cases"],
          operationId: "getDisputeRouting",
          summary: "Which authority would coordinate a dispute between two organisations (004 §25)",
          security: signedIn,
          querystring: disputeRoutingQuery,
          response: { 200: disputeRouting },
        },
      },
      async (request) => {
        requireActor(request);
        return service.disputeRouting(request.query.organisations);
      },
    );
    r.get(
      "/cases/:id",
      {
        schema: {
          tags: ["cases"],
          operationId: "getCase",
          summary: "A case with its clocks, timeline and the caller's actions",
          security: signedIn,
          params: caseParams,
          response: { 200: caseDetail },
        },
      },
      async (request) => service.get(requireActor(request), request.params.id),
    );
    r.post(
      "/cases/:id/actions/:action",
      {
        config: { audit: { action: "case.act", subjectType: "case" } },
        schema: {
          tags: ["cases"],
          operationId: "actOnCase",
          summary: "Take an action on a case",
          security: signedIn,
          params: actionParams,
          body: actionBody,
          response: { 200: caseDetail },
        },
      },
      async (request) => service.act(requireActor(request), request.params.id, request.params.action, request.body, noteOn(request)),
    );
    r.post(
      "/cases/attachments",
      {
        config: { audit: { action: "case.attachment.upload", subjectType: "case_attachment" }, upload: "The attachment (PDF, image, office document …)" },
        schema: {
          tags: ["cases"],
          operationId: "uploadCaseAttachment",
          security: signedIn,
          response: { 201: attachmentUploaded },
          summary: "Upload a case attachment (multipart field `file`; PDF, OFD, JPEG, PNG, DOCX, XLSX, CSV, ZIP; 20 MB), to name in a transition's payload",
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const created = await receiveUpload(request, reply, attachments.maxBytes, async (receive) => attachments.upload(actor, await receive(), attachmentNoteOn(request)));
        return reply.code(201).send(created);
      },
    );
    r.get(
      "/cases/:id/attachments/:attachmentId",
      {
        // A HEAD would run this handler: open the object and record a download.
        exposeHeadRoute: false,
        config: { audit: { action: "case.attachment.download", subjectType: "case" } },
        schema: {
          tags: ["cases"],
          operationId: "downloadCaseAttachment",
          summary: "Download an attachment of a case (its parties and supervising authority)",
          security: signedIn,
          params: attachmentParams,
          response: { 200: fileResponse("application/octet-stream", "The file, with its sniffed media type") },
        },
      },
      async (request, reply) => {
        const file = await service.attachment(requireActor(request), request.params.id, request.params.attachmentId, attachmentNoteOn(request));
        return reply
          .type(file.mediaType)
          .header("content-length", file.size)
          .header("content-disposition", contentDisposition(file.name))
          .header("etag", `"${file.sha256}"`)
          .headers(DOWNLOAD_HEADERS)
          .send(file.stream);
      },
    );
    r.get(
      "/supervision/cases",
      {
        schema: {
          tags: ["cases"],
          operationId: "getSupervisionBoard",
          summary: "Supervision board (督办): due-soon and overdue cases in the authority's region",
          security: signedIn,
          querystring: boardQuery,
          response: { 200: supervisionBoard },
        },
      },
      async (request) => service.board(requireActor(request), request.query),
    );
    r.get(
      "/notifications",
      {
        schema: {
          tags: ["notifications"],
          operationId: "listNotifications",
          summary: "My notifications",
          security: signedIn,
          querystring: notificationsQuery,
          response: { 200: notificationList },
        },
      },
      async (request) => service.notifications(requireActor(request), request.query),
    );
    r.post(
      "/notifications/:id/read",
      {
        config: { audit: { action: "notification.read", subjectType: "notification" } },
        schema: {
          tags: ["notifications"],
          operationId: "markNotificationRead",
          summary: "Mark a notification read",
          security: signedIn,
          params: z.object({ id: uuid }),
          response: { 200: notificationRead },
        },
      },
      async (request) => service.markRead(requireActor(request), request.params.id),
    );
  };
}
