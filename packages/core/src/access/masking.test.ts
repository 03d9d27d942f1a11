import { describe, expect, it } from "vitest";
import { PERSONAL_KINDS, SENSITIVITY_KINDS, type SensitivityKind } from "../catalog/vocabulary";
import { MASKS, maskValue, type MaskSpec } from "./masking";

const spec = (kind: SensitivityKind): MaskSpec => {
  const s = MASKS[kind];
  if (!s) throw new Error(`no mask for ${kind}`);
  return s;
};
const mask = (kind: SensitivityKind, value: string | null) => maskValue(spec(kind), value);
const stars = (s: string) => [...s].filter((c) => c === "*").length;
const codePoints = (s: string) => [...s].length;

describe("MASKS: one spec per personal kind (001 §7)", () => {
  it("001 §7: every personal kind has a mask, so no personal field reaches the public raw", () => {
    for (const kind of PERSONAL_KINDS) expect(MASKS[kind], kind).toBeDefined();
  });

  it("non-personal kinds are not masked: a legal person's credit code is public information (002 §13)", () => {
    expect(MASKS.none).toBeUndefined();
    expect(MASKS.credit_code).toBeUndefined();
  });

  it("masks only known kinds, and every spec hides at least one character", () => {
    for (const [kind, s] of Object.entries(MASKS)) {
      expect(SENSITIVITY_KINDS).toContain(kind);
      expect(s!.minMasked).toBeGreaterThanOrEqual(1);
      expect(s!.keepStart).toBeGreaterThanOrEqual(0);
      expect(s!.keepEnd).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("maskValue on realistic values", () => {
  it("citizen ID (18 characters, GB 11643): region code and last four kept, birth date hidden", () => {
    expect(mask("citizen_id", "230102199003071234")).toBe("230102********1234");
    expect(mask("citizen_id", "11010519491231002X")).toBe("110105********002X");
  });

  it("citizen ID of the old 15-digit form: still region kept, at least 8 hidden", () => {
    // 15 - 6 - 4 = 5 < minMasked 8: the minimum decides, and the kept end shrinks to one character
    const out = mask("citizen_id", "230102900307123")!;
    expect(out).toBe("230102********3");
    expect(out).not.toContain("900307");
  });

  it("11-digit mobile phone: 139****1000", () => {
    expect(mask("phone", "13912341000")).toBe("139****1000");
  });

  it("phone with a country code keeps the first three and the last four", () => {
    expect(mask("phone", "+8613912341000")).toBe("+86*******1000");
  });

  it("2-character Chinese name: surname kept", () => {
    expect(mask("name", "张三")).toBe("张*");
  });

  it("3-character Chinese name: surname kept, given name hidden", () => {
    expect(mask("name", "李小龙")).toBe("李**");
  });

  it("4-character (compound surname) name", () => {
    expect(mask("name", "欧阳娜娜")).toBe("欧***");
  });

  it("bank card: last four kept", () => {
    expect(mask("bank_card", "6222021234567890123")).toBe("***************0123");
  });

  it("address: the first six characters (province and city) kept, the house number hidden", () => {
    const out = mask("address", "黑龙江省哈尔滨市道里区经纬街88号")!;
    expect(out.startsWith("黑龙江省哈尔")).toBe(true);
    expect(out).not.toContain("88号");
    expect(codePoints(out)).toBe(codePoints("黑龙江省哈尔滨市道里区经纬街88号"));
  });

  it("e-mail: only the first character kept", () => {
    expect(mask("email", "zhang.san@example.cn")).toBe("z" + "*".repeat(19));
  });

  it("passport", () => {
    expect(mask("passport", "E12345678")).toBe("E******78");
  });

  it("licence plate", () => {
    expect(mask("license_plate", "黑A12345")).toBe("黑A****5");
  });

  it("null stays null, for every kind", () => {
    for (const kind of PERSONAL_KINDS) expect(mask(kind, null)).toBeNull();
  });
});

describe("maskValue never shows a value whole (001 §7)", () => {
  const samples = ["", "1", "张", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "1234567890", "12345678901", "张三"];

  for (const kind of PERSONAL_KINDS) {
    it(`${kind}: short values hide at least minMasked characters (or all of them) and never equal the raw value`, () => {
      const s = spec(kind);
      for (const raw of samples) {
        const out = maskValue(s, raw)!;
        expect(out, `${kind} ${raw}`).not.toBe(raw);
        expect(stars(out), `${kind} ${raw}`).toBeGreaterThanOrEqual(s.minMasked);
        // The characters shown are a prefix and a suffix; together they never cover the whole value.
        const shown = codePoints(out) - stars(out);
        expect(shown, `${kind} ${raw}`).toBeLessThanOrEqual(Math.max(0, codePoints(raw) - Math.min(codePoints(raw), s.minMasked)));
      }
    });
  }

  it("001 §7: a phone number shorter than keepStart + keepEnd is not shown with stars inserted", () => {
    // Before the fix: "12345" → "123****45", every digit still readable.
    expect(mask("phone", "12345")).toBe("1****");
    expect(mask("phone", "1234567")).toBe("123****");
    expect(mask("phone", "12345678")).toBe("123****8");
  });

  it("001 §7: a truncated citizen ID keeps fewer characters so that 8 stay hidden", () => {
    expect(mask("citizen_id", "2301021990")).toBe("23********");
    expect(mask("citizen_id", "230102")).toBe("********");
  });

  it("a one-character name is all stars", () => {
    expect(mask("name", "张")).toBe("*");
  });

  it("an empty value shows only stars (its emptiness is not revealed)", () => {
    expect(mask("phone", "")).toBe("****");
  });

  it("values long enough keep exactly keepStart and keepEnd characters", () => {
    for (const kind of PERSONAL_KINDS) {
      const s = spec(kind);
      const raw = "abcdefghijklmnopqrstuvwxyz0123456789";
      const out = maskValue(s, raw)!;
      expect(out.slice(0, s.keepStart)).toBe(raw.slice(0, s.keepStart));
      if (s.keepEnd) expect(out.slice(-s.keepEnd)).toBe(raw.slice(-s.keepEnd));
      expect(out.length).toBe(raw.length);
      expect(stars(out)).toBe(raw.length - s.keepStart - s.keepEnd);
    }
  });
});

describe("maskValue counts code points, not UTF-16 units", () => {
  it("a name with a non-BMP character (𠮷, U+20BB7) keeps the whole surname", () => {
    expect(mask("name", "𠮷野")).toBe("𠮷*");
    expect(mask("name", "张𠮷")).toBe("张*");
  });

  it("never splits a surrogate pair", () => {
    for (const kind of PERSONAL_KINDS) {
      const out = mask(kind, "𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷")!;
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out), kind).toBe(false);
      expect(codePoints(out)).toBe(18);
    }
  });

  it("an 18-character value of non-BMP characters masks like a citizen ID", () => {
    const out = mask("citizen_id", "𝟐𝟑𝟎𝟏𝟎𝟐𝟏𝟗𝟗𝟎𝟎𝟑𝟎𝟕𝟏𝟐𝟑𝟒")!;
    expect(out).toBe("𝟐𝟑𝟎𝟏𝟎𝟐********𝟏𝟐𝟑𝟒");
  });
});
