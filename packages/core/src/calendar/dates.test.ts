import { describe, expect, it } from "vitest";
import { civilOf, dayNumberOf, fromDayNumber, isIsoDate, toDayNumber, tryDayNumber, weekdayOf } from "./dates";

describe("ISO dates as integer day numbers (no timezone can shift a day)", () => {
  it("agrees with Date.UTC for every day from 1999 to 2031", () => {
    const first = Date.UTC(1999, 0, 1) / 86_400_000;
    const last = Date.UTC(2031, 11, 31) / 86_400_000;
    for (let dn = first; dn <= last; dn++) {
      const iso = new Date(dn * 86_400_000).toISOString().slice(0, 10);
      expect(toDayNumber(iso)).toBe(dn);
      expect(fromDayNumber(dn)).toBe(iso);
      expect(weekdayOf(dn)).toBe(new Date(dn * 86_400_000).getUTCDay());
    }
  });

  it("round-trips across centuries and leap rules", () => {
    for (const [y, m, d] of [[1000, 1, 1], [1900, 2, 28], [2000, 2, 29], [2100, 3, 1], [9999, 12, 31]] as const) {
      expect(civilOf(dayNumberOf(y, m, d))).toEqual([y, m, d]);
    }
  });

  it("rejects anything that is not a real YYYY-MM-DD date", () => {
    for (const bad of ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-05", "20260105", "2026-01-05T00:00", " 2026-01-05", "", "0999-12-31"]) {
      expect(tryDayNumber(bad)).toBeUndefined();
      expect(isIsoDate(bad)).toBe(false);
      expect(() => toDayNumber(bad)).toThrow(RangeError);
    }
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate(20240229)).toBe(false);
  });
});
