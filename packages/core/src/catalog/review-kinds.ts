// The catalog's procedures as case kinds on the one engine (flow 1 of RULES.md):
// - catalog_review (004 §12; 002 §6–10): a department (or a lower authority compiling its level's catalog)
//   submits an entry or a revision; the reviewing authority publishes it or sends it back with comments,
//   and the department fixes it within the profile's limit (5 wd in heilongjiang). The fix clock runs
//   only while the entry is with the department: 5 wd after the first comments; after a second round of
//   comments, what was left of them (the engine cannot restart a clock; see catalog_review's submit).
// - catalog_update (004 §15; 002 §9): after a legal or duty change the department updates the entry
//   within the profile's limit (3 wd + at most 5 wd with a policy basis and the authority's consent in
//   heilongjiang; 15 wd in shijingshan). The clock stops when the revision is submitted for review.
// - catalog_revocation (004 §16): the department asks; the authority reviews; an entry already in use
//   keeps serving for the profile's grace period (6 months in heilongjiang) before it is revoked.
// The applicant is the providing organisation; the `authority` party is the reviewing authority.
import { z } from "zod";
import { defineCaseKind } from "../cases/define-kind";
import { idSchema, noteSchema, reasonsSchema, text } from "../cases/payload-schemas";
import type { Role } from "../identity";
import { isoDateSchema } from "../calendar";

/** Who compiles and submits entries for a providing organisation. */
export const EDITOR_ROLES: readonly Role[] = ["admin", "catalog_editor"];
/** Who decides for the reviewing authority. */
export const REVIEWER_ROLES: readonly Role[] = ["admin", "reviewer"];

const dataset = { datasetId: idSchema };

export const catalogReview = defineCaseKind({
  name: "catalog_review",
  label: { zh: "目录审核", en: "Catalog review" },
  basis: "004 §12; 002 §6–10",
  states: [
    { name: "under_review", label: { zh: "主管部门审核中", en: "Under review by the authority" } },
    { name: "revision_requested", label: { zh: "退回修改", en: "Sent back for revision" } },
    { name: "published", label: { zh: "已发布", en: "Published" }, terminal: true },
    { name: "withdrawn", label: { zh: "已撤回", en: "Withdrawn" }, terminal: true },
  ],
  clocks: [
    {
      name: "fix",
      label: { zh: "按审核意见修改时限", en: "Revise after review comments" },
      length: { from: "profile", candidates: [{ key: "catalogFixWd", basis: "004 §12" }] },
      ungoverned: "no_clock",
      onExpiry: "escalate",
    },
  ],
  transitions: [
    {
      name: "submit",
      label: { zh: "提交目录审核", en: "Submit for review" },
      basis: "004 §12",
      from: "create",
      to: "under_review",
      by: [{ party: "applicant", roles: EDITOR_ROLES }],
      openers: ["department", "authority"],
      payload: z.strictObject({ ...dataset, revision: z.int().min(1), changeSummary: text(2000).optional() }),
    },
    {
      name: "request_revision",
      label: { zh: "退回修改（附审核意见）", en: "Send back with comments" },
      basis: "004 §12",
      from: ["under_review"],
      to: "revision_requested",
      by: [{ party: "authority", roles: REVIEWER_ROLES }],
      payload: z.strictObject({ comments: reasonsSchema }),
      fieldHints: { comments: { zh: "退回修改须写明审核意见（004 §12）", en: "Sending back needs the review comments (004 §12)" } },
      // Each round of comments gets the full limit: the fix clock starts a new run every time.
      clocks: [{ op: "start", clock: "fix" }],
    },
    {
      name: "resubmit",
      label: { zh: "修改后重新提交", en: "Resubmit after revision" },
      basis: "004 §12",
      from: ["revision_requested"],
      to: "under_review",
      by: [{ party: "applicant", roles: EDITOR_ROLES }],
      payload: z.strictObject({ revision: z.int().min(1), note: noteSchema }),
      clocks: [{ op: "stop", clock: "fix" }],
    },
    {
      name: "approve",
      label: { zh: "审核通过并发布", en: "Approve and publish" },
      basis: "004 §12",
      from: ["under_review"],
      to: "published",
      by: [{ party: "authority", roles: REVIEWER_ROLES }],
      payload: z.strictObject({ note: noteSchema }),
    },
    {
      name: "withdraw",
      label: { zh: "撤回提交", en: "Withdraw the submission" },
      basis: "004 §12",
      from: ["under_review", "revision_requested"],
      to: "withdrawn",
      by: [{ party: "applicant", roles: EDITOR_ROLES }],
      payload: z.strictObject({ reason: text().optional() }),
    },
  ],
});

export const catalogUpdate = defineCaseKind({
  name: "catalog_update",
  label: { zh: "目录变更更新", en: "Catalog update after a change" },
  basis: "004 §15; 002 §9",
  states: [
    { name: "updating", label: { zh: "待更新", en: "Awaiting the update" } },
    { name: "extension_requested", label: { zh: "延期申请待审", en: "Extension requested" } },
    { name: "updated", label: { zh: "已提交更新", en: "Update submitted" }, terminal: true },
    { name: "cancelled", label: { zh: "已撤销", en: "Cancelled" }, terminal: true },
  ],
  clocks: [
    {
      name: "update",
      label: { zh: "目录更新时限", en: "Update the catalog entry" },
      length: {
        from: "profile",
        candidates: [
          { key: "catalogUpdateWd", basis: "004 §15; 002 §9" },
        ],
      },
      ungoverned: "kind_unavailable",
      // 004 §15: 可延长5个工作日 — once, with a policy basis and the authority's consent.
      extension: { maxWd: "catalogUpdateExtensionWd", maxTimes: 1, basis: "004 §15" },
      onExpiry: "escalate",
    },
  ],
  transitions: [
    {
      name: "report_change",
      label: { zh: "登记法律法规或职责变化", en: "Record a legal or duty change" },
      basis: "004 §15; 002 §9",
      from: "create",
      to: "updating",
      by: [{ party: "applicant", roles: EDITOR_ROLES }],
      openers: ["department", "authority"],
      payload: z.strictObject({
        ...dataset,
        cause: z.enum(["legal_change", "duty_change"]),
        /** What changed. The clock counts from the day the change is recorded here (自变化之日起): record it that day. */
        description: text(2000),
      }),
      clocks: [{ op: "start", clock: "update" }],
    },
    {
      name: "request_extension",
      label: { zh: "申请延期（附政策依据）", en: "Ask for an extension (with its policy basis)" },
      basis: "004 §15",
      from: ["updating"],
      to: "extension_requested",
      by: [{ party: "applicant", roles: EDITOR_ROLES }],
      payload: z.strictObject({ workdays: z.int().min(1).max(250), basis: text(2000) }),
      fieldHints: { basis: { zh: "延期须提供相关政策依据（004 §15）", en: "An extension needs its policy basis (004 §15)" } },
    },
    {
      name: "grant_extension",
      label: { zh: "同意延期", en: "Grant the extension" },
      basis: "004 §15",
      from: ["extension_requested"],
      to: "updating",
      by: [{ party: "authority", roles: REVIEWER_ROLES }],
      payload: z.strictObject({ workdays: z.int().min(1).max(250), reason: text(2000) }),
      clocks: [{ op: "extend", clock: "update", wdField: "workdays", reasonField: "reason" }],
    },
    {
      name: "deny_extension",
      label: { zh: "不同意延期", en: "Deny the extension" },
      basis: "004 §15",
      from: ["extension_requested"],
      to: "updating",
      by: [{ party: "authority", roles: REVIEWER_ROLES }],
      payload: z.strictObject({ reasons: reasonsSchema }),
    },
    {
      name: "submit_update",
      label: { zh: "已提交更新后的目录", en: "Updated entry submitted" },
      basis: "004 §15",
      from: ["updating", "extension_requested"],
      to: "updated",
      by: [{ party: "applicant", roles: EDITOR_ROLES }],
      payload: z.strictObject({ reviewCaseId: idSchema, note: noteSchema }),
    },
    {
      name: "cancel",
      label: { zh: "撤销（无需更新）", en: "Cancel (no update needed)" },
      basis: "004 §15",
      from: ["updating", "extension_requested"],
      to: "cancelled",
      by: [{ party: "authority", roles: REVIEWER_ROLES }],
      payload: z.strictObject({ reason: text(2000) }),
    },
  ],
});

export const catalogRevocation = defineCaseKind({
  name: "catalog_revocation",
  label: { zh: "目录撤销", en: "Catalog revocation" },
  basis: "004 §16",
  states: [
    { name: "under_review", label: { zh: "主管部门审核中", en: "Under review by the authority" } },
    { name: "serving_grace", label: { zh: "已批准，过渡期内继续提供", en: "Approved: still served during the grace period" } },
    { name: "revoked", label: { zh: "已撤销", en: "Revoked" }, terminal: true },
    { name: "refused", label: { zh: "不予撤销", en: "Refused" }, terminal: true },
    { name: "withdrawn", label: { zh: "已撤回", en: "Withdrawn" }, terminal: true },
  ],
  clocks: [],
  transitions: [
    {
      name: "request",
      label: { zh: "提交目录撤销申请", en: "Ask to revoke the entry" },
      basis: "004 §16",
      from: "create",
      to: "under_review",
      by: [{ party: "applicant", roles: EDITOR_ROLES }],
      openers: ["department", "authority"],
      payload: z.strictObject({ ...dataset, reasons: reasonsSchema }),
      fieldHints: { reasons: { zh: "须说明无法更新而需撤销的原因（004 §16）", en: "State why the entry cannot be updated and must go (004 §16)" } },
    },
    {
      name: "approve",
      label: { zh: "同意撤销（未被使用，立即撤销）", en: "Approve: revoke now (not in use)" },
      basis: "004 §16",
      from: ["under_review"],
      to: "revoked",
      by: [{ party: "authority", roles: REVIEWER_ROLES }],
      payload: z.strictObject({ note: noteSchema }),
    },
    {
      name: "approve_with_grace",
      label: { zh: "同意撤销（已被使用，继续提供后撤销）", en: "Approve: serve through the grace period, then revoke" },
      basis: "004 §16",
      from: ["under_review"],
      to: "serving_grace",
      by: [{ party: "authority", roles: REVIEWER_ROLES }],
      payload: z.strictObject({ note: noteSchema }),
    },
    {
      name: "complete",
      label: { zh: "过渡期满，撤销生效", en: "Grace period over: revoked" },
      basis: "004 §16",
      from: ["serving_grace"],
      to: "revoked",
      by: [{ party: "system" }],
      payload: z.strictObject({ graceEndedOn: isoDateSchema }),
    },
    {
      name: "refuse",
      label: { zh: "不同意撤销", en: "Refuse" },
      basis: "004 §16",
      from: ["under_review"],
      to: "refused",
      by: [{ party: "authority", roles: REVIEWER_ROLES }],
      payload: z.strictObject({ reasons: reasonsSchema }),
    },
    {
      name: "withdraw",
      label: { zh: "撤回申请", en: "Withdraw" },
      basis: "004 §16",
      from: ["under_review"],
      to: "withdrawn",
      by: [{ party: "applicant", roles: EDITOR_ROLES }],
      payload: z.strictObject({ reason: text().optional() }),
    },
  ],
});

/** The day a revocation approved on `approvedOn` takes effect for an entry in use (004 §16). */
export function graceEndsOn(approvedOn: string, graceMonths: number): string {
  const [y, m, d] = approvedOn.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + graceMonths, 1));
  // Same day of the month, or the month's last day when it is shorter (31 Aug + 6 months = 28/29 Feb).
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
