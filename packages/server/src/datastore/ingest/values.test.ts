import type { DatasetField } from "@shuyuan/core";
import { describe, expect, it } from "vitest";
import { newCitizenId, newCreditCode, corrupt } from "../../testing/factories";
import { parseDate, parseDateTime } from "./dates";
import { normalisePhone } from "./phone";
import { isRejection, normaliserFor, type Normalised } from "./values";

const field = (over: Partial<DatasetField>): DatasetField => ({ name: "f", title: "字段", type: "string", level: 1, sensitivity: "none", required: false, key: false, ...over });
const ok = (v: Normalised) => (isRejection(v) ? `REJECTED: ${v.en}` : v);

describe("values by field type", () => {
  it("integers: signs, thousands separators, full-width digits, zero decimals; bigint's range", () => {
    const n = normaliserFor(field({ type: "integer" }), "csv");
    expect(["42", " -7 ", "+3", "1,234,567", "１２３", "12.00", "007"].map((v) => ok(n(v)))).toEqual(["42", "-7", "3", "1234567", "123", "12", "7"]);
    expect(ok(n("9223372036854775807"))).toBe("9223372036854775807");
    expect(ok(n("-9223372036854775808"))).toBe("-9223372036854775808");
    for (const bad of ["9223372036854775808", "1.5", "1e3", "abc", "1,23", "--1"]) expect(isRejection(n(bad)), bad).toBe(true);
    expect(ok(n(12))).toBe("12");
    expect(isRejection(n(2 ** 60))).toBe(true);
  });

  it("numbers: decimals and exponents PostgreSQL's numeric reads; NaN, infinities and absurd sizes rejected", () => {
    const n = normaliserFor(field({ type: "number" }), "csv");
    expect(["1.5", "-0.25", ".5", "1e-3", "1,200.50"].map((v) => ok(n(v)))).toEqual(["1.5", "-0.25", ".5", "1e-3", "1200.50"]);
    for (const bad of ["NaN", "Infinity", "1e999999", "1.2.3", "12%"]) expect(isRejection(n(bad)), bad).toBe(true);
    expect(n("")).toBeNull();
    expect(ok(n(0.1))).toBe("0.1");
    expect(isRejection(n(Number.NaN))).toBe(true);
  });

  it("booleans: 是/否, true/false, 1/0", () => {
    const n = normaliserFor(field({ type: "boolean" }), "csv");
    expect(["是", "否", "TRUE", "false", "1", "0", "Y", "n"].map((v) => ok(n(v)))).toEqual(["t", "f", "t", "f", "t", "f", "t", "f"]);
    expect(ok(n(true))).toBe("t");
    expect(isRejection(n("maybe"))).toBe(true);
  });

  it("dates: YYYY-MM-DD, YYYY/MM/DD, YYYY年M月D日, YYYYMMDD, Excel date cells and day numbers", () => {
    const n = normaliserFor(field({ type: "date" }), "xlsx");
    expect(["2024-03-05", "2024/3/5", "2024.03.05", "2024年3月5日", "20240305", "2024年3月5"].map((v) => ok(n(v)))).toEqual(Array(6).fill("2024-03-05"));
    expect(ok(n(new Date(Date.UTC(2024, 1, 29))))).toBe("2024-02-29");
    expect(ok(n(45356))).toBe("2024-03-05");
    for (const bad of ["2023-02-29", "2024-13-01", "0000-01-01", "05/03/2024", "2024-03-05 10:00"]) expect(isRejection(n(bad)), bad).toBe(true);
    expect(isRejection(n(new Date(Date.UTC(2024, 1, 29, 10))))).toBe(true);
    // Only Excel stores dates as day numbers.
    expect(isRejection(normaliserFor(field({ type: "date" }), "json")(45356))).toBe(true);
  });

  it("date-times: written without a zone they are Beijing time, stated explicitly", () => {
    expect(parseDateTime("2024-03-05 08:30")).toBe("2024-03-05 08:30:00+08:00");
    expect(parseDateTime("2024/3/5 8:30:15.250")).toBe("2024-03-05 08:30:15.250+08:00");
    expect(parseDateTime("2024-03-05T08:30:00Z")).toBe("2024-03-05 08:30:00+00:00");
    expect(parseDateTime("2024-03-05T08:30:00+0530")).toBe("2024-03-05 08:30:00+05:30");
    expect(parseDateTime("2024年3月5日 8时30分")).toBe("2024-03-05 08:30:00+08:00");
    expect(parseDateTime("2024-03-05")).toBe("2024-03-05 00:00:00+08:00");
    for (const bad of ["2024-03-05 24:00", "2024-03-05 08:60", "2024-03-05T08:30:00+99:00", "08:30", "2024-03-05 08:30 PM"]) expect(parseDateTime(bad), bad).toBeNull();
    const n = normaliserFor(field({ type: "datetime" }), "xlsx");
    expect(ok(n(new Date(Date.UTC(2024, 2, 5, 8, 30))))).toBe("2024-03-05 08:30:00+08:00");
    expect(parseDate("2024-3-5")).toBe("2024-03-05");
  });

  it("required values and text length (in characters, not bytes)", () => {
    const n = normaliserFor(field({ required: true, length: 4 }), "csv");
    expect(n("   ")).toEqual(expect.objectContaining({ en: "required value is empty" }));
    expect(n(null)).toEqual(expect.objectContaining({ en: "required value is empty" }));
    expect(ok(n("黑龙江省"))).toBe("黑龙江省");
    expect(isRejection(n("黑龙江省哈"))).toBe(true);
    expect(ok(n(" 𠀀𠀀 "))).toBe(" 𠀀𠀀 ");
  });

  it("text is kept as written; NUL and numbers that lost digits are rejected", () => {
    const n = normaliserFor(field({}), "csv");
    expect(ok(n("  a\tb\nc "))).toBe("  a\tb\nc ");
    expect(ok(n("=cmd|' /C calc'!A0"))).toBe("=cmd|' /C calc'!A0");
    expect(isRejection(n("a\0b"))).toBe(true);
    expect(isRejection(n(230102198503121232))).toBe(true);
    expect(ok(n(1234))).toBe("1234");
  });
});

describe("values by sensitivity kind", () => {
  it("citizen ID numbers: GB 11643 check character via core, X upper-cased", () => {
    const n = normaliserFor(field({ sensitivity: "citizen_id" }), "csv");
    const id = newCitizenId();
    expect(ok(n(` ${id} `))).toBe(id);
    expect(ok(n("11010519491231002x"))).toBe("11010519491231002X");
    expect(n(corrupt(id, 16))).toEqual(expect.objectContaining({ en: "the citizen ID number's check character is wrong" }));
    expect(n("110105194902301234")).toEqual(expect.objectContaining({ en: "the birth date in the citizen ID number is invalid" }));
    expect(n("12345")).toEqual(expect.objectContaining({ zh: "身份证号应为 18 位（最后一位可为 X）" }));
  });

  it("credit codes: GB 32100 check character via core", () => {
    const n = normaliserFor(field({ sensitivity: "credit_code" }), "csv");
    const code = newCreditCode();
    expect(ok(n(code.toLowerCase()))).toBe(code);
    expect(n(corrupt(code, 12))).toEqual(expect.objectContaining({ en: "the unified social credit code's check character is wrong" }));
  });

  it("phones: mobiles, landlines with area code, service numbers", () => {
    expect(normalisePhone("13800138000")).toBe("13800138000");
    expect(normalisePhone("+86 138 0013 8000")).toBe("13800138000");
    expect(normalisePhone("138-0013-8000")).toBe("13800138000");
    expect(normalisePhone("010-87654321")).toBe("010-87654321");
    expect(normalisePhone("01087654321")).toBe("010-87654321");
    expect(normalisePhone("(0451)5123 4567")).toBe("0451-51234567");
    expect(normalisePhone("0451-86661234转801")).toBe("0451-86661234-801");
    expect(normalisePhone("４００-８００-１２３４")).toBe("400-800-1234");
    expect(normalisePhone("12345")).toBe("12345");
    for (const bad of ["1380013800", "23800138000", "87654321", "010-1234567", "phone"]) expect(normalisePhone(bad), bad).toBeNull();
  });
});
