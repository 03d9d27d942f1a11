// 校核/异议: anyone may object to data (about themselves, or any inaccurate or incomplete data); the
// provider verifies, corrects and answers. The authority's cross-verification opens the same case.
// 004 §24: within 5 wd of receiving the request or notice. 001 §20, 002 §25, 003 §24: 及时 (timely,
// no figure): the clock runs without a due date. 000 governs no objection to data: unavailable there.
import { z } from "zod";
import { defineCaseKind } from "./define-kind";
import { HANDLER_ROLES } from "./parties";
import { attachmentsSchema, idSchema, reasonsSchema, text } from "./payload-schemas";
import { awaitThirdParty, consultationClock, consultationTransitions, consultingState } from "./third-party";

const answerSchema = z
  .strictObject({
    /** corrected: fixed as asked; partly_corrected: some of it; no_error: the data stands. */
    outcome: z.enum(["corrected", "partly_corrected", "no_error"]),
    /** 反馈校核处理结果: what was checked and what was done. */
    explanation: text(),
    correctedFields: z.array(text(200)).max(200).optional(),
    reasons: reasonsSchema.optional(),
    attachments: attachmentsSchema.optional(),
  })
  .refine((a) => a.outcome === "corrected" || (a.reasons?.length ?? 0) > 0, {
    path: ["reasons"],
    message: "reasons required unless corrected as asked",
  });

export const correction = defineCaseKind({
  name: "correction",
  label: { zh: "数据校核（异议）", en: "Data correction (objection)" },
  basis: "004 §24; 001 §20; 002 §25; 003 §24",
  states: [
    { name: "verifying", label: { zh: "提供部门核实中", en: "Being verified by the provider" } },
    // Correcting data about someone may affect a third party's rights (000 §19; 001 §7 权利人同意).
    consultingState,
    { name: "answered", label: { zh: "已反馈结果", en: "Answered" }, terminal: true },
    { name: "withdrawn", label: { zh: "已撤回", en: "Withdrawn" }, terminal: true },
  ],
  clocks: [
    {
      name: "verify",
      label: { zh: "核实更正并反馈时限", en: "Verify, correct and answer" },
      length: { from: "profile", candidates: [{ key: "correctionVerifyWd", basis: "004 §24" }] },
      timely: { flag: "correctionVerifyTimely", basis: "001 §20; 002 §25; 003 §24 (及时)" },
      ungoverned: "kind_unavailable",
      onExpiry: "escalate",
    },
    consultationClock,
  ],
  transitions: [
    {
      name: "submit",
      label: { zh: "提出校核申请（异议）", en: "Object to data" },
      basis: "004 §24; 001 §20; 002 §25",
      from: "create",
      to: "verifying",
      // 004 §24: 自然人、法人或者非法人组织; 002 §25: 使用部门; 004 §24: the authority's cross-verification notice.
      by: [{ party: "applicant" }],
      openers: ["natural_person", "public_org", "operator", "department", "authority"],
      payload: z.strictObject({
        datasetId: idSchema,
        /** objection: by anyone; cross_verification: the authority's notice after 交叉核验 (004 §24). */
        origin: z.enum(["objection", "cross_verification"]).default("objection"),
        /** 涉及自身的政务数据 (004 §24) or data found inaccurate/incomplete. */
        aboutSelf: z.boolean().default(false),
        problem: z.enum(["inaccurate", "incomplete", "other"]),
        description: text(),
        fields: z.array(text(200)).max(200).optional(),
        recordRefs: z.array(text(200)).max(1000).optional(),
        proposedCorrection: text().optional(),
        attachments: attachmentsSchema.optional(),
      }),
      fieldHints: {
        datasetId: { zh: "须指明有异议的数据（目录条目）", en: "Name the dataset objected to" },
        description: { zh: "须说明数据存在的错误或遗漏", en: "Describe what is wrong or missing" },
      },
      clocks: [{ op: "start", clock: "verify" }],
    },
    {
      name: "answer",
      label: { zh: "反馈校核处理结果", en: "Answer with the verification result" },
      basis: "004 §24; 001 §20",
      from: ["verifying", "consulting"],
      to: "answered",
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: answerSchema,
      fieldHints: {
        reasons: {
          zh: "未按申请更正的，须说明理由（004 §24 反馈校核处理结果）",
          en: "Where the data is not corrected as asked, state the reasons (004 §24)",
        },
        explanation: { zh: "须说明核实情况和处理结果（004 §24）", en: "Explain what was verified and done (004 §24)" },
      },
      guards: [awaitThirdParty],
    },
    ...consultationTransitions("verifying"),
    {
      name: "withdraw",
      label: { zh: "撤回异议", en: "Withdraw the objection" },
      basis: "004 §24",
      from: ["verifying", "consulting"],
      to: "withdrawn",
      by: [{ party: "applicant" }],
      payload: z.strictObject({ reason: text().optional() }),
    },
  ],
});
