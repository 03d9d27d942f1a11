import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireActor } from "../http/auth";
import { uuid } from "../identity/schemas";
import { contentDisposition, DOWNLOAD_HEADERS } from "../storage/file-name";
import { receiveUpload } from "../storage/upload";
import type { AttachmentNote, CaseAttachments } from "./attachments";
import { actionBody, actionParams, attachmentParams, boardQuery, caseParams, disputeRoutingQuery, listCasesQuery, notificationsQuery, openCaseBody } from "./schemas";
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
        schema: { tags: ["cases"], summary: "Open a case (data demand, correction, dispute, rectification …)", body: openCaseBody },
      },
      async (request, reply) => reply.code(201).send(await service.open(requireActor(request), request.body, noteOn(request))),
    );
    r.get(
      "/cases",
      { schema: { tags: ["cases"], summary: "My cases, by role, with the next due date and days left", querystring: listCasesQuery } },
      async (request) => service.list(requireActor(request), request.query),
    );
    r.get(
      "/cases/dispute-routing",
      {
        schema: {
          tags: ["cases"],
          summary: "Which authority would coordinate a dispute between two organisations (004 §25)",
          querystring: disputeRoutingQuery,
        },
      },
      async (request) => {
        requireActor(request);
        return service.disputeRouting(request.query.organisations);
      },
    );
    r.get(
      "/cases/:id",
      { schema: { tags: ["cases"], summary: "A case with its clocks, timeline and the caller's actions", params: caseParams } },
      async (request) => service.get(requireActor(request), request.params.id),
    );
    r.post(
      "/cases/:id/actions/:action",
      {
        config: { audit: { action: "case.act", subjectType: "case" } },
        schema: { tags: ["cases"], summary: "Take an action on a case", params: actionParams, body: actionBody },
      },
      async (request) => service.act(requireActor(request), request.params.id, request.params.action, request.body, noteOn(request)),
    );
    r.post(
      "/cases/attachments",
      {
        config: { audit: { action: "case.attachment.upload", subjectType: "case_attachment" } },
        schema: {
          tags: ["cases"],
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
        schema: { tags: ["cases"], summary: "Download an attachment of a case (its parties and supervising authority)", params: attachmentParams },
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
      { schema: { tags: ["cases"], summary: "Supervision board (督办): due-soon and overdue cases in the authority's region", querystring: boardQuery } },
      async (request) => service.board(requireActor(request), request.query),
    );
    r.get(
      "/notifications",
      { schema: { tags: ["notifications"], summary: "My notifications", querystring: notificationsQuery } },
      async (request) => service.notifications(requireActor(request), request.query),
    );
    r.post(
      "/notifications/:id/read",
      {
        config: { audit: { action: "notification.read", subjectType: "notification" } },
        schema: { tags: ["notifications"], summary: "Mark a notification read", params: z.object({ id: uuid }) },
      },
      async (request) => service.markRead(requireActor(request), request.params.id),
    );
  };
}
