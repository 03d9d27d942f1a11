import { describe, expect, it } from "vitest";
import { checkDataset } from "../catalog/classification";
import { harvestedContent, harvestedPackageSchema } from "./harvest";
import { dcatHarvestedPackages, type Triple } from "./harvest-dcat";

const DCAT = "http://www.w3.org/ns/dcat#";
const DCT = "http://purl.org/dc/terms/";
const EU = "http://publications.europa.eu/resource/authority";
const TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const D = "https://portal.example.cn/dataset/bus-lines";

// Another portal's dataset: no data package, an identifier, EU codes, an English and a Chinese title.
const triples: Triple[] = [
  { s: D, p: TYPE, o: `${DCAT}Dataset` },
  { s: D, p: `${DCT}identifier`, o: "GJ-0007" },
  { s: D, p: `${DCT}title`, o: "Bus lines", lang: "en" },
  { s: D, p: `${DCT}title`, o: "公交线路", lang: "zh" },
  { s: D, p: `${DCT}accrualPeriodicity`, o: `${EU}/frequency/MONTHLY` },
  { s: D, p: `${DCT}accessRights`, o: `${EU}/access-right/RESTRICTED` },
  { s: D, p: `${DCAT}theme`, o: `${EU}/data-theme/SOCI` },
  { s: D, p: `${DCAT}keyword`, o: "公交", lang: "zh" },
  { s: D, p: `${DCT}publisher`, o: "https://portal.example.cn/org/1" },
  { s: "https://portal.example.cn/org/1", p: "http://xmlns.com/foaf/0.1/name", o: "某市交通局" },
  { s: D, p: `${DCAT}distribution`, o: `${D}#csv` },
  { s: `${D}#csv`, p: `${DCT}format`, o: `${EU}/file-type/CSV` },
  // Neither an IRI nor an identifier: nothing to recognise it by next time.
  { s: "b0", p: TYPE, o: `${DCAT}Dataset` },
  { s: "b0", p: `${DCT}title`, o: "无标识" },
];

describe("dcatHarvestedPackages (004 §9–10)", () => {
  it("reads a dcat:Dataset as a package: Chinese title first, EU codes back to ours where one value has the code", () => {
    const [one, ...rest] = dcatHarvestedPackages(triples);
    expect(rest).toEqual([]);
    expect(one.dataPackageUrl).toBeNull();
    expect(one.pkg).toMatchObject({ id: D, name: "GJ-0007", title: "公交线路", url: D, organization: { title: "某市交通局" }, tags: [{ name: "公交" }], resources: [{ format: "csv" }] });
    // SOCI is population, social security and community at once: no theme is claimed.
    expect(one.pkg.groups).toEqual([]);
    expect(one.pkg.extras).toEqual([
      { key: "code", value: "GJ-0007" },
      { key: "update_frequency", value: "monthly" },
      { key: "open_type", value: "conditional" },
    ]);
  });

  it("without a data package the entry gets what the catalog checks need: a placeholder field, level 1, department kind, unstated conditions", () => {
    const content = harvestedContent(harvestedPackageSchema.parse(dcatHarvestedPackages(triples)[0].pkg), null);
    expect(content).toMatchObject({ code: "GJ-0007", summary: "公交线路", catalogKind: "department", level: 1, formats: ["csv"], openType: "conditional", contact: { name: "某市交通局" } });
    expect(content.fields.map((f) => f.name)).toEqual(["record"]);
    // A conditional entry states its conditions (004 §33): here that the source did not, for the department to fill in.
    expect(content.openConditions).toContain("未说明开放条件");
    expect(checkDataset(content).ok).toBe(true);
  });

  it("finds the data package a dataset links to", () => {
    const linked = [...triples, { s: D, p: `${DCT}relation`, o: "https://portal.example.cn/api/v1/datasets/7/datapackage.json" }];
    expect(dcatHarvestedPackages(linked)[0].dataPackageUrl).toBe("https://portal.example.cn/api/v1/datasets/7/datapackage.json");
  });
});
