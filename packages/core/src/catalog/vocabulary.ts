// The catalog's closed vocabularies (RULES.md "Classification"; 002 §6–9, 004 §13 §20–21 §33, 003 §23),
// each value with its bilingual label. Codes are what the API, Excel template and exports carry.
import type { Bilingual } from "../profiles";

type Labels<T extends string> = Readonly<Record<T, Bilingual>>;

/** 共享类型 (002 §18, 004 §21). */
export const SHARE_TYPES = ["unconditional", "conditional", "none"] as const;
export type ShareType = (typeof SHARE_TYPES)[number];
export const SHARE_TYPE_LABELS: Labels<ShareType> = {
  unconditional: { zh: "无条件共享", en: "Unconditional sharing" },
  conditional: { zh: "有条件共享", en: "Conditional sharing" },
  none: { zh: "不予共享", en: "Not shared" },
};

/** 开放类型 (001 §6–7, 004 §33). */
export const OPEN_TYPES = ["unconditional", "conditional", "none"] as const;
export type OpenType = (typeof OPEN_TYPES)[number];
export const OPEN_TYPE_LABELS: Labels<OpenType> = {
  unconditional: { zh: "无条件开放", en: "Open" },
  conditional: { zh: "有条件开放", en: "Open on conditions" },
  none: { zh: "不予开放", en: "Not open" },
};

/** 分级 (003 §23): 1 raw data may be shared; 2–3 only through APIs or models; 4 not shared. */
export const LEVELS = [1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Readonly<Record<Level, Bilingual>> = {
  1: { zh: "一级", en: "Level 1" },
  2: { zh: "二级", en: "Level 2" },
  3: { zh: "三级", en: "Level 3" },
  4: { zh: "四级", en: "Level 4" },
};

/** 目录类型 (002 §6–8, 004 §20). */
export const CATALOG_KINDS = ["base", "theme", "department"] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];
export const CATALOG_KIND_LABELS: Labels<CatalogKind> = {
  base: { zh: "基础目录", en: "Base catalog" },
  theme: { zh: "主题目录", en: "Theme catalog" },
  department: { zh: "部门目录", en: "Department catalog" },
};

/** 基础信息资源库 (002 §7, 004 §20): the areas a base catalog entry belongs to. */
export const BASE_AREAS = ["population", "legal_person", "geospatial", "natural_resources", "e_licence", "video"] as const;
/** 主题信息资源 (002 §8): the themes a theme catalog entry belongs to. */
export const THEME_AREAS = [
  "government_services",
  "social_security",
  "health",
  "food_drug_safety",
  "environment",
  "urban_management",
  "community",
  "credit",
  "emergency",
  "work_safety",
  "transport",
  "education",
  "economy",
  "agriculture",
  "culture_tourism",
  "other",
] as const;
export const THEMES = [...BASE_AREAS, ...THEME_AREAS] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Labels<Theme> = {
  population: { zh: "人口", en: "Population" },
  legal_person: { zh: "法人", en: "Legal persons" },
  geospatial: { zh: "地理空间", en: "Geospatial" },
  natural_resources: { zh: "自然资源", en: "Natural resources" },
  e_licence: { zh: "电子证照", en: "E-licences" },
  video: { zh: "视频图像", en: "Video and images" },
  government_services: { zh: "政务服务", en: "Government services" },
  social_security: { zh: "社会保障", en: "Social security" },
  health: { zh: "医疗健康", en: "Health" },
  food_drug_safety: { zh: "食品药品安全", en: "Food and drug safety" },
  environment: { zh: "生态环保", en: "Environment" },
  urban_management: { zh: "城市管理", en: "Urban management" },
  community: { zh: "社区治理", en: "Community governance" },
  credit: { zh: "信用体系", en: "Credit" },
  emergency: { zh: "应急维稳", en: "Emergency response" },
  work_safety: { zh: "安全生产", en: "Work safety" },
  transport: { zh: "交通运输", en: "Transport" },
  education: { zh: "教育", en: "Education" },
  economy: { zh: "经济发展", en: "Economy" },
  agriculture: { zh: "农业农村", en: "Agriculture" },
  culture_tourism: { zh: "文化旅游", en: "Culture and tourism" },
  other: { zh: "其他", en: "Other" },
};

/** 信息项 data types; they become the datastore's column types. */
export const FIELD_TYPES = ["string", "integer", "number", "boolean", "date", "datetime"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const FIELD_TYPE_LABELS: Labels<FieldType> = {
  string: { zh: "字符型", en: "Text" },
  integer: { zh: "整数型", en: "Integer" },
  number: { zh: "数值型", en: "Number" },
  boolean: { zh: "布尔型", en: "Yes/no" },
  date: { zh: "日期型", en: "Date" },
  datetime: { zh: "日期时间型", en: "Date and time" },
};

/** What kind of personal or sensitive information a field holds: drives validation and masking. */
export const SENSITIVITY_KINDS = [
  "none",
  "citizen_id",
  "name",
  "phone",
  "address",
  "bank_card",
  "email",
  "credit_code",
  "passport",
  "license_plate",
] as const;
export type SensitivityKind = (typeof SENSITIVITY_KINDS)[number];
export const SENSITIVITY_LABELS: Labels<SensitivityKind> = {
  none: { zh: "非敏感", en: "Not sensitive" },
  citizen_id: { zh: "身份证号", en: "Citizen ID number" },
  name: { zh: "姓名", en: "Personal name" },
  phone: { zh: "手机号码", en: "Phone number" },
  address: { zh: "住址", en: "Address" },
  bank_card: { zh: "银行卡号", en: "Bank card number" },
  email: { zh: "电子邮箱", en: "E-mail" },
  credit_code: { zh: "统一社会信用代码", en: "Unified social credit code" },
  passport: { zh: "护照号", en: "Passport number" },
  license_plate: { zh: "车牌号", en: "Licence plate" },
};
/** Sensitivity kinds that identify a natural person (个人信息): privacy under 001 §7. */
export const PERSONAL_KINDS: readonly SensitivityKind[] = ["citizen_id", "name", "phone", "address", "bank_card", "email", "passport", "license_plate"];

/** 更新频率 (001 §15, 004 §13); each maps to the EU frequency vocabulary for DCAT. */
export const UPDATE_FREQUENCIES = ["realtime", "daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "irregular", "static"] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];
export const UPDATE_FREQUENCY_LABELS: Labels<UpdateFrequency> = {
  realtime: { zh: "实时", en: "Real time" },
  daily: { zh: "每日", en: "Daily" },
  weekly: { zh: "每周", en: "Weekly" },
  monthly: { zh: "每月", en: "Monthly" },
  quarterly: { zh: "每季度", en: "Quarterly" },
  semiannual: { zh: "每半年", en: "Every six months" },
  annual: { zh: "每年", en: "Annual" },
  irregular: { zh: "不定期", en: "Irregular" },
  static: { zh: "不更新", en: "Not updated" },
};

/** 数据格式 (004 §13). */
export const FORMATS = ["csv", "xlsx", "json", "xml", "api", "pdf", "docx", "geojson", "shp", "image", "zip"] as const;
export type Format = (typeof FORMATS)[number];
