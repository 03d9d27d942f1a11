import { ORGANISATION_KINDS, parseCitizenId, parseCreditCode, ROLES } from "@shuyuan/core";
import { z } from "zod";
import { timestamp, pageOf } from "../http/openapi";
import { check } from "../http/validation";
import { regions } from "../regions/regions";

export const login = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .superRefine(
    check((v: string) =>
      /^[A-Za-z0-9_.@-]+$/.test(v) ? null : { zh: "登录名只能包含字母、数字和 _ . @ -", en: "Login may contain letters, digits and _ . @ - only" },
    ),
  );

export const personName = z.string().trim().min(1).max(50);
export const password = z.string().min(1).max(128);

/** 身份证号 (GB 11643): check digit and birth date verified; normalised to upper-case X. */
export const citizenId = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const r = parseCitizenId(v);
    if (r.ok) return r.value;
    ctx.addIssue({
      code: "custom",
      message: "Invalid citizen ID number (GB 11643)",
      params: { zh: "身份证号码无效（校验位或出生日期不符合 GB 11643）", en: "Invalid citizen ID number: check digit or birth date fails GB 11643" },
    });
    return z.NEVER;
  });

/** 统一社会信用代码 (GB 32100). */
export const creditCode = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const r = parseCreditCode(v);
    if (r.ok) return r.value;
    ctx.addIssue({
      code: "custom",
      message: "Invalid unified social credit code (GB 32100)",
      params: { zh: "统一社会信用代码无效（不符合 GB 32100 校验规则）", en: "Invalid unified social credit code: fails the GB 32100 check character" },
    });
    return z.NEVER;
  });

export const regionCode = z
  .string()
  .regex(/^\d{6}$/)
  .superRefine(check((v: string) => (regions().get(v) ? null : { zh: "行政区划代码不存在（GB/T 2260）", en: "Unknown administrative division code (GB/T 2260)" })));

const phone = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, "phone").max(20);
const email = z.email().max(200);
const role = z.enum(ROLES);

const person = {
  login,
  name: personName,
  citizenId,
  phone: phone.nullish(),
  email: email.nullish(),
};

export const loginBody = z.strictObject({ login: z.string().min(1).max(64), password });

export const registerBody = z.discriminatedUnion("accountKind", [
  z.strictObject({ accountKind: z.literal("natural"), ...person, password }),
  z.strictObject({
    accountKind: z.literal("legal"),
    ...person,
    password,
    organisation: z.strictObject({ name: z.string().trim().min(2).max(200), creditCode, regionCode }),
  }),
]);

export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword: password });

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(366).optional(),
});

export const createMemberBody = z.strictObject({ ...person, roles: z.array(role).min(1).max(5), initialPassword: password });
export const updateMemberBody = z.strictObject({ roles: z.array(role).min(1).max(5).optional(), disabled: z.boolean().optional() });

export const uuid = z.uuid();
export const page = z.coerce.number().int().min(1).max(100_000).default(1);
export const pageSize = z.coerce.number().int().min(1).max(100).default(20);

// Responses: a user leaves the server only as presentUser shapes it (no hashes, no clear ID numbers).

export const membership = z.object({
  organisationId: uuid,
  organisationName: z.string(),
  organisationKind: z.enum(ORGANISATION_KINDS),
  regionCode: z.string(),
  roles: z.array(role),
});

export const user = z
  .object({
    id: uuid,
    login: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    citizenIdMasked: z.string(),
    platformAdmin: z.boolean(),
    /** The password expired or is an initial one (004 §38): only the password change is open. */
    mustChangePassword: z.boolean(),
    passwordChangedAt: timestamp,
    disabled: z.boolean(),
    createdAt: timestamp,
    memberships: z.array(membership),
  })
  .meta({ id: "User" });

export const session = z.object({ user: user.nullable(), csrfToken: z.string().nullable() }).meta({ id: "Session" });
export const signedInUser = z.object({ user, csrfToken: z.string() }).meta({ id: "SignedIn" });
export const userPage = pageOf(user);

const tokenFields = { id: uuid, name: z.string(), prefix: z.string(), createdAt: timestamp, expiresAt: timestamp.nullable() };
export const apiTokens = z.object({ items: z.array(z.object({ ...tokenFields, lastUsedAt: timestamp.nullable() }).meta({ id: "ApiToken" })) });
/** The token itself is shown once, in this answer only. */
export const createdApiToken = z.object({ ...tokenFields, token: z.string() }).meta({ id: "CreatedApiToken" });
