import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireActor } from "../http/auth";
import { uuid } from "../identity/schemas";
import { actionBody, actionParams, boardQuery, caseParams, listCasesQuery, notificationsQuery, openCaseBody } from "./schemas";
import type { AuditNote, CaseService } from "./service";

/** What the service adds to the request's audit entry: `case.<kind>.<action>` and the case id. */
const noteOn =
  (request: FastifyRequest): AuditNote =>
  (extra) => {
    request.auditExtra = { ...request.auditExtra, ...extra, detail: { ...request.auditExtra?.detail, ...extra.detail } };
  };

export function caseRoutes(service: CaseService) {
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
