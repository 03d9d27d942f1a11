import { describe, expect, it } from "vitest";
import { checkDataset } from "../catalog/classification";
import { datastoreFieldsSchema, datastoreSchema, plainCkanPackage } from "./harvest-ckan";
import { harvestedContent, harvestedPackageSchema } from "./harvest";

const site = (over: Record<string, unknown> = {}) =>
  harvestedPackageSchema.parse({
    id: "5b1e8d4c-0f3a-4c55-9d2e-3f7a9c1d2e01",
    name: "parking-lots",
    title: "停车场泊位",
    notes: "全市公共停车场",
    author: "交通局数据科",
    author_email: "data@transport.example.cn",
    maintainer: "",
    license_id: "cc-by",
    extras: [{ key: "level", value: "4" }, { key: "open_type", value: "none" }, { key: "spatial", value: "{}" }],
    resources: [{ id: "r1", url: "https://x/a.csv", format: ".CSV" }, { id: "r2", url: 42 }, { id: "r3", format: "Shapefile" }, { id: "r4", format: "text/csv" }],
    ...over,
  });

describe("a plain CKAN site's package (004 §9–10)", () => {
  it("keeps a package whose resource is malformed, without that resource", () => {
    expect(site().resources.map((r) => r.id)).toEqual(["r1", "r3", "r4"]);
  });

  it("reads no extra as our classification, maps CKAN's free-form formats and takes the author as contact", () => {
    const c = harvestedContent(plainCkanPackage(site()), null);
    expect(c).toMatchObject({ code: "parking-lots", level: 1, openType: "unconditional", contact: { name: "交通局数据科", email: "data@transport.example.cn" } });
    expect(c.formats).toEqual(["csv", "shp"]);
    // Without described fields the placeholder makes the draft complete enough to save.
    expect(checkDataset(c).ok).toBe(true);
  });

  it("leaves out a contact address that is not one", () => {
    expect(harvestedContent(plainCkanPackage(site({ maintainer: "李四", maintainer_email: "call us" })), null).contact).toEqual({ name: "李四", email: undefined });
  });
});

describe("datastoreSchema", () => {
  it("maps DataStore types to ours, drops CKAN's _id and makes every name a column name", () => {
    const fields = datastoreFieldsSchema.parse([
      { id: "_id", type: "int" },
      { id: "Lot Code", type: "text", info: { label: "停车场编号", notes: "唯一编号" } },
      { id: "泊位数", type: "int4" },
      { id: "rate", type: "numeric" },
      { id: "opened", type: "date" },
      { id: "updated", type: "timestamp" },
      { id: "free", type: "bool" },
      { id: "shape", type: "json" },
      { id: "lot-code", type: "text" },
      { id: "2024", type: "text" },
    ]);
    const schema = datastoreSchema(fields);
    expect(schema.fields.map((f) => [f.name, f.title, f.type])).toEqual([
      ["lot_code", "停车场编号", "string"],
      ["field_2", "泊位数", "integer"],
      ["rate", "rate", "number"],
      ["opened", "opened", "date"],
      ["updated", "updated", "datetime"],
      ["free", "free", "boolean"],
      ["shape", "shape", "string"],
      ["lot_code_2", "lot-code", "string"],
      ["f_2024", "2024", "string"],
    ]);
    const c = harvestedContent(plainCkanPackage(site()), schema);
    expect(checkDataset(c).ok).toBe(true);
    expect(c.fields[0]).toMatchObject({ name: "lot_code", description: "唯一编号", level: 1, key: false });
  });
});
