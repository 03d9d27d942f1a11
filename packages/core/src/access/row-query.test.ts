import { describe, expect, it } from "vitest";
import type { FieldType } from "../catalog/vocabulary";
import type { FieldAccess } from "./decide";
import { MASKS } from "./masking";
import { DEFAULT_LIMIT, encodeCursor, FILTER_OPS, MAX_LIMIT, parseRowQuery, parseValue, type Filter, type RowQuery } from "./row-query";

// What decideAccess hands a public reader of a population entry: personal fields masked (001 §7).
const readable: FieldAccess[] = [
  { name: "person_name", type: "string", mask: MASKS.name! },
  { name: "citizen_id", type: "string", mask: MASKS.citizen_id! },
  { name: "district", type: "string", mask: null },
  { name: "age", type: "integer", mask: null },
  { name: "income", type: "number", mask: null },
  { name: "insured", type: "boolean", mask: null },
  { name: "born_on", type: "date", mask: null },
  { name: "updated_at", type: "datetime", mask: null },
];
const names = readable.map((f) => f.name);
const fieldOf: Record<FieldType, string> = {
  string: "district",
  integer: "age",
  number: "income",
  boolean: "insured",
  date: "born_on",
  datetime: "updated_at",
};

type Params = Parameters<typeof parseRowQuery>[0];
function ok(params: Params, fields: readonly FieldAccess[] = readable): RowQuery {
  const r = parseRowQuery(params, fields);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.query;
}
function bad(params: Params, fields: readonly FieldAccess[] = readable) {
  const r = parseRowQuery(params, fields);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.query)}`);
  for (const e of r.errors) {
    expect(e.message.zh.length).toBeGreaterThan(0);
    expect(e.message.en.length).toBeGreaterThan(0);
  }
  return r.errors;
}
const paths = (params: Params) => bad(params).map((e) => e.path);
/** A cursor from arbitrary JSON text, as a tamperer would make one. */
const rawCursor = (json: string) => Buffer.from(json, "utf8").toString("base64url");

describe("parseRowQuery defaults", () => {
  it("no parameters: every readable field, no filter, no sort, the default limit, first page", () => {
    expect(ok({})).toEqual({ fields: readable, filters: [], sort: null, limit: DEFAULT_LIMIT, after: null });
    expect(DEFAULT_LIMIT).toBe(50);
    expect(MAX_LIMIT).toBe(1000);
  });

  it("parameters the language does not know are ignored (the server's own, e.g. format)", () => {
    expect(ok({ format: "csv", page: "2", f: "x", "g.age": "eq.1" }).filters).toEqual([]);
  });

  it("undefined parameter values count as absent", () => {
    expect(ok({ fields: undefined, sort: undefined, limit: undefined, after: undefined, "f.age": undefined })).toEqual(ok({}));
  });

  it("the query holds copies, not the caller's readable array", () => {
    const q = ok({});
    expect(q.fields).not.toBe(readable);
  });
});

describe("fields selection", () => {
  it("keeps the requested order, not the entry's", () => {
    expect(ok({ fields: "age,district" }).fields.map((f) => f.name)).toEqual(["age", "district"]);
  });

  it("drops duplicates, keeping the first position", () => {
    expect(ok({ fields: "age,district,age" }).fields.map((f) => f.name)).toEqual(["age", "district"]);
  });

  it("accepts a repeated key and trims spaces and empty items", () => {
    expect(ok({ fields: ["born_on", " age , ,district", "born_on"] }).fields.map((f) => f.name)).toEqual(["born_on", "age", "district"]);
  });

  it("an empty selection means every field", () => {
    expect(ok({ fields: "" }).fields).toEqual(readable);
    expect(ok({ fields: ",," }).fields).toEqual(readable);
  });

  it("001 §7: a masked field may be selected: it is returned masked, with its mask", () => {
    expect(ok({ fields: "citizen_id" }).fields).toEqual([{ name: "citizen_id", type: "string", mask: MASKS.citizen_id }]);
  });

  it("an unknown field is refused, naming it", () => {
    const errors = bad({ fields: "age,salary" });
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe("fields");
    expect(errors[0].message.en).toContain("salary");
  });

  it("003 §23: a withheld field (absent from the readable list) is as unknown as a made-up one", () => {
    const withoutDiagnosis = readable.filter((f) => f.name !== "age");
    expect(bad({ fields: "age" }, withoutDiagnosis)[0].path).toBe("fields");
    expect(bad({ "f.age": "eq.1" }, withoutDiagnosis)[0].path).toBe("f.age");
    expect(bad({ sort: "age" }, withoutDiagnosis)[0].path).toBe("sort");
  });

  it("names are case-sensitive and not trimmed of injected text", () => {
    expect(paths({ fields: "AGE" })).toEqual(["fields"]);
    expect(paths({ fields: "age;drop table x" })).toEqual(["fields"]);
    expect(paths({ fields: "age--" })).toEqual(["fields"]);
    expect(paths({ fields: '"age"' })).toEqual(["fields"]);
  });

  it("Object prototype names are not fields", () => {
    expect(paths({ fields: "constructor" })).toEqual(["fields"]);
    expect(paths({ "f.__proto__": "eq.1" })).toEqual(["f.__proto__"]);
    expect(paths({ sort: "toString" })).toEqual(["sort"]);
  });
});

describe("filters: every op on every type", () => {
  // op → type → [raw argument, parsed filter value] or null when the op does not apply to the type
  const valid: Record<FieldType, string> = {
    string: "道里区",
    integer: "42",
    number: "1234.56",
    boolean: "true",
    date: "2026-02-28",
    datetime: "2026-02-28T09:30:00+08:00",
  };
  const parsed: Record<FieldType, string | number | boolean> = {
    string: "道里区",
    integer: 42,
    number: "1234.56",
    boolean: true,
    date: "2026-02-28",
    datetime: "2026-02-28T09:30:00+08:00",
  };
  const inValues: Record<FieldType, [string, (string | number | boolean)[]]> = {
    string: ["道里区,南岗区", ["道里区", "南岗区"]],
    integer: ["1,2,-3", [1, 2, -3]],
    number: ["1.5,2,-0.25", ["1.5", "2", "-0.25"]],
    boolean: ["true,false", [true, false]],
    date: ["2024-02-29,2026-01-01", ["2024-02-29", "2026-01-01"]],
    datetime: ["2026-01-01T00:00:00Z,2026-01-01T08:00+08:00", ["2026-01-01T00:00:00Z", "2026-01-01T08:00+08:00"]],
  };
  const types = Object.keys(fieldOf) as FieldType[];

  for (const type of types) {
    const field = fieldOf[type];
    for (const op of ["eq", "ne", "lt", "lte", "gt", "gte"] as const) {
      it(`${op} on ${type}`, () => {
        expect(ok({ [`f.${field}`]: `${op}.${valid[type]}` }).filters).toEqual([{ field, op, value: parsed[type] }]);
      });
    }
    it(`in on ${type}`, () => {
      const [raw, values] = inValues[type];
      expect(ok({ [`f.${field}`]: `in.${raw}` }).filters).toEqual([{ field, op: "in", values }]);
    });
    it(`in with one value on ${type}`, () => {
      expect(ok({ [`f.${field}`]: `in.${valid[type]}` }).filters).toEqual([{ field, op: "in", values: [parsed[type]] }]);
    });
    it(`null on ${type}`, () => {
      expect(ok({ [`f.${field}`]: "null.true" }).filters).toEqual([{ field, op: "null", value: true }]);
      expect(ok({ [`f.${field}`]: "null.false" }).filters).toEqual([{ field, op: "null", value: false }]);
      const errors = bad({ [`f.${field}`]: "null.yes" });
      expect(errors[0].message.en).toBe("null takes true or false");
    });
    it(`prefix on ${type}`, () => {
      if (type === "string") expect(ok({ "f.district": "prefix.道里" }).filters).toEqual([{ field: "district", op: "prefix", value: "道里" }]);
      else expect(bad({ [`f.${field}`]: `prefix.${valid[type]}` })[0].message.en).toBe("prefix works on text fields only");
    });
  }

  it("all ops are covered above", () => {
    expect([...FILTER_OPS].sort()).toEqual(["eq", "gt", "gte", "in", "lt", "lte", "ne", "null", "prefix"]);
  });

  it("the value is everything after the first dot (dots inside values survive)", () => {
    expect(ok({ "f.district": "eq.a.b.c" }).filters).toEqual([{ field: "district", op: "eq", value: "a.b.c" }]);
    expect(ok({ "f.income": "gt.0.5" }).filters).toEqual([{ field: "income", op: "gt", value: "0.5" }]);
  });

  it("an empty text value is a value (eq.)", () => {
    expect(ok({ "f.district": "eq." }).filters).toEqual([{ field: "district", op: "eq", value: "" }]);
    expect(ok({ "f.district": "eq" }).filters).toEqual([{ field: "district", op: "eq", value: "" }]);
  });

  it("an empty value is refused for typed fields", () => {
    for (const type of types.filter((t) => t !== "string")) expect(paths({ [`f.${fieldOf[type]}`]: "eq." })).toEqual([`f.${fieldOf[type]}`]);
  });

  it("unknown ops are refused, listing the ops", () => {
    for (const op of ["like", "EQ", "ilike", "is", "between", "", "regex"]) {
      const errors = bad({ "f.age": `${op}.1` });
      expect(errors).toHaveLength(1);
      expect(errors[0].message.en).toContain("eq, ne, lt");
    }
    expect(paths({ "f.age": "42" })).toEqual(["f.age"]); // no op at all
  });

  it("prefix needs a value", () => {
    expect(paths({ "f.district": "prefix." })).toEqual(["f.district"]);
  });

  it("filters AND-ed across fields, in parameter order", () => {
    expect(ok({ "f.district": "eq.道里区", "f.insured": "eq.false", "f.age": "gte.18" }).filters).toEqual([
      { field: "district", op: "eq", value: "道里区" },
      { field: "insured", op: "eq", value: false },
      { field: "age", op: "gte", value: 18 },
    ]);
  });

  it("a filter on a field left out of the selection is fine", () => {
    expect(ok({ fields: "district", "f.age": "lt.30" }).filters).toEqual([{ field: "age", op: "lt", value: 30 }]);
  });

  it("an unknown field in a filter is refused, by its key", () => {
    expect(paths({ "f.salary": "eq.1" })).toEqual(["f.salary"]);
    expect(paths({ "f.": "eq.1" })).toEqual(["f."]);
  });

  it("every error is reported at once", () => {
    expect(paths({ fields: "nope", "f.age": "eq.x", "f.salary": "eq.1", sort: "nope", limit: "0", after: "!!" })).toEqual(["fields", "f.age", "f.salary", "sort", "limit", "after"]);
  });
});

describe("ranges by repeating a key", () => {
  it("gte and lt on one integer field", () => {
    expect(ok({ "f.age": ["gte.18", "lt.65"] }).filters).toEqual([
      { field: "age", op: "gte", value: 18 },
      { field: "age", op: "lt", value: 65 },
    ]);
  });

  it("a date range", () => {
    expect(ok({ "f.born_on": ["gte.1990-01-01", "lte.1999-12-31"] }).filters).toEqual([
      { field: "born_on", op: "gte", value: "1990-01-01" },
      { field: "born_on", op: "lte", value: "1999-12-31" },
    ]);
  });

  it("one bad bound refuses the query, the other is not kept", () => {
    const errors = bad({ "f.age": ["gte.18", "lt.sixty"] });
    expect(errors).toHaveLength(1);
    expect(errors[0].message.en).toContain('"sixty"');
  });
});

describe("001 §7: masked fields cannot be probed", () => {
  it("001 §7: filtering on a masked field is refused, for every op", () => {
    for (const op of FILTER_OPS) {
      const errors = bad({ "f.citizen_id": `${op}.230102` });
      expect(errors).toHaveLength(1);
      expect(errors[0].path).toBe("f.citizen_id");
      expect(errors[0].message.en).toBe('Field "citizen_id" is masked and cannot be used to filter');
    }
  });

  it("001 §7: prefix on a masked name (guessing surnames) is refused", () => {
    expect(paths({ "f.person_name": "prefix.张" })).toEqual(["f.person_name"]);
  });

  it("001 §7: even null on a masked field is refused", () => {
    expect(paths({ "f.person_name": "null.true" })).toEqual(["f.person_name"]);
  });

  it("001 §7: sorting on a masked field is refused, either direction", () => {
    for (const sort of ["citizen_id", "-citizen_id", "person_name"]) {
      const errors = bad({ sort });
      expect(errors[0].path).toBe("sort");
      expect(errors[0].message.en).toContain("cannot be used to sort");
    }
  });

  it("the same fields unmasked (the provider's view) can be filtered and sorted", () => {
    const raw = readable.map((f) => ({ ...f, mask: null }));
    expect(ok({ "f.citizen_id": "prefix.230102", sort: "-person_name" }, raw)).toMatchObject({
      filters: [{ field: "citizen_id", op: "prefix", value: "230102" }],
      sort: { field: "person_name", direction: "desc" },
    });
  });
});

describe("parseValue: type checks", () => {
  it("integers", () => {
    expect(parseValue("integer", "0")).toBe(0);
    expect(parseValue("integer", "-17")).toBe(-17);
    expect(parseValue("integer", "007")).toBe(7);
    expect(parseValue("integer", "9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseValue("integer", "-9007199254740991")).toBe(Number.MIN_SAFE_INTEGER);
    for (const raw of ["", "1.0", "1.5", "+1", " 1", "1 ", "1e3", "0x10", "Infinity", "NaN", "1_000", "１２", "--1", "-"]) {
      expect(parseValue("integer", raw), raw).toBeNull();
    }
  });

  it("integers beyond 2^53 are refused: Number() would silently change them", () => {
    expect(Number("9007199254740993")).toBe(9007199254740992); // why
    expect(parseValue("integer", "9007199254740992")).toBeNull();
    expect(parseValue("integer", "9007199254740993")).toBeNull();
    expect(parseValue("integer", "-9007199254740993")).toBeNull();
    expect(parseValue("integer", "999999999999999999")).toBeNull();
    expect(parseValue("integer", "1".repeat(19))).toBeNull();
  });

  it("numbers are kept as text so numeric precision survives", () => {
    expect(parseValue("number", "0.1")).toBe("0.1");
    expect(parseValue("number", "-1234.5678")).toBe("-1234.5678");
    expect(parseValue("number", "12345678901234567890.123456789")).toBe("12345678901234567890.123456789");
  });

  it("numbers with an exponent, a sign, a bare dot or a comma are refused", () => {
    for (const raw of ["1e5", "1E5", "1.5e-3", "+1", ".5", "5.", "1,000", "1 000", "NaN", "Infinity", "-", "", "0x1F", "1.2.3"]) {
      expect(parseValue("number", raw), raw).toBeNull();
    }
  });

  it("booleans: only true and false", () => {
    expect(parseValue("boolean", "true")).toBe(true);
    expect(parseValue("boolean", "false")).toBe(false);
    for (const raw of ["TRUE", "True", "1", "0", "yes", "t", "", "是"]) expect(parseValue("boolean", raw), raw).toBeNull();
  });

  it("dates: real calendar days only (Date.parse would roll 2026-02-30 over to March 2)", () => {
    expect(Number.isNaN(Date.parse("2026-02-30T00:00:00Z"))).toBe(false); // why the check cannot rely on it
    for (const raw of ["2026-02-28", "2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01", "9999-12-31"]) expect(parseValue("date", raw), raw).toBe(raw);
    for (const raw of ["2026-02-29", "2026-02-30", "2026-02-31", "1900-02-29", "2026-04-31", "2026-06-31", "2026-09-31", "2026-11-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "0000-01-01"]) {
      expect(parseValue("date", raw), raw).toBeNull();
    }
  });

  it("dates in other shapes are refused", () => {
    for (const raw of ["2026-1-5", "26-01-05", "2026/01/05", "20260105", "2026-01-05T00:00:00Z", "2026-01-05 ", "２０２６-01-05", "today", ""]) {
      expect(parseValue("date", raw), raw).toBeNull();
    }
  });

  it("datetimes: ISO 8601 with T, optional seconds, fraction and offset", () => {
    for (const raw of [
      "2026-01-05T09:30",
      "2026-01-05T09:30:15",
      "2026-01-05T09:30:15.123",
      "2026-01-05T09:30:15.123456Z",
      "2026-01-05T09:30:15Z",
      "2026-01-05T09:30:15+08:00",
      "2026-01-05T09:30:15+0800",
      "2026-01-05T09:30:15+08",
      "2026-01-05T09:30:15-05:30",
      "2024-02-29T23:59:59Z",
      "1900-01-01T00:00:00+08:05:43", // a historic local-mean-time offset, as PostgreSQL prints it
    ]) {
      expect(parseValue("datetime", raw), raw).toBe(raw);
    }
  });

  it("datetimes: impossible days, hours, minutes, seconds and offsets are refused", () => {
    for (const raw of [
      "2026-02-30T10:00:00Z", // Date.parse accepts this one
      "2026-02-29T00:00:00Z",
      "2026-04-31T00:00Z",
      "2026-01-05T24:00:00Z", // Date.parse accepts this one too
      "2026-01-05T25:00:00Z",
      "2026-01-05T09:60:00Z",
      "2026-01-05T09:30:60Z",
      "2026-01-05T9:30Z",
      "2026-01-05T09Z",
      "2026-01-05T09:30:00+16:00",
      "2026-01-05T09:30:00+08:60",
      "2026-01-05T1",
      "2026-01-05T::",
      "2026-01-05T09:30:00.Z",
      "2026-01-05 09:30:00",
      "2026-01-05t09:30:00z",
      "2026-01-05",
      "0000-01-01T00:00:00Z",
      "",
    ]) {
      expect(parseValue("datetime", raw), raw).toBeNull();
    }
  });

  it("text: up to 1000 characters, anything but NUL", () => {
    expect(parseValue("string", "")).toBe("");
    expect(parseValue("string", "x".repeat(1000))).toBe("x".repeat(1000));
    expect(parseValue("string", "x".repeat(1001))).toBeNull();
    expect(parseValue("string", "a\u0000b")).toBeNull(); // PostgreSQL text cannot hold it: the query would fail
    expect(parseValue("string", "𠮷野家 🚗")).toBe("𠮷野家 🚗");
  });

  it("a filter with NUL in it is refused instead of reaching the database", () => {
    expect(paths({ "f.district": "eq.a\u0000" })).toEqual(["f.district"]);
    expect(paths({ "f.district": "prefix.\u0000" })).toEqual(["f.district"]);
    expect(paths({ "f.district": "in.a,\u0000" })).toEqual(["f.district"]);
  });

  it("a text filter longer than 1000 characters is refused, prefix included", () => {
    expect(paths({ "f.district": `eq.${"道".repeat(1001)}` })).toEqual(["f.district"]);
    expect(paths({ "f.district": `prefix.${"道".repeat(1001)}` })).toEqual(["f.district"]);
    expect(ok({ "f.district": `prefix.${"道".repeat(1000)}` }).filters).toHaveLength(1);
  });

  it("bad typed values name the value and the type", () => {
    const [e] = bad({ "f.born_on": "eq.2026-02-30" });
    expect(e.path).toBe("f.born_on");
    expect(e.message.en).toBe('"2026-02-30" is not a date value');
  });
});

describe("in: lists", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => String(i)).join(",");

  it("takes up to 100 values", () => {
    expect(ok({ "f.age": `in.${hundred}` }).filters[0]).toMatchObject({ op: "in", values: expect.arrayContaining([0, 99]) });
    expect((ok({ "f.age": `in.${hundred}` }).filters[0] as Extract<Filter, { op: "in" }>).values).toHaveLength(100);
  });

  it("refuses 101 values", () => {
    const [e] = bad({ "f.age": `in.${hundred},100` });
    expect(e.message.en).toBe("in takes 1 to 100 comma-separated integer values");
  });

  it("refuses an empty list and a list with one bad value", () => {
    expect(paths({ "f.age": "in." })).toEqual(["f.age"]);
    expect(paths({ "f.age": "in" })).toEqual(["f.age"]);
    expect(paths({ "f.age": "in.1,,2" })).toEqual(["f.age"]);
    expect(paths({ "f.age": "in.1,x" })).toEqual(["f.age"]);
    expect(paths({ "f.born_on": "in.2026-01-01,2026-02-30" })).toEqual(["f.born_on"]);
  });

  it("text values cannot hold commas (the separator); an empty text item is a value", () => {
    expect(ok({ "f.district": "in.a,b" }).filters).toEqual([{ field: "district", op: "in", values: ["a", "b"] }]);
    expect(ok({ "f.district": "in.a," }).filters).toEqual([{ field: "district", op: "in", values: ["a", ""] }]);
  });
});

describe("sort", () => {
  it("ascending and descending", () => {
    expect(ok({ sort: "age" }).sort).toEqual({ field: "age", direction: "asc" });
    expect(ok({ sort: "-born_on" }).sort).toEqual({ field: "born_on", direction: "desc" });
  });

  it("an empty sort is no sort", () => {
    expect(ok({ sort: "" }).sort).toBeNull();
  });

  it("one field only", () => {
    expect(paths({ sort: "age,district" })).toEqual(["sort"]);
    expect(paths({ sort: ["age", "district"] })).toEqual(["sort"]);
  });

  it("unknown fields, a bare minus, a double minus or a plus are refused", () => {
    for (const sort of ["salary", "-", "--age", "+age", " age", "age desc", "age;drop table x"]) expect(paths({ sort }), sort).toEqual(["sort"]);
  });

  it("a field outside the selection may sort", () => {
    expect(ok({ fields: "district", sort: "-age" }).sort).toEqual({ field: "age", direction: "desc" });
  });
});

describe("limit", () => {
  it("1 to 1000", () => {
    expect(ok({ limit: "1" }).limit).toBe(1);
    expect(ok({ limit: "1000" }).limit).toBe(1000);
    expect(ok({ limit: "050" }).limit).toBe(50);
  });

  it("out of range or not a plain integer is refused", () => {
    for (const limit of ["0", "1001", "99999", "100000", "-1", "1.5", "1e3", "", " 10", "10 ", "abc", "0x10", "Infinity"]) {
      const errors = bad({ limit });
      expect(errors.map((e) => e.path), limit).toEqual(["limit"]);
    }
  });

  it("a repeated limit: the first counts", () => {
    expect(ok({ limit: ["10", "20"] }).limit).toBe(10);
  });
});

describe("after: keyset cursors", () => {
  it("round trip for every kind of sort value", () => {
    const cases: [string | undefined, string | number | boolean | null, number][] = [
      [undefined, null, 0],
      [undefined, null, 50],
      ["age", 42, 7],
      ["-age", -3, 1],
      ["income", 1234.56, 8],
      ["income", 1e-7, 9], // to_json(numeric) 0.0000001 parses to 1e-7
      ["insured", false, 9],
      ["district", "道里区 🚗", 10],
      ["district", "", 11],
      ["born_on", "2024-02-29", 12],
      ["updated_at", "2026-01-05T01:30:00+00:00", 13],
      ["updated_at", "2026-01-05T01:30:00.123456+00:00", 14],
      ["age", null, 15], // the last row had no value
      ["age", 0, Number.MAX_SAFE_INTEGER],
    ];
    for (const [sort, value, row] of cases) {
      const after = encodeCursor(value, row);
      expect(after).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(ok({ sort, after }).after, JSON.stringify([sort, value])).toEqual({ value, row });
    }
  });

  it("a cursor sorted by a long text (e.g. a 1,500-character business scope) still round trips", () => {
    const value = "经营范围".repeat(375);
    expect(ok({ sort: "district", after: encodeCursor(value, 3) }).after).toEqual({ value, row: 3 });
  });

  it("encoding a very long value does not overflow the stack (it may then be refused as too long)", () => {
    const value = "道".repeat(100_000);
    const after = encodeCursor(value, 1);
    expect(after.length).toBeGreaterThan(8000);
    expect(paths({ sort: "district", after })).toEqual(["after"]);
  });

  it("garbage is refused", () => {
    for (const after of ["", "!!!", "abc", "a", "====", "eyJ", "not a cursor", "%5B1%2C2%5D", "[null,1]", "W251bGwsMV0=", "A".repeat(8001)]) {
      expect(paths({ after }), after.slice(0, 20)).toEqual(["after"]);
    }
  });

  it("wrong shapes are refused", () => {
    for (const json of ['{"value":1,"row":2}', "[1]", "[1,2,3]", "[]", "null", "1", '"x"', "[1,-1]", "[1,1.5]", '[1,"2"]', "[1,null]", "[{},1]", "[[1],1]", `[1,${2 ** 53}]`, "[1,1e400]", "[1, 2", "[1,2]x"]) {
      expect(paths({ after: rawCursor(json) }), json).toEqual(["after"]);
    }
  });

  it("bytes that are not UTF-8 are refused", () => {
    expect(paths({ after: Buffer.from([0x5b, 0xff, 0xfe, 0x2c, 0x31, 0x5d]).toString("base64url") })).toEqual(["after"]);
  });

  it("a huge cursor is refused before it is decoded", () => {
    const huge = rawCursor(JSON.stringify(["x".repeat(100_000), 1]));
    expect(paths({ after: huge })).toEqual(["after"]);
  });

  it("a cursor whose value does not fit the sort field is refused (it would fail the SQL cast)", () => {
    const mismatches: [string, string | number | boolean][] = [
      ["age", "abc"],
      ["age", "42"],
      ["age", 1.5],
      ["age", 1e21],
      ["age", true],
      ["income", "1.5; drop table x"],
      ["income", true],
      ["insured", "true"],
      ["insured", 1],
      ["born_on", "2026-02-30"],
      ["born_on", "yesterday"],
      ["born_on", 20260105],
      ["updated_at", "2026-01-05T25:00:00Z"],
      ["updated_at", 0],
      ["district", 42],
      ["district", "a\u0000b"],
    ];
    for (const [sort, value] of mismatches) {
      const errors = bad({ sort, after: encodeCursor(value, 1) });
      expect(errors.map((e) => e.path), `${sort} ${String(value)}`).toEqual(["after"]);
      expect(errors[0].message.en).toBe("The page cursor does not match the sort field");
    }
  });

  it("numeric NaN and infinities, as PostgreSQL's to_json writes them, fit a number sort", () => {
    for (const value of ["NaN", "Infinity", "-Infinity"]) expect(ok({ sort: "income", after: encodeCursor(value, 2) }).after).toEqual({ value, row: 2 });
  });

  it("without a sort the value is ignored by the keyset (row order only), so any scalar passes", () => {
    expect(ok({ after: encodeCursor("x", 5) }).after).toEqual({ value: "x", row: 5 });
  });

  it("a repeated after: the first counts", () => {
    expect(ok({ after: [encodeCursor(null, 1), "garbage!"] }).after).toEqual({ value: null, row: 1 });
  });
});

describe("injection-looking values: plain typed values, never SQL", () => {
  const nasty = ["'; drop table x; --", ") or 1=1", "' or '1'='1", '"; select pg_sleep(10); --', "1; delete from datasets", "\\'", "%' --", "$1", "::text", "_%", "\\\\"];

  it("are accepted as plain values for text fields, byte for byte", () => {
    for (const v of nasty) {
      expect(ok({ "f.district": `eq.${v}` }).filters, v).toEqual([{ field: "district", op: "eq", value: v }]);
      expect(ok({ "f.district": `prefix.${v}` }).filters, v).toEqual([{ field: "district", op: "prefix", value: v }]);
      expect(ok({ "f.district": `ne.${v}` }).filters, v).toEqual([{ field: "district", op: "ne", value: v }]);
    }
  });

  it("are refused for typed fields", () => {
    for (const v of nasty)
      for (const field of ["age", "income", "insured", "born_on", "updated_at"]) {
        expect(paths({ [`f.${field}`]: `eq.${v}` }), `${field} ${v}`).toEqual([`f.${field}`]);
        expect(paths({ [`f.${field}`]: `in.1,${v}` }), `${field} ${v}`).toEqual([`f.${field}`]);
      }
  });

  it("typed values with SQL appended are refused", () => {
    expect(paths({ "f.age": "eq.1 or 1=1" })).toEqual(["f.age"]);
    expect(paths({ "f.age": "eq.1;drop table x" })).toEqual(["f.age"]);
    expect(paths({ "f.born_on": "eq.2026-01-01'--" })).toEqual(["f.born_on"]);
    expect(paths({ "f.updated_at": "eq.2026-01-01T00:00:00Z' or '1'='1" })).toEqual(["f.updated_at"]);
    expect(paths({ "f.insured": "null.true or 1=1" })).toEqual(["f.insured"]);
  });

  it("the parsed query only names readable fields and known ops; values stay data", () => {
    const q = ok({
      fields: "district,age",
      "f.district": ["eq.'; drop table x; --", "in.) or 1=1,x"],
      "f.age": "gte.1",
      sort: "-district",
      limit: "10",
      after: encodeCursor("') or 1=1 --", 3),
    });
    for (const f of q.fields) expect(names).toContain(f.name);
    for (const f of q.filters) {
      expect(names).toContain(f.field);
      expect(FILTER_OPS).toContain(f.op);
    }
    expect(names).toContain(q.sort!.field);
    expect(["asc", "desc"]).toContain(q.sort!.direction);
    expect(q.after).toEqual({ value: "') or 1=1 --", row: 3 });
    // No SQL anywhere: the result is plain data (keys of a fixed shape).
    expect(Object.keys(q).sort()).toEqual(["after", "fields", "filters", "limit", "sort"]);
  });
});
