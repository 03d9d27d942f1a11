// GET /api/v1/datasets/{id}/datapackage.json: the entry as a Frictionless Data Package. Its Table Schema
// lists the columns the caller's download would hold, as the access decision gives them (level-4 fields
// withheld); a caller the decision refuses still sees the entry's fields, as the catalog shows them.
import { dataPackage } from "@shuyuan/core";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { DatastoreService } from "../datastore/service";
import { AppError, errors } from "../http/errors";
import { anyone } from "../http/openapi";
import type { Actor } from "../identity/actor";
import { baseUrl } from "./ckan/envelope";
import { dataPackageDescriptor, idParams } from "./schemas";
import type { InteropService } from "./service";

export function dataPackageRoutes(deps: { interop: InteropService; authorise: DatastoreService["decide"] }) {
  /** Names of the fields `actor` reads, or null when the decision refuses them the data. */
  async function readableNames(actor: Actor | null, id: string) {
    try {
      return new Set((await deps.authorise(actor, id, "query")).decision.fields.map((f) => f.name));
    } catch (err) {
      if (err instanceof AppError && (err.statusCode === 401 || err.statusCode === 403)) return null;
      throw err;
    }
  }

  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      "/api/v1/datasets/:id/datapackage.json",
      {
        schema: {
          tags: ["data"],
          operationId: "getDataPackage",
          summary: "The entry as a Frictionless Data Package (Table Schema from its fields)",
          security: anyone,
          params: idParams,
          response: { 200: dataPackageDescriptor },
        },
      },
      async (request) => {
        const urls = { base: baseUrl(request) };
        const dataset = await deps.interop.dataset(request.actor, request.params.id, urls);
        if (!dataset.content) throw errors.conflict("not_published", { zh: "条目尚未发布，没有可描述的数据包", en: "The entry is not published yet: there is no data package to describe" });
        const names = await readableNames(request.actor, dataset.id);
        const fields = names ? dataset.content.fields.filter((f) => names.has(f.name)) : dataset.content.fields;
        return dataPackage(dataset, fields, urls);
      },
    );
  };
}
