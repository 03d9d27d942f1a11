// 供需对接: a demand for data the catalog does not hold (or cannot serve).
// 004 §29: the demand names the provider, data items, scenario and basis; the provider reviews within
//          3 wd, refuses with specific reasons, or — if reasonable — publishes the catalog entry and mounts
//          the data within 10 wd.
// 002 §20 ¶3, §22 (shijingshan): the authority collects demands and tells the department; the department
//          answers an opening demand within 15 wd, with the reason if it cannot open; the authority may
//          find a demand needs no collection.
// Under any other profile no demand clock is governed, so the kind is unavailable there.
import { z } from "zod";
import { defineCaseKind } from "./define-kind";
import { HANDLER_ROLES, SUPERVISOR_ROLES } from "./parties";
import { attachmentsSchema, idSchema, noteSchema, reasonsSchema, text } from "./payload-schemas";
import { awaitThirdParty, consultationClock, consultationTransitions, consultingState } from "./third-party";

const demandFields = {
  title: text(200),
  /** 数据项 */
  dataItems: z.array(text(200)).min(1).max(200),
  /** 应用场景 */
  scenario: text(),
  attachments: attachmentsSchema.optional(),
};

const hints = {
  providerOrganisationId: { zh: "须明确数据提供部门（004 §29）", en: "Name the providing department (004 §29)" },
  dataItems: { zh: "须列明所需数据项（004 §29）", en: "List the data items needed (004 §29)" },
  scenario: { zh: "须说明应用场景（004 §29）", en: "Describe the use scenario (004 §29)" },
  basis: { zh: "须说明使用依据（004 §29）", en: "State the basis for use (004 §29)" },
  reasons: { zh: "驳回须说明具体原因（004 §29；002 §22）", en: "A refusal must state its specific reasons (004 §29; 002 §22)" },
  datasetIds: { zh: "须列明已发布并挂接数据的目录条目（004 §29）", en: "List the catalog entries published with data mounted (004 §29)" },
};

export const dataDemand = defineCaseKind({
  name: "data_demand",
  label: { zh: "数据需求（供需对接）", en: "Data demand" },
  basis: "004 §29; 002 §20 §22",
  states: [
    { name: "routing", label: { zh: "待主管部门分办", en: "Awaiting routing by the authority" } },
    { name: "under_review", label: { zh: "提供部门审核中", en: "Under review by the provider" } },
    // Publishing or opening the data may affect a third party's rights (000 §19; 001 §7).
    consultingState,
    { name: "fulfilling", label: { zh: "目录发布与数据挂接中", en: "Publishing and mounting" } },
    { name: "fulfilled", label: { zh: "已满足", en: "Fulfilled" }, terminal: true },
    { name: "refused", label: { zh: "已驳回", en: "Refused" }, terminal: true },
    { name: "withdrawn", label: { zh: "已撤回", en: "Withdrawn" }, terminal: true },
  ],
  clocks: [
    {
      name: "review",
      label: { zh: "需求审核答复时限", en: "Review and reply" },
      length: {
        from: "profile",
        candidates: [
          { key: "dataDemandReviewWd", basis: "004 §29" },
          { key: "openingDemandReplyWd", basis: "002 §22" },
        ],
      },
      ungoverned: "kind_unavailable",
      onExpiry: "escalate",
    },
    {
      name: "fulfil",
      label: { zh: "目录发布和数据挂接时限", en: "Publish catalog entry and mount data" },
      length: { from: "profile", candidates: [{ key: "dataDemandFulfilWd", basis: "004 §29" }] },
      ungoverned: "no_clock",
      onExpiry: "escalate",
    },
    consultationClock,
  ],
  transitions: [
    {
      name: "submit",
      label: { zh: "向提供部门提出数据需求", en: "Submit a demand to the provider" },
      basis: "004 §29",
      from: "create",
      to: "under_review",
      // 004 §29: 政府部门 … 可根据业务需要提出政务数据需求
      by: [{ party: "applicant" }],
      openers: ["department", "authority"],
      payload: z.strictObject({ ...demandFields, providerOrganisationId: idSchema, basis: text() }),
      fieldHints: hints,
      clocks: [{ op: "start", clock: "review" }],
    },
    {
      name: "submit_to_authority",
      label: { zh: "向主管部门提出数据需求", en: "Submit a demand to the authority" },
      basis: "002 §20 §22",
      from: "create",
      to: "routing",
      // 002 §22: 开放需求 from anyone, collected by the authority; 002 §20: departments' demands for uncatalogued data.
      by: [{ party: "applicant" }],
      openers: ["department", "authority", "public_org", "operator", "natural_person"],
      payload: z.strictObject({ ...demandFields, purpose: z.enum(["sharing", "opening"]), basis: text().optional() }),
      fieldHints: hints,
    },
    {
      name: "forward",
      label: { zh: "分办至提供部门", en: "Forward to the provider" },
      basis: "002 §20 §22",
      from: ["routing"],
      to: "under_review",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      payload: z.strictObject({ providerOrganisationId: idSchema, note: noteSchema }),
      fieldHints: hints,
      clocks: [{ op: "start", clock: "review" }],
    },
    {
      name: "dismiss",
      label: { zh: "不予采集（主管部门）", en: "Dismiss (authority)" },
      basis: "002 §20",
      from: ["routing"],
      to: "refused",
      by: [{ party: "authority", roles: SUPERVISOR_ROLES }],
      payload: z.strictObject({ reasons: reasonsSchema }),
      fieldHints: hints,
    },
    {
      name: "accept",
      label: { zh: "需求合理，受理并组织发布挂接", en: "Accept: publish and mount" },
      basis: "004 §29",
      from: ["under_review", "consulting"],
      to: "fulfilling",
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: z.strictObject({ plan: text().optional(), note: noteSchema }),
      guards: [awaitThirdParty],
      clocks: [
        { op: "stop", clock: "review" },
        { op: "start", clock: "fulfil" },
      ],
    },
    {
      name: "fulfil",
      label: { zh: "已发布目录并挂接数据", en: "Catalog entry published, data mounted" },
      basis: "004 §29",
      // From under_review too: the data may already be in the catalog (an answer pointing to it).
      from: ["under_review", "consulting", "fulfilling"],
      to: "fulfilled",
      by: [{ party: "handler", roles: [...HANDLER_ROLES, "catalog_editor"] }],
      payload: z.strictObject({ datasetIds: z.array(idSchema).min(1).max(100), note: noteSchema }),
      fieldHints: hints,
      guards: [awaitThirdParty],
    },
    {
      name: "refuse",
      label: { zh: "驳回（说明具体原因）", en: "Refuse with reasons" },
      basis: "004 §29; 002 §22",
      from: ["under_review", "consulting"],
      to: "refused",
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: z.strictObject({ reasons: reasonsSchema }),
      fieldHints: hints,
      guards: [awaitThirdParty],
    },
    ...consultationTransitions("under_review"),
    {
      name: "withdraw",
      label: { zh: "撤回需求", en: "Withdraw" },
      basis: "004 §29",
      from: ["routing", "under_review", "consulting", "fulfilling"],
      to: "withdrawn",
      by: [{ party: "applicant" }],
      payload: z.strictObject({ reason: text().optional() }),
    },
  ],
});
