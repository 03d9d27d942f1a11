import { describe, expect, it } from "vitest";
import { citizenIdCheckChar, citizenIdFailure, maskCitizenId, parseCitizenId } from "./citizen-id";

const TODAY = "2025-06-30";

// Check characters verified independently of this module (ISO 7064 MOD 11-2).
const VALID = [
  { id: "11010519491231002X", region: "110105", birth: "1949-12-31", sex: "female" },
  { id: "440308199901010012", region: "440308", birth: "1999-01-01", sex: "male" },
  { id: "320706198002290038", region: "320706", birth: "1980-02-29", sex: "male" },
  { id: "230102200012310047", region: "230102", birth: "2000-12-31", sex: "female" },
  { id: "310115196910051238", region: "310115", birth: "1969-10-05", sex: "male" },
] as const;

describe("GB 11643 citizen ID (002 §13: natural persons identified by citizen ID number)", () => {
  it.each(VALID)("accepts $id", ({ id, region, birth, sex }) => {
    expect(parseCitizenId(id, TODAY)).toEqual({ ok: true, value: id, regionCode: region, birthDate: birth, sex });
  });

  it("computes the well-known check character X", () => {
    expect(citizenIdCheckChar("11010519491231002")).toBe("X");
  });

  it.each(VALID)("refuses every single-character corruption of $id", ({ id }) => {
    for (let i = 0; i < 18; i++) {
      const alphabet = i === 17 ? "0123456789X" : "0123456789";
      for (const c of alphabet) {
        if (c === id[i]) continue;
        const forged = id.slice(0, i) + c + id.slice(i + 1);
        expect(parseCitizenId(forged, TODAY).ok, forged).toBe(false);
      }
    }
  });

  it("refuses a wrong check character as check_digit", () => {
    expect(parseCitizenId("110105194912310021", TODAY)).toEqual({ ok: false, reason: "check_digit" });
  });

  it("accepts lower-case x and surrounding spaces, normalising them", () => {
    const r = parseCitizenId("  11010519491231002x ", TODAY);
    expect(r.ok && r.value).toBe("11010519491231002X");
  });

  it.each([
    ["Feb 30", "19900230"],
    ["Feb 29 in a non-leap year", "19900229"],
    ["Feb 29 in 1900 (not leap)", "19000229"],
    ["month 13", "19901301"],
    ["day 0", "19900100"],
    ["year before 1800", "17991231"],
  ])("refuses an impossible birth date: %s", (_label, ymd) => {
    const first17 = `110105${ymd}002`;
    expect(parseCitizenId(first17 + citizenIdCheckChar(first17), TODAY)).toEqual({ ok: false, reason: "birth_date" });
  });

  it("accepts Feb 29 of 2000 (leap) and a birth today, refuses a birth tomorrow", () => {
    const leap = "11010520000229001";
    expect(parseCitizenId(leap + citizenIdCheckChar(leap), TODAY).ok).toBe(true);
    const today = "11010520250630001";
    expect(parseCitizenId(today + citizenIdCheckChar(today), TODAY).ok).toBe(true);
    const tomorrow = "11010520250701001";
    expect(parseCitizenId(tomorrow + citizenIdCheckChar(tomorrow), TODAY)).toEqual({ ok: false, reason: "birth_date" });
  });

  it("reads a Date `today` on the China calendar (UTC+8)", () => {
    const id = "11010520250701001";
    const full = id + citizenIdCheckChar(id);
    // 2025-06-30T17:00Z is already 1 July in Beijing.
    expect(parseCitizenId(full, new Date("2025-06-30T17:00:00Z")).ok).toBe(true);
    expect(parseCitizenId(full, new Date("2025-06-30T15:00:00Z")).ok).toBe(false);
  });

  it("refuses an unknown province prefix", () => {
    const id = "99010519491231002";
    expect(parseCitizenId(id + citizenIdCheckChar(id), TODAY)).toEqual({ ok: false, reason: "region" });
  });

  it.each([
    ["15-digit old number", "110105491231002"],
    ["17 digits", "11010519491231002"],
    ["19 characters", "11010519491231002X0"],
    ["X not last", "1101051949123100X2"],
    ["letters", "ABCDEFGHIJKLMNOPQR"],
    ["empty", ""],
    ["inner space", "110105 19491231002X"],
    ["full-width digits", "１１０１０５１９４９１２３１００２Ｘ"],
  ])("refuses garbage: %s", (_label, s) => {
    expect(parseCitizenId(s, TODAY)).toEqual({ ok: false, reason: "format" });
  });

  it("masks all but the first 6 and last 4 characters", () => {
    expect(maskCitizenId("11010519491231002X")).toBe("110105********002X");
    expect(maskCitizenId("12345")).toBe("*****");
  });

  it("citizenIdFailure (no allocation, for loads) agrees with parseCitizenId on normalised numbers", () => {
    const samples = [...VALID.map((v) => v.id), "110105194912310021", "99010519491231002X", "11010519900230002X", "11010520250701001X", "1101051949123100X2", "11010519491231002", "ABCDEFGHIJKLMNOPQR", ""];
    for (const { id } of VALID) for (let i = 0; i < 18; i++) samples.push(id.slice(0, i) + ((Number(id[i]) || 0) + 1) % 10 + id.slice(i + 1));
    for (const id of samples) {
      const parsed = parseCitizenId(id, TODAY);
      expect(citizenIdFailure(id, TODAY), id).toBe(parsed.ok ? null : parsed.reason);
    }
    const tomorrow = "11010520250701001";
    expect(citizenIdFailure(tomorrow + citizenIdCheckChar(tomorrow), new Date("2025-06-30T15:00:00Z"))).toBe("birth_date");
    // It checks, it does not normalise: that is parseCitizenId's part.
    expect(citizenIdFailure("11010519491231002x", TODAY)).toBe("format");
  });
});
