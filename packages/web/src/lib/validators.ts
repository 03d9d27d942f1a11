// Client-side form rules. They mirror the server's request schemas so people see mistakes
// before submitting; the server stays the authority and its field errors are shown as well.
// Identifier and password checks are core's own functions, not copies.
import type { FormRule } from "antd";
import type { TFunction } from "i18next";
import { parseCitizenId, parseCreditCode } from "@shuyuan/core/identifiers/index";
import { checkPassword } from "@shuyuan/core/identity/password-policy";

const LOGIN_PATTERN = /^[A-Za-z0-9_.@-]+$/;
// The server's phone rule: a mainland mobile number or a landline with area code.
const PHONE_PATTERN = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;

export function required(t: TFunction, field: string, select = false): FormRule {
  return {
    required: true,
    whitespace: !select,
    message: t(select ? "validation.requiredSelect" : "validation.required", { field }),
  };
}

export function length(t: TFunction, field: string, min: number, max: number): FormRule[] {
  return [
    { min, message: t("validation.minLength", { field, min }) },
    { max, message: t("validation.maxLength", { field, max }) },
  ];
}

export function loginRules(t: TFunction): FormRule[] {
  const field = t("auth.login");
  return [
    required(t, field),
    ...length(t, field, 3, 64),
    { pattern: LOGIN_PATTERN, message: t("validation.loginFormat") },
  ];
}

export function personNameRules(t: TFunction, field = t("auth.name")): FormRule[] {
  return [required(t, field), { max: 50, message: t("validation.maxLength", { field, max: 50 }) }];
}

export function citizenIdRules(t: TFunction): FormRule[] {
  return [
    required(t, t("auth.citizenId")),
    {
      validator: async (_rule, value: string | undefined) => {
        if (!value || !value.trim()) return;
        const r = parseCitizenId(value);
        if (r.ok) return;
        const key = {
          format: "validation.citizenIdFormat",
          region: "validation.citizenIdRegion",
          birth_date: "validation.citizenIdBirthDate",
          check_digit: "validation.citizenIdCheck",
        }[r.reason];
        throw new Error(t(key));
      },
    },
  ];
}

export function creditCodeRules(t: TFunction, isRequired = true): FormRule[] {
  return [
    ...(isRequired ? [required(t, t("auth.creditCode"))] : []),
    {
      validator: async (_rule, value: string | undefined) => {
        if (!value || !value.trim()) return;
        const r = parseCreditCode(value);
        if (r.ok) return;
        const key = {
          format: "validation.creditCodeFormat",
          charset: "validation.creditCodeCharset",
          check_digit: "validation.creditCodeCheck",
        }[r.reason];
        throw new Error(t(key));
      },
    },
  ];
}

export function phoneRules(t: TFunction): FormRule[] {
  return [{ pattern: PHONE_PATTERN, message: t("validation.phone") }];
}

export function emailRules(t: TFunction): FormRule[] {
  return [{ type: "email", message: t("validation.email") }, { max: 200, message: t("validation.email") }];
}

/**
 * The password policy (core's checkPassword, plus the profile's minimum length).
 * `loginName` reads the login field so a password containing it is refused as the server would.
 */
export function newPasswordRules(
  t: TFunction,
  language: string,
  opts: { field: string; minLength: number; loginName?: () => string | undefined },
): FormRule[] {
  return [
    required(t, opts.field),
    { min: opts.minLength, message: t("validation.minLength", { field: opts.field, min: opts.minLength }) },
    {
      validator: async (_rule, value: string | undefined) => {
        if (!value) return;
        // Length has its own rule above (the profile may ask for more than core's floor).
        const violations = checkPassword(value, { loginName: opts.loginName?.() }).filter((v) => v.code !== "too_short");
        if (violations.length === 0) return;
        const text = violations.map((v) => (language === "en" ? v.message.en : v.message.zh));
        throw new Error(language === "en" ? `Password: ${text.join("; ")}` : text.join("；"));
      },
    },
  ];
}

/** "Confirm password": must equal the field named `other`. */
export function confirmRules(t: TFunction, field: string, other: string): FormRule[] {
  return [
    required(t, field),
    ({ getFieldValue }) => ({
      validator: async (_rule, value: string | undefined) => {
        if (!value || getFieldValue(other) === value) return;
        throw new Error(t("validation.passwordMismatch"));
      },
    }),
  ];
}

/** Empty optional strings are left out of the request body rather than sent as "". */
export function optional(value: string | undefined | null): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}
