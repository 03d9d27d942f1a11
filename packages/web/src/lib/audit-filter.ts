// The audit record's filters: kept in the URL (so a search can be linked and reloaded),
// edited in a form, and checked with the server's own patterns before they are sent.
import type { FormRule } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { TFunction } from "i18next";
import { AUDIT_OUTCOMES, type AuditFilter, type AuditOutcome } from "../api/types";

// The server's query schema (packages/server/src/audit/routes.ts) and zod's UUID rule.
const ACTION = /^[a-z_.]{1,80}$/;
const SUBJECT_TYPE = /^[a-z_]{1,40}$/;
const UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

const TEXT_KEYS = ["action", "subjectType", "subjectId", "actorUserId", "datasetId", "field", "from", "to"] as const;

/** What the filter form holds: the time range as the picker's values. */
export interface AuditFilterValues {
  action?: string;
  outcome?: AuditOutcome;
  subjectType?: string;
  subjectId?: string;
  actorUserId?: string;
  datasetId?: string;
  field?: string;
  time?: [Dayjs | null, Dayjs | null] | null;
}

/** The filter in a URL; anything malformed is left for the server to refuse with its message. */
export function filterFromParams(params: URLSearchParams): AuditFilter {
  const filter: AuditFilter = {};
  for (const k of TEXT_KEYS) {
    const v = params.get(k)?.trim();
    if (v) filter[k] = v;
  }
  const outcome = params.get("outcome");
  if (AUDIT_OUTCOMES.includes(outcome as AuditOutcome)) filter.outcome = outcome as AuditOutcome;
  return filter;
}

export function isEmptyFilter(filter: AuditFilter): boolean {
  return Object.values(filter).every((v) => v === undefined || v === "");
}

// The console shows times in China time whatever the browser's zone (lib/format.ts), so the
// picker does too: its values are China wall-clock times. China has kept UTC+8 all year since 1991.
const CHINA_OFFSET = "+08:00";
const CHINA_OFFSET_MS = 8 * 3_600_000;
const WALL_CLOCK = "YYYY-MM-DDTHH:mm:ss";

/** An instant as the picker shows it: its China wall-clock time. */
function toChinaWallClock(iso: string): Dayjs | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return dayjs(new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19));
}

/** A picked China wall-clock time as ISO 8601 with its offset, e.g. 2026-05-01T09:30:00+08:00. */
function fromChinaWallClock(d: Dayjs): string {
  return `${d.format(WALL_CLOCK)}${CHINA_OFFSET}`;
}

export function valuesFromFilter(filter: AuditFilter): AuditFilterValues {
  const { from, to, ...rest } = filter;
  const at = (iso: string | undefined) => (iso ? toChinaWallClock(iso) : null);
  return { ...rest, time: from || to ? [at(from), at(to)] : null };
}

/** Form values to a filter: trimmed, empty fields dropped, times as ISO 8601 with their offset. */
export function filterFromValues(values: AuditFilterValues): AuditFilter {
  const filter: AuditFilter = {};
  for (const k of ["action", "subjectType", "subjectId", "actorUserId", "datasetId", "field"] as const) {
    const v = values[k]?.trim();
    if (v) filter[k] = v;
  }
  if (values.outcome) filter.outcome = values.outcome;
  const [from, to] = values.time ?? [];
  if (from) filter.from = fromChinaWallClock(from);
  if (to) filter.to = fromChinaWallClock(to);
  return filter;
}

export function filterToParams(filter: AuditFilter, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...extra })) {
    if (v !== undefined && v !== "") params.set(k, String(v));
  }
  return params;
}

/** Client-side checks mirroring the server's, per filter field. */
export function auditFilterRules(t: TFunction) {
  const max = (n: number): FormRule => ({ max: n, message: t("audit.validation.maxLength", { max: n }) });
  const uuid: FormRule = { pattern: UUID, message: t("audit.validation.uuid") };
  return {
    action: [{ pattern: ACTION, message: t("audit.validation.action") }],
    subjectType: [{ pattern: SUBJECT_TYPE, message: t("audit.validation.subjectType") }],
    subjectId: [max(100)],
    actorUserId: [uuid],
    datasetId: [uuid],
    field: [max(100)],
  } satisfies Record<string, FormRule[]>;
}

/** Known action codes, for suggestions in the action field. */
export const KNOWN_AUDIT_ACTIONS = [
  "identity.login",
  "identity.logout",
  "identity.register",
  "identity.password.change",
  "identity.token.create",
  "identity.token.revoke",
  "organisation.create",
  "organisation.rename",
  "organisation.users.read",
  "organisation.user.create",
  "organisation.user.update",
  "audit.search",
  "audit.trace",
  "audit.verify",
  "audit.checkpoint",
  "audit.export",
  "audit.purge",
  "calendar.schedule.load",
  "platform.seed_demo",
] as const;
