// Table data for the demo catalog, generated deterministically and loaded through the real loader (so it
// passes the same validation, quality report and swap as any upload): a 12,000-row company register,
// licences, hospitals, bus stops, a conditional and a share-only table.
import { citizenIdCheckChar, creditCodeCheckChar, type DatasetContent } from "@shuyuan/core";
import { Readable } from "node:stream";
import type { Database } from "../db/database";
import { loadTableVersion } from "../datastore/loader";

/** A small deterministic generator (mulberry32), so every demo start has the same data. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const SHOP = ["华信", "龙江", "北国", "松花", "冰城", "嘉禾", "瑞丰", "恒通", "金穗", "远航", "新润", "德泰", "永兴", "启明", "天成", "博雅"];
const TRADE = ["科技", "商贸", "食品", "物流", "建筑", "餐饮", "医药", "文化", "农业", "信息", "能源", "环保"];
const FORM = ["有限公司", "有限责任公司", "股份有限公司"];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超", "秀英", "桂兰"];

const date = (r: ReturnType<typeof random>, from: number, to: number) =>
  `${from + r.int(to - from + 1)}-${String(1 + r.int(12)).padStart(2, "0")}-${String(1 + r.int(28)).padStart(2, "0")}`;
const credit = (region: string, n: number) => {
  const first17 = `91${region}MA${String(n).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17);
};
const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** Rows (header first) for the demo entry with this code suffix, or null when it gets no table. */
function rowsFor(code: string, region: string, place: string): (string | number)[][] | null {
  const r = random([...code].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7));
  if (code.endsWith("SCJG-0001")) {
    return [
      ["credit_code", "company_name", "company_type", "registered_capital", "established_on", "registration_authority", "status"],
      ...Array.from({ length: 12_000 }, (_, i) => [
        credit(region, i + 1),
        `${place}${r.pick(SHOP)}${r.pick(TRADE)}${i + 1}${r.pick(FORM)}`,
        r.pick(["有限责任公司", "股份有限公司", "个人独资企业", "合伙企业"]),
        (10 + r.int(5000)).toString(),
        date(r, 1995, 2026),
        `${place}市场监督管理局`,
        r.next() < 0.88 ? "存续" : r.pick(["注销", "吊销", "迁出"]),
      ]),
    ];
  }
  if (code.endsWith("SCJG-0002")) {
    return [
      ["licence_no", "operator_name", "credit_code", "premises", "business_type", "valid_until"],
      ...Array.from({ length: 2000 }, (_, i) => [
        `JY${region}${String(i + 1).padStart(8, "0")}`,
        `${place}${r.pick(SHOP)}餐饮${i + 1}店`,
        credit(region, 20_000 + i),
        `${place}${r.pick(["中央大街", "红旗大街", "学府路", "长江路", "黄河路"])}${1 + r.int(300)}号`,
        r.pick(["餐饮服务经营者", "食品销售经营者", "单位食堂"]),
        date(r, 2026, 2031),
      ]),
    ];
  }
  if (code.endsWith("SCJG-0003")) {
    return [
      ["decision_no", "party_name", "violation", "penalty", "decided_on"],
      ...Array.from({ length: 500 }, (_, i) => [
        `市监罚〔${2020 + (i % 6)}〕${i + 1}号`,
        `${place}${r.pick(SHOP)}${r.pick(TRADE)}${r.pick(FORM)}`,
        r.pick(["虚假宣传", "无照经营", "销售不合格产品", "价格违法"]),
        r.pick(["警告", "罚款5000元", "罚款2万元", "没收违法所得"]),
        date(r, 2020, 2026),
      ]),
    ];
  }
  if (code.endsWith("WJW-0001")) {
    return [
      ["institution_code", "institution_name", "category", "address", "departments", "beds"],
      ...Array.from({ length: 400 }, (_, i) => [
        `PDY${String(i + 1).padStart(6, "0")}`,
        `${place}${r.pick(SHOP)}${r.pick(["医院", "社区卫生服务中心", "诊所", "卫生院"])}`,
        r.pick(["综合医院", "专科医院", "基层医疗卫生机构"]),
        `${place}${r.pick(["南岗区", "道里区", "香坊区", "道外区"])}${r.pick(["和平路", "友谊路", "中山路"])}${1 + r.int(200)}号`,
        r.pick(["内科;外科;儿科", "妇产科;儿科", "全科医疗科", "口腔科"]),
        r.int(800),
      ]),
    ];
  }
  if (code.endsWith("WJW-0002")) {
    return [
      ["certificate_no", "baby_name", "sex", "born_on", "mother_citizen_id", "issued_by"],
      ...Array.from({ length: 300 }, (_, i) => {
        const first17 = `${region}19${String(85 + r.int(15)).padStart(2, "0")}${String(1 + r.int(12)).padStart(2, "0")}${String(1 + r.int(28)).padStart(2, "0")}${String(100 + r.int(900))}`;
        return [`P${region}${String(i + 1).padStart(6, "0")}`, `${r.pick(SURNAMES)}${r.pick(GIVEN)}`, r.pick(["男", "女"]), date(r, 2024, 2026), first17 + citizenIdCheckChar(first17), `${place}妇幼保健院`];
      }),
    ];
  }
  if (code.endsWith("JT-0001")) {
    return [
      ["line_no", "line_name", "stop_name", "longitude", "latitude", "first_bus", "last_bus"],
      ...Array.from({ length: 1200 }, (_, i) => {
        const line = 1 + Math.floor(i / 24);
        return [`${line}`, `${line}路`, `${r.pick(["中央大街", "博物馆", "火车站", "会展中心", "学府路", "医大二院"])}${(i % 24) + 1}站`, (126.5 + r.next() * 0.3).toFixed(6), (45.7 + r.next() * 0.1).toFixed(6), "05:30", "22:00"];
      }),
    ];
  }
  return null;
}

/** Loads the demo entries' tables (only on the first start of a demo database). */
export async function seedDemoData(database: Database, dataDir: string, place: string) {
  const rows = await database.db
    .selectFrom("datasets as d")
    .innerJoin("dataset_versions as v", (j) => j.onRef("v.dataset_id", "=", "d.id").onRef("v.version", "=", "d.version"))
    .select(["d.id", "d.code", "d.region_code", "v.content"])
    .where("d.table_version_id", "is", null)
    .execute();
  for (const row of rows) {
    const table = rowsFor(row.code, row.region_code, place);
    if (!table) continue;
    const text = table.map((cells) => cells.map(csvCell).join(",")).join("\n") + "\n";
    await loadTableVersion(database, {
      datasetId: row.id,
      fields: (row.content as DatasetContent).fields,
      userId: null,
      source: { name: `${row.code}.csv`, format: "csv", bytes: Buffer.byteLength(text), stream: Readable.from([Buffer.from(text)]) },
      dataDir,
    });
  }
}
