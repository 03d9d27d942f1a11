// Server state through TanStack Query: one key list, one hook per read, session-aware mutations.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, setCsrfToken, type UploadProgress } from "./client";
import type {
  AuditFilter,
  CaseActionInput,
  CaseQuery,
  DatasetChangeInput,
  DatasetDetail,
  DatasetQuery,
  DatasetReviewInput,
  LoggedIn,
  OrganisationQuery,
  Session,
} from "./types";

export const keys = {
  health: ["health"] as const,
  profile: ["profile"] as const,
  session: ["session"] as const,
  me: ["me"] as const,
  tokens: ["tokens"] as const,
  regions: (parent?: string) => ["regions", parent ?? ""] as const,
  organisations: (query: OrganisationQuery) => ["organisations", query] as const,
  organisation: (id: string) => ["organisation", id] as const,
  organisationUsers: (id: string, page: number, pageSize: number) => ["organisation", id, "users", page, pageSize] as const,
  auditEntries: (filter: AuditFilter, startBeforeSeq?: number) => ["audit", "entries", filter, startBeforeSeq ?? null] as const,
  myAudit: ["audit", "mine"] as const,
  auditTrace: (filter: AuditFilter) => ["audit", "trace", filter] as const,
  auditCheckpoints: ["audit", "checkpoints"] as const,
  directory: (q: string) => ["directory", q] as const,
  cases: (query: CaseQuery) => ["cases", "list", query] as const,
  case: (id: string) => ["cases", "one", id] as const,
  board: (status: string | undefined, page: number) => ["cases", "board", status ?? "", page] as const,
  notifications: (unread: boolean, page: number) => ["notifications", unread, page] as const,
  datasets: (query: DatasetQuery) => ["datasets", "list", query] as const,
  dataset: (id: string) => ["datasets", "one", id] as const,
  datasetVersions: (id: string) => ["datasets", "one", id, "versions"] as const,
  catalogReviews: (page: number, pageSize: number) => ["datasets", "reviews", page, pageSize] as const,
  staleEntries: (page: number, pageSize: number) => ["datasets", "stale", page, pageSize] as const,
  openList: (organisationId: string) => ["datasets", "open-list", organisationId] as const,
  datasetPreview: (id: string) => ["datasets", "one", id, "preview"] as const,
  datasetFiles: (id: string) => ["datasets", "one", id, "files"] as const,
  datasetApis: (id: string) => ["datasets", "one", id, "apis"] as const,
  tableVersions: (id: string) => ["datasets", "one", id, "table-versions"] as const,
};

/** Queries whose data does not depend on who is logged in; everything else is dropped on a session change. */
const PUBLIC_KEYS = new Set(["health", "profile", "regions", "session", "directory"]);

export function dropPrivateQueries(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => !PUBLIC_KEYS.has(String(q.queryKey[0])) });
}

// Whether the last session ended by the user's own logout (rather than expiring):
// pages that need a session then send the user home instead of to the login page.
let endedByLogout = false;

export function sessionEndedByLogout(): boolean {
  return endedByLogout;
}

export function setSession(client: QueryClient, session: Session): void {
  if (session.user) endedByLogout = false;
  setCsrfToken(session.csrfToken);
  dropPrivateQueries(client);
  client.setQueryData(keys.session, session);
}

export function useHealth() {
  return useQuery({ queryKey: keys.health, queryFn: api.health, staleTime: 5 * 60_000 });
}

export function useProfile() {
  return useQuery({ queryKey: keys.profile, queryFn: api.profile, staleTime: Infinity });
}

export function useSession() {
  return useQuery({
    queryKey: keys.session,
    queryFn: async () => {
      const session = await api.session();
      setCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 60_000,
  });
}

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: api.me });
}

function useLoggedIn() {
  const client = useQueryClient();
  return (data: LoggedIn) => setSession(client, { user: data.user, csrfToken: data.csrfToken });
}

export function useLogin() {
  const onLoggedIn = useLoggedIn();
  return useMutation({ mutationFn: api.login, onSuccess: onLoggedIn });
}

export function useRegister() {
  const onLoggedIn = useLoggedIn();
  return useMutation({ mutationFn: api.register, onSuccess: onLoggedIn });
}

/** Logs out on the server, then forgets the session here whatever the server answered. */
export function useLogout() {
  const client = useQueryClient();
  const mutation = useMutation({ mutationFn: api.logout });
  const logOut = async () => {
    try {
      await mutation.mutateAsync();
    } catch {
      // the session is gone or the server unreachable: this tab is logged out all the same
    }
    endedByLogout = true;
    setSession(client, { user: null, csrfToken: null });
  };
  return { logOut, isPending: mutation.isPending };
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.changePassword,
    // The server may rotate the session: read it again, with the user's new password state.
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.session });
      await client.invalidateQueries({ queryKey: keys.me });
    },
  });
}

export function useTokens() {
  return useQuery({ queryKey: keys.tokens, queryFn: api.tokens });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.createToken,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.revokeToken,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens }),
  });
}

export function useRegions(parent?: string) {
  return useQuery({ queryKey: keys.regions(parent), queryFn: () => api.regions(parent), staleTime: Infinity });
}

export function useOrganisations(query: OrganisationQuery) {
  return useQuery({
    queryKey: keys.organisations(query),
    queryFn: () => api.organisations(query),
    placeholderData: keepPreviousData,
  });
}

export function useOrganisation(id: string) {
  return useQuery({ queryKey: keys.organisation(id), queryFn: () => api.organisation(id) });
}

export function useOrganisationUsers(id: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: keys.organisationUsers(id, page, pageSize),
    queryFn: () => api.organisationUsers(id, { page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.createOrganisation,
    onSuccess: () => client.invalidateQueries({ queryKey: ["organisations"] }),
  });
}

export function useUpdateOrganisation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string }) => api.updateOrganisation(id, input),
    onSuccess: (org) => {
      client.setQueryData(keys.organisation(id), org);
      return client.invalidateQueries({ queryKey: ["organisations"] });
    },
  });
}

function useOrganisationUserInvalidation(id: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.organisation(id) }),
      client.invalidateQueries({ queryKey: ["organisations"] }),
      // The acting user may have changed their own roles.
      client.invalidateQueries({ queryKey: keys.session }),
    ]);
}

export function useAddOrganisationUser(id: string) {
  const invalidate = useOrganisationUserInvalidation(id);
  return useMutation({
    mutationFn: (input: Parameters<typeof api.addOrganisationUser>[1]) => api.addOrganisationUser(id, input),
    onSuccess: invalidate,
  });
}

export function useUpdateOrganisationUser(id: string) {
  const invalidate = useOrganisationUserInvalidation(id);
  return useMutation({
    mutationFn: (v: { userId: string; patch: Parameters<typeof api.updateOrganisationUser>[2] }) =>
      api.updateOrganisationUser(id, v.userId, v.patch),
    onSuccess: invalidate,
  });
}

/** Entries per page of the audit record (the server allows up to 200). */
export const AUDIT_PAGE_SIZE = 50;

/**
 * The audit record, newest first, one keyset page after another ("load more").
 * `startBeforeSeq` starts below a given entry (a link from a verification break).
 */
export function useAuditEntries(filter: AuditFilter, startBeforeSeq?: number) {
  return useInfiniteQuery({
    queryKey: keys.auditEntries(filter, startBeforeSeq),
    queryFn: ({ pageParam }) => api.auditEntries(filter, { beforeSeq: pageParam, limit: AUDIT_PAGE_SIZE }),
    initialPageParam: startBeforeSeq,
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
  });
}

/** The logged-in user's own history in the audit record. */
export function useMyAudit() {
  return useInfiniteQuery({
    queryKey: keys.myAudit,
    queryFn: ({ pageParam }) => api.myAudit({ beforeSeq: pageParam, limit: AUDIT_PAGE_SIZE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
  });
}

/** Who used a dataset or subject; only asked once there is something to trace. */
export function useAuditTrace(filter: AuditFilter, enabled: boolean) {
  return useQuery({ queryKey: keys.auditTrace(filter), queryFn: () => api.auditTrace(filter), enabled });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: api.verifyAudit });
}

export function useAuditCheckpoints() {
  return useQuery({ queryKey: keys.auditCheckpoints, queryFn: api.auditCheckpoints });
}

export function useSignAuditCheckpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.signAuditCheckpoint,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.auditCheckpoints }),
  });
}

export function useExportAudit() {
  return useMutation({ mutationFn: api.exportAudit });
}

/** The public directory of authorities and departments (whom a demand or objection goes to). */
export function useDirectory(q: string) {
  return useQuery({
    queryKey: keys.directory(q),
    queryFn: () => api.directory({ q: q || undefined, pageSize: 50 }),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

export function useCases(query: CaseQuery) {
  return useQuery({ queryKey: keys.cases(query), queryFn: () => api.cases(query), placeholderData: keepPreviousData });
}

export function useCase(id: string) {
  return useQuery({ queryKey: keys.case(id), queryFn: () => api.case(id) });
}

export function useOpenCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.openCase,
    onSuccess: (c) => {
      client.setQueryData(keys.case(c.id), c);
      return client.invalidateQueries({ queryKey: ["cases", "list"] });
    },
  });
}

export function useActOnCase(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { action: string; input: CaseActionInput }) => api.actOnCase(id, v.action, v.input),
    onSuccess: (c) => {
      client.setQueryData(keys.case(id), c);
      return Promise.all([
        client.invalidateQueries({ queryKey: ["cases", "list"] }),
        client.invalidateQueries({ queryKey: ["cases", "board"] }),
        client.invalidateQueries({ queryKey: ["notifications"] }),
      ]);
    },
  });
}

/** 004 §25: the coordinating authority of a dispute between `a` and `b`, once both are chosen. */
export function useDisputeRouting(a: string | undefined, b: string | undefined) {
  return useQuery({
    queryKey: ["cases", "dispute-routing", a, b],
    queryFn: () => api.disputeRouting(a!, b!),
    enabled: !!a && !!b && a !== b,
    staleTime: 5 * 60_000,
  });
}

export function useSupervisionBoard(status: "due_soon" | "overdue" | undefined, page: number) {
  return useQuery({
    queryKey: keys.board(status, page),
    queryFn: () => api.supervisionBoard({ status, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
}

/** Notifications; the header's bell reads the first page every minute for the unread count. */
export function useNotifications(unread: boolean, page: number, options: { poll?: boolean; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.notifications(unread, page),
    queryFn: () => api.notifications({ unread, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
    refetchInterval: options.poll ? 60_000 : false,
    enabled: options.enabled ?? true,
  });
}

export function useMarkNotificationRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.markNotificationRead,
    onSuccess: () => client.invalidateQueries({ queryKey: ["notifications"] }),
  });
}

/** Catalog search (the open catalog for anonymous visitors); the previous page stays while the next loads. */
export function useDatasets(query: DatasetQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.datasets(query),
    queryFn: () => api.datasets(query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useDataset(id: string) {
  return useQuery({ queryKey: keys.dataset(id), queryFn: () => api.dataset(id) });
}

export function useDatasetVersions(id: string, enabled = true) {
  return useQuery({ queryKey: keys.datasetVersions(id), queryFn: () => api.datasetVersions(id), enabled });
}

export function useCatalogReviews(page: number, pageSize: number) {
  return useQuery({
    queryKey: keys.catalogReviews(page, pageSize),
    queryFn: () => api.catalogReviews({ page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

/** After any change to an entry: its page, every list, and the cases it opened or moved. */
function useDatasetChanged() {
  const client = useQueryClient();
  return (dataset?: DatasetDetail) => {
    if (dataset) client.setQueryData(keys.dataset(dataset.id), dataset);
    return Promise.all([
      client.invalidateQueries({ queryKey: ["datasets"] }),
      client.invalidateQueries({ queryKey: ["cases"] }),
      client.invalidateQueries({ queryKey: ["notifications"] }),
    ]);
  };
}

export function useCreateDataset() {
  const changed = useDatasetChanged();
  return useMutation({ mutationFn: api.createDataset, onSuccess: (r) => changed(r.dataset) });
}

export function useSaveDatasetDraft() {
  const changed = useDatasetChanged();
  return useMutation({
    mutationFn: (v: { id: string; content: unknown; expectedRevision: number }) =>
      api.saveDatasetDraft(v.id, { content: v.content, expectedRevision: v.expectedRevision }),
    onSuccess: (r) => changed(r.dataset),
  });
}

/** Submit or resubmit; `id` travels with the call because a new entry learns its id on save. */
export function useSubmitDataset() {
  const changed = useDatasetChanged();
  return useMutation({
    mutationFn: (v: { id: string; changeSummary?: string }) => api.submitDataset(v.id, { changeSummary: v.changeSummary }),
    onSuccess: (r) => changed(r.dataset),
  });
}

export function useReviewDataset(id: string) {
  const changed = useDatasetChanged();
  return useMutation({
    mutationFn: (input: DatasetReviewInput) => api.reviewDataset(id, input),
    onSuccess: (r) => changed(r.dataset),
  });
}

export function useRecordDatasetChange(id: string) {
  const changed = useDatasetChanged();
  return useMutation({
    mutationFn: (input: DatasetChangeInput) => api.recordDatasetChange(id, input),
    onSuccess: () => changed(),
  });
}

export function useRequestDatasetRevocation(id: string) {
  const changed = useDatasetChanged();
  return useMutation({
    mutationFn: (input: { reasons: string[] }) => api.requestDatasetRevocation(id, input),
    onSuccess: () => changed(),
  });
}

export function useImportDatasets() {
  const changed = useDatasetChanged();
  return useMutation({ mutationFn: api.importDatasets, onSuccess: () => changed() });
}

export function useExportDatasets() {
  return useMutation({ mutationFn: api.exportDatasets });
}

export function useCatalogTemplate() {
  return useMutation({ mutationFn: api.catalogTemplate });
}

/** Entries whose data is overdue for its update frequency (001 §15), for their providers and authorities. */
export function useStaleEntries(page: number, pageSize: number, enabled: boolean) {
  return useQuery({
    queryKey: keys.staleEntries(page, pageSize),
    queryFn: () => api.staleEntries({ page, pageSize }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A department's open list (001 §11); public, so the same for everyone. */
export function useOpenList(organisationId: string) {
  return useQuery({ queryKey: keys.openList(organisationId), queryFn: () => api.openList(organisationId), enabled: !!organisationId });
}

/** The first rows this reader may see; refused (4xx) when they may not, or when no data is mounted. */
export function useDatasetPreview(id: string) {
  return useQuery({ queryKey: keys.datasetPreview(id), queryFn: () => api.datasetPreview(id) });
}

export function useDatasetFiles(id: string) {
  return useQuery({ queryKey: keys.datasetFiles(id), queryFn: () => api.datasetFiles(id) });
}

export function useDatasetApis(id: string) {
  return useQuery({ queryKey: keys.datasetApis(id), queryFn: () => api.datasetApis(id) });
}

/** An entry's loads; read again every few seconds while one is running (here or in another tab). */
export function useTableVersions(id: string) {
  return useQuery({
    queryKey: keys.tableVersions(id),
    queryFn: () => api.tableVersions(id),
    refetchInterval: (q) => (q.state.data?.items.some((v) => v.status === "loading") ? 3000 : false),
  });
}

/** Mounts table data; a failed load is a version too (marked failed), so the history is read again either way. */
export function useMountTable(id: string) {
  const changed = useDatasetChanged();
  return useMutation({
    mutationFn: (v: { file: File; onProgress: (progress: UploadProgress) => void }) => api.mountTable(id, v.file, v.onProgress),
    onSettled: () => changed(),
  });
}
