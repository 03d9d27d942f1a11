// The demo jurisdiction's catalog: entries its departments have already published, so a newcomer finds
// real content in the portal. Every entry passes core's checkDataset like any other.
import { checkDataset, diffDatasets, type DatasetInput } from "@shuyuan/core";
import type { Transaction } from "kysely";
import { catalogRepository } from "../catalog/repository";
import type { DB } from "../db/schema";

type Provider = "market" | "health" | "transport";

const contact = (name: string, phone: string) => ({ name, phone });

function entries(region: string): { provider: Provider; content: DatasetInput }[] {
  return [
    {
      provider: "market",
      content: {
        title: "企业登记注册信息",
        code: `${region}-SCJG-0001`,
        summary: "本地登记注册企业的基本信息：统一社会信用代码、企业名称、类型、注册资本、成立日期、登记机关和登记状态。",
        catalogKind: "base",
        theme: "legal_person",
        fields: [
          { name: "credit_code", title: "统一社会信用代码", type: "string", length: 18, level: 1, sensitivity: "credit_code", key: true, required: true },
          { name: "company_name", title: "企业名称", type: "string", length: 200, level: 1, required: true },
          { name: "company_type", title: "企业类型", type: "string", level: 1 },
          { name: "registered_capital", title: "注册资本（万元）", type: "number", level: 1 },
          { name: "established_on", title: "成立日期", type: "date", level: 1 },
          { name: "registration_authority", title: "登记机关", type: "string", level: 1 },
          { name: "status", title: "登记状态", type: "string", level: 1 },
        ],
        formats: ["csv", "xlsx", "json", "api"],
        updateFrequency: "daily",
        collectionChannel: "企业登记注册系统",
        shareType: "unconditional",
        openType: "unconditional",
        level: 1,
        tags: ["营业执照", "市场主体", "企业"],
        contact: contact("市场监管局数据科", "0451-86000001"),
      },
    },
    {
      provider: "market",
      content: {
        title: "食品经营许可证信息",
        code: `${region}-SCJG-0002`,
        summary: "食品经营许可证的许可证编号、经营者名称、经营场所、主体业态、经营项目和有效期。",
        catalogKind: "theme",
        theme: "food_drug_safety",
        fields: [
          { name: "licence_no", title: "许可证编号", type: "string", level: 1, key: true, required: true },
          { name: "operator_name", title: "经营者名称", type: "string", level: 1 },
          { name: "credit_code", title: "统一社会信用代码", type: "string", length: 18, level: 1, sensitivity: "credit_code" },
          { name: "premises", title: "经营场所", type: "string", level: 1 },
          { name: "business_type", title: "主体业态", type: "string", level: 1 },
          { name: "valid_until", title: "有效期至", type: "date", level: 1 },
        ],
        formats: ["csv", "xlsx"],
        updateFrequency: "weekly",
        shareType: "unconditional",
        openType: "unconditional",
        level: 1,
        tags: ["食品安全", "行政许可"],
        contact: contact("市场监管局食品经营科", "0451-86000002"),
      },
    },
    {
      provider: "market",
      content: {
        title: "市场监管行政处罚信息",
        code: `${region}-SCJG-0003`,
        summary: "市场监管部门作出的行政处罚决定：决定书文号、当事人、违法行为类型、处罚内容和决定日期。",
        catalogKind: "theme",
        theme: "credit",
        fields: [
          { name: "decision_no", title: "处罚决定书文号", type: "string", level: 1, key: true },
          { name: "party_name", title: "当事人名称", type: "string", level: 2 },
          { name: "violation", title: "违法行为类型", type: "string", level: 1 },
          { name: "penalty", title: "处罚内容", type: "string", level: 1 },
          { name: "decided_on", title: "处罚决定日期", type: "date", level: 1 },
        ],
        formats: ["csv", "json"],
        updateFrequency: "weekly",
        shareType: "unconditional",
        openType: "conditional",
        openConditions: "经实名认证的法人或非法人组织申请，用于信用评价和风险防控，公示期满的处罚信息不再提供",
        level: 2,
        tags: ["信用", "行政处罚"],
        contact: contact("市场监管局法规科", "0451-86000003"),
      },
    },
    {
      provider: "health",
      content: {
        title: "医疗机构执业登记信息",
        code: `${region}-WJW-0001`,
        summary: "辖区医疗机构的名称、类别、地址、诊疗科目、床位数和执业许可证有效期。",
        catalogKind: "theme",
        theme: "health",
        fields: [
          { name: "institution_code", title: "登记号", type: "string", level: 1, key: true },
          { name: "institution_name", title: "机构名称", type: "string", level: 1 },
          { name: "category", title: "机构类别", type: "string", level: 1 },
          { name: "address", title: "机构地址", type: "string", level: 1 },
          { name: "departments", title: "诊疗科目", type: "string", level: 1 },
          { name: "beds", title: "核定床位数", type: "integer", level: 1 },
        ],
        formats: ["csv", "xlsx", "geojson"],
        updateFrequency: "monthly",
        shareType: "unconditional",
        openType: "unconditional",
        level: 1,
        tags: ["医疗机构", "卫生健康"],
        contact: contact("卫健委信息中心", "0451-86000011"),
      },
    },
    {
      provider: "health",
      content: {
        title: "出生医学证明签发信息",
        code: `${region}-WJW-0002`,
        summary: "出生医学证明的签发记录：新生儿姓名、性别、出生日期、母亲身份证号、签发机构。用于户籍登记和社保参保等政务服务。",
        catalogKind: "base",
        theme: "population",
        fields: [
          { name: "certificate_no", title: "出生医学证明编号", type: "string", level: 2, key: true },
          { name: "baby_name", title: "新生儿姓名", type: "string", level: 3, sensitivity: "name" },
          { name: "sex", title: "性别", type: "string", level: 2 },
          { name: "born_on", title: "出生日期", type: "date", level: 2 },
          { name: "mother_citizen_id", title: "母亲身份证号", type: "string", length: 18, level: 3, sensitivity: "citizen_id" },
          { name: "issued_by", title: "签发机构", type: "string", level: 1 },
        ],
        formats: ["api"],
        updateFrequency: "realtime",
        shareType: "conditional",
        shareConditions: { scope: "公安户籍、人社、医保部门", purpose: "新生儿落户、参保登记等政务服务" },
        openType: "none",
        openReason: "涉及个人隐私（001 §7），不予开放",
        level: 3,
        tags: ["出生", "人口"],
        contact: contact("卫健委妇幼健康处", "0451-86000012"),
      },
    },
    {
      provider: "transport",
      content: {
        title: "公交线路与站点信息",
        code: `${region}-JT-0001`,
        summary: "城市公交线路、走向、首末班时间和站点经纬度。",
        catalogKind: "theme",
        theme: "transport",
        fields: [
          { name: "line_no", title: "线路编号", type: "string", level: 1, key: true },
          { name: "line_name", title: "线路名称", type: "string", level: 1 },
          { name: "stop_name", title: "站点名称", type: "string", level: 1, key: true },
          { name: "longitude", title: "经度", type: "number", level: 1 },
          { name: "latitude", title: "纬度", type: "number", level: 1 },
          { name: "first_bus", title: "首班时间", type: "string", level: 1 },
          { name: "last_bus", title: "末班时间", type: "string", level: 1 },
        ],
        formats: ["csv", "geojson", "api"],
        updateFrequency: "monthly",
        shareType: "unconditional",
        openType: "unconditional",
        level: 1,
        tags: ["公交", "出行"],
        contact: contact("交通运输局信息中心", "0451-86000021"),
      },
    },
    {
      provider: "transport",
      content: {
        title: "道路运输经营许可信息",
        code: `${region}-JT-0002`,
        summary: "道路旅客和货物运输经营许可：经营者、许可证号、经营范围、车辆数和有效期。",
        catalogKind: "department",
        theme: "transport",
        fields: [
          { name: "licence_no", title: "经营许可证号", type: "string", level: 1, key: true },
          { name: "operator_name", title: "经营者名称", type: "string", level: 1 },
          { name: "scope", title: "经营范围", type: "string", level: 1 },
          { name: "vehicles", title: "车辆数", type: "integer", level: 2 },
          { name: "valid_until", title: "有效期至", type: "date", level: 1 },
        ],
        formats: ["xlsx"],
        updateFrequency: "quarterly",
        shareType: "unconditional",
        openType: "conditional",
        openConditions: "用于物流、出行服务开发的企业经申请后获取",
        level: 2,
        tags: ["道路运输", "行政许可"],
        contact: contact("交通运输局运输管理科", "0451-86000022"),
      },
    },
  ];
}

/** Publishes the demo entries as version 1 (in the seed's transaction). */
export async function seedDemoCatalog(trx: Transaction<DB>, regionCode: string, providers: Record<Provider, { id: string; name: string }>) {
  const repo = catalogRepository(trx);
  for (const e of entries(regionCode)) {
    const checked = checkDataset(e.content);
    if (!checked.ok) throw new Error(`demo entry ${e.content.code}: ${JSON.stringify(checked.errors)}`);
    const provider = providers[e.provider];
    const id = await repo.insertDraft(checked.content, { ...provider, region_code: regionCode }, trx);
    await repo.publish(trx, id, {
      version: 1,
      content: checked.content,
      changes: diffDatasets(null, checked.content),
      changeSummary: "首次发布",
      reviewCaseId: null,
      userId: null,
      providerName: provider.name,
      status: "published",
    });
  }
}
