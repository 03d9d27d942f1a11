import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ORGANISATION_KINDS } from "@shuyuan/core";
import { z } from "zod";
import { requireActor } from "../http/auth";
import { pageOf, signedIn } from "../http/openapi";
import { creditCode, page, pageSize, regionCode, uuid } from "../identity/schemas";
import { directoryKind, directoryOrganisation, organisation } from "./schemas";
import type { OrganisationService } from "./service";

const kind = z.enum(ORGANISATION_KINDS);

export function organisationRoutes(service: OrganisationService) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/organisations",
      {
        schema: {
          tags: ["organisations"],
          operationId: "listOrganisations",
          summary: "Organisations the caller may see",
          security: signedIn,
          querystring: z.object({ q: z.string().trim().max(100).optional(), kind: kind.optional(), page, pageSize }),
          response: { 200: pageOf(organisation) },
        },
      },
      async (request) => service.list(requireActor(request), request.query),
    );
    r.get(
      "/directory/organisations",
      {
        schema: {
          tags: ["organisations"],
          operationId: "listDirectoryOrganisations",
          summary: "Public directory of authorities and departments (whom a demand or objection may be addressed to)",
          querystring: z.object({ q: z.string().trim().max(100).optional(), kind: directoryKind.optional(), page, pageSize }),
          response: { 200: pageOf(directoryOrganisation) },
        },
      },
      async (request) => service.directory(request.query),
    );
    r.post(
      "/organisations",
      {
        config: { audit: { action: "organisation.create", subjectType: "organisation" } },
        schema: {
          tags: ["organisations"],
          operationId: "createOrganisation",
          summary: "Create an organisation (authority administrators)",
          security: signedIn,
          body: z.strictObject({ name: z.string().trim().min(2).max(200), kind, regionCode, creditCode: creditCode.nullish() }),
          response: { 201: organisation },
        },
      },
      async (request, reply) => reply.code(201).send(await service.create(requireActor(request), request.body)),
    );
    r.get(
      "/organisations/:id",
      { schema: { tags: ["organisations"], operationId: "getOrganisation", summary: "One organisation", security: signedIn, params: z.object({ id: uuid }), response: { 200: organisation } } },
      async (request) => service.get(requireActor(request), request.params.id),
    );
    r.patch(
      "/organisations/:id",
      {
        config: { audit: { action: "organisation.rename", subjectType: "organisation" } },
        schema: {
          tags: ["organisations"],
          operationId: "renameOrganisation",
          summary: "Rename an organisation",
          security: signedIn,
          params: z.object({ id: uuid }),
          body: z.strictObject({ name: z.string().trim().min(2).max(200) }),
          response: { 200: organisation },
        },
      },
      async (request) => service.rename(requireActor(request), request.params.id, request.body.name),
    );
  };
}
