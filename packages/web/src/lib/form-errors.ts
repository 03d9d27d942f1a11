import type { FormInstance } from "antd";
import { isApiError } from "../api/client";

type NamePath = (string | number)[];

/** Error codes that belong to one field although the server sends them without `fields`. */
const CODE_FIELDS: Record<string, string> = {
  login_taken: "login",
  credit_code_taken: "organisation.creditCode",
};

function toNamePath(path: string): NamePath {
  return path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts the server's field errors on the form's fields. Returns true when every error
 * found a field (so no general alert is needed). `fieldMap` renames server paths to the
 * form's own where they differ; `known` lists the paths the form has.
 */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  language: string,
  known: string[],
  fieldMap: Record<string, string> = {},
): boolean {
  if (!isApiError(error)) return false;
  const entries = error.fields.length
    ? error.fields.map((f) => ({ path: f.path, text: language === "en" ? f.messageEn : f.message }))
    : CODE_FIELDS[error.code]
      ? [{ path: CODE_FIELDS[error.code], text: error.text(language) }]
      : [];
  if (entries.length === 0) return false;

  const byPath = new Map<string, string[]>();
  let allPlaced = true;
  for (const e of entries) {
    const path = fieldMap[e.path] ?? e.path;
    if (!known.includes(path)) {
      allPlaced = false;
      continue;
    }
    byPath.set(path, [...(byPath.get(path) ?? []), e.text]);
  }
  form.setFields([...byPath].map(([path, errors]) => ({ name: toNamePath(path), errors })));
  const first = [...byPath.keys()][0];
  if (first) form.scrollToField(toNamePath(first), { focus: true, block: "center" });
  return allPlaced;
}
