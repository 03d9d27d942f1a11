import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, creditCodeFailure, parseCreditCode } from "./credit-code";

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// Real codes, check characters verified independently of this module.
const REAL = ["91350100M000100Y43", "91110000600037341L", "91440300708461136T", "12100000400000624D"];

describe("GB 32100 unified social credit code (002 §13: legal persons identified by 统一社会信用代码)", () => {
  it.each(REAL)("accepts %s", (code) => {
    const r = parseCreditCode(code);
    expect(r.ok).toBe(true);
  });

  it("splits the code into its parts", () => {
    expect(parseCreditCode("91350100M000100Y43")).toEqual({
      ok: true,
      value: "91350100M000100Y43",
      registrationAuthority: "9",
      orgType: "1",
      regionCode: "350100",
      subjectCode: "M000100Y4",
    });
  });

  it("writes a check value of 31 as '0'", () => {
    expect(creditCodeCheckChar("91320700MA1000006")).toBe("0");
    expect(parseCreditCode("91320700MA10000060").ok).toBe(true);
  });

  it("accepts letter registration authorities (N 农业, Y 其他)", () => {
    expect(parseCreditCode("N2320707MF00000019")).toMatchObject({ ok: true, registrationAuthority: "N", orgType: "2" });
    expect(parseCreditCode("Y1320700MA1000001T")).toMatchObject({ ok: true, registrationAuthority: "Y" });
  });

  it.each(REAL)("refuses every single-character corruption of %s", (code) => {
    for (let i = 0; i < 18; i++) {
      for (const c of CHARSET) {
        if (c === code[i]) continue;
        const forged = code.slice(0, i) + c + code.slice(i + 1);
        expect(parseCreditCode(forged).ok, forged).toBe(false);
      }
    }
  });

  it("refuses a wrong check character as check_digit", () => {
    expect(parseCreditCode("91350100M000100Y44")).toEqual({ ok: false, reason: "check_digit" });
  });

  it.each(["I", "O", "Z", "S", "V"])("refuses the forbidden letter %s", (letter) => {
    expect(parseCreditCode(`91350100M000100${letter}43`)).toEqual({ ok: false, reason: "charset" });
  });

  it("normalises lower case and surrounding spaces", () => {
    const r = parseCreditCode(" 91350100m000100y43 ");
    expect(r.ok && r.value).toBe("91350100M000100Y43");
  });

  it.each([
    ["letter in the region code", "9135A100M000100Y43"],
    ["17 characters", "91350100M000100Y4"],
    ["19 characters", "91350100M000100Y433"],
    ["punctuation", "91350100-000100Y43"],
    ["empty", ""],
  ])("refuses bad format: %s", (_label, s) => {
    expect(parseCreditCode(s)).toEqual({ ok: false, reason: "format" });
  });

  it("creditCodeFailure (no allocation, for loads) agrees with parseCreditCode on normalised codes", () => {
    const samples = [...REAL, "91350100M000100Y44", "91350100M000100I43", "9135A100M000100Y43", "91350100M000100Y4", "91350100-000100Y43", "9135A100M000100I43", "91350100M000100Y4中", ""];
    for (const code of REAL) for (let i = 0; i < 18; i++) for (const c of "0AIZ-") samples.push(code.slice(0, i) + c + code.slice(i + 1));
    for (const code of samples) {
      const parsed = parseCreditCode(code);
      expect(creditCodeFailure(code), code).toBe(parsed.ok ? null : parsed.reason);
    }
    expect(creditCodeFailure("91350100m000100y43")).toBe("format");
  });
});
