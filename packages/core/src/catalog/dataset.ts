// A catalog entry's content (目录条目): what a department compiles, what review approves, and what each
// published version freezes. 004 §13 lists the minimum: data items, provider, format, update frequency,
// share type and conditions, open type and conditions. The provider is the owning organisation, kept
// outside the content (it never changes between versions).
import { z } from "zod";
import {
  CATALOG_KINDS,
  FIELD_TYPES,
  FORMATS,
  LEVELS,
  OPEN_TYPES,
  SENSITIVITY_KINDS,
  SHARE_TYPES,
  THEMES,
  UPDATE_FREQUENCIES,
} from "./vocabulary";

const text = (max: number) => z.string().trim().min(1).max(max);
// Blank → undefined. `.optional()` goes last so the output type has an optional key (`description?: string`),
// as at run time: a key the input omits is absent from the parsed content, too.
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v ? v : undefined))
    .optional();

/** Catalog codes: letters, digits and `.-_`, as departments number their entries (e.g. 230000-GA-0012). */
export const DATASET_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Field names become datastore column names: lower-case ASCII identifiers. */
export const FIELD_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** One literal over all levels: a bad level reads "must be one of: 1, 2, 3, 4", not "matches none of the allowed shapes". */
export const levelSchema = z.literal(LEVELS);

/** 信息项: one data item of an entry. */
export const datasetFieldSchema = z.strictObject({
  name: z.string().trim().toLowerCase().regex(FIELD_NAME),
  /** 信息项名称 */
  title: text(100),
  type: z.enum(FIELD_TYPES),
  /** Maximum length of a text value. */
  length: z.int().min(1).max(100_000).optional(),
  description: optionalText(1000),
  level: levelSchema,
  sensitivity: z.enum(SENSITIVITY_KINDS).default("none"),
  required: z.boolean().default(false),
  /** Part of the row key (duplicates are counted on the key in load reports). */
  key: z.boolean().default(false),
});
export type DatasetField = z.infer<typeof datasetFieldSchema>;

export const contactSchema = z.strictObject({
  name: text(100),
  phone: optionalText(40),
  email: z.string().trim().email().max(200).optional().or(z.literal("").transform(() => undefined)),
});

/** Everything a version of an entry holds. Validate with `checkDataset` (schema + classification rules). */
export const datasetContentSchema = z.strictObject({
  title: text(200),
  code: z.string().trim().regex(DATASET_CODE),
  /** 摘要 */
  summary: text(4000),
  catalogKind: z.enum(CATALOG_KINDS),
  theme: z.enum(THEMES).optional(),
  fields: z.array(datasetFieldSchema).min(1).max(500),
  formats: z.array(z.enum(FORMATS)).min(1).max(FORMATS.length),
  updateFrequency: z.enum(UPDATE_FREQUENCIES),
  /** 采集渠道 */
  collectionChannel: optionalText(500),
  shareType: z.enum(SHARE_TYPES),
  /** 共享条件 (004 §21): the scope of use and the purposes allowed. */
  shareConditions: z.strictObject({ scope: optionalText(2000), purpose: optionalText(2000) }).optional(),
  /** 不予共享的法律、行政法规或政策依据 (002 §18, 004 §21). */
  shareBasis: optionalText(2000),
  openType: z.enum(OPEN_TYPES),
  /** 开放条件 (004 §33) */
  openConditions: optionalText(2000),
  /** 不予开放的理由 (004 §33) */
  openReason: optionalText(2000),
  level: levelSchema,
  tags: z.array(text(40)).max(20).default([]),
  contact: contactSchema,
});
export type DatasetContent = z.infer<typeof datasetContentSchema>;
export type DatasetInput = z.input<typeof datasetContentSchema>;
