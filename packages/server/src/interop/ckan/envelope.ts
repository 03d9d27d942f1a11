// CKAN's response envelope (docs.ckan.org, API guide): `{help, success, result}`, and on failure
// `{help, success: false, error: {__type, message, <field>: [messages]}}` with CKAN's HTTP codes —
// 404 Not Found Error, 403 Authorization Error, 409 Validation Error, 400 for an unknown action.
// `message` is CKAN's English; our Chinese rides alongside in `message_zh`.
import type { FieldError as CoreFieldError } from "@shuyuan/core";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type Bilingual, type FieldError } from "../../http/errors";

export type CkanErrorType = "Not Found Error" | "Authorization Error" | "Validation Error" | "Bad Request" | "Internal Error";

export class CkanError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: CkanErrorType,
    readonly messages: Bilingual,
    /** Validation errors by parameter, as CKAN lists them. */
    readonly fields: Record<string, string[]> = {},
  ) {
    super(messages.en);
  }

  static invalid(errors: readonly (CoreFieldError | FieldError)[]) {
    const fields: Record<string, string[]> = {};
    for (const e of errors) {
      const en = typeof e.message === "string" ? (e as FieldError).messageEn : e.message.en;
      (fields[e.path] ??= []).push(en);
    }
    const zh = errors.map((e) => `${e.path}: ${typeof e.message === "string" ? e.message : e.message.zh}`).join("；");
    return new CkanError(409, "Validation Error", { zh: `参数有误：${zh}`, en: "Invalid parameters" }, fields);
  }
}

/** Where CKAN points for an action's documentation: our help_show. */
export const helpUrl = (base: string, action: string) => `${base}/api/3/action/help_show?name=${action}`;

export const baseUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** Our errors in CKAN's terms: the same refusal, CKAN's type and code for it. */
function fromError(error: unknown): CkanError | null {
  if (error instanceof CkanError) return error;
  if (error instanceof AppError) {
    if (error.statusCode === 404) return new CkanError(404, "Not Found Error", error.messages);
    if (error.statusCode === 401 || error.statusCode === 403) return new CkanError(403, "Authorization Error", error.messages);
    if (error.statusCode === 400 && error.extra.fields) return CkanError.invalid(error.extra.fields);
    if (error.statusCode < 500) return new CkanError(409, "Validation Error", error.messages);
    return new CkanError(error.statusCode, "Internal Error", error.messages);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new CkanError(409, "Validation Error", { zh: "参数有误", en: "Invalid parameters" });
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return new CkanError(400, "Bad Request", { zh: "请求格式有误", en: `Bad request: ${(error as Error).message}` });
  }
  return null;
}

export function ckanErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const known = fromError(error);
  if (!known) request.log.error(error);
  const e = known ?? new CkanError(500, "Internal Error", { zh: "服务器内部错误", en: "Internal server error" });
  const action = request.url.split("?")[0].split("/").at(-1) ?? "";
  return reply.code(e.statusCode).send({
    help: helpUrl(baseUrl(request), action),
    success: false,
    error: { __type: e.type, message: e.messages.en, message_zh: e.messages.zh, ...e.fields },
  });
}
