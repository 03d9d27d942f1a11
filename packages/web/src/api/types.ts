// The server's JSON shapes under /api/v1, as the identity and audit contracts fix them.
import type { ChainBreak, ChainedEntry, HashAlgorithm, SignedCheckpoint } from "@shuyuan/core/audit/index";
import type { DatasetContent as CoreDatasetContent, DatasetField as CoreDatasetField, DatasetInput } from "@shuyuan/core/catalog/dataset";
import type { DatasetChange as CoreDatasetChange } from "@shuyuan/core/catalog/diff";
import type { Freshness } from "@shuyuan/core/catalog/freshness";
import type { EntryStatus as CoreEntryStatus } from "@shuyuan/core/catalog/visibility";
import type { CatalogKind, Format, Level, OpenType, ShareType, Theme, UpdateFrequency } from "@shuyuan/core/catalog/vocabulary";
import type { FieldError } from "./client";

export interface Bilingual {
  zh: string;
  en: string;
}

export type Role = "admin" | "catalog_editor" | "reviewer" | "data_officer" | "auditor";
export const ROLES: readonly Role[] = ["admin", "catalog_editor", "reviewer", "data_officer", "auditor"];

export type OrganisationKind = "authority" | "department" | "public_org" | "operator";
export const ORGANISATION_KINDS: readonly OrganisationKind[] = ["authority", "department", "public_org", "operator"];

export interface Health {
  status: "ok";
  profile: string;
  database: "pglite" | "postgres";
  version: string;
}

export interface Profile {
  id: string;
  name: Bilingual;
  regionCode: string;
  naturalPersonsMayRegister: boolean;
  passwordPolicy: { minLength: number; maxAgeDays: number };
}

export interface Membership {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  regionCode: string;
  roles: Role[];
}

export interface User {
  id: string;
  login: string;
  name: string;
  phone: string | null;
  email: string | null;
  citizenIdMasked: string;
  platformAdmin: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  disabled: boolean;
  createdAt: string;
  memberships: Membership[];
}

export interface Session {
  user: User | null;
  csrfToken: string | null;
}

export interface LoggedIn {
  user: User;
  csrfToken: string;
}

export interface LoginInput {
  login: string;
  password: string;
}

export interface RegisterInput {
  accountKind: "natural" | "legal";
  login: string;
  password: string;
  name: string;
  citizenId: string;
  phone?: string;
  email?: string;
  organisation?: { name: string; creditCode: string; regionCode: string };
}

export interface PasswordChangeInput {
  currentPassword: string;
  newPassword: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
  prefix: string;
  expiresAt: string | null;
}

export interface Region {
  code: string;
  name: string;
  level: "province" | "city" | "county";
  parentCode: string | null;
}

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  regionCode: string;
  regionName: string;
  creditCode: string | null;
  createdAt: string;
  userCount: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Items<T> {
  items: T[];
}

export interface OrganisationQuery {
  q?: string;
  kind?: OrganisationKind;
  page?: number;
  pageSize?: number;
}

export interface OrganisationInput {
  name: string;
  kind: OrganisationKind;
  regionCode: string;
  creditCode?: string;
}

export interface OrganisationUserInput {
  login: string;
  name: string;
  citizenId: string;
  phone?: string;
  email?: string;
  roles: Role[];
  initialPassword: string;
}

export interface OrganisationUserPatch {
  roles?: Role[];
  disabled?: boolean;
}

// The audit record (packages/server/src/audit): entries, traces, verification and checkpoints.
// Entry, break and checkpoint shapes are core's own types, as the server sends them.

export type AuditEntry = ChainedEntry;
export type AuditOutcome = ChainedEntry["outcome"];
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ["success", "denied", "error"];
export type AuditBreak = ChainBreak;
export type AuditCheckpoint = SignedCheckpoint;
export type AuditHashAlgorithm = HashAlgorithm;

/** GET /audit/entries and /audit/trace filters; times are ISO 8601 with an offset. */
export interface AuditFilter {
  action?: string;
  outcome?: AuditOutcome;
  subjectType?: string;
  subjectId?: string;
  actorUserId?: string;
  datasetId?: string;
  field?: string;
  from?: string;
  to?: string;
}

/** Newest first; `nextBeforeSeq` asks for the page after this one, null at the end. */
export interface KeysetPage<T> {
  items: T[];
  nextBeforeSeq: number | null;
}

/** One (who, action, purpose, grant) group of a trace. */
export interface AuditTraceRow {
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  purpose: string | null;
  grantId: string | null;
  uses: number;
  rows: number;
  firstAt: string;
  lastAt: string;
}

export interface AuditSeqRange {
  fromSeq?: number;
  toSeq?: number;
}

export interface AuditVerifyReport {
  ok: boolean;
  algorithm: AuditHashAlgorithm;
  fromSeq: number;
  toSeq: number;
  checked: number;
  breaks: AuditBreak[];
  checkpoints: { checked: number; failed: { seq: number; reason: string }[] };
}

export type AuditExportFormat = "json" | "csv";

// Cases (packages/server/src/cases): 办件 with their clocks, timelines and the caller's actions.

export type CaseRole = "applicant" | "handler" | "authority" | "third_party";
export type CaseParty = CaseRole | "system";
export type ClockState = "running" | "paused" | "stopped" | "overdue" | "due_soon";

export interface OrganisationRef {
  id: string;
  name: string | null;
}

/** The open clock due first, as a list shows it. */
export interface CaseDue {
  clock: string;
  dueOn: string | null;
  remainingWd: number | null;
  state: ClockState;
}

export interface CaseSummary {
  id: string;
  kind: string;
  kindLabel: Bilingual;
  title: string;
  state: string;
  stateLabel: Bilingual;
  terminal: boolean;
  version: number;
  openedOn: string;
  applicantOrganisation: OrganisationRef | null;
  handlerOrganisation: OrganisationRef | null;
  authorityOrganisation: OrganisationRef | null;
  due: CaseDue | null;
  createdAt: string;
  updatedAt: string;
}

export interface CalendarWarningView {
  code: string;
  year: number;
  message: Bilingual;
}

export interface CaseClock {
  name: string;
  label: Bilingual;
  basis: string;
  startedOn: string;
  lengthWd: number | null;
  dueOn: string | null;
  pausedDays: number;
  pausedSince: string | null;
  extendedWd: number;
  extensions: number;
  stoppedOn: string | null;
  state: ClockState;
  remainingWd: number | null;
  overdueWd: number;
  late: boolean;
  expiry: "escalate" | "consent";
  marks: { mark: "due_soon" | "overdue" | "escalated"; on: string; dueOn: string }[];
  warnings: CalendarWarningView[];
}

export interface CaseTimelineEntry {
  seq: number;
  action: string;
  label: Bilingual;
  basis: string | null;
  fromState: string | null;
  toState: string;
  actor: {
    party: CaseParty;
    userId: string | null;
    name: string | null;
    organisationId: string | null;
    organisationName: string | null;
  };
  effectiveOn: string;
  at: string;
  data: unknown;
}

/** An uploaded case attachment, as a transition's payload names it (core's attachmentSchema). */
export interface CaseAttachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
}

export interface CaseAction {
  name: string;
  label: Bilingual;
  basis?: string;
}

export interface CaseDetail extends CaseSummary {
  basis: string;
  subject: { type: string; id: string | null } | null;
  participants: {
    applicant: { userId: string | null; organisation: OrganisationRef | null };
    handler: OrganisationRef | null;
    authority: OrganisationRef | null;
    thirdParties: (OrganisationRef | null)[];
    thirdPartyUsers: { id: string; name: string | null }[];
  };
  clocks: CaseClock[];
  timeline: CaseTimelineEntry[];
  you: { parties: CaseParty[]; actions: CaseAction[] };
}

export interface CaseQuery {
  role?: CaseRole;
  state?: string;
  kind?: string;
  due?: "due_soon" | "overdue";
  sort?: "newest" | "due";
  page?: number;
  pageSize?: number;
}

export interface OpenCaseInput {
  kind: string;
  action?: string;
  asOrganisationId?: string | null;
  handlerOrganisationId?: string;
  subject?: { type: string; id: string };
  title: string;
  payload: Record<string, unknown>;
}

export interface CaseActionInput {
  expectedVersion: number;
  payload: Record<string, unknown>;
}

/** 004 §25: who would coordinate a dispute between two organisations (GET /cases/dispute-routing). */
export interface DisputeRouting {
  organisations: { id: string; name: string; regionCode: string }[];
  regionCode: string;
  crossLevel: boolean;
  basis: string;
  authority: { id: string; name: string | null } | null;
  then: Bilingual;
}

export interface BoardCase extends CaseSummary {
  clocks: CaseClock[];
  escalated: boolean;
}

export interface SupervisionBoard {
  items: BoardCase[];
  total: number;
  page: number;
  pageSize: number;
  asOf: string;
}

export interface CaseNotification {
  id: string;
  /** null for notices outside a case, e.g. an entry's revocation told to its users (004 §16). */
  caseId: string | null;
  caseKind: string | null;
  caseTitle: string | null;
  action: string;
  message: string;
  messageEn: string;
  createdAt: string;
  read: boolean;
  readAt: string | null;
}

export interface NotificationPage extends Page<CaseNotification> {
  unread: number;
}

/** The public directory of authorities and departments. */
export interface DirectoryOrganisation {
  id: string;
  name: string;
  kind: "authority" | "department";
  regionCode: string;
  regionName: string;
}

// The data catalog (packages/server/src/catalog, docs/catalog.md): entries (datasets), their fields,
// versions, the review queue and the Excel import. Content and vocabulary types are core's own.

export type DatasetContent = CoreDatasetContent;
export type DatasetField = CoreDatasetField;
export type EntryStatus = CoreEntryStatus;
export type DatasetChange = CoreDatasetChange;

/** Which catalog a search reads: the public open catalog, the government share catalog, the caller's own entries, or everything the caller may see. */
export type CatalogScopeName = "open" | "share" | "own" | "all";
export type DatasetSort = "relevance" | "newest" | "most_used" | "title";

/** A stretch of text, `match` when it matched the query (rendered with <mark>). */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

export interface DatasetSummary {
  id: string;
  code: string;
  title: string;
  summary: string;
  provider: { id: string; name: string };
  regionCode: string;
  catalogKind: CatalogKind;
  theme: Theme | null;
  shareType: ShareType | null;
  openType: OpenType | null;
  level: Level | null;
  formats: Format[];
  updateFrequency: UpdateFrequency | null;
  tags: string[];
  status: EntryStatus;
  /** Latest published version, null before the first publication. */
  version: number | null;
  publishedAt: string | null;
  updatedAt: string;
  /** How often the entry was used (sorts "most used"). */
  usageCount?: number;
  highlight?: { title: HighlightSegment[]; summary: HighlightSegment[] } | null;
}

export interface CaseRef {
  caseId: string;
  state: string;
}

export interface DatasetPermissions {
  edit: boolean;
  submit: boolean;
  review: boolean;
  requestRevocation: boolean;
  recordChange: boolean;
}

export interface DatasetDraft {
  content: DatasetContent;
  revision: number;
  savedAt: string | null;
}

export interface DatasetDetail extends DatasetSummary {
  /** The published content; null before the first publication. */
  content: DatasetContent | null;
  /** The working copy (the provider's editors only). */
  draft: DatasetDraft | null;
  /** The revision a draft save must name as `expectedRevision` (the provider's editors only; also when there is no working copy). */
  draftRevision?: number | null;
  /** The open review case. */
  review: CaseRef | null;
  pending: { update: CaseRef | null; revocation: CaseRef | null };
  revokeOn: string | null;
  /** How the last load compares with the declared update frequency (001 §15). */
  freshness: Freshness;
  permissions: DatasetPermissions;
}

export interface FacetValue {
  value: string;
  label?: Bilingual | null;
  count: number;
}

export const FACET_NAMES = ["provider", "theme", "catalogKind", "openType", "shareType", "level", "format", "tag", "region", "updateFrequency"] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export interface DatasetSearchResult extends Page<DatasetSummary> {
  /** false when `total` and the facet counts are estimates (a query matching more than 1,000 entries). */
  totalExact: boolean;
  facets: Partial<Record<FacetName, FacetValue[]>>;
}

export interface DatasetQuery extends Partial<Record<FacetName, string>> {
  q?: string;
  page?: number;
  pageSize?: number;
  sort?: DatasetSort;
  scope?: CatalogScopeName;
  status?: EntryStatus;
}

export interface DatasetVersion {
  version: number;
  publishedAt: string;
  publishedBy: { id: string; name: string } | null;
  changeSummary: string | null;
  changes: DatasetChange[];
}

export interface DatasetVersionDetail {
  version: number;
  content: DatasetContent;
  changes: DatasetChange[];
  publishedAt: string;
  changeSummary: string | null;
}

/** A save's answer: the entry and the rule warnings (e.g. conditional sharing without conditions, 004 §21). */
export interface DatasetSaved {
  dataset: DatasetDetail;
  warnings: FieldError[];
}

export interface DatasetCreateInput {
  providerOrganisationId?: string;
  content: DatasetInput;
}

export interface DatasetReviewInput {
  decision: "approve" | "request_revision";
  comments?: string[];
}

export interface DatasetChangeInput {
  cause: "legal_change" | "duty_change";
  description: string;
}

export interface ReviewQueueItem {
  caseId: string;
  state: string;
  dataset: DatasetSummary;
  openedOn: string;
  clocks: CaseClock[];
}

/** One refused row of an Excel import (all rows or none). */
export interface ImportRowError {
  sheet: string;
  row: number;
  column: string | null;
  /** The path into the entry's content the cell feeds, when known. */
  field?: string | null;
  message: string;
  messageEn: string;
}

export interface ImportResult {
  created: number;
  updated: number;
}

/** A department's open list (开放清单, 001 §11). */
export interface OpenList {
  organisation: { id: string; name: string };
  items: {
    id: string;
    code: string;
    title: string;
    openType: OpenType;
    openConditions: string | null;
    formats: Format[];
    updateFrequency: UpdateFrequency;
    fields: { name: string; title: string; type: string }[];
  }[];
}

// Data mounted on an entry (packages/server/src/datastore): table versions with their quality reports,
// the rows a reader may see, file distributions and API distributions.

/** One rejected row of a load: its row number in the source file, the column and why. */
export interface RejectedRow {
  row: number;
  column: string | null;
  reason: Bilingual;
}

export interface FieldQuality {
  name: string;
  /** Non-empty values among loaded rows / loaded rows (0..1). */
  completeness: number;
  empty: number;
}

/** A load's quality report (004 §19). */
export interface QualityReport {
  format: "csv" | "xlsx" | "json";
  encoding: string | null;
  delimiter: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** The first rejects (at most 1,000); the rejected-rows file has all of them. */
  rejects: RejectedRow[];
  fields: FieldQuality[];
  /** Rows repeating an earlier row's key; null when the entry has no key fields. */
  duplicateKeys: number | null;
  unknownColumns: string[];
  missingFields: string[];
  durationMs: number;
}

/** The answer to a table upload (201). */
export interface TableLoadResult {
  version: number;
  report: QualityReport;
  hasRejects: boolean;
}

export type TableVersionStatus = "loading" | "ready" | "failed" | "superseded";

export interface TableVersion {
  id: string;
  version: number;
  status: TableVersionStatus;
  /** The version readers get now. */
  serving: boolean;
  source: { name: string | null; format: "csv" | "xlsx" | "json" | null; encoding: string | null; bytes: number | null };
  rowsRead: number | null;
  rowsLoaded: number | null;
  rowsRejected: number | null;
  report: QualityReport | null;
  hasRejects: boolean;
  /** Why a failed load failed: the API error body's fields, as JSON text. */
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** A page of rows (preview or query): each item has `_row` and the readable fields, masked where the reader's access says so. */
export interface RowsPage {
  items: Record<string, unknown>[];
  fields: { name: string; type: string; masked: boolean }[];
  next: string | null;
  total: number | null;
  totalIsLowerBound: boolean;
  tableVersion: number;
  loadedAt: string | null;
}

export interface FileDistribution {
  id: string;
  datasetId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** An entry's files, and whether this reader may download them (the same access decision as table downloads). */
export interface FileList {
  items: FileDistribution[];
  download: { allowed: boolean; code: string | null; message: string | null; messageEn: string | null };
}

export interface ApiDistribution {
  id: string;
  name: string;
  methods: string[];
  /** The platform URL consumers call, relative to the server. */
  url: string;
  createdAt: string;
}

/** An entry whose data is overdue for its update frequency, or never loaded (001 §15). */
export interface StaleEntry extends DatasetSummary {
  freshness: Freshness;
}

export interface StaleList extends Page<StaleEntry> {
  asOf: string;
}
