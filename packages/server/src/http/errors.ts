import { z } from "zod";

/** A message in both languages the platform speaks. */
export interface Bilingual {
  zh: string;
  en: string;
}

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string(), messageEn: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** What every failure answers (the OpenAPI document's `Error`); extras such as `lockedUntil` pass through. */
export const errorBodySchema = z
  .object({
    error: z.looseObject({
      code: z.string(),
      message: z.string(),
      messageEn: z.string(),
      /** The marked fields; a table upload whose header matches none lists the entry's field names instead. */
      fields: z.array(z.union([fieldErrorSchema, z.string()])).optional(),
    }),
  })
  .meta({ id: "Error" });

/**
 * An expected failure with a stable code and a bilingual message. Anything thrown
 * that is not an AppError is a bug: it is logged and answered as a plain 500.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly messages: Bilingual,
    readonly extra: { fields?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(messages.en);
  }

  toBody(): z.infer<typeof errorBodySchema> {
    return { error: { code: this.code, message: this.messages.zh, messageEn: this.messages.en, ...this.extra } };
  }
}

export const errors = {
  unauthenticated: () => new AppError(401, "unauthenticated", { zh: "请先登录", en: "Please log in first" }),
  forbidden: (m: Bilingual = { zh: "无权执行此操作", en: "You are not allowed to do this" }) =>
    new AppError(403, "forbidden", m),
  notFound: (what: Bilingual = { zh: "资源", en: "Resource" }) =>
    new AppError(404, "not_found", { zh: `${what.zh}不存在`, en: `${what.en} not found` }),
  invalid: (fields: FieldError[]) =>
    new AppError(400, "invalid_input", { zh: "输入有误，请检查标出的字段", en: "Invalid input: see the marked fields" }, { fields }),
  field: (path: string, m: Bilingual) => errors.invalid([{ path, message: m.zh, messageEn: m.en }]),
  conflict: (code: string, m: Bilingual) => new AppError(409, code, m),
};
