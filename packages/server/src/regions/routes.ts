import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errors } from "../http/errors";
import { regions, type Region } from "./regions";

const code = z.string().regex(/^\d{6}$/, "6-digit GB/T 2260 code");
const region = z
  .object({ code: z.string(), name: z.string(), level: z.enum(["province", "city", "county"]), parentCode: z.string().nullable() })
  .meta({ id: "Region" }) satisfies z.ZodType<Region>;

export async function regionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/regions",
    { schema: { tags: ["regions"], operationId: "listRegions", summary: "Child divisions of a region (provinces when no parent)", querystring: z.object({ parent: code.optional() }), response: { 200: z.object({ items: z.array(region) }) } } },
    async (request) => {
      const parent = request.query.parent ?? null;
      if (parent && !regions().get(parent)) throw errors.notFound({ zh: "行政区划", en: "Region" });
      return { items: regions().childrenOf(parent) };
    },
  );
  r.get(
    "/regions/:code",
    { schema: { tags: ["regions"], operationId: "getRegion", summary: "One region with its path", params: z.object({ code }), response: { 200: region.extend({ path: z.array(region) }) } } },
    async (request) => {
      const region = regions().get(request.params.code);
      if (!region) throw errors.notFound({ zh: "行政区划", en: "Region" });
      return { ...region, path: regions().path(region.code) };
    },
  );
}
