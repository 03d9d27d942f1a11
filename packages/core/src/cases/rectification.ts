// 责令整改: an order to fix a breach by a deadline, with a report of what was done.
// 004 §41 (departments) and §42 (authorities): 责令改正, 在规定期限内完成整改并反馈整改情况;
// 004 §27: a using department's misuse or 3 months idle → the authority or the provider orders 限期整改,
// refusal or inadequate rectification → access shut off; 004 §43: users' access suspended meanwhile;
// 001 §39: not done in time → reported to the city government; 002 §38: 逾期不改 → 通报批评.
// The deadline is set by the order, not the profile, so the kind is available under every profile.
// Participants: authority = the ordering organisation; handler = the organisation (or person) ordered.
import { z } from "zod";
import { defineCaseKind } from "./define-kind";
import { SUPERVISOR_ROLES } from "./parties";
import { attachmentsSchema, deadlineSchema, idSchema, reasonsSchema, text } from "./payload-schemas";

export const SANCTION_MEASURES = [
  "suspend_access", // 暂时关闭权限 (004 §43)
  "terminate_access", // 关停或中断数据调用服务，终止使用权限 (004 §27)
  "report_to_government", // 报送市政府 (001 §39) / 本级人民政府或上级主管部门 (004 §41)
  "public_criticism", // 通报批评 (002 §38)
  "refer_for_discipline", // 对相关责任人员依法给予处分 (004 §41)
] as const;

export const rectification = defineCaseKind({
  name: "rectification",
  label: { zh: "责令整改", en: "Rectification order" },
  basis: "004 §27 §41–43; 001 §39; 002 §38",
  states: [
    { name: "ordered", label: { zh: "整改中", en: "Rectifying" } },
    { name: "under_verification", label: { zh: "整改情况核查中", en: "Report under verification" } },
    { name: "closed", label: { zh: "整改完成", en: "Rectified" }, terminal: true },
    { name: "sanctioned", label: { zh: "未整改到位，已处理", en: "Sanctioned" }, terminal: true },
    { name: "revoked", label: { zh: "已撤销", en: "Revoked" }, terminal: true },
  ],
  clocks: [
    {
      name: "rectification",
      label: { zh: "整改期限", en: "Rectification deadline" },
      length: { from: "payload", field: "deadline", basis: "004 §41 在规定期限内完成整改" },
      ungoverned: "kind_unavailable",
      // The orderer may grant more time when it sends a report back.
      extension: { maxWd: "unlimited", maxTimes: null, basis: "004 §41" },
      onExpiry: "escalate",
    },
  ],
  transitions: [
    {
      name: "order",
      label: { zh: "责令限期整改", en: "Order rectification" },
      basis: "004 §27 §41 §43; 001 §39",
      from: "create",
      to: "ordered",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      // 004 §27: the authority or the providing department orders.
      openers: ["authority", "department"],
      payload: z.strictObject({
        grounds: z
          .array(z.strictObject({ article: text(50).optional(), description: text() }))
          .min(1)
          .max(20),
        requirements: text(),
        deadline: deadlineSchema,
        /** 004 §43: access suspended until rectified. */
        suspendAccess: z.boolean().default(false),
        subject: z.strictObject({ type: text(50), id: idSchema }).optional(),
        attachments: attachmentsSchema.optional(),
      }),
      fieldHints: {
        grounds: { zh: "须写明整改事由及依据（004 §41）", en: "State the grounds and the rule breached (004 §41)" },
        requirements: { zh: "须写明整改要求", en: "State what must be rectified" },
        deadline: {
          zh: "须规定整改期限：工作日数或某一工作日（004 §41 §27 限期整改）",
          en: "Set a deadline: a number of working days or a working-day date (004 §41 §27)",
        },
      },
      clocks: [{ op: "start", clock: "rectification" }],
    },
    {
      name: "report",
      label: { zh: "反馈整改情况", en: "Report the rectification" },
      basis: "004 §41",
      from: ["ordered"],
      to: "under_verification",
      by: [{ party: "handler" }],
      payload: z.strictObject({
        summary: text(),
        measures: z.array(text(1000)).min(1).max(50),
        attachments: attachmentsSchema.optional(),
      }),
      fieldHints: {
        summary: { zh: "须反馈整改情况（004 §41）", en: "Report what was rectified (004 §41)" },
        measures: { zh: "须列明所采取的整改措施", en: "List the measures taken" },
      },
      // The deadline does not run while the orderer verifies the report.
      clocks: [{ op: "pause", clock: "rectification" }],
    },
    {
      name: "accept_report",
      label: { zh: "确认整改到位", en: "Accept the report" },
      basis: "004 §41",
      from: ["under_verification"],
      to: "closed",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      payload: z.strictObject({ note: text().optional() }),
    },
    {
      name: "reject_report",
      label: { zh: "整改不到位，退回继续整改", en: "Send back: not rectified" },
      basis: "004 §27 §41",
      from: ["under_verification"],
      to: "ordered",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      payload: z.strictObject({ reasons: reasonsSchema, extraWd: z.int().min(0).max(250).default(0) }),
      fieldHints: { reasons: { zh: "退回须说明整改不到位之处", en: "State what is still not rectified" } },
      clocks: [
        { op: "resume", clock: "rectification" },
        { op: "extend", clock: "rectification", wdField: "extraWd", reasonField: "reasons", optional: true },
      ],
    },
    {
      name: "sanction",
      label: { zh: "拒不整改或整改不到位，依规处理", en: "Sanction" },
      basis: "004 §27 §41 §43; 001 §39; 002 §38",
      from: ["ordered", "under_verification"],
      to: "sanctioned",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      payload: z.strictObject({ reasons: reasonsSchema, measures: z.array(z.enum(SANCTION_MEASURES)).min(1).max(SANCTION_MEASURES.length) }),
      fieldHints: {
        reasons: { zh: "须说明处理理由", en: "State the reasons" },
        measures: { zh: "须选择处理措施", en: "Choose the measures" },
      },
      guards: [
        {
          clock: "rectification",
          must: "be_overdue",
          inStates: ["ordered"],
          code: "deadline_not_passed",
          message: {
            zh: "整改期限未届满，尚不能以逾期未整改处理（001 §39 未在规定时限内完成整改）",
            en: "The rectification deadline has not passed yet (001 §39: not rectified within the time limit)",
          },
        },
      ],
    },
    {
      name: "revoke",
      label: { zh: "撤销整改通知", en: "Revoke the order" },
      basis: "004 §41",
      from: ["ordered", "under_verification"],
      to: "revoked",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      payload: z.strictObject({ reasons: reasonsSchema }),
      fieldHints: { reasons: { zh: "撤销须说明理由", en: "State why the order is revoked" } },
    },
  ],
});
