// /api/3/action/<name>: every action by GET (query string) and POST (JSON or form body), in CKAN's
// envelope. Data reads declare their audit action; the rest read the catalog, as GET /api/v1/datasets does.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AuditNote } from "../../datastore/service";
import { ckanActions, RawResult, type ActionDeps } from "./actions";
import { baseUrl, CkanError, ckanErrorHandler, helpUrl } from "./envelope";

const noteOn =
  (request: FastifyRequest): AuditNote =>
  (extra) => {
    request.auditExtra = { ...request.auditExtra, ...extra };
  };

export function ckanRoutes(deps: ActionDeps) {
  const actions = ckanActions(deps);
  return async (app: FastifyInstance) => {
    app.setErrorHandler(ckanErrorHandler);
    app.setNotFoundHandler((request) => {
      const name = request.url.split("?")[0].split("/").at(-1);
      throw new CkanError(400, "Bad Request", { zh: `没有操作"${name}"`, en: `Bad request - Action name not known: ${name}` });
    });
    // CKAN clients POST forms as well as JSON.
    app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    for (const [name, a] of Object.entries(actions)) {
      app.route({
        method: ["GET", "POST"],
        url: `/${name}`,
        config: a.audit ? { audit: a.audit } : {},
        schema: { tags: ["ckan"], summary: `CKAN ${name}: ${a.summary}` },
        handler: async (request, reply) => {
          const parsed = a.params.safeParse((request.method === "GET" ? request.query : request.body) ?? {});
          if (!parsed.success) {
            throw CkanError.invalid(parsed.error.issues.map((i) => {
              const path = i.path.join(".") || "params";
              return { path, message: { zh: `参数"${path}"有误：${i.message}`, en: i.message } };
            }));
          }
          const result = await a.run(parsed.data, { actor: request.actor, urls: { base: baseUrl(request) }, note: noteOn(request) });
          const head = `{"help":${JSON.stringify(helpUrl(baseUrl(request), name))},"success":true,"result":`;
          return reply.type("application/json; charset=utf-8").send(`${head}${result instanceof RawResult ? result.json : JSON.stringify(result)}}`);
        },
      });
    }
  };
}
