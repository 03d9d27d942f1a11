// The one HTTP client of the web app: JSON in and out, the session cookie on every
// request, the CSRF token on every state-changing request, and every failure turned
// into an ApiError that carries the server's code and bilingual messages.
import type {
  ApiToken,
  AuditCheckpoint,
  AuditEntry,
  AuditExportFormat,
  AuditFilter,
  AuditSeqRange,
  AuditTraceRow,
  AuditVerifyReport,
  CreatedApiToken,
  Health,
  Items,
  KeysetPage,
  LoggedIn,
  LoginInput,
  Organisation,
  OrganisationInput,
  OrganisationQuery,
  OrganisationUserInput,
  OrganisationUserPatch,
  Page,
  PasswordChangeInput,
  DisputeRouting,
  CaseActionInput,
  CaseDetail,
  CaseQuery,
  CaseSummary,
  DirectoryOrganisation,
  NotificationPage,
  OpenCaseInput,
  Profile,
  Region,
  RegisterInput,
  Session,
  SupervisionBoard,
  User,
  DatasetChangeInput,
  DatasetCreateInput,
  DatasetDetail,
  DatasetQuery,
  DatasetReviewInput,
  DatasetSaved,
  DatasetSearchResult,
  DatasetVersion,
  DatasetVersionDetail,
  ImportResult,
  OpenList,
  ReviewQueueItem,
  ApiDistribution,
  FileList,
  RowsPage,
  StaleList,
  TableLoadResult,
  TableVersion,
} from "./types";

export const API_BASE = "/api/v1";

export interface FieldError {
  /** Dotted path into the request body, e.g. "organisation.creditCode". */
  path: string;
  message: string;
  messageEn: string;
}

/** A failed request: `message` is the Chinese text, `messageEn` the English one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageEn: string;
  readonly fields: FieldError[];
  /** Anything else the server put in the error object (e.g. `lockedUntil`). */
  readonly extra: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    messageEn: string;
    fields?: FieldError[];
    extra?: Record<string, unknown>;
  }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.messageEn = init.messageEn;
    this.fields = init.fields ?? [];
    this.extra = init.extra ?? {};
  }

  /** The message in the given UI language. */
  text(language: string): string {
    return language === "en" ? this.messageEn : this.message;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

// The CSRF token belongs to the session; it arrives with login, register and session responses.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
type Query = Record<string, string | number | boolean | null | undefined>;

function buildUrl(path: string, query?: Query): string {
  let url = API_BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  return url;
}

function networkError(): ApiError {
  return new ApiError({
    status: 0,
    code: "network_error",
    message: "无法连接服务器，请检查网络后重试",
    messageEn: "Cannot reach the server. Check the network and try again",
  });
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (proxy error page, empty body): fall through to a generic error
  }
  const err = (body as { error?: Record<string, unknown> } | null)?.error;
  if (err && typeof err.code === "string") {
    const { code, message, messageEn, fields, ...extra } = err;
    return new ApiError({
      status: res.status,
      code,
      message: typeof message === "string" ? message : code,
      messageEn: typeof messageEn === "string" ? messageEn : typeof message === "string" ? message : code,
      fields: Array.isArray(fields) ? (fields as FieldError[]) : [],
      extra,
    });
  }
  return new ApiError({
    status: res.status,
    code: `http_${res.status}`,
    message: `服务器返回错误（${res.status}）`,
    messageEn: `The server answered with an error (${res.status})`,
  });
}

export async function request<T>(method: Method, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: "include",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw networkError();
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A file from the server (an export): the bytes and the name the server gave it. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

function filenameOf(res: Response, fallback: string): string {
  const disposition = res.headers.get("content-disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/** GET a file with the session cookie; failures become an ApiError like any other request. */
export async function download(path: string, query: Query, fallbackName: string): Promise<DownloadedFile> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), { method: "GET", credentials: "include" });
  } catch {
    throw networkError();
  }
  if (!res.ok) throw await toApiError(res);
  return { blob: await res.blob(), filename: filenameOf(res, fallbackName) };
}

/** How much of an upload's body has left the browser. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POST a file as multipart/form-data (field `file`), with the session cookie and the CSRF token
 * like every other state-changing request; failures become an ApiError (its `extra` keeps e.g. `rows`).
 * XMLHttpRequest rather than fetch: only it reports the request body's progress (`onProgress`).
 */
export function upload<T>(path: string, file: Blob, filename: string, onProgress?: (progress: UploadProgress) => void): Promise<T> {
  const body = new FormData();
  body.append("file", file, filename);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", buildUrl(path));
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    if (csrfToken) xhr.setRequestHeader("x-csrf-token", csrfToken);
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
      xhr.upload.onload = () => onProgress({ loaded: file.size, total: file.size });
    }
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        return;
      }
      // Read the refusal as fetch's answers are: through a Response over the same status and text.
      if (xhr.status < 400 || xhr.status > 599) reject(networkError());
      else void toApiError(new Response(xhr.responseText, { status: xhr.status })).then(reject);
    };
    xhr.send(body);
  });
}

const get = <T>(path: string, query?: Query) => request<T>("GET", path, { query });
const post = <T>(path: string, body?: unknown) => request<T>("POST", path, { body: body ?? {} });
const patch = <T>(path: string, body: unknown) => request<T>("PATCH", path, { body });
const put = <T>(path: string, body: unknown) => request<T>("PUT", path, { body });
const del = <T>(path: string) => request<T>("DELETE", path);

const id = encodeURIComponent;

/** Every endpoint the web app uses, typed. */
export const api = {
  health: () => get<Health>("/health"),
  profile: () => get<Profile>("/profile"),

  session: () => get<Session>("/auth/session"),
  login: (input: LoginInput) => post<LoggedIn>("/auth/login", input),
  logout: () => post<void>("/auth/logout"),
  register: (input: RegisterInput) => post<LoggedIn>("/auth/register", input),

  me: () => get<User>("/me"),
  changePassword: (input: PasswordChangeInput) => post<void>("/me/password", input),
  tokens: () => get<Items<ApiToken>>("/me/tokens"),
  createToken: (input: { name: string; expiresInDays?: number }) => post<CreatedApiToken>("/me/tokens", input),
  revokeToken: (tokenId: string) => del<void>(`/me/tokens/${id(tokenId)}`),

  regions: (parent?: string) => get<Items<Region>>("/regions", { parent }),

  organisations: (query: OrganisationQuery) => get<Page<Organisation>>("/organisations", { ...query }),
  organisation: (orgId: string) => get<Organisation>(`/organisations/${id(orgId)}`),
  createOrganisation: (input: OrganisationInput) => post<Organisation>("/organisations", input),
  updateOrganisation: (orgId: string, input: { name?: string }) => patch<Organisation>(`/organisations/${id(orgId)}`, input),

  organisationUsers: (orgId: string, query: { page?: number; pageSize?: number }) =>
    get<Page<User>>(`/organisations/${id(orgId)}/users`, query),
  addOrganisationUser: (orgId: string, input: OrganisationUserInput) =>
    post<User>(`/organisations/${id(orgId)}/users`, input),
  updateOrganisationUser: (orgId: string, userId: string, input: OrganisationUserPatch) =>
    patch<User>(`/organisations/${id(orgId)}/users/${id(userId)}`, input),

  auditEntries: (filter: AuditFilter, page: { beforeSeq?: number; limit?: number }) =>
    get<KeysetPage<AuditEntry>>("/audit/entries", { ...filter, ...page }),
  myAudit: (page: { beforeSeq?: number; limit?: number }) => get<KeysetPage<AuditEntry>>("/me/audit", page),
  auditTrace: (filter: AuditFilter) => get<Items<AuditTraceRow>>("/audit/trace", { ...filter }),
  verifyAudit: (range: AuditSeqRange) => post<AuditVerifyReport>("/audit/verify", range),
  auditCheckpoints: () => get<Items<AuditCheckpoint>>("/audit/checkpoints"),
  /** Null when the record is empty (nothing to sign). */
  signAuditCheckpoint: () => post<AuditCheckpoint | null>("/audit/checkpoints"),
  exportAudit: (range: { fromSeq: number; toSeq: number; format: AuditExportFormat }) =>
    download("/audit/export", range, `audit-${range.fromSeq}-${range.toSeq}.${range.format}`),

  directory: (query: { q?: string; kind?: "authority" | "department"; page?: number; pageSize?: number }) =>
    get<Page<DirectoryOrganisation>>("/directory/organisations", query),

  cases: (query: CaseQuery) => get<Page<CaseSummary>>("/cases", { ...query }),
  case: (caseId: string) => get<CaseDetail>(`/cases/${id(caseId)}`),
  openCase: (input: OpenCaseInput) => post<CaseDetail>("/cases", input),
  actOnCase: (caseId: string, action: string, input: CaseActionInput) =>
    post<CaseDetail>(`/cases/${id(caseId)}/actions/${id(action)}`, input),
  disputeRouting: (a: string, b: string) => get<DisputeRouting>("/cases/dispute-routing", { organisations: `${a},${b}` }),
  supervisionBoard: (query: { status?: "due_soon" | "overdue"; page?: number; pageSize?: number }) =>
    get<SupervisionBoard>("/supervision/cases", { ...query }),
  notifications: (query: { unread?: boolean; page?: number; pageSize?: number }) =>
    get<NotificationPage>("/notifications", { ...query }),
  markNotificationRead: (notificationId: string) =>
    post<{ id: string; read: boolean }>(`/notifications/${id(notificationId)}/read`),

  datasets: (query: DatasetQuery) => get<DatasetSearchResult>("/datasets", { ...query }),
  dataset: (datasetId: string) => get<DatasetDetail>(`/datasets/${id(datasetId)}`),
  datasetVersions: (datasetId: string) => get<{ items: DatasetVersion[] }>(`/datasets/${id(datasetId)}/versions`),
  datasetVersion: (datasetId: string, version: number) =>
    get<DatasetVersionDetail>(`/datasets/${id(datasetId)}/versions/${version}`),
  openList: (organisationId: string) => get<OpenList>("/catalog/open-list", { organisationId }),
  createDataset: (input: DatasetCreateInput) => post<DatasetSaved>("/datasets", input),
  saveDatasetDraft: (datasetId: string, input: { content: unknown; expectedRevision: number }) =>
    put<DatasetSaved>(`/datasets/${id(datasetId)}/draft`, input),
  submitDataset: (datasetId: string, input: { changeSummary?: string }) =>
    post<{ dataset: DatasetDetail }>(`/datasets/${id(datasetId)}/submit`, input),
  reviewDataset: (datasetId: string, input: DatasetReviewInput) =>
    post<{ dataset: DatasetDetail }>(`/datasets/${id(datasetId)}/review`, input),
  catalogReviews: (query: { page?: number; pageSize?: number }) =>
    get<{ items: ReviewQueueItem[]; total: number }>("/catalog/reviews", query),
  recordDatasetChange: (datasetId: string, input: DatasetChangeInput) =>
    post<{ caseId: string }>(`/datasets/${id(datasetId)}/changes`, input),
  requestDatasetRevocation: (datasetId: string, input: { reasons: string[] }) =>
    post<{ caseId: string }>(`/datasets/${id(datasetId)}/revocation`, input),
  importDatasets: (file: File) => upload<ImportResult>("/datasets/import", file, file.name),
  exportDatasets: (query: DatasetQuery) => download("/datasets/export.xlsx", { ...query }, "catalog.xlsx"),
  catalogTemplate: () => download("/catalog/template.xlsx", {}, "catalog-template.xlsx"),
  staleEntries: (query: { page?: number; pageSize?: number }) => get<StaleList>("/catalog/stale", query),

  datasetPreview: (datasetId: string) => get<RowsPage>(`/datasets/${id(datasetId)}/preview`),
  datasetFiles: (datasetId: string) => get<FileList>(`/datasets/${id(datasetId)}/files`),
  datasetApis: (datasetId: string) => get<Items<ApiDistribution>>(`/datasets/${id(datasetId)}/apis`),
  tableVersions: (datasetId: string) => get<Items<TableVersion>>(`/datasets/${id(datasetId)}/table-versions`),
  /** The format is taken from the file name's extension (.csv, .xlsx, .json). */
  mountTable: (datasetId: string, file: File, onProgress: (progress: UploadProgress) => void) =>
    upload<TableLoadResult>(`/datasets/${id(datasetId)}/table`, file, file.name, onProgress),
};

/** Where a reader downloads an entry's data (a plain link: the browser saves the file). */
export const datasetDownloadUrl = (datasetId: string, format: "csv" | "json" | "xlsx", encoding?: "utf-8" | "gbk") =>
  buildUrl(`/datasets/${id(datasetId)}/download`, { format, encoding });

export const datasetFileUrl = (datasetId: string, fileId: string) => buildUrl(`/datasets/${id(datasetId)}/files/${id(fileId)}`);

export const rejectsFileUrl = (datasetId: string, version: number) => buildUrl(`/datasets/${id(datasetId)}/table-versions/${version}/rejects.csv`);

/** The checkpoint-signing public key (PEM), public: a plain link downloads it. */
export const AUDIT_PUBLIC_KEY_URL = `${API_BASE}/audit/public-key`;
