// 数据争议: a using and a providing department that could not agree by negotiation.
// 004 §25: same level → that level's authority coordinates; cross-region or cross-level → the province's
// (see disputeCoordinator); still no agreement → the authority reports it to the coordination mechanism
// (协调机制, 004 §4). 002 §20 (shijingshan): 协商未果 → 区经济信息化委 coordinates → 领导小组.
// No seed sets a time limit, so a dispute runs without clocks under every profile.
// Participants: applicant = the department raising it; handler = the other department (it states its
// position); authority = the coordinating authority.
import { z } from "zod";
import { defineCaseKind } from "./define-kind";
import { HANDLER_ROLES, SUPERVISOR_ROLES } from "./parties";
import { attachmentsSchema, idSchema, reasonsSchema, text } from "./payload-schemas";

export const dispute = defineCaseKind({
  name: "dispute",
  label: { zh: "数据争议协调", en: "Data dispute" },
  basis: "004 §25; 002 §20",
  states: [
    { name: "coordinating", label: { zh: "主管部门协调中", en: "Being coordinated by the authority" } },
    { name: "at_mechanism", label: { zh: "已报协调机制", en: "Referred to the coordination mechanism" } },
    { name: "resolved", label: { zh: "已解决", en: "Resolved" }, terminal: true },
    { name: "withdrawn", label: { zh: "已撤回", en: "Withdrawn" }, terminal: true },
  ],
  clocks: [],
  transitions: [
    {
      name: "submit",
      label: { zh: "提请协调争议", en: "Raise a dispute" },
      basis: "004 §25",
      from: "create",
      to: "coordinating",
      by: [{ party: "applicant" }],
      openers: ["department", "authority"],
      payload: z.strictObject({
        counterpartOrganisationId: idSchema,
        subject: text(200),
        statement: text(),
        /** 协商解决无法达成一致: how negotiation was tried and failed. */
        negotiation: text(),
        relatedCaseId: idSchema.optional(),
        datasetIds: z.array(idSchema).max(100).optional(),
        attachments: attachmentsSchema.optional(),
      }),
      fieldHints: {
        negotiation: {
          zh: "须说明已协商且未能达成一致的情况（004 §25）",
          en: "Describe the negotiation that failed to reach agreement (004 §25)",
        },
        counterpartOrganisationId: { zh: "须指明争议另一方", en: "Name the other party" },
      },
    },
    {
      name: "respond",
      label: { zh: "陈述意见", en: "State its position" },
      basis: "004 §25",
      from: ["coordinating", "at_mechanism"],
      to: "same",
      by: [
        { party: "handler", roles: HANDLER_ROLES },
        { party: "applicant", roles: HANDLER_ROLES },
      ],
      payload: z.strictObject({ statement: text(), attachments: attachmentsSchema.optional() }),
    },
    {
      name: "resolve",
      label: { zh: "协调处理决定", en: "Decide (coordination)" },
      basis: "004 §25",
      from: ["coordinating"],
      to: "resolved",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      payload: z.strictObject({ decision: text(), terms: text().optional(), attachments: attachmentsSchema.optional() }),
      fieldHints: { decision: { zh: "须写明协调处理意见", en: "State the coordination decision" } },
    },
    {
      name: "refer_to_mechanism",
      label: { zh: "报协调机制解决", en: "Refer to the coordination mechanism" },
      basis: "004 §25; 002 §20",
      from: ["coordinating"],
      to: "at_mechanism",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      payload: z.strictObject({ reasons: reasonsSchema, mechanism: text(200).optional() }),
      fieldHints: {
        reasons: { zh: "须说明经协调仍无法达成一致的原因（004 §25）", en: "State why coordination failed (004 §25)" },
      },
    },
    {
      name: "record_mechanism_decision",
      label: { zh: "登记协调机制决定", en: "Record the mechanism's decision" },
      basis: "004 §25",
      from: ["at_mechanism"],
      to: "resolved",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      payload: z.strictObject({ decision: text(), attachments: attachmentsSchema.optional() }),
      fieldHints: { decision: { zh: "须写明协调机制的决定", en: "State the mechanism's decision" } },
    },
    {
      name: "withdraw",
      label: { zh: "撤回（已协商一致）", en: "Withdraw (settled)" },
      basis: "004 §25",
      from: ["coordinating", "at_mechanism"],
      to: "withdrawn",
      by: [{ party: "applicant", roles: HANDLER_ROLES }],
      payload: z.strictObject({ reason: text().optional() }),
    },
  ],
});
