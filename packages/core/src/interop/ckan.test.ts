import { describe, expect, it } from "vitest";
import type { FieldAccess } from "../access/decide";
import { MASKS } from "../access/masking";
import { catalogOrder, parseDatastoreSearch, parseFq, pageWindow } from "./ckan";

describe("parseFq", () => {
  it("reads organization, res_format and groups, quoted or not, joined by spaces or AND", () => {
    expect(parseFq('organization:abc res_format:CSV AND groups:"health"')).toEqual({ ok: true, filters: { provider: "abc", format: "csv", theme: "health" } });
    expect(parseFq("+owner_org:xyz")).toEqual({ ok: true, filters: { provider: "xyz" } });
    expect(parseFq('tags:"公共 交通" res_format:csv')).toEqual({ ok: true, filters: { tag: "公共 交通", format: "csv" } });
    expect(parseFq("")).toEqual({ ok: true, filters: {} });
  });

  it("refuses what the catalog search cannot filter on exactly, and unknown values", () => {
    for (const fq of ["res_format:EXE", "groups:sports", "license_id:cc-by", "just words"]) {
      const r = parseFq(fq);
      expect(r.ok, fq).toBe(false);
      if (!r.ok) expect(r.errors[0].path).toBe("fq");
    }
  });
});

describe("catalogOrder", () => {
  it("maps CKAN's documented sorts, spacing and case aside", () => {
    expect(catalogOrder(undefined)).toBe("relevance");
    expect(catalogOrder("score desc,metadata_modified desc")).toBe("relevance");
    expect(catalogOrder("metadata_modified DESC")).toBe("newest");
    expect(catalogOrder("title_string asc")).toBe("title");
    expect(catalogOrder("views_recent desc")).toBe("most_used");
    expect(catalogOrder("title_string desc")).toBeNull();
  });
});

describe("pageWindow", () => {
  it("is the catalog page itself when start is a multiple of rows", () => {
    expect(pageWindow(20, 10)).toEqual({ page: 3, pageSize: 10, skip: 0 });
  });
  it("otherwise begins inside a page, whatever how deep", () => {
    expect(pageWindow(5, 10)).toEqual({ page: 1, pageSize: 10, skip: 5 });
    expect(pageWindow(99_995, 10)).toEqual({ page: 10_000, pageSize: 10, skip: 5 });
  });
});

describe("parseDatastoreSearch", () => {
  const readable: FieldAccess[] = [
    { name: "name", type: "string", mask: null },
    { name: "capital", type: "number", mask: null },
    { name: "phone", type: "string", mask: MASKS.phone! },
  ];

  it("turns filters into eq/in filters, one sort field, and clamps the limit to ours", () => {
    const r = parseDatastoreSearch({ filters: { name: "甲", capital: [1, "2.5"] }, sort: "capital desc", limit: 32000, offset: 7, fields: "_id,name", q: " 公司 " }, readable);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.search.query.filters).toEqual([
      { field: "name", op: "eq", value: "甲" },
      { field: "capital", op: "in", values: ["1", "2.5"] },
    ]);
    expect(r.search.query.sort).toEqual({ field: "capital", direction: "desc" });
    expect(r.search.query.fields.map((f) => f.name)).toEqual(["name"]);
    expect(r.search).toMatchObject({ offset: 7, q: "公司" });
    expect(r.search.query.limit).toBe(1000);
    // Free text never reaches a masked field.
    expect(r.search.searchable.map((f) => f.name)).toEqual(["name"]);
  });

  it("defaults to CKAN's 100 rows in source order", () => {
    const r = parseDatastoreSearch({ sort: "_id" }, readable);
    expect(r.ok && r.search.query.limit).toBe(100);
    expect(r.ok && r.search.query.sort).toBeNull();
  });

  it("refuses masked fields, several sorts, commas inside a list's values and wrong types", () => {
    const refused = [
      { filters: { phone: "13900000000" } },
      { sort: "phone" },
      { sort: "name, capital desc" },
      { filters: { name: ["a,b", "c"] } },
      { filters: { capital: "lots" } },
      { filters: { name: { nested: true } } },
      { fields: ["missing"] },
    ];
    for (const input of refused) expect(parseDatastoreSearch(input, readable).ok, JSON.stringify(input)).toBe(false);
  });
});
