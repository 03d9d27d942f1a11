// TEST FIXTURE, not a registered kind: the open-data application of 000 §8 §19, declared only as far
// as the clocks go, so the engine's pause / extension / consultation machinery is driven through
// evaluateTransition. The opening issue owns the real `open_application` kind (grants, agreements,
// delivery); it can start from this declaration.
import { z } from "zod";
import { defineCaseKind } from "./define-kind";
import { HANDLER_ROLES } from "./parties";
import { idSchema, missingItemsSchema, reasonsSchema, text } from "./payload-schemas";

export const openApplicationFixture = defineCaseKind({
  name: "open_application_fixture",
  label: { zh: "开放申请（测试）", en: "Open-data application (fixture)" },
  basis: "000 §8 §19; 001 §19; 004 §34",
  states: [
    { name: "submitted", label: { zh: "已提交", en: "Submitted" } },
    { name: "awaiting_supplement", label: { zh: "待补正", en: "Awaiting supplement" } },
    { name: "under_review", label: { zh: "审核中", en: "Under review" } },
    { name: "consulting", label: { zh: "征求第三方意见中", en: "Consulting a third party" } },
    { name: "approved", label: { zh: "已同意", en: "Approved" }, terminal: true },
    { name: "refused", label: { zh: "不予开放", en: "Refused" }, terminal: true },
  ],
  clocks: [
    {
      name: "reply",
      label: { zh: "答复时限", en: "Reply" },
      length: {
        from: "profile",
        candidates: [{ key: "openApplicationReplyWd", basis: "000 §19; 001 §19; 004 §34" }],
      },
      ungoverned: "kind_unavailable",
      extension: { maxWd: "openApplicationExtensionWd", maxTimes: 1, basis: "000 §19 最长延期不得超过20个工作日" },
      onExpiry: "escalate",
    },
    {
      name: "notice",
      label: { zh: "一次性补正告知时限", en: "One-time notice" },
      length: { from: "profile", candidates: [{ key: "oneTimeNoticeWd", basis: "000 §19" }] },
      ungoverned: "no_clock",
      onExpiry: "escalate",
    },
    {
      name: "consultation",
      label: { zh: "第三方意见时限", en: "Third-party consultation" },
      length: { from: "profile", candidates: [{ key: "thirdPartyConsultationWd", basis: "000 §19" }] },
      ungoverned: "transition_unavailable",
      onExpiry: { consentIf: "thirdPartySilenceIsConsent", basis: "000 §19 逾期未提出意见的视为同意开放" },
    },
  ],
  transitions: [
    {
      name: "submit",
      label: { zh: "提交申请", en: "Apply" },
      basis: "000 §6 §19",
      from: "create",
      to: "submitted",
      by: [{ party: "applicant" }],
      openers: ["public_org", "operator", "natural_person"],
      payload: z.strictObject({ datasetId: idSchema, purpose: text() }),
      clocks: [
        { op: "start", clock: "reply" },
        { op: "start", clock: "notice" },
      ],
    },
    {
      name: "accept",
      label: { zh: "受理", en: "Accept" },
      basis: "000 §8",
      from: ["submitted"],
      to: "under_review",
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: z.strictObject({}),
      clocks: [{ op: "stop", clock: "notice" }],
    },
    {
      name: "request_supplement",
      label: { zh: "一次性告知补正", en: "One-time notice" },
      basis: "000 §8 §19",
      from: ["submitted"],
      to: "awaiting_supplement",
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: z.strictObject({ missingItems: missingItemsSchema }),
      fieldHints: {
        missingItems: { zh: "须一次性列明全部需补正的内容（000 §8 §19）", en: "List everything missing, at once (000 §8 §19)" },
      },
      clocks: [
        { op: "stop", clock: "notice" },
        { op: "pause", clock: "reply" },
      ],
    },
    {
      name: "supplement",
      label: { zh: "补正材料", en: "Supplement" },
      basis: "000 §19",
      from: ["awaiting_supplement"],
      to: "under_review",
      by: [{ party: "applicant" }],
      payload: z.strictObject({ note: text() }),
      clocks: [{ op: "resume", clock: "reply" }],
    },
    {
      name: "extend",
      label: { zh: "延期答复", en: "Extend" },
      basis: "000 §19",
      from: ["under_review"],
      to: "same",
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: z.strictObject({ byWd: z.int().min(1).max(250), reason: text() }),
      fieldHints: { reason: { zh: "延期须说明理由（000 §19）", en: "An extension needs a reason (000 §19)" } },
      clocks: [{ op: "extend", clock: "reply", wdField: "byWd", reasonField: "reason" }],
    },
    {
      name: "consult_third_party",
      label: { zh: "书面征求第三方意见", en: "Consult the third party" },
      basis: "000 §19",
      from: ["under_review"],
      to: "consulting",
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: z.strictObject({ thirdParty: text(), rightsAffected: text() }),
      clocks: [
        { op: "start", clock: "consultation" },
        { op: "pause", clock: "reply" },
      ],
    },
    {
      name: "third_party_answer",
      label: { zh: "第三方提出意见", en: "Third party answers" },
      basis: "000 §19",
      from: ["consulting"],
      to: "under_review",
      by: [{ party: "third_party" }],
      payload: z.strictObject({ consents: z.boolean(), opinion: text() }),
      guards: [
        {
          clock: "consultation",
          must: "not_be_overdue",
          code: "consultation_expired",
          message: { zh: "征求意见期限已过，逾期视为同意（000 §19）", en: "The consultation period is over: silence counts as consent (000 §19)" },
        },
      ],
      clocks: [
        { op: "stop", clock: "consultation" },
        { op: "resume", clock: "reply" },
      ],
    },
    {
      name: "record_silence_as_consent",
      label: { zh: "逾期未提出意见，视为同意", en: "Record silence as consent" },
      basis: "000 §19",
      from: ["consulting"],
      to: "under_review",
      by: [{ party: "system" }],
      payload: z.strictObject({ clock: z.literal("consultation") }),
      guards: [
        {
          clock: "consultation",
          must: "be_overdue",
          code: "consultation_running",
          message: { zh: "征求意见期限未届满", en: "The consultation period has not ended" },
        },
      ],
      clocks: [
        { op: "stop", clock: "consultation" },
        { op: "resume", clock: "reply" },
      ],
    },
    {
      name: "approve",
      label: { zh: "同意开放", en: "Approve" },
      basis: "000 §12",
      from: ["under_review"],
      to: "approved",
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: z.strictObject({}),
    },
    {
      name: "refuse",
      label: { zh: "不予开放（说明理由）", en: "Refuse with reasons" },
      basis: "000 §12; 001 §19; 004 §34",
      from: ["submitted", "under_review"],
      to: "refused",
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: z.strictObject({ reasons: reasonsSchema }),
      fieldHints: { reasons: { zh: "不予开放须说明理由（004 §34；001 §19）", en: "A refusal must give reasons (004 §34; 001 §19)" } },
    },
  ],
});
