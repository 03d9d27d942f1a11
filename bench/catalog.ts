/**
 * Catalog-search benchmark (issue 5): 100,000 generated Chinese catalog entries from 40 departments,
 * searched through the catalog service in-process, through HTTP, and as bare SQL on PostgreSQL in the
 * same run; then where a search's time goes (page query, count, facets, JavaScript). Target: p95 < 30 ms.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/catalog.ts
 *
 * Env: BENCH_CATALOG_ENTRIES (100000), BENCH_CATALOG_ROUNDS (timed passes over the query mix, 10),
 * BENCH_CATALOG_SECONDS (autocannon run, 10), BENCH_CATALOG_KEEP=1 keeps the database (its URL is printed),
 * BENCH_CATALOG_DATABASE=<url> measures an existing one again without generating (e.g. after adding an index),
 * BENCH_CATALOG_EXPLAIN=1 prints the plans of the slowest search's statements.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import {
  BASE_AREAS,
  catalogScope,
  checkDataset,
  diffDatasets,
  FORMATS,
  UPDATE_FREQUENCIES,
  type DatasetContent,
  type DatasetInput,
  type FieldType,
  type Format,
  type Level,
  type SensitivityKind,
  type Theme,
} from "@shuyuan/core";
import { Kysely, PostgresDialect, sql, type LogEvent } from "kysely";
import pg from "pg";
import { withScratchDatabase } from "./scratch-database";
import { catalogRepository, type CatalogFilters } from "../packages/server/src/catalog/repository";
import { entryLexemes, queryLexemes, tsquery } from "../packages/server/src/catalog/search-text";
import { loadConfig } from "../packages/server/src/config";
import type { DB } from "../packages/server/src/db/schema";
import { DEMO_PASSWORD } from "../packages/server/src/demo/seed";
import type { Actor } from "../packages/server/src/identity/actor";
import { identityRepository } from "../packages/server/src/identity/repository";
import { identityService } from "../packages/server/src/identity/service";
import { organisationRepository } from "../packages/server/src/organisations/repository";
import { regions } from "../packages/server/src/regions/regions";
import { startServer, type RunningServer } from "../packages/server/src/server";

const N = Number(process.env.BENCH_CATALOG_ENTRIES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_CATALOG_ROUNDS ?? 10);
const SECONDS = Number(process.env.BENCH_CATALOG_SECONDS ?? 10);
const KEEP = process.env.BENCH_CATALOG_KEEP === "1";
const EXPLAIN = process.env.BENCH_CATALOG_EXPLAIN === "1";
const REUSE = process.env.BENCH_CATALOG_DATABASE;
const TARGET_P95_MS = 30;
const BATCH = 500; // rows per INSERT: ~14k bind parameters, well under PostgreSQL's 65,535
const PAGE_SIZE = 20;
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error("bench/catalog.ts needs a PostgreSQL server: set DATABASE_URL=postgres://…");
  process.exit(2);
}

// ---- small helpers --------------------------------------------------------------------------------

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : 0);
/** Nearest-rank percentile. */
function pct(xs: number[], p: number) {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
/** Pads to a display width: CJK characters take two columns in a terminal. */
const padTo = (s: string, width: number) => s + " ".repeat(Math.max(0, width - [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0)));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

/** Seeded PRNG (mulberry32), so every run generates the same catalog. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const weighted = <T>(xs: readonly T[], weight: (x: T) => number) => {
    let r = next() * sum(xs.map(weight));
    for (const x of xs) if ((r -= weight(x)) < 0) return x;
    return xs[xs.length - 1];
  };
  const some = <T>(xs: readonly T[], n: number) => [...xs].sort(() => next() - 0.5).slice(0, n);
  return { next, int, pick, weighted, some, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

// ---- vocabulary of Chinese government data ----------------------------------------------------------

interface FieldSpec {
  title: string;
  type: FieldType;
  level: Level;
  sensitivity: SensitivityKind;
}
const F = (title: string, type: FieldType = "string", level: Level = 1, sensitivity: SensitivityKind = "none"): FieldSpec => ({ title, type, level, sensitivity });

/** 信息项 by field name (the field name is the key). */
const FIELDS = {
  credit_code: F("统一社会信用代码", "string", 1, "credit_code"),
  company_name: F("企业名称"),
  company_type: F("企业类型"),
  legal_rep: F("法定代表人", "string", 2, "name"),
  registered_capital: F("注册资本（万元）", "number"),
  established_on: F("成立日期", "date"),
  reg_authority: F("登记机关"),
  reg_status: F("登记状态"),
  business_scope: F("经营范围"),
  org_name: F("机构名称"),
  org_type: F("机构类别"),
  address: F("地址", "string", 2, "address"),
  person_name: F("姓名", "string", 3, "name"),
  citizen_id: F("身份证号", "string", 3, "citizen_id"),
  phone: F("联系电话", "string", 3, "phone"),
  sex: F("性别", "string", 2),
  birth_date: F("出生日期", "date", 2),
  ethnicity: F("民族", "string", 2),
  household_addr: F("户籍地址", "string", 3, "address"),
  email: F("电子邮箱", "string", 3, "email"),
  bank_account: F("银行账号", "string", 4, "bank_card"),
  passport_no: F("护照号码", "string", 4, "passport"),
  licence_no: F("许可证编号"),
  cert_no: F("证书编号"),
  issued_on: F("发证日期", "date"),
  valid_until: F("有效期至", "date"),
  issuer: F("发证机关"),
  holder_name: F("持证主体名称"),
  decision_no: F("处罚决定书文号"),
  violation: F("违法行为类型"),
  penalty: F("处罚内容"),
  decided_on: F("决定日期", "date"),
  beds: F("核定床位数", "integer"),
  clinical_depts: F("诊疗科目"),
  practice_scope: F("执业范围"),
  vaccine_name: F("疫苗名称"),
  dose_no: F("接种剂次", "integer", 2),
  vaccinated_at: F("接种时间", "datetime", 2),
  disease: F("病种名称"),
  cases_count: F("病例数", "integer"),
  plate_no: F("号牌号码", "string", 3, "license_plate"),
  vehicle_type: F("车辆类型"),
  vin: F("车辆识别代号", "string", 2),
  driving_class: F("准驾车型"),
  route_no: F("线路编号"),
  route_name: F("线路名称"),
  stop_name: F("站点名称"),
  longitude: F("经度", "number"),
  latitude: F("纬度", "number"),
  first_departure: F("首班时间"),
  last_departure: F("末班时间"),
  parcel_code: F("宗地代码"),
  realty_cert_no: F("不动产权证书号", "string", 2),
  area_sqm: F("面积（平方米）", "number"),
  land_use: F("用途"),
  right_holder: F("权利人", "string", 3, "name"),
  right_type: F("权利类型"),
  insurance_type: F("险种类型"),
  contribution_base: F("缴费基数", "number", 3),
  contribution_month: F("缴费年月"),
  insured_status: F("参保状态", "string", 2),
  employer: F("参保单位名称"),
  amount: F("金额（元）", "number", 2),
  school_name: F("学校名称"),
  school_type: F("办学类型"),
  students: F("在校生数", "integer"),
  teachers: F("教职工数", "integer"),
  enrol_plan: F("招生计划数", "integer"),
  station_name: F("监测点位名称"),
  pollutant: F("监测项目"),
  concentration: F("监测值", "number"),
  monitored_at: F("监测时间", "datetime"),
  aqi: F("空气质量指数", "integer"),
  water_class: F("水质类别"),
  emission_t: F("排放量（吨）", "number"),
  case_no: F("案件编号"),
  case_type: F("案件类别"),
  occurred_at: F("发生时间", "datetime"),
  location: F("发生地点"),
  casualties: F("伤亡人数", "integer", 2),
  indicator: F("指标名称"),
  indicator_value: F("指标值", "number"),
  unit: F("计量单位"),
  stat_year: F("统计年度", "integer"),
  project_name: F("项目名称"),
  project_code: F("项目代码"),
  investment: F("总投资（万元）", "number"),
  approved_on: F("批准日期", "date"),
  venue_name: F("场所名称"),
  capacity: F("容纳人数", "integer"),
  grade: F("等级"),
  crop: F("作物品种"),
  sown_area: F("播种面积（亩）", "number"),
  output_t: F("产量（吨）", "number"),
  river_name: F("河湖名称"),
  water_level: F("水位（米）", "number"),
  flow: F("流量（立方米每秒）", "number"),
  region_name: F("行政区划"),
  updated_at: F("数据更新时间", "datetime"),
  remarks: F("备注"),
} satisfies Record<string, FieldSpec>;
type FieldName = keyof typeof FIELDS;
/** Fields many entries carry besides their subject's own. */
const COMMON_FIELDS: FieldName[] = ["region_name", "updated_at", "remarks", "stat_year"];

interface Subject {
  title: string;
  theme: Theme;
  fields: FieldName[];
  tags: string[];
  /** Relative frequency within the department; rare subjects make rare search terms. */
  weight: number;
}
const S = (title: string, theme: Theme, fields: string, tags: string, weight = 1): Subject => ({
  title,
  theme,
  fields: fields.split(" ") as FieldName[],
  tags: tags.split(" "),
  weight,
});
const RARE = 0.03;

interface Department {
  abbr: string;
  /** The provincial department's name; a city's replaces 厅 with 局 unless `cityName` says otherwise. */
  name: string;
  cityName?: string;
  /** Relative size of its catalog. */
  size: number;
  subjects: Subject[];
}

const DEPARTMENTS: Record<string, Department> = {
  market: { abbr: "SCJG", name: "市场监督管理局", size: 3, subjects: [
    S("企业登记注册信息", "legal_person", "credit_code company_name company_type legal_rep registered_capital established_on reg_authority reg_status", "营业执照 市场主体 企业"),
    S("企业营业执照信息", "e_licence", "credit_code company_name legal_rep business_scope issued_on issuer", "营业执照 电子证照"),
    S("个体工商户登记信息", "legal_person", "credit_code company_name person_name business_scope established_on reg_status", "个体工商户 市场主体"),
    S("食品经营许可证信息", "food_drug_safety", "licence_no holder_name credit_code address business_scope valid_until", "食品安全 行政许可"),
    S("食品生产许可证信息", "food_drug_safety", "licence_no holder_name credit_code address valid_until issuer", "食品安全 行政许可"),
    S("市场监管行政处罚信息", "credit", "decision_no company_name credit_code violation penalty decided_on", "信用 行政处罚"),
    S("经营异常名录信息", "credit", "credit_code company_name decided_on reg_authority", "信用 经营异常"),
    S("特种设备使用登记信息", "work_safety", "cert_no holder_name address issued_on", "特种设备 安全"),
    S("产品质量监督抽查结果", "food_drug_safety", "company_name credit_code indicator decided_on", "产品质量 抽查"),
    S("药品零售企业许可信息", "food_drug_safety", "licence_no company_name address valid_until", "药品 行政许可"),
    S("计量器具强制检定信息", "economy", "cert_no holder_name indicator issued_on", "计量"),
    S("商标专用权质押登记信息", "economy", "cert_no company_name amount issued_on", "商标 知识产权", RARE),
    S("消费投诉举报信息", "government_services", "case_no company_name case_type occurred_at", "消费维权 投诉"),
  ] },
  health: { abbr: "WJW", name: "卫生健康委员会", size: 2.5, subjects: [
    S("医疗机构执业登记信息", "health", "licence_no org_name org_type address clinical_depts beds valid_until", "医疗机构 卫生健康"),
    S("医师执业注册信息", "health", "cert_no person_name org_name practice_scope issued_on", "医师 执业注册"),
    S("护士执业注册信息", "health", "cert_no person_name org_name issued_on valid_until", "护士 执业注册"),
    S("出生医学证明签发信息", "population", "cert_no person_name sex birth_date citizen_id issuer", "出生 人口"),
    S("预防接种信息", "health", "person_name citizen_id vaccine_name dose_no vaccinated_at org_name", "疫苗 预防接种"),
    S("法定传染病疫情统计", "health", "disease cases_count stat_year region_name", "传染病 疾控"),
    S("公共场所卫生许可信息", "health", "licence_no venue_name address valid_until", "公共场所 卫生许可"),
    S("职业病危害项目申报信息", "work_safety", "company_name credit_code indicator decided_on", "职业健康"),
    S("死亡医学证明信息", "population", "cert_no person_name citizen_id occurred_at", "死亡 人口"),
  ] },
  police: { abbr: "GA", name: "公安厅", size: 3, subjects: [
    S("户籍人口信息", "population", "person_name citizen_id sex birth_date ethnicity household_addr", "户籍 人口"),
    S("居民身份证签发信息", "population", "person_name citizen_id issued_on valid_until issuer", "身份证 人口"),
    S("机动车登记信息", "transport", "plate_no vehicle_type vin person_name issued_on", "机动车 车辆"),
    S("机动车驾驶证信息", "e_licence", "cert_no person_name citizen_id driving_class valid_until", "驾驶证 电子证照"),
    S("道路交通违法处理信息", "transport", "decision_no plate_no violation penalty decided_on", "交通违法 行政处罚"),
    S("道路交通事故信息", "transport", "case_no occurred_at location casualties", "交通事故"),
    S("流动人口居住登记信息", "population", "person_name citizen_id address issued_on", "居住证 流动人口"),
    S("治安视频监控点位信息", "video", "station_name longitude latitude address", "视频监控 公共安全"),
    S("出入境证件签发信息", "population", "person_name passport_no issued_on valid_until", "出入境 护照", RARE),
    S("民用无人机实名登记信息", "urban_management", "cert_no holder_name phone issued_on", "无人机 低空", RARE),
  ] },
  transport: { abbr: "JT", name: "交通运输厅", size: 2, subjects: [
    S("道路运输经营许可信息", "transport", "licence_no company_name credit_code business_scope valid_until", "道路运输 行政许可"),
    S("道路运输从业人员资格信息", "transport", "cert_no person_name citizen_id issued_on valid_until", "道路运输 从业资格"),
    S("公交线路与站点信息", "transport", "route_no route_name stop_name longitude latitude first_departure last_departure", "公交 出行"),
    S("出租汽车经营许可信息", "transport", "licence_no company_name plate_no valid_until", "出租车 客运"),
    S("网络预约出租汽车运输证信息", "transport", "cert_no plate_no company_name issued_on", "网约车 客运"),
    S("公路路况信息", "transport", "route_name location occurred_at indicator", "公路 出行"),
    S("客运站班次信息", "transport", "station_name route_name first_departure last_departure", "客运 出行"),
    S("公路建设项目信息", "economy", "project_name project_code investment approved_on", "公路 建设项目"),
    S("港口航道通航信息", "transport", "river_name water_level indicator updated_at", "港口 航道", RARE),
  ] },
  land: { abbr: "ZRZY", name: "自然资源厅", cityName: "自然资源和规划局", size: 2, subjects: [
    S("不动产登记信息", "natural_resources", "realty_cert_no parcel_code right_holder right_type area_sqm land_use issued_on", "不动产 登记"),
    S("不动产权证书信息", "e_licence", "realty_cert_no right_holder address area_sqm issued_on", "不动产 电子证照"),
    S("国有建设用地使用权出让信息", "natural_resources", "parcel_code location area_sqm land_use amount decided_on", "土地出让"),
    S("永久基本农田保护信息", "natural_resources", "parcel_code region_name area_sqm", "耕地保护 基本农田"),
    S("地质灾害隐患点信息", "emergency", "location longitude latitude grade", "地质灾害"),
    S("矿产资源开采许可信息", "natural_resources", "licence_no company_name area_sqm valid_until", "矿产 行政许可"),
    S("基础测绘成果目录", "geospatial", "project_name grade issued_on", "测绘 地理信息"),
    S("土地利用现状数据", "geospatial", "parcel_code land_use area_sqm region_name", "国土调查 地理信息"),
    S("地热资源勘查信息", "natural_resources", "project_name location indicator", "地热 矿产", RARE),
  ] },
  hr: { abbr: "RS", name: "人力资源和社会保障厅", size: 2, subjects: [
    S("社会保险参保信息", "social_security", "person_name citizen_id insurance_type insured_status employer contribution_base", "社会保险 参保"),
    S("养老保险缴费信息", "social_security", "person_name citizen_id contribution_month contribution_base amount", "养老保险 缴费"),
    S("失业保险金发放信息", "social_security", "person_name citizen_id amount contribution_month", "失业保险"),
    S("工伤认定信息", "social_security", "case_no person_name employer decided_on", "工伤保险"),
    S("就业登记信息", "economy", "person_name citizen_id employer issued_on", "就业"),
    S("职业技能等级证书信息", "e_licence", "cert_no person_name grade issued_on", "职业技能 电子证照"),
    S("社会保障卡发放信息", "social_security", "person_name citizen_id cert_no bank_account issued_on", "社保卡"),
    S("劳动保障监察案件信息", "credit", "case_no company_name violation decided_on", "劳动监察 信用"),
  ] },
  education: { abbr: "JY", name: "教育厅", size: 1.5, subjects: [
    S("学校基本信息", "education", "school_name school_type address students teachers", "学校 教育"),
    S("义务教育学校招生信息", "education", "school_name enrol_plan region_name stat_year", "招生 义务教育"),
    S("中小学教师资格信息", "education", "cert_no person_name grade issued_on", "教师资格"),
    S("学生资助信息", "education", "person_name citizen_id school_name amount", "学生资助"),
    S("民办学校办学许可信息", "education", "licence_no school_name address valid_until", "民办教育 行政许可"),
    S("校外培训机构信息", "education", "org_name licence_no address", "校外培训"),
  ] },
  civil: { abbr: "MZ", name: "民政厅", size: 1.5, subjects: [
    S("婚姻登记信息", "population", "cert_no person_name citizen_id issued_on", "婚姻登记"),
    S("最低生活保障对象信息", "social_security", "person_name citizen_id amount region_name", "低保 社会救助"),
    S("社会组织登记信息", "legal_person", "credit_code org_name org_type legal_rep established_on", "社会组织"),
    S("养老机构备案信息", "social_security", "org_name address beds issued_on", "养老机构 养老服务"),
    S("特困人员救助供养信息", "social_security", "person_name citizen_id amount", "社会救助"),
    S("标准地名信息", "geospatial", "region_name longitude latitude", "地名"),
    S("残疾人两项补贴发放信息", "social_security", "person_name citizen_id amount contribution_month", "残疾人 补贴"),
    S("殡葬服务机构信息", "social_security", "org_name address licence_no", "殡葬", RARE),
  ] },
  housing: { abbr: "ZJ", name: "住房和城乡建设厅", size: 2, subjects: [
    S("商品房预售许可信息", "urban_management", "licence_no project_name company_name area_sqm issued_on", "商品房 预售"),
    S("房屋网签备案信息", "urban_management", "cert_no address area_sqm amount decided_on", "网签备案 房屋交易"),
    S("建筑业企业资质信息", "legal_person", "cert_no company_name credit_code grade valid_until", "建筑业 资质"),
    S("建筑工程施工许可信息", "urban_management", "licence_no project_name company_name investment issued_on", "施工许可"),
    S("住房公积金缴存信息", "social_security", "person_name citizen_id employer contribution_base amount", "住房公积金"),
    S("物业服务企业信息", "urban_management", "company_name credit_code address", "物业"),
    S("存量房交易信息", "urban_management", "address area_sqm amount decided_on", "二手房 房屋交易"),
    S("保障性住房信息", "social_security", "project_name address area_sqm", "保障房"),
  ] },
  ecology: { abbr: "STHJ", name: "生态环境厅", size: 1.5, subjects: [
    S("环境空气质量监测数据", "environment", "station_name pollutant concentration aqi monitored_at", "空气质量 环境监测"),
    S("地表水水质监测数据", "environment", "station_name river_name water_class concentration monitored_at", "水质 环境监测"),
    S("排污许可证信息", "environment", "licence_no company_name credit_code pollutant valid_until", "排污许可"),
    S("重点排污单位信息", "environment", "company_name credit_code pollutant emission_t", "排污 重点单位"),
    S("建设项目环境影响评价审批信息", "environment", "project_name company_name decided_on", "环评"),
    S("生态环境行政处罚信息", "credit", "decision_no company_name violation penalty decided_on", "行政处罚 信用"),
    S("碳排放配额分配信息", "environment", "company_name credit_code emission_t stat_year", "碳排放 双碳", RARE),
  ] },
  agri: { abbr: "NY", name: "农业农村厅", size: 1, subjects: [
    S("农作物种植面积信息", "agriculture", "crop sown_area output_t region_name stat_year", "农业 种植"),
    S("农产品质量安全检测信息", "food_drug_safety", "crop indicator indicator_value decided_on", "农产品 食品安全"),
    S("农机购置补贴信息", "agriculture", "person_name amount vehicle_type decided_on", "农机 补贴"),
    S("家庭农场名录", "agriculture", "org_name person_name address sown_area", "家庭农场"),
    S("兽药经营许可信息", "food_drug_safety", "licence_no company_name valid_until", "兽药 行政许可"),
    S("农村土地承包经营权信息", "agriculture", "cert_no right_holder area_sqm issued_on", "土地承包"),
  ] },
  water: { abbr: "SL", name: "水利厅", size: 0.8, subjects: [
    S("河湖长制信息", "environment", "river_name person_name region_name", "河长制"),
    S("水文监测信息", "emergency", "station_name river_name water_level flow monitored_at", "水文 防汛"),
    S("取水许可信息", "natural_resources", "licence_no company_name indicator_value valid_until", "取水许可"),
    S("水库基本信息", "natural_resources", "venue_name location capacity grade", "水库"),
  ] },
  culture: { abbr: "WL", name: "文化和旅游厅", size: 1, subjects: [
    S("A级旅游景区信息", "culture_tourism", "venue_name grade address longitude latitude", "旅游景区 文旅"),
    S("旅行社经营许可信息", "culture_tourism", "licence_no company_name address valid_until", "旅行社"),
    S("公共图书馆信息", "culture_tourism", "venue_name address capacity", "图书馆 公共文化"),
    S("星级饭店信息", "culture_tourism", "venue_name grade address", "饭店 住宿"),
    S("文物保护单位信息", "culture_tourism", "venue_name grade location", "文物保护", RARE),
    S("非物质文化遗产代表性项目信息", "culture_tourism", "project_name grade region_name", "非遗 文化遗产", RARE),
  ] },
  emergency: { abbr: "YJ", name: "应急管理厅", size: 1, subjects: [
    S("危险化学品经营许可信息", "work_safety", "licence_no company_name credit_code business_scope valid_until", "危险化学品 安全生产"),
    S("安全生产许可信息", "work_safety", "licence_no company_name valid_until", "安全生产 行政许可"),
    S("应急避难场所信息", "emergency", "venue_name address capacity longitude latitude", "应急避难"),
    S("自然灾害灾情信息", "emergency", "occurred_at location casualties amount", "自然灾害"),
    S("安全生产行政处罚信息", "credit", "decision_no company_name violation penalty decided_on", "行政处罚 安全生产"),
  ] },
  medins: { abbr: "YB", name: "医疗保障局", size: 1.2, subjects: [
    S("医保定点医药机构信息", "health", "org_name org_type address issued_on", "医保 定点机构"),
    S("基本医疗保险参保信息", "social_security", "person_name citizen_id insurance_type insured_status", "医保 参保"),
    S("医保结算信息", "health", "person_name citizen_id org_name amount occurred_at", "医保 结算"),
    S("药品集中带量采购信息", "food_drug_safety", "project_name company_name amount decided_on", "药品 集中采购"),
    S("门诊慢特病待遇认定信息", "health", "person_name citizen_id disease decided_on", "慢特病"),
  ] },
  stats: { abbr: "TJ", name: "统计局", size: 0.6, subjects: [
    S("地区生产总值统计数据", "economy", "indicator indicator_value unit stat_year region_name", "GDP 国民经济"),
    S("规模以上工业统计数据", "economy", "indicator indicator_value unit stat_year", "工业 统计"),
    S("人口抽样调查数据", "population", "indicator indicator_value stat_year region_name", "人口 统计"),
    S("居民消费价格指数", "economy", "indicator indicator_value stat_year", "CPI 物价"),
    S("固定资产投资统计数据", "economy", "indicator indicator_value unit stat_year", "投资 统计"),
  ] },
  justice: { abbr: "SF", name: "司法厅", size: 0.6, subjects: [
    S("律师执业信息", "government_services", "cert_no person_name org_name issued_on", "律师"),
    S("律师事务所信息", "legal_person", "credit_code org_name address", "律师事务所"),
    S("公证机构信息", "government_services", "org_name address phone", "公证"),
    S("法律援助案件信息", "government_services", "case_no case_type decided_on", "法律援助"),
    S("司法鉴定机构信息", "government_services", "licence_no org_name practice_scope", "司法鉴定"),
  ] },
  commerce: { abbr: "SW", name: "商务厅", size: 0.6, subjects: [
    S("对外贸易经营者备案信息", "economy", "credit_code company_name issued_on", "外贸"),
    S("外商投资企业信息", "legal_person", "credit_code company_name investment established_on", "外商投资"),
    S("单用途商业预付卡备案信息", "economy", "company_name credit_code amount", "预付卡"),
    S("再生资源回收经营者备案信息", "environment", "company_name address issued_on", "再生资源"),
  ] },
  forestry: { abbr: "LC", name: "林业和草原局", size: 0.6, subjects: [
    S("林木采伐许可信息", "natural_resources", "licence_no holder_name area_sqm issued_on", "林木采伐"),
    S("森林资源调查数据", "natural_resources", "parcel_code area_sqm indicator stat_year", "森林资源"),
    S("森林防火监测信息", "emergency", "station_name longitude latitude monitored_at", "森林防火"),
    S("自然保护地信息", "environment", "venue_name area_sqm grade", "自然保护地"),
  ] },
  sports: { abbr: "TY", name: "体育局", size: 0.4, subjects: [
    S("公共体育场馆信息", "culture_tourism", "venue_name address capacity", "体育场馆 全民健身"),
    S("全民健身站点信息", "culture_tourism", "venue_name longitude latitude", "全民健身"),
    S("高危险性体育项目经营许可信息", "culture_tourism", "licence_no company_name valid_until", "体育 行政许可"),
  ] },
  veterans: { abbr: "TYJR", name: "退役军人事务厅", size: 0.4, subjects: [
    S("退役军人信息", "population", "person_name citizen_id birth_date address", "退役军人"),
    S("优抚对象抚恤补助信息", "social_security", "person_name citizen_id amount", "优抚"),
    S("烈士纪念设施信息", "culture_tourism", "venue_name grade location", "烈士纪念", RARE),
  ] },
  ndrc: { abbr: "FGW", name: "发展和改革委员会", size: 0.8, subjects: [
    S("政府投资项目审批信息", "economy", "project_name project_code investment approved_on", "投资项目 审批"),
    S("企业投资项目核准备案信息", "economy", "project_name project_code company_name investment approved_on", "投资项目 备案"),
    S("重要商品价格监测信息", "economy", "indicator indicator_value unit monitored_at", "价格监测"),
    S("信用承诺信息", "credit", "credit_code company_name decided_on", "信用承诺 信用"),
  ] },
  urban: { abbr: "CG", name: "城市管理局", size: 1, subjects: [
    S("户外广告设置许可信息", "urban_management", "licence_no holder_name address valid_until", "户外广告"),
    S("城市道路挖掘许可信息", "urban_management", "licence_no project_name location valid_until", "道路挖掘"),
    S("生活垃圾分类收运信息", "urban_management", "station_name region_name output_t", "垃圾分类"),
    S("违法建设查处信息", "urban_management", "case_no location decided_on", "违法建设"),
  ] },
};

/** 40 providers: 22 provincial departments (黑龙江省), 12 of Harbin, 6 of Qiqihar. */
const PROVIDERS: { region: string; departments: string[] }[] = [
  { region: "230000", departments: ["market", "health", "transport", "police", "land", "hr", "education", "civil", "housing", "ecology", "agri", "water", "culture", "emergency", "medins", "stats", "justice", "commerce", "forestry", "sports", "veterans", "ndrc"] },
  { region: "230100", departments: ["market", "health", "police", "transport", "land", "hr", "education", "civil", "housing", "ecology", "urban", "medins"] },
  { region: "230200", departments: ["market", "health", "police", "transport", "education", "civil"] },
];

const PURPOSES = ["用于政务服务“一网通办”", "支撑事中事后监管和信用评价", "服务企业开办和群众办事", "为城市运行监测提供数据支撑", "用于统计分析和辅助决策", "支撑跨部门业务协同"];
const QUALIFIERS = ["（变更）", "（注销）", "汇总", "明细", "统计", "历史数据", "年报", "月报", "存量", "增量"];
const SHARE_BASES = ["《中华人民共和国个人信息保护法》第十三条", "《中华人民共和国保守国家秘密法》", "《中华人民共和国统计法》第二十五条"];
const FREQUENCY_WEIGHT: Record<string, number> = { realtime: 1, daily: 3, weekly: 2, monthly: 3, quarterly: 1.5, semiannual: 0.5, annual: 2, irregular: 1, static: 0.5 };
const FORMAT_WEIGHT: Record<Format, number> = { csv: 5, xlsx: 5, json: 4, xml: 1, api: 4, pdf: 1, docx: 0.5, geojson: 1, shp: 0.5, image: 0.3, zip: 0.5 };

/**
 * The query mix: single words, two words, rare terms, terms matching nothing (both take the any-word
 * fallback: two searches), and the portal's first page (no words, newest first, facets over everything).
 */
const QUERIES = [
  "", "营业执照", "医疗机构", "不动产登记", "社会保险参保", "道路运输", "企业", "学校", "行政处罚", "身份证号",
  "统一社会信用代码", "企业 登记", "医疗机构 执业", "道路运输 许可", "食品经营许可", "养老机构", "公交线路", "环境监测",
  "排污许可证", "机动车驾驶证", "住房公积金", "二手房", "低保", "哈尔滨 公交", "南岗区 企业", "2023年 统计",
  "殡葬", "地热", "文物保护", "无人机", "量子纠缠", "xyzzy",
];

// ---- generating the catalog ----------------------------------------------------------------------

interface Provider {
  id: string;
  name: string;
  region_code: string;
  dept: Department;
  /** Names of the regions under it, for entries about one of them (南岗区…, 齐齐哈尔市…). */
  places: string[];
  seq: number;
}

const orgName = (region: string, d: Department) => {
  const r = regions().get(region)!;
  return r.level === "province" ? `${r.name}${d.name}` : `${r.name}${d.cityName ?? d.name.replace(/厅$/, "局")}`;
};

/** The 40 providers, reusing the demo's organisations where the names match (so `market` owns some entries). */
async function providers(db: Kysely<DB>): Promise<Provider[]> {
  const wanted = PROVIDERS.flatMap(({ region, departments }) => departments.map((key) => ({ region, dept: DEPARTMENTS[key], name: orgName(region, DEPARTMENTS[key]) })));
  await db
    .insertInto("organisations")
    .values(wanted.map((w) => ({ name: w.name, kind: "department" as const, region_code: w.region })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  const rows = await db.selectFrom("organisations").select(["id", "name", "region_code"]).where("name", "in", wanted.map((w) => w.name)).execute();
  return wanted.map((w) => {
    const row = rows.find((r) => r.name === w.name && r.region_code === w.region)!;
    return { ...row, dept: w.dept, places: regions().childrenOf(w.region).map((c) => c.name).filter((n) => n !== "市辖区"), seq: 0 };
  });
}

interface Generated {
  provider: Provider;
  content: DatasetContent;
  status: "draft" | "under_review" | "published" | "revoking" | "revoked";
  publishedAt: Date;
  usage: number;
}

/** One entry's content as a department would compile it; it must pass core's checkDataset. */
function compose(r: Rng, provider: Provider): DatasetInput {
  const subject = r.weighted(provider.dept.subjects, (s) => s.weight);
  const place = r.chance(0.35) ? r.pick(provider.places) : "";
  const year = r.chance(0.3) ? `${r.int(2016, 2025)}年` : "";
  const title = `${place}${year}${subject.title}${r.chance(0.3) ? r.pick(QUALIFIERS) : ""}`;
  const extra = r.some(COMMON_FIELDS.filter((f) => !subject.fields.includes(f)), r.int(0, 3));
  const fields = [...subject.fields, ...extra].map((name, i) => {
    const f = FIELDS[name];
    // Some departments grade a field a level higher than usual.
    const level = Math.min(4, f.level + (r.chance(0.08) ? 1 : 0)) as Level;
    return { name, title: f.title, type: f.type, level, sensitivity: f.sensitivity, key: i === 0, required: i < 2, ...(name === "remarks" ? { description: `${subject.title}的补充说明` } : {}) };
  });
  const highest = Math.max(...fields.map((f) => f.level));
  const level = (r.chance(0.03) ? 4 : Math.min(4, highest + (r.chance(0.12) ? 1 : 0))) as Level;
  const personal = fields.some((f) => f.sensitivity !== "none" && f.sensitivity !== "credit_code");

  // Level 4 is never shared or opened unconditionally (003 §23); personal data is rarely opened (001 §7).
  let shareType = r.weighted(["unconditional", "conditional", "none"] as const, (t) => ({ unconditional: 55, conditional: 30, none: 15 })[t]);
  if (level === 4 && shareType === "unconditional") shareType = "conditional";
  let openType = r.weighted(["unconditional", "conditional", "none"] as const, (t) => ({ unconditional: personal ? 15 : 65, conditional: personal ? 45 : 20, none: personal ? 40 : 15 })[t]);
  if (level === 4 && openType === "unconditional") openType = "conditional";

  const isBase = (BASE_AREAS as readonly Theme[]).includes(subject.theme);
  const catalogKind = isBase ? (r.chance(0.5) ? "base" : "department") : r.chance(0.55) ? "theme" : "department";
  const formats = r.some(FORMATS, 6).filter((f) => r.next() < FORMAT_WEIGHT[f] / 5);
  const shown = fields.slice(0, 4).map((f) => f.title).join("、");
  const purpose = r.pick(PURPOSES);
  return {
    title,
    code: `${provider.region_code}-${provider.dept.abbr}-${String(++provider.seq).padStart(6, "0")}`,
    summary: `${provider.name}${place}${year}${subject.title.replace(/信息$|数据$/, "")}数据，包括${shown}等${fields.length}个信息项，${purpose}。`,
    catalogKind,
    ...(catalogKind === "department" && r.chance(0.1) ? {} : { theme: subject.theme }),
    fields,
    formats: formats.length ? formats : ["csv"],
    updateFrequency: r.weighted(UPDATE_FREQUENCIES, (f) => FREQUENCY_WEIGHT[f]),
    collectionChannel: r.chance(0.5) ? `${subject.title.replace(/信息$/, "")}业务系统` : undefined,
    shareType,
    ...(shareType === "conditional" ? { shareConditions: { scope: "本省政务部门", purpose } } : {}),
    ...(shareType === "none" ? { shareBasis: r.pick(SHARE_BASES) } : {}),
    openType,
    ...(openType === "conditional" ? { openConditions: "经实名认证的申请人按约定用途使用" } : {}),
    ...(openType === "none" ? { openReason: personal ? "涉及个人隐私，不予开放（001 §7）" : "涉及国家安全或商业秘密，不予开放" } : {}),
    level,
    tags: [...subject.tags, ...(r.chance(0.3) ? [provider.dept.name.replace(/厅$|局$|委员会$/, "")] : [])],
    contact: { name: `${provider.name}数据管理科`, phone: `0451-8${String(r.int(0, 9_999_999)).padStart(7, "0")}` },
  };
}

function generate(r: Rng, provider: Provider): Generated {
  const checked = checkDataset(compose(r, provider));
  if (!checked.ok) throw new Error(`generated entry fails checkDataset: ${JSON.stringify(checked.errors)}`);
  const roll = r.next();
  // Mostly published; some drafts never published, some under review, revoking or revoked.
  const status = roll < 0.04 ? "draft" : roll < 0.05 ? "under_review" : roll < 0.06 ? "revoking" : roll < 0.08 ? "revoked" : "published";
  const usage = r.chance(0.6) ? 0 : Math.floor(Math.exp(r.next() * 9));
  return { provider, content: checked.content, status, publishedAt: new Date(Date.now() - r.int(0, 3 * 365 * 86400) * 1000), usage };
}

/**
 * The search column of an entry: the repository's expression (repository.ts `listing`), restated here
 * because it is not exported. `checkSearchExpression` fails the bench if the two ever differ.
 */
function searchColumn(content: DatasetContent, providerName: string) {
  const w = entryLexemes(content, providerName);
  return sql<string>`setweight(array_to_tsvector(${w.a}::text[]), 'A') || setweight(array_to_tsvector(${w.b}::text[]), 'B') || setweight(array_to_tsvector(${w.c}::text[]), 'C')`;
}

/** The row as the repository's insertDraft + publish leave it (draft only while unpublished or under review). */
function datasetRow(id: string, g: Generated) {
  const c = g.content;
  const published = g.status !== "draft";
  return {
    id,
    code: c.code,
    provider_organisation_id: g.provider.id,
    region_code: g.provider.region_code,
    status: g.status,
    draft: published && g.status !== "under_review" ? null : JSON.stringify(c),
    draft_saved_at: g.publishedAt,
    version: published ? 1 : null,
    published_at: published ? g.publishedAt : null,
    revoke_on: g.status === "revoking" ? "2027-06-30" : g.status === "revoked" ? "2025-12-31" : null,
    // Read-only for the application (only recordUse adds to it); generated entries arrive with their use so far.
    usage_count: sql<number>`${g.usage}::bigint` as never,
    title: c.title,
    summary: c.summary,
    catalog_kind: c.catalogKind,
    theme: c.theme ?? null,
    share_type: c.shareType,
    open_type: c.openType,
    level: c.level,
    formats: c.formats,
    update_frequency: c.updateFrequency,
    tags: c.tags,
    search: searchColumn(c, g.provider.name),
    created_at: g.publishedAt,
    updated_at: g.publishedAt,
  };
}

/** Rows for a batch, and how to store them: one transaction with the entries and their first published versions. */
function prepareBatch(db: Kysely<DB>, batch: Generated[]) {
  const ids = batch.map(() => randomUUID());
  const rows = batch.map((g, i) => datasetRow(ids[i], g));
  const versions = batch.flatMap((g, i) =>
    g.status === "draft"
      ? []
      : [{ dataset_id: ids[i], version: 1, content: JSON.stringify(g.content), changes: JSON.stringify(diffDatasets(null, g.content)), change_summary: "首次发布", published_at: g.publishedAt }],
  );
  return () =>
    db.transaction().execute(async (trx) => {
      await trx.insertInto("datasets").values(rows).execute();
      if (versions.length) await trx.insertInto("dataset_versions").values(versions).execute();
    });
}

/** Entry 0 goes through the repository (insertDraft + publish); its search column must equal the bench's. */
async function checkSearchExpression(server: RunningServer, provider: Provider, g: Generated) {
  const repo = server.app.catalog.repo;
  const id = await repo.insertDraft(g.content, provider);
  await repo.db.transaction().execute((trx) =>
    repo.publish(trx, id, { version: 1, content: g.content, changes: diffDatasets(null, g.content), changeSummary: "首次发布", reviewCaseId: null, userId: null, providerName: provider.name, status: "published" }),
  );
  const same = await repo.db.selectFrom("datasets").select(sql<boolean>`search = ${searchColumn(g.content, provider.name)}`.as("same")).where("id", "=", id).executeTakeFirstOrThrow();
  if (!same.same) throw new Error("bench/catalog.ts: its search expression no longer matches the repository's listing(): update searchColumn");
}

async function generateCatalog(server: RunningServer) {
  const db = server.database.db;
  const all = await providers(db);
  const r = rng(5);
  const t0 = performance.now();
  let jsMs = 0;
  await checkSearchExpression(server, all[0], generate(r, all[0]));
  // Batch n+1 is prepared (checkDataset, jieba, diff) while PostgreSQL stores batch n.
  let storing: Promise<unknown> = Promise.resolve();
  for (let done = 1; done < N; done += BATCH) {
    const t = performance.now();
    const batch = Array.from({ length: Math.min(BATCH, N - done) }, () => generate(r, r.weighted(all, (p) => p.dept.size)));
    const store = prepareBatch(db, batch);
    jsMs += performance.now() - t;
    await storing;
    storing = store();
  }
  await storing;
  const insertedMs = performance.now() - t0;
  // A running catalog has been vacuumed: GIN's pending list merged, visibility map set, statistics current.
  await sql`vacuum analyze datasets, dataset_versions, organisations`.execute(db);
  return { providers: all, insertedMs, totalMs: performance.now() - t0, jsMs };
}

// ---- measuring -------------------------------------------------------------------------------------

interface Path {
  label: string;
  run: (q: string) => Promise<unknown>;
}
interface Timings {
  samples: number[];
  perQuery: Map<string, number[]>;
}

/**
 * Every path runs the whole query mix once per round, paths taking turns within a round, so load from
 * others on the shared machine falls on all of them alike. One untimed round warms up first.
 */
async function timeRounds(paths: Path[], rounds: number): Promise<Map<string, Timings>> {
  const out = new Map(paths.map((p) => [p.label, { samples: [] as number[], perQuery: new Map(QUERIES.map((q) => [q, [] as number[]])) }]));
  for (let round = -1; round < rounds; round++) {
    for (const path of paths) {
      for (const q of QUERIES) {
        const t = performance.now();
        await path.run(q);
        const dt = performance.now() - t;
        if (round < 0) continue;
        out.get(path.label)!.samples.push(dt);
        out.get(path.label)!.perQuery.get(q)!.push(dt);
      }
    }
  }
  return out;
}

const searchUrl = (base: string, q: string) => `${base}/api/v1/datasets?${new URLSearchParams({ ...(q ? { q } : {}), sort: "relevance", page: "1", pageSize: String(PAGE_SIZE) })}`;

/** The HTTP server in its own process (as bench/serve.ts), so the load generator does not share its event loop. */
async function childServer(databaseUrl: string, dataDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "serve.ts"), "on"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, SHUYUAN_DATA_DIR: dataDir, SHUYUAN_DEMO: "false" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const address = await new Promise<string>((resolve) => {
    child.stdout!.on("data", (b: Buffer) => {
      const m = b.toString().match(/url (\S+)/);
      if (m) resolve(m[1]);
    });
  });
  const exited = new Promise((r) => child.once("exit", r));
  let stopping: Promise<unknown> | undefined;
  // Stopping waits for requests still in flight (autocannon leaves some), so they cannot burden what is measured next.
  return { address, stop: () => (stopping ??= (child.kill("SIGTERM"), exited)) };
}

async function sessionCookie(address: string, login: string) {
  const res = await fetch(`${address}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`login ${login}: ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0];
}

async function fetchJson(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

/**
 * 10 connections over the query mix, each request taking the mix's next query (so the connections do not
 * all start with the same one); latencies from every response, for percentiles.
 */
function cannon(address: string, seconds: number) {
  const latencies: number[] = [];
  const paths = QUERIES.map((q) => {
    const url = new URL(searchUrl(address, q));
    return url.pathname + url.search;
  });
  let next = 0;
  const requests = [{ method: "GET" as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[next++ % paths.length] }) }];
  return new Promise<{ latencies: number[]; rps: number; timeouts: number }>((resolve, reject) => {
    const instance = autocannon({ url: address, connections: 10, duration: seconds, timeout: 60, requests }, (err, result) => {
      if (err) return reject(err);
      if (result.non2xx) return reject(new Error(`${result.non2xx} non-2xx responses`));
      resolve({ latencies, rps: latencies.length / (result.duration || seconds), timeouts: result.timeouts });
    });
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

// The bare SQL a search needs, written by hand: what PostgreSQL alone spends on the same page and count.
// The columns are the repository's listColumns; the visibility predicates core's catalogScope for each caller.
const PAGE_COLUMNS = `d.id, d.code, d.title, d.summary, d.provider_organisation_id, o.name as provider_name, d.region_code, d.catalog_kind, d.theme,
  d.share_type, d.open_type, d.level, d.formats, d.update_frequency, d.tags, d.status, d.version, d.published_at, d.updated_at, d.usage_count, d.revoke_on, d.review_case_id, d.last_loaded_at`;
const SERVING = `d.version is not null and d.status <> 'revoked'`;
const VISIBLE = {
  anonymous: `(${SERVING} and d.open_type <> 'none')`,
  department: `((${SERVING} and d.open_type <> 'none') or d.provider_organisation_id = any($2::uuid[]) or (${SERVING} and d.share_type <> 'none'))`,
};

function rawStatements(q: string, who: keyof typeof VISIBLE, own: string[]) {
  const words = queryLexemes(q);
  const query = words.length ? tsquery(words, "&") : null;
  const params: unknown[] = [query, ...(who === "department" ? [own] : [])];
  const match = query ? "and d.search @@ $1::tsquery" : "and $1::tsquery is null";
  const rank = query ? "ts_rank(d.search, $1::tsquery, 1) desc," : "";
  return {
    page: { text: `select ${PAGE_COLUMNS} from datasets d join organisations o on o.id = d.provider_organisation_id where ${VISIBLE[who]} ${match} order by ${rank} d.published_at desc nulls last, d.id limit ${PAGE_SIZE}`, params },
    count: { text: `select count(*) from datasets d join organisations o on o.id = d.provider_organisation_id where ${VISIBLE[who]} ${match}`, params },
  };
}

// ---- where the time goes -------------------------------------------------------------------------

interface Captured {
  kind: string;
  sql: string;
  params: readonly unknown[];
  inService: number;
}

/** Which repository statement a logged query is: the page, the capped exact counts, the sample, or the table size. */
function statementKind(text: string) {
  if (/tablesample/.test(text)) return "counts (sample)";
  if (/grouping sets/.test(text)) return /'page'/.test(text) ? "counts + ranked page (exact)" : "counts (exact)";
  if (/pg_class/.test(text)) return "table size";
  return /"d"\."id" in/.test(text) ? "page rows by id" : "page";
}

/**
 * The repository's statements for one search, captured from a Kysely with a query log over its own pool:
 * the same repository code, called as service.search calls it (scope from core's catalogScope, words
 * joined with &, then | when nothing has them all). Durations are as they ran there, concurrently.
 */
async function captureStatements(databaseUrl: string) {
  const log: LogEvent[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => void log.push(e) });
  const repo = catalogRepository(db);
  const capture = async (actor: Actor | null, q: string): Promise<Captured[]> => {
    log.length = 0;
    const scope = catalogScope(actor);
    const lexemes = queryLexemes(q);
    const filters: CatalogFilters = { scope: actor ? "all" : "open", words: lexemes.length ? { lexemes, join: "&" } : undefined };
    const ranked = { limit: PAGE_SIZE, offset: 0 };
    let counts = await repo.counts(scope, filters, ranked);
    if (counts.total === 0 && lexemes.length > 1) {
      filters.words = { lexemes, join: "|" };
      counts = await repo.counts(scope, filters, ranked);
    }
    if (counts.pageIds) await repo.byIds(counts.pageIds);
    else await repo.page(scope, filters, "relevance", PAGE_SIZE, 0);
    const seen = new Map<string, number>();
    return log.map((e) => {
      let kind = statementKind(e.query.sql);
      // the fallback's statements come second
      const n = (seen.get(kind) ?? 0) + 1;
      seen.set(kind, n);
      if (n > 1) kind = `${kind} (any word)`;
      return { kind, sql: e.query.sql, params: e.query.parameters, inService: e.queryDurationMillis };
    });
  };
  return { capture, close: () => db.destroy() };
}

/** Median of `times` runs of one statement alone on one connection. */
async function alone(client: pg.Client, text: string, params: readonly unknown[], times: number) {
  const xs: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await client.query(text, params as unknown[]);
    xs.push(performance.now() - t);
  }
  return pct(xs, 50);
}

/**
 * The real service path with the repository's two calls timed in place (the service calls them through
 * the module's repository object): total = repo.counts (twice on a fallback) + repo.page + JavaScript
 * (segmentation, scope, presenting). "search" is the page's time, "facets" the counts'.
 */
async function serviceSplit(server: RunningServer, actors: { label: string; actor: Actor | null }[], rounds: number) {
  const repo = server.app.catalog.repo;
  const original = { page: repo.page, counts: repo.counts };
  const spent = { search: 0, facets: 0 };
  const timed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>, key: keyof typeof spent) =>
    async (...args: A) => {
      const t = performance.now();
      try {
        return await fn(...args);
      } finally {
        spent[key] += performance.now() - t;
      }
    };
  repo.page = timed(original.page, "search");
  repo.counts = timed(original.counts, "facets");
  const rows: Record<string, { total: number[]; search: number[]; facets: number[]; js: number[] }> = {};
  try {
    for (let round = -1; round < rounds; round++) {
      for (const { label, actor } of actors) {
        const r = (rows[label] ??= { total: [], search: [], facets: [], js: [] });
        for (const q of QUERIES) {
          spent.search = spent.facets = 0;
          const t = performance.now();
          await server.app.catalog.service.search(actor, { q, sort: "relevance", page: 1, pageSize: PAGE_SIZE, ...(actor ? { scope: "all" as const } : {}) });
          const total = performance.now() - t;
          if (round < 0) continue;
          r.total.push(total);
          r.search.push(spent.search);
          r.facets.push(spent.facets);
          r.js.push(total - spent.search - spent.facets);
        }
      }
    }
  } finally {
    Object.assign(repo, original);
  }
  return rows;
}

// ---- the run ---------------------------------------------------------------------------------------


/** The demo's market-regulation catalog editor, signed in through the identity service. */
async function departmentActor(server: RunningServer): Promise<Actor> {
  const db = server.database.db;
  const identity = identityService({ users: identityRepository(db), organisations: organisationRepository(db), profile: server.profile, secret: server.config.secret });
  const { session } = await identity.login("market", DEMO_PASSWORD, { ip: null, userAgent: "bench/catalog.ts" });
  return (await identity.actorFromSession(session.token))!;
}

async function describeCatalog(server: RunningServer) {
  const db = server.database.db;
  const existing = Number((await db.selectFrom("datasets").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  if (existing >= N) {
    console.log(`reusing ${fmt(existing)} entries`);
  } else {
    const gen = await generateCatalog(server);
    console.log(
      `generated ${fmt(N)} entries from ${gen.providers.length} providers in ${(gen.insertedMs / 1000).toFixed(1)} s (${fmt((N / gen.insertedMs) * 1000)} entries/s; ` +
        `checkDataset + jieba + building rows ${(gen.jsMs / 1000).toFixed(1)} s of it, overlapping the inserts); with vacuum analyze ${(gen.totalMs / 1000).toFixed(1)} s`,
    );
  }
  const stats = await sql<{ table: string; search_idx: string; anonymous: number; statuses: string }>`
    select pg_size_pretty(pg_total_relation_size('datasets')) as table, pg_size_pretty(pg_relation_size('datasets_search_idx')) as search_idx,
      (select count(*)::int from datasets where version is not null and status <> 'revoked' and open_type <> 'none') as anonymous,
      (select string_agg(status || ' ' || n, ', ' order by n desc) from (select status, count(*) as n from datasets group by 1) s) as statuses`.execute(db);
  const s = stats.rows[0];
  console.log(`datasets ${s.table} (search index ${s.search_idx}); ${s.statuses}; ${fmt(s.anonymous)} in the open catalog`);
}

const header = () => `${"path".padEnd(58)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)} ${"req/s".padStart(7)}`;
const row = (label: string, xs: number[], rps: number) =>
  `${label.padEnd(58)} ${ms(pct(xs, 50)).padStart(7)} ${ms(pct(xs, 95)).padStart(7)} ${ms(pct(xs, 99)).padStart(7)} ${fmt(rps).padStart(7)}`;
/** Sequential paths: one request at a time, so throughput is 1 / mean latency. */
const seqRps = (xs: number[]) => 1000 / mean(xs);

const LABEL = {
  serviceAnonymous: "service.search, anonymous (open catalog)",
  serviceDepartment: "service.search, department editor (scope all)",
  httpAnonymous: "HTTP GET /api/v1/datasets, anonymous",
  httpDepartment: "HTTP GET /api/v1/datasets, department session",
  rawPage: "raw PostgreSQL: page query, anonymous",
  rawCount: "raw PostgreSQL: count, anonymous",
  rawBoth: "raw PostgreSQL: page + count, anonymous",
  rawDepartment: "raw PostgreSQL: page + count, department",
};

/** The headline table: every path over the query mix, and HTTP under 10 connections. */
async function latencies(server: RunningServer, dept: Actor, http: { address: string; cookie: string }, raw: pg.Client) {
  const service = server.app.catalog.service;
  const own = dept.memberships.map((m) => m.organisationId);
  const rawRun = (who: keyof typeof VISIBLE, which: "page" | "count" | "both") => async (q: string) => {
    const s = rawStatements(q, who, own);
    if (which !== "count") await raw.query(s.page.text, s.page.params);
    if (which !== "page") await raw.query(s.count.text, s.count.params);
  };
  console.log(`\nlatency (ms) over ${QUERIES.length} queries × ${ROUNDS} rounds after a warm-up round, one request at a time unless noted; load ${load()}`);
  const t = await timeRounds(
    [
      { label: LABEL.serviceAnonymous, run: (q) => service.search(null, { q, sort: "relevance", page: 1, pageSize: PAGE_SIZE }) },
      { label: LABEL.serviceDepartment, run: (q) => service.search(dept, { q, scope: "all", sort: "relevance", page: 1, pageSize: PAGE_SIZE }) },
      { label: LABEL.httpAnonymous, run: (q) => fetchJson(searchUrl(http.address, q)) },
      { label: LABEL.httpDepartment, run: (q) => fetchJson(searchUrl(http.address, q), { cookie: http.cookie }) },
      { label: LABEL.rawPage, run: rawRun("anonymous", "page") },
      { label: LABEL.rawCount, run: rawRun("anonymous", "count") },
      { label: LABEL.rawBoth, run: rawRun("anonymous", "both") },
      { label: LABEL.rawDepartment, run: rawRun("department", "both") },
    ],
    ROUNDS,
  );
  // The sequential HTTP rounds have warmed the server up.
  const c = await cannon(http.address, SECONDS);
  console.log(header());
  for (const [label, x] of t) console.log(row(label, x.samples, seqRps(x.samples)));
  const cannonLabel = `HTTP anonymous, 10 connections, ${SECONDS} s (autocannon)`;
  console.log(c.latencies.length ? row(cannonLabel, c.latencies, c.rps) + `  (${c.latencies.length} responses${c.timeouts ? `, ${c.timeouts} timeouts` : ""})` : `${cannonLabel.padEnd(58)} no response within the run`);
  console.log(`target: p95 < ${TARGET_P95_MS} ms`);

  const matches = new Map<string, number>();
  for (const q of QUERIES) matches.set(q, (await service.search(null, { q, sort: "relevance", page: 1, pageSize: PAGE_SIZE })).total);
  console.log(`\nper query, anonymous (p50 ms): matches | service.search | HTTP | raw page | raw count`);
  for (const q of QUERIES) {
    const p = (label: string) => ms(pct(t.get(label)!.perQuery.get(q)!, 50)).padStart(7);
    console.log(`  ${padTo(q || "(no words)", 16)} ${fmt(matches.get(q)!).padStart(7)} ${p(LABEL.serviceAnonymous)} ${p(LABEL.httpAnonymous)} ${p(LABEL.rawPage)} ${p(LABEL.rawCount)}`);
  }
}

type Measured = Captured & { alone: number };
interface Search {
  q: string;
  who: string;
  statements: Measured[];
}

/** The service's time split into repository calls and JavaScript, then each statement on its own. */
async function breakdown(server: RunningServer, dept: Actor, databaseUrl: string, raw: pg.Client) {
  const rounds = Math.max(2, Math.round(ROUNDS / 3));
  console.log(`\nwhere service.search's time goes (ms; ${rounds} rounds; repository calls timed in place; load ${load()})`);
  const split = await serviceSplit(server, [{ label: "anonymous", actor: null }, { label: "department", actor: dept }], rounds);
  for (const [label, s] of Object.entries(split)) {
    const part = (name: string, xs: number[]) => `${name} p50 ${ms(pct(xs, 50))} p95 ${ms(pct(xs, 95))} mean ${ms(mean(xs))} (${Math.round((100 * mean(xs)) / mean(s.total))} %)`;
    console.log(`  ${label.padEnd(10)} total p50 ${ms(pct(s.total, 50))} p95 ${ms(pct(s.total, 95))} mean ${ms(mean(s.total))}`);
    console.log(`             ${part("repo.page", s.search)}; ${part("repo.counts (total + facets)", s.facets)}; ${part("JS", s.js)}`);
  }
  const searches = await statementsAlone(dept, databaseUrl, raw);
  printShares(searches);
  await printSlowest(searches, raw);
}

/** Each repository statement again, alone on one connection: its own cost, without the others competing for the cores. */
async function statementsAlone(dept: Actor, databaseUrl: string, raw: pg.Client) {
  const { capture, close } = await captureStatements(databaseUrl);
  const searches: Search[] = [];
  try {
    for (const [who, actor] of [["anonymous", null], ["department", dept]] as const) {
      for (const q of QUERIES) {
        const statements: Measured[] = [];
        for (const s of await capture(actor, q)) statements.push({ ...s, alone: await alone(raw, s.sql, s.params, 3) });
        searches.push({ q, who, statements });
      }
    }
  } finally {
    await close();
  }
  return searches;
}

function printShares(searches: Search[]) {
  console.log(`\nrepository statements (ms per search, mean over the ${QUERIES.length} queries): in the service, concurrently | alone (median of 3) and share | alone, worst query`);
  for (const who of ["anonymous", "department"]) {
    const statements = searches.filter((s) => s.who === who).flatMap((s) => s.statements);
    const per = (kind: string, f: (s: Measured) => number) => statements.filter((s) => s.kind === kind).map(f);
    const perSearch = (kind: string, f: (s: Measured) => number) => sum(per(kind, f)) / QUERIES.length;
    const totalAlone = sum(statements.map((s) => s.alone)) / QUERIES.length;
    console.log(`  ${who}: ${ms(totalAlone)} per search, all statements alone`);
    const kinds = [...new Set(statements.map((s) => s.kind))].sort((a, b) => perSearch(b, (s) => s.alone) - perSearch(a, (s) => s.alone));
    for (const kind of kinds) {
      const aloneMean = perSearch(kind, (s) => s.alone);
      const share = String(Math.round((100 * aloneMean) / totalAlone)).padStart(3);
      console.log(`    ${kind.padEnd(22)} ${ms(perSearch(kind, (s) => s.inService)).padStart(7)} | ${ms(aloneMean).padStart(7)} ${share} % | ${ms(Math.max(...per(kind, (s) => s.alone))).padStart(7)}`);
    }
  }
}

async function printSlowest(searches: Search[], raw: pg.Client) {
  const total = (s: Search) => sum(s.statements.map((x) => x.alone));
  const slowest = [...searches].sort((a, b) => total(b) - total(a));
  console.log(`\nslowest searches, statements alone (ms)`);
  for (const s of slowest.slice(0, 8)) {
    const parts = s.statements.map((x) => `${x.kind} ${ms(x.alone)}`).join(" + ");
    console.log(`  ${s.who.padEnd(10)} ${padTo(s.q || "(no words)", 16)} ${ms(total(s)).padStart(6)} = ${parts}`);
  }
  if (!EXPLAIN) return;
  for (const st of [...slowest[0].statements].sort((a, b) => b.alone - a.alone).slice(0, 3)) {
    const plan = await raw.query(`explain (analyze, buffers) ${st.sql}`, st.params as unknown[]);
    console.log(`\nEXPLAIN ANALYZE: ${st.kind}, ${slowest[0].who} "${slowest[0].q}"\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
  }
}

/** BENCH_CATALOG_DATABASE measures an existing database as is; otherwise a scratch one (kept with BENCH_CATALOG_KEEP=1). */
const run = async (databaseUrl: string) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-bench-"));
  const config = loadConfig({}, { dataDir, databaseUrl, port: 0, seedDemo: true, auditCheckpointMinutes: 0 });
  const started = performance.now();
  const server = await startServer({ config });
  const pgVersion = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(server.database.db)).rows[0].v;
  console.log(`catalog-search benchmark: ${fmt(N)} entries, PostgreSQL ${pgVersion}, Node.js ${process.version}, ${os.cpus().length} cores, load ${load()}`);
  await describeCatalog(server);
  const measuring = performance.now();

  const dept = await departmentActor(server);
  const http = await childServer(databaseUrl, dataDir);
  const raw = new pg.Client({ connectionString: databaseUrl });
  await raw.connect();
  try {
    await latencies(server, dept, { address: http.address, cookie: await sessionCookie(http.address, "market") }, raw);
    await http.stop();
    await breakdown(server, dept, databaseUrl, raw);
    console.log(`\nsetup ${((measuring - started) / 1000).toFixed(0)} s, measuring ${((performance.now() - measuring) / 1000).toFixed(0)} s; load at the end ${load()}`);
  } finally {
    await raw.end();
    await http.stop();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
};
if (REUSE) await run(REUSE);
else {
  await withScratchDatabase(baseUrl, "bench_catalog", run, {
    keep: KEEP,
    keptHint: (url, name) => `kept the database: BENCH_CATALOG_DATABASE='${url}' reuses it; drop database ${name} with (force)`,
  });
}
