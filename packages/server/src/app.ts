import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { Profile } from "@shuyuan/core";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import { HASH_ALGORITHMS, type HashAlgorithm } from "@shuyuan/core";
import { auditRepository } from "./audit/repository";
import { auditRoutes } from "./audit/routes";
import { auditService, type AuditService } from "./audit/service";
import { loadSigningKey } from "./audit/signing-key";
import { walkOnThread } from "./audit/verify-thread";
import { AuditWriter } from "./audit/writer";
import { calendarRoutes } from "./calendar/routes";
import { casesModule, type CasesModule } from "./cases";
import { catalogModule, type CatalogModule } from "./catalog";
import { catalogRepository } from "./catalog/repository";
import { datastoreModule, type DatastoreModule } from "./datastore";
import { apiDistributionsModule } from "./datastore/api-routes";
import { filesModule } from "./datastore/files-routes";
import multipart from "@fastify/multipart";
import { calendarService } from "./calendar/service";
import type { ServerConfig } from "./config";
import type { Database } from "./db/database";
import { registerAuditHook } from "./http/audit-hook";
import { registerAuthentication } from "./http/auth";
import { AppError } from "./http/errors";
import { registerOpenApiConventions, responseSerializer, securitySchemes, transform, transformObject } from "./http/openapi";
import { health, publicProfile } from "./http/platform-schemas";
import { issuesToFields } from "./http/validation";
import { identityRepository } from "./identity/repository";
import { identityRoutes } from "./identity/routes";
import { identityService } from "./identity/service";
import { interopModule } from "./interop";
import { registerMailOutbox } from "./mail";
import { organisationRepository } from "./organisations/repository";
import { organisationRoutes } from "./organisations/routes";
import { organisationService } from "./organisations/service";
import { regionRoutes } from "./regions/routes";
import { VERSION } from "./version";

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

export interface AppDeps {
  config: ServerConfig;
  database: Database;
  profile: Profile;
  logger?: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    audit: AuditService;
    cases: CasesModule;
    catalog: CatalogModule;
    datastore: DatastoreModule;
  }
}

/** The audit record's writer and service; the hash algorithm is fixed by the first start. */
export async function openAudit(config: ServerConfig, database: Database, platform: string) {
  const repo = auditRepository(database);
  const algorithm = (await repo.algorithm(config.auditHash)) as HashAlgorithm;
  if (!HASH_ALGORITHMS.includes(algorithm)) throw new Error(`unknown audit hash algorithm in the database: ${algorithm}`);
  const writer = new AuditWriter(repo, algorithm);
  const catalog = catalogRepository(database.db);
  const providerOf = async (datasetId: string) => (await catalog.findById(datasetId))?.provider_organisation_id ?? null;
  // On a PostgreSQL server a long verification walks its ranges on threads of their own.
  const databaseUrl = database.kind === "postgres" ? config.databaseUrl : undefined;
  const walkRange = databaseUrl
    ? (after: number, to: number | undefined, onProgress?: (checked: number) => void) => walkOnThread({ databaseUrl, algorithm, after, to }, onProgress)
    : undefined;
  return { writer, service: auditService({ repo, writer, signingKey: loadSigningKey(config.dataDir), platform, providerOf, walkRange }) };
}

/** Wires modules together: repositories → services → routes. No module reaches into another's SQL. */
export async function buildApp({ config, database, profile, logger = false }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: "info" } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.SHUYUAN_TRUST_PROXY === "true",
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith("/api/") || request.method !== "GET" || !fs.existsSync(WEB_DIST)) {
      return reply.code(404).send(new AppError(404, "route_not_found", { zh: "接口不存在", en: "No such route" }).toBody());
    }
    // Single-page app: every other GET renders the web app, which routes on the client.
    return reply.type("text/html").sendFile("index.html");
  });

  await app.register(cookie);
  // Uploads (catalog Excel imports): one file per request; each route sets its own size limit.
  await app.register(multipart, { limits: { files: 1, fields: 10 } });
  registerOpenApiConventions(app);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Shuyuan 数源 API", version: VERSION, description: "Government data platform API" },
      components: { securitySchemes },
    },
    transform,
    // Schemas with an id (`.meta({ id })`) become named components, so generated clients name their types.
    transformObject,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  if (fs.existsSync(WEB_DIST)) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });

  const users = identityRepository(database.db);
  const organisations = organisationRepository(database.db);
  const identity = identityService({ users, organisations, profile, secret: config.secret });
  const calendar = await calendarService(database.db);
  const audit = await openAudit(config, database, profile.id);
  app.decorate("audit", audit.service);
  // Entries still queued are written before the database closes.
  app.addHook("onClose", () => audit.writer.close());
  registerAuditHook(app, audit.service, config.auditEnabled);
  registerAuthentication(app, identity);
  const cases = casesModule({ db: database.db, calendar, profile, audit: audit.service, storage: config.storage });
  app.decorate("cases", cases);
  // E-mail copies of the cases' notices when SMTP is configured: sent by a loop, never inside a request.
  if (config.mail) registerMailOutbox(app, { db: database.db, config: config.mail, log: app.log });
  const catalog = catalogModule({ db: database.db, cases, profile });
  app.decorate("catalog", catalog);
  const datastore = datastoreModule({ database, catalog: catalog.repo, profile, dataDir: config.dataDir, pageCacheBytes: config.pageCacheBytes });
  app.decorate("datastore", datastore);
  app.addHook("onClose", () => datastore.usage.close());
  // File distributions: documents and archives in object storage, behind the same decision.
  const files = filesModule({ database, catalog: catalog.repo, storage: config.storage, authorise: datastore.service.decide, maxBytes: config.fileMaxBytes, usage: datastore.usage });
  // API distributions (004 §18): upstream services proxied behind the same access decision.
  const apis = apiDistributionsModule({ db: database.db, catalog: catalog.repo, secret: config.secret, usage: datastore.usage, authorise: datastore.service.decide });
  // CKAN Action API, DCAT-AP and Frictionless over the catalog and the datastore's access decision.
  const interop = interopModule({ db: database.db, catalog, datastore, organisations, profile, authorityFor: cases.service.authorityFor });

  await app.register(
    async (api) => {
      api.get("/health", { schema: { tags: ["platform"], operationId: "getHealth", summary: "Readiness", response: { 200: health } } }, async () => ({
        status: "ok",
        profile: profile.id,
        database: database.kind,
        version: VERSION,
      }));
      api.get("/profile", { schema: { tags: ["platform"], operationId: "getProfile", summary: "The jurisdiction profile in force", response: { 200: publicProfile } } }, async () => ({
        id: profile.id,
        name: profile.name,
        regionCode: profile.regionCode,
        naturalPersonsMayRegister: profile.naturalPersonsMayRegister,
        passwordPolicy: { minLength: 10, maxAgeDays: profile.passwordMaxAgeDays },
      }));
      await api.register(identityRoutes(identity, { secureCookies: config.secureCookies }));
      await api.register(organisationRoutes(organisationService({ organisations })));
      await api.register(regionRoutes);
      await api.register(calendarRoutes(calendar));
      await api.register(auditRoutes(audit.service));
      await api.register(cases.routes);
      await api.register(catalog.routes);
      await api.register(datastore.routes);
      await api.register(apis.routes);
      await api.register(files.routes);
    },
    { prefix: "/api/v1" },
  );
  await app.register(interop.routes);
  return app;
}

function errorHandler(this: FastifyInstance, error: FastifyError, request: { log: FastifyInstance["log"] }, reply: any) {
  if (error instanceof AppError) return reply.code(error.statusCode).send(error.toBody());
  if (hasZodFastifySchemaValidationErrors(error)) {
    // The provider flattens each zod issue into (keyword, instancePath, message, params): rebuild it.
    const issues = error.validation.map((v) => ({
      ...(v.params as object),
      code: v.keyword,
      message: v.message,
      path: v.instancePath.split("/").filter(Boolean),
    }));
    const fields = issuesToFields(issues as unknown as z.core.$ZodIssue[]);
    return reply.code(400).send(new AppError(400, "invalid_input", { zh: "输入有误，请检查标出的字段", en: "Invalid input: see the marked fields" }, { fields }).toBody());
  }
  // Fastify's own 4xx (malformed JSON, body too large, unsupported media type): say so without internals.
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send(
      new AppError(error.statusCode, "bad_request", { zh: "请求格式有误", en: `Bad request: ${error.message}` }).toBody(),
    );
  }
  request.log.error(error);
  return reply.code(500).send(new AppError(500, "internal_error", { zh: "服务器内部错误", en: "Internal server error" }).toBody());
}
