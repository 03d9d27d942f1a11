import type { ColumnType, Generated } from "kysely";

/** Kysely's view of the tables; one interface per table, named as in SQL. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  kind: "authority" | "department" | "public_org" | "operator";
  region_code: string;
  credit_code: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  login: string;
  name: string;
  phone: string | null;
  email: string | null;
  citizen_id_hash: string;
  citizen_id_masked: string;
  password_hash: string;
  password_changed_at: Timestamp;
  must_change_password: Generated<boolean>;
  platform_admin: Generated<boolean>;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  user_id: string;
  organisation_id: string;
  roles: string[];
  created_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  expires_at: Date;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface CalendarYearsTable {
  year: number;
  source_name: string;
  loaded_by: string | null;
  loaded_at: Timestamp;
}

export interface CalendarOverridesTable {
  day: string;
  kind: "holiday" | "workday";
  name: string | null;
  year: number;
}

export interface AuditMetaTable {
  key: string;
  value: string;
}

export interface AuditEntriesTable {
  seq: number;
  at: ColumnType<Date, string, never>;
  action: string;
  outcome: "success" | "denied" | "error";
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  token_id: string | null;
  region_code: string | null;
  subject_type: string | null;
  subject_id: string | null;
  dataset_id: string | null;
  fields: string[] | null;
  row_count: number | null;
  purpose: string | null;
  grant_id: string | null;
  ip: string | null;
  user_agent: string | null;
  payload_digest: string | null;
  detail: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointsTable {
  seq: number;
  head_hash: string;
  algorithm: string;
  platform: string;
  signed_at: ColumnType<Date, string, never>;
  signature: string;
  public_key: string;
}

export interface AuditAnchorTable {
  id: Generated<boolean>;
  seq: number;
  hash: string;
  purged_at: Timestamp;
}

export interface CasesTable {
  id: Generated<string>;
  kind: string;
  state: string;
  version: number;
  terminal: Generated<boolean>;
  title: string;
  subject_type: string | null;
  subject_id: string | null;
  applicant_user_id: string | null;
  applicant_organisation_id: string | null;
  handler_organisation_id: string | null;
  authority_organisation_id: string | null;
  third_party_organisation_ids: Generated<string[]>;
  third_party_user_ids: Generated<string[]>;
  opened_by_user_id: string | null;
  opened_on: string;
  /** Derived from the clocks on every transition (migration 0015). */
  next_due_on: string | null;
  due_soon_on: string | null;
  due_soon_wd: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseClockEventsTable {
  case_id: string;
  clock: string;
  seq: number;
  event: ColumnType<unknown, string, never>;
  created_at: Timestamp;
}

export interface CaseTimelineTable {
  case_id: string;
  seq: number;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  actor_party: string;
  effective_on: string;
  data: ColumnType<unknown, string, never>;
  created_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  case_id: string | null;
  action: string;
  message_zh: string;
  message_en: string;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface DatasetsTable {
  id: Generated<string>;
  code: string;
  provider_organisation_id: string;
  region_code: string;
  status: "draft" | "under_review" | "revision_requested" | "published" | "revoking" | "revoked";
  draft: ColumnType<unknown, string | null, string | null>;
  draft_revision: Generated<number>;
  draft_saved_at: Date | null;
  draft_change_summary: string | null;
  review_case_id: string | null;
  version: number | null;
  published_at: Date | null;
  revoke_on: string | null;
  usage_count: ColumnType<number, never, never>;
  title: string;
  summary: string;
  catalog_kind: string;
  theme: string | null;
  share_type: string;
  open_type: string;
  level: number;
  formats: string[];
  update_frequency: string;
  tags: string[];
  search: string;
  table_version_id: string | null;
  last_loaded_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TableVersionsTable {
  id: Generated<string>;
  dataset_id: string;
  version: number;
  table_name: string;
  status: "loading" | "ready" | "failed" | "superseded";
  source_name: string | null;
  source_format: "csv" | "xlsx" | "json" | null;
  source_encoding: string | null;
  source_bytes: number | null;
  rows_read: number | null;
  rows_loaded: number | null;
  rows_rejected: number | null;
  report: ColumnType<unknown, string | null, string | null>;
  rejected_file: string | null;
  error: string | null;
  created_by_user_id: string | null;
  started_at: Timestamp;
  finished_at: Date | null;
}

export interface DatasetVersionsTable {
  dataset_id: string;
  version: number;
  content: ColumnType<unknown, string, never>;
  changes: ColumnType<unknown, string, never>;
  change_summary: string | null;
  review_case_id: string | null;
  published_by_user_id: string | null;
  published_at: Timestamp;
}

export interface DatasetUsersTable {
  dataset_id: string;
  user_id: string;
  first_used_at: Generated<Date>;
  last_used_at: Generated<Date>;
}

export interface DB {
  audit_meta: AuditMetaTable;
  audit_entries: AuditEntriesTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_anchor: AuditAnchorTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  calendar_years: CalendarYearsTable;
  calendar_overrides: CalendarOverridesTable;
  cases: CasesTable;
  case_clock_events: CaseClockEventsTable;
  case_timeline: CaseTimelineTable;
  notifications: NotificationsTable;
  datasets: DatasetsTable;
  dataset_versions: DatasetVersionsTable;
  dataset_users: DatasetUsersTable;
  table_versions: TableVersionsTable;
}
