import type { FieldAccess } from "@shuyuan/core";
import { describe, expect, it } from "vitest";
import { pageJson } from "./page-json";

const fields: FieldAccess[] = [
  { name: "name", type: "string", mask: null },
  { name: "count", type: "integer", mask: null },
  { name: "amount", type: "number", mask: null },
  { name: "ok", type: "boolean", mask: null },
  { name: "on", type: "date", mask: null },
  { name: "at", type: "datetime", mask: null },
  { name: "phone", type: "string", mask: { keepStart: 3, keepEnd: 4, minMasked: 4 } },
  { name: "capital", type: "number", mask: { keepStart: 1, keepEnd: 0, minMasked: 1 } },
];

describe("a page as JSON", () => {
  it("writes each field's text as its JSON value, in the order asked, and parses back", () => {
    const rows = [
      { _row: 7, "0": 'a "quoted"\nline\\ 中文 😀', "1": "-9007199254740993", "2": "12.50", "3": "true", "4": "2026-11-25", "5": '"2026-11-25T08:00:00+08:00"', "6": "139****1000", "7": "1*****" },
      { _row: 8, "0": null, "1": null, "2": "NaN", "3": "false", "4": null, "5": null, "6": null, "7": null },
      { _row: 9, "0": "", "1": "0", "2": "-Infinity", "3": null, "4": "infinity", "5": '"infinity"', "6": "", "7": "" },
    ];
    const text = pageJson(rows, fields);
    // Big integers and decimals stay exact: written as PostgreSQL printed them.
    expect(text).toContain('"count":-9007199254740993,"amount":12.50,');
    expect(JSON.parse(text)).toEqual([
      { _row: 7, name: 'a "quoted"\nline\\ 中文 😀', count: -9007199254740992, amount: 12.5, ok: true, on: "2026-11-25", at: "2026-11-25T08:00:00+08:00", phone: "139****1000", capital: "1*****" },
      { _row: 8, name: null, count: null, amount: "NaN", ok: false, on: null, at: null, phone: null, capital: null },
      { _row: 9, name: "", count: 0, amount: "-Infinity", ok: null, on: "infinity", at: "infinity", phone: "", capital: "" },
    ]);
    expect(Object.keys(JSON.parse(text)[0])).toEqual(["_row", ...fields.map((f) => f.name)]);
  });

  it("is an empty array for no rows", () => {
    expect(pageJson([], fields)).toBe("[]");
  });
});
