import { describe, expect, it } from "vitest";
import { harvestedContent, harvestedPackageSchema } from "./harvest";

const pkg = (over: Record<string, unknown> = {}) =>
  harvestedPackageSchema.parse({ id: "r1", name: "x-1", title: "停车场", tags: [{ name: "停车" }], extras: [], resources: [{ format: "CSV" }, { format: "API" }, { format: "OFD" }], ...over });

describe("harvestedContent", () => {
  it("takes cautious values for what the remote does not say", () => {
    const c = harvestedContent(pkg(), null);
    expect(c).toMatchObject({ code: "x-1", summary: "停车场", catalogKind: "department", updateFrequency: "irregular", level: 1, fields: [expect.objectContaining({ name: "record", type: "string", level: 1 })], contact: { name: "停车场" } });
    // Formats of the resources present, known ones only.
    expect(c.formats).toEqual(["csv", "api"]);
  });

  it("gives every field its entry's level and reads keys, types and lengths from the Table Schema", () => {
    const c = harvestedContent(pkg({ extras: [{ key: "level", value: "2" }, { key: "formats", value: "json" }] }), {
      fields: [
        { name: "a", type: "string", constraints: { maxLength: 9, required: true } },
        { name: "b", type: "geopoint" },
      ],
      primaryKey: "a",
    });
    expect(c.formats).toEqual(["json"]);
    expect(c.fields).toEqual([
      { name: "a", title: "a", description: undefined, type: "string", length: 9, level: 2, required: true, key: true },
      { name: "b", title: "b", description: undefined, type: "string", length: undefined, level: 2, required: false, key: false },
    ]);
  });
});
