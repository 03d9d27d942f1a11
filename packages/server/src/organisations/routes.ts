import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ORGANISATION_KINDS } from "@shuyuan/core";
import { z } from "zod";
import { requireActor } from "../http/auth";
import { creditCode, page, pageSize, regionCode, uuid } from "../identity/schemas";
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
          summary: "Organisations the caller may see",
          querystring: z.object({ q: z.string().trim().max(100).optional(), kind: kind.optional(), page, pageSize }),
        },
      },
      async (request) => service.list(requireActor(request), request.query),
    );
    r.get(
      "/directory/organisations",
      {
        schema: {
          tags: ["organisations"],
          summary: "Public directory of authorities and departments (whom a demand or objection may be addressed to)",
          querystring: z.object({ q: z.string().trim().max(100).optional(), kind: z.enum(["authority", "department"]).optional(), page, pageSize }),
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
          summary: "Create an organisation (authority administrators)",
          body: z.strictObject({ name: z.string().trim().min(2).max(200), kind, regionCode, creditCode: creditCode.nullish() }),
        },
      },
      async (request, reply) => reply.code(201).send(await service.create(requireActor(request), request.body)),
    );
    r.get(
      "/organisations/:id",
      { schema: { tags: ["organisations"], summary: "One organisation", params: z.object({ id: uuid }) } },
      async (request) => service.get(requireActor(request), request.params.id),
    );
    r.patch(
      "/organisations/:id",
      {
        config: { audit: { action: "organisation.rename", subjectType: "organisation" } },
        schema: {
          tags: ["organisations"],
          summary: "Rename an organisation",
          params: z.object({ id: uuid }),
          body: z.strictObject({ name: z.string().trim().min(2).max(200) }),
        },
      },
      async (request) => service.rename(requireActor(request), request.params.id, request.body.name),
    );
  };
}
