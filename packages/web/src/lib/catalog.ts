// The catalog in the UI: code labels from core's vocabularies, readable version changes, and the
// entry editor's form values ↔ the content the server validates (core's datasetContentSchema).
import type { FormInstance } from "antd";
import type { TFunction } from "i18next";
import type { DatasetContent, DatasetField, DatasetInput } from "@shuyuan/core/catalog/dataset";
import type { DatasetChange } from "@shuyuan/core/catalog/diff";
import {
  CATALOG_KIND_LABELS,
  FIELD_TYPE_LABELS,
  LEVEL_LABELS,
  OPEN_TYPE_LABELS,
  SENSITIVITY_LABELS,
  SHARE_TYPE_LABELS,
  THEME_LABELS,
  UPDATE_FREQUENCY_LABELS,
  type CatalogKind,
  type FieldType,
  type Format,
  type Level,
  type OpenType,
  type SensitivityKind,
  type ShareType,
  type Theme,
  type UpdateFrequency,
} from "@shuyuan/core/catalog/vocabulary";
import { isApiError, type FieldError } from "../api/client";
import { bilingual } from "./format";

type Labelled = Readonly<Record<string, { zh: string; en: string }>>;

/** Code lists with bilingual labels in core, by the name the API and the facets use. */
const VOCABULARIES: Readonly<Record<string, Labelled>> = {
  theme: THEME_LABELS,
  catalogKind: CATALOG_KIND_LABELS,
  openType: OPEN_TYPE_LABELS,
  shareType: SHARE_TYPE_LABELS,
  level: LEVEL_LABELS as Labelled,
  updateFrequency: UPDATE_FREQUENCY_LABELS,
  sensitivity: SENSITIVITY_LABELS,
  type: FIELD_TYPE_LABELS,
};

/** The label of a code (a theme, an open type, a level …) in the UI language; formats read as their upper-case code. */
export function codeLabel(list: string, value: unknown, language: string): string {
  if (value === null || value === undefined || value === "") return "";
  if (list === "format") return String(value).toUpperCase();
  const label = VOCABULARIES[list]?.[String(value)];
  return label ? bilingual(label, language) : String(value);
}

export function hasVocabulary(list: string): boolean {
  return Object.hasOwn(VOCABULARIES, list);
}

const TRUNCATE = 80;

function shorten(s: string): string {
  return s.length > TRUNCATE ? `${s.slice(0, TRUNCATE)}…` : s;
}

/** A value of a content property or a field property, for a change line. */
function formatValue(prop: string, v: unknown, t: TFunction, language: string): string {
  if (v === undefined || v === null || v === "") return t("app.none");
  if (typeof v === "boolean") return v ? t("catalog.yes") : t("catalog.no");
  if (prop === "level") return String(v);
  if (prop === "formats" && Array.isArray(v)) return v.map((f) => String(f).toUpperCase()).join("、");
  if (Array.isArray(v)) return shorten(v.map(String).join("、"));
  if (typeof v === "object") {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null && x !== "")
      .map(([k, x]) => `${t(`catalog.props.${prop}_${k}`, { defaultValue: k })}：${formatValue(k, x, t, language)}`);
    return shorten(parts.join("；"));
  }
  if (hasVocabulary(prop)) return codeLabel(prop, v, language);
  return shorten(String(v));
}

/** One change between versions, as a sentence: "字段 phone 分级 2 → 3", "新增字段 email（电子邮箱）". */
export function describeChange(change: DatasetChange, t: TFunction, language: string): string {
  const parts = change.path.split(".");
  if (parts[0] === "fields" && parts.length >= 2) {
    const name = parts[1];
    if (parts.length === 2) {
      const field = (change.kind === "removed" ? change.before : change.after) as Partial<DatasetField> | undefined;
      const title = field?.title ? t("catalog.changes.fieldTitle", { title: field.title }) : "";
      return change.kind === "added" ? t("catalog.changes.fieldAdded", { name, title }) : t("catalog.changes.fieldRemoved", { name, title });
    }
    const prop = parts.slice(2).join(".");
    const label = t(`catalog.field.${prop}`, { defaultValue: prop });
    const before = change.kind === "added" ? t("app.none") : formatValue(prop, change.before, t, language);
    const after = change.kind === "removed" ? t("app.none") : formatValue(prop, change.after, t, language);
    return t("catalog.changes.fieldChanged", { name, prop: label, before, after });
  }
  const prop = change.path;
  const label = t(`catalog.props.${prop}`, { defaultValue: prop });
  if (change.kind === "added") return t("catalog.changes.added", { prop: label, after: formatValue(prop, change.after, t, language) });
  if (change.kind === "removed") return t("catalog.changes.removed", { prop: label, before: formatValue(prop, change.before, t, language) });
  return t("catalog.changes.changed", {
    prop: label,
    before: formatValue(prop, change.before, t, language),
    after: formatValue(prop, change.after, t, language),
  });
}

// ---- The entry editor's form ----

export interface FieldRow {
  name?: string;
  title?: string;
  type?: FieldType;
  length?: number | null;
  description?: string;
  level?: Level;
  sensitivity?: SensitivityKind;
  required?: boolean;
  key?: boolean;
}

export interface EntryFormValues {
  providerOrganisationId?: string;
  title?: string;
  code?: string;
  summary?: string;
  catalogKind?: CatalogKind;
  theme?: Theme;
  formats?: Format[];
  updateFrequency?: UpdateFrequency;
  collectionChannel?: string;
  shareType?: ShareType;
  shareConditions?: { scope?: string; purpose?: string };
  shareBasis?: string;
  openType?: OpenType;
  openConditions?: string;
  openReason?: string;
  level?: Level;
  tags?: string[];
  contact?: { name?: string; phone?: string; email?: string };
  fields?: FieldRow[];
  /** Not content: what the submission says about a revision. */
  changeSummary?: string;
}

export const NEW_FIELD: FieldRow = { type: "string", level: 1, sensitivity: "none", required: false, key: false };

export const NEW_ENTRY: EntryFormValues = {
  catalogKind: "department",
  formats: ["xlsx"],
  updateFrequency: "monthly",
  shareType: "unconditional",
  openType: "unconditional",
  level: 1,
  tags: [],
  contact: {},
  fields: [{ ...NEW_FIELD }],
};

const trimmed = (v: string | undefined | null): string | undefined => {
  const s = v?.trim();
  return s ? s : undefined;
};

/**
 * Form values → the content the server checks. Blank optional text is left out, and the conditional
 * inputs go only with the type they belong to (share conditions with conditional sharing, the basis
 * with none; open conditions with conditional opening, the reason with none). Nothing else is decided here.
 */
export function toContent(v: EntryFormValues): DatasetInput {
  const content: Record<string, unknown> = {
    title: v.title?.trim() ?? "",
    code: v.code?.trim() ?? "",
    summary: v.summary?.trim() ?? "",
    catalogKind: v.catalogKind,
    theme: v.theme || undefined,
    fields: (v.fields ?? []).map((f) => ({
      name: f.name?.trim() ?? "",
      title: f.title?.trim() ?? "",
      type: f.type,
      length: typeof f.length === "number" ? f.length : undefined,
      description: trimmed(f.description),
      level: f.level,
      sensitivity: f.sensitivity ?? "none",
      required: Boolean(f.required),
      key: Boolean(f.key),
    })),
    formats: v.formats ?? [],
    updateFrequency: v.updateFrequency,
    collectionChannel: trimmed(v.collectionChannel),
    shareType: v.shareType,
    openType: v.openType,
    level: v.level,
    tags: (v.tags ?? []).map((x) => x.trim()).filter(Boolean),
    contact: {
      name: v.contact?.name?.trim() ?? "",
      phone: trimmed(v.contact?.phone),
      email: trimmed(v.contact?.email),
    },
  };
  if (v.shareType === "conditional") {
    content.shareConditions = { scope: trimmed(v.shareConditions?.scope), purpose: trimmed(v.shareConditions?.purpose) };
  }
  if (v.shareType === "none") content.shareBasis = trimmed(v.shareBasis);
  if (v.openType === "conditional") content.openConditions = trimmed(v.openConditions);
  if (v.openType === "none") content.openReason = trimmed(v.openReason);
  // Undefined members are dropped by JSON; strip them here too so the request reads clean.
  return JSON.parse(JSON.stringify(content)) as DatasetInput;
}

export function fromContent(c: DatasetContent): EntryFormValues {
  return {
    title: c.title,
    code: c.code,
    summary: c.summary,
    catalogKind: c.catalogKind,
    theme: c.theme,
    formats: [...c.formats],
    updateFrequency: c.updateFrequency,
    collectionChannel: c.collectionChannel,
    shareType: c.shareType,
    shareConditions: c.shareConditions ? { ...c.shareConditions } : undefined,
    shareBasis: c.shareBasis,
    openType: c.openType,
    openConditions: c.openConditions,
    openReason: c.openReason,
    level: c.level,
    tags: [...(c.tags ?? [])],
    contact: { ...c.contact },
    fields: c.fields.map((f) => ({ ...f, length: f.length ?? null })),
  };
}

type NamePath = (string | number)[];

const TOP_LEVEL = [
  "providerOrganisationId",
  "title",
  "code",
  "summary",
  "catalogKind",
  "theme",
  "formats",
  "updateFrequency",
  "collectionChannel",
  "shareType",
  "shareConditions.scope",
  "shareConditions.purpose",
  "shareBasis",
  "openType",
  "openConditions",
  "openReason",
  "level",
  "tags",
  "contact.name",
  "contact.phone",
  "contact.email",
  "fields",
  "changeSummary",
];
const FIELD_PROPS = ["name", "title", "type", "length", "description", "level", "sensitivity", "required", "key"];

/** The form field a server path lands on ("content.fields.2.level" → fields.2.level; "content.tags.3" → tags), or null. */
export function entryFieldOf(serverPath: string, fieldCount: number): NamePath | null {
  const path = serverPath.replace(/^content\./, "");
  const parts = path.split(".");
  if (parts[0] === "fields" && parts.length >= 3 && /^\d+$/.test(parts[1])) {
    const i = Number(parts[1]);
    if (i < fieldCount && FIELD_PROPS.includes(parts[2])) return ["fields", i, parts[2]];
    return ["fields"];
  }
  if (path === "shareConditions") return ["shareConditions", "scope"];
  const known = TOP_LEVEL.filter((k) => path === k || path.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
  return known ? known.split(".") : null;
}

export interface PlacedMessages {
  /** Messages that found no field on the form (shown in a list above the buttons). */
  unplaced: { path: string; text: string }[];
  /** Paths that did land on the form, for focusing the first. */
  placed: NamePath[];
}

/**
 * Puts the server's errors or warnings (paths like `content.fields.2.level`, `content.shareBasis`) on
 * the editor's fields; returns what found no field.
 */
export function placeEntryMessages(
  form: FormInstance,
  messages: readonly FieldError[],
  language: string,
  fieldCount: number,
  kind: "errors" | "warnings",
): PlacedMessages {
  const byField = new Map<string, { name: NamePath; texts: string[] }>();
  const unplaced: { path: string; text: string }[] = [];
  for (const m of messages) {
    const text = language === "en" ? m.messageEn : m.message;
    const name = entryFieldOf(m.path, fieldCount);
    if (!name) {
      unplaced.push({ path: m.path, text });
      continue;
    }
    const key = name.join(".");
    const entry = byField.get(key) ?? { name, texts: [] };
    entry.texts.push(text);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()].map(({ name, texts }) => ({ name, [kind]: texts })));
  return { unplaced, placed: [...byField.values()].map((e) => e.name) };
}

/** Field errors of a failed save, placed; true when the error carried any (it was a validation failure). */
export function placeEntryErrors(form: FormInstance, error: unknown, language: string, fieldCount: number): PlacedMessages | null {
  if (!isApiError(error) || error.fields.length === 0) return null;
  const placed = placeEntryMessages(form, error.fields, language, fieldCount, "errors");
  if (placed.placed[0]) form.scrollToField(placed.placed[0], { focus: true, block: "center" });
  return placed;
}
