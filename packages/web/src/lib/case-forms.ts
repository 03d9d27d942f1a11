// The forms of case actions, one declaration per (kind, action), mirroring the payload schemas of the
// case kinds in @shuyuan/core/cases. The server validates; these fields only collect what it asks for.
import type { FormInstance } from "antd";
import type { Dayjs } from "dayjs";
import { caseKind } from "@shuyuan/core/cases/registry";
import { SANCTION_MEASURES } from "@shuyuan/core/cases/rectification";
import { isApiError } from "../api/client";
import type { Bilingual, CaseAttachment, Membership, User } from "../api/types";

export type CaseFieldSpec =
  | { name: string; type: "text" | "textarea"; required?: boolean; max?: number }
  /** One entry per line, sent as an array of strings. */
  | { name: string; type: "lines"; required?: boolean; max?: number; requiredUnless?: { field: string; value: string } }
  /** One of a few values (radio buttons); labels under cases.options.<optionsKey>. */
  | { name: string; type: "choice"; options: readonly string[]; optionsKey: string; required?: boolean }
  /** Several of a few values (checkboxes). */
  | { name: string; type: "multi"; options: readonly string[]; optionsKey: string; required?: boolean }
  /** A number of working days (an extension). */
  | { name: string; type: "workdays"; min: number; max: number; required?: boolean }
  /** A calendar date, sent as 'YYYY-MM-DD'. */
  | { name: string; type: "date"; required?: boolean }
  /** An authority or department from the public directory. */
  | { name: string; type: "organisation"; required?: boolean }
  | { name: string; type: "boolean" }
  /** Files uploaded as they are chosen, sent as the uploaded attachments ({id, name, mediaType, size}). */
  | { name: "attachments"; type: "attachments" };

export const CORRECTION_OUTCOMES = ["corrected", "partly_corrected", "no_error"] as const;
export const CORRECTION_PROBLEMS = ["inaccurate", "incomplete", "other"] as const;
export const DEMAND_PURPOSES = ["sharing", "opening"] as const;
export const THIRD_PARTY_POSITIONS = ["consent", "object"] as const;

const reasons: CaseFieldSpec = { name: "reasons", type: "lines", required: true, max: 2000 };
const withdrawReason: CaseFieldSpec = { name: "reason", type: "textarea" };
const note: CaseFieldSpec = { name: "note", type: "textarea" };
export const attachments: CaseFieldSpec = { name: "attachments", type: "attachments" };

/** 000 §19: the handler names one third party (an organisation, or a user by login); it answers. */
const consultation: Record<string, CaseFieldSpec[]> = {
  consult_third_party: [
    { name: "thirdPartyOrganisationId", type: "organisation" },
    { name: "thirdPartyLogin", type: "text", max: 100 },
    { name: "rightsAffected", type: "textarea", required: true, max: 4000 },
    { name: "question", type: "textarea", max: 4000 },
  ],
  third_party_answer: [
    { name: "position", type: "choice", options: THIRD_PARTY_POSITIONS, optionsKey: "position", required: true },
    { name: "opinion", type: "textarea", required: true, max: 4000 },
    { name: "reasons", type: "lines", max: 2000, requiredUnless: { field: "position", value: "consent" } },
  ],
};

/** The fields of each action, by kind; actions not listed here take no data. */
const ACTION_FIELDS: Record<string, Record<string, CaseFieldSpec[]>> = {
  data_demand: {
    forward: [{ name: "providerOrganisationId", type: "organisation", required: true }, note],
    dismiss: [reasons],
    accept: [{ name: "plan", type: "textarea" }, note],
    fulfil: [{ name: "datasetIds", type: "lines", required: true, max: 100 }, note],
    refuse: [reasons],
    withdraw: [withdrawReason],
    ...consultation,
  },
  correction: {
    answer: [
      { name: "outcome", type: "choice", options: CORRECTION_OUTCOMES, optionsKey: "outcome", required: true },
      { name: "explanation", type: "textarea", required: true, max: 4000 },
      { name: "correctedFields", type: "lines", max: 200 },
      { name: "reasons", type: "lines", max: 2000, requiredUnless: { field: "outcome", value: "corrected" } },
      attachments,
    ],
    withdraw: [withdrawReason],
    ...consultation,
  },
  dispute: {
    respond: [{ name: "statement", type: "textarea", required: true }, attachments],
    resolve: [{ name: "decision", type: "textarea", required: true }, { name: "terms", type: "textarea" }, attachments],
    refer_to_mechanism: [reasons, { name: "mechanism", type: "text", max: 200 }],
    record_mechanism_decision: [{ name: "decision", type: "textarea", required: true }, attachments],
    withdraw: [withdrawReason],
  },
  rectification: {
    report: [
      { name: "summary", type: "textarea", required: true },
      { name: "measures", type: "lines", required: true, max: 1000 },
      attachments,
    ],
    accept_report: [note],
    reject_report: [reasons, { name: "extraWd", type: "workdays", min: 0, max: 250 }],
    sanction: [reasons, { name: "measures", type: "multi", options: SANCTION_MEASURES, optionsKey: "sanction", required: true }],
    revoke: [reasons],
  },
  // The catalog's cases are worked from the catalog pages; these forms serve the same actions on the case page.
  catalog_review: {
    request_revision: [{ name: "comments", type: "lines", required: true, max: 2000 }],
    approve: [note],
    withdraw: [withdrawReason],
  },
  catalog_update: {
    request_extension: [
      { name: "workdays", type: "workdays", min: 1, max: 250, required: true },
      { name: "basis", type: "textarea", required: true, max: 2000 },
    ],
    grant_extension: [
      { name: "workdays", type: "workdays", min: 1, max: 250, required: true },
      { name: "reason", type: "textarea", required: true, max: 2000 },
    ],
    deny_extension: [reasons],
    submit_update: [{ name: "reviewCaseId", type: "text", required: true, max: 100 }, note],
    cancel: [{ name: "reason", type: "textarea", required: true, max: 2000 }],
  },
  catalog_revocation: {
    approve: [note],
    approve_with_grace: [note],
    refuse: [reasons],
    withdraw: [withdrawReason],
  },
};

export function actionFields(kind: string, action: string): CaseFieldSpec[] {
  return ACTION_FIELDS[kind]?.[action] ?? [];
}

/**
 * The memberships a user may open a case of `kind` for: organisations of a kind the opening transition
 * admits (core's `openers`), where the user holds a role its `by` rule asks for (any role when it names none).
 * The server decides; this keeps entry points and "acting as" choices to what it would accept.
 */
export function openingMemberships(user: User | null | undefined, kind: string): Membership[] {
  const opening = caseKind(kind)?.transitions.find((t) => t.from === "create");
  if (!user || !opening) return [];
  const roles = opening.by[0]?.roles;
  return user.memberships.filter(
    (m) => opening.openers?.some((o) => o === m.organisationKind) && (!roles?.length || m.roles.some((r) => roles.includes(r))),
  );
}

/** The article-citing hint core gives for a field of a transition, if any. */
export function fieldHint(kind: string, action: string, field: string): Bilingual | undefined {
  return caseKind(kind)?.transitions.find((t) => t.name === action)?.fieldHints?.[field];
}

export type FormValue = string | number | boolean | string[] | Dayjs | CaseAttachment[] | null | undefined;

/** Form values → the payload the server expects: text trimmed, lines split, blanks left out. */
export function toPayload(fields: CaseFieldSpec[], values: Record<string, FormValue>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined || v === null) continue;
    switch (f.type) {
      case "text":
      case "textarea":
      case "organisation":
      case "choice":
        if (typeof v === "string" && v.trim()) payload[f.name] = v.trim();
        break;
      case "lines": {
        const lines = splitLines(v);
        if (lines.length) payload[f.name] = lines;
        break;
      }
      case "multi":
      case "attachments":
        if (Array.isArray(v) && v.length) payload[f.name] = v;
        break;
      case "workdays":
        if (typeof v === "number") payload[f.name] = v;
        break;
      case "date":
        if (typeof v === "object" && !Array.isArray(v) && "format" in v) payload[f.name] = v.format("YYYY-MM-DD");
        break;
      case "boolean":
        payload[f.name] = Boolean(v);
        break;
    }
  }
  return payload;
}

export function splitLines(v: unknown): string[] {
  if (typeof v !== "string") return [];
  return v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

type NamePath = (string | number)[];

/**
 * The server's field errors on a case form. Paths like "payload.reasons.0" land on the form's
 * "payload.reasons" field. Returns true when every error found a field.
 */
export function placeCaseErrors(form: FormInstance, error: unknown, language: string, known: string[]): boolean {
  if (!isApiError(error) || error.fields.length === 0) return false;
  const byPath = new Map<string, string[]>();
  let allPlaced = true;
  for (const f of error.fields) {
    const parts = f.path.split(".");
    const path = known.find((k) => f.path === k || parts.slice(0, k.split(".").length).join(".") === k);
    const text = language === "en" ? f.messageEn : f.message;
    if (!path) {
      allPlaced = false;
      continue;
    }
    byPath.set(path, [...(byPath.get(path) ?? []), text]);
  }
  const name = (p: string): NamePath => p.split(".");
  form.setFields([...byPath].map(([p, errors]) => ({ name: name(p), errors })));
  const first = [...byPath.keys()][0];
  if (first) form.scrollToField(name(first), { focus: true, block: "center" });
  return allPlaced;
}
