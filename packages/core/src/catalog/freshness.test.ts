import { describe, expect, it } from "vitest";
import { FREQUENCY_DAYS, freshness } from "./freshness";
import { UPDATE_FREQUENCIES } from "./vocabulary";

describe("001 §15: data updated as often as declared", () => {
  it("001 §15: a daily entry loaded yesterday is fresh; loaded two days ago it is stale by one day", () => {
    expect(freshness("daily", "2026-11-24", "2026-11-25")).toEqual({ state: "fresh", lastLoadedOn: "2026-11-24", dueOn: "2026-11-25", overdueDays: 0 });
    expect(freshness("daily", "2026-11-23", "2026-11-25")).toEqual({ state: "stale", lastLoadedOn: "2026-11-23", dueOn: "2026-11-24", overdueDays: 1 });
  });

  it("001 §15: a monthly entry is due 31 days after its load, across month ends and leap days", () => {
    expect(freshness("monthly", "2028-01-31", "2028-03-02")).toMatchObject({ state: "fresh", dueOn: "2028-03-02" });
    expect(freshness("monthly", "2028-01-31", "2028-03-03")).toMatchObject({ state: "stale", overdueDays: 1 });
  });

  it("001 §15: an annual entry loaded on 2025-03-01 is due 2026-03-02 (366 days)", () => {
    expect(freshness("annual", "2025-03-01", "2026-03-02")).toMatchObject({ state: "fresh", dueOn: "2026-03-02" });
  });

  it("irregular and static entries have no schedule; a scheduled entry with no data has none loaded", () => {
    expect(freshness("irregular", null, "2026-11-25")).toEqual({ state: "unscheduled" });
    expect(freshness("static", "2020-01-01", "2026-11-25")).toEqual({ state: "unscheduled" });
    expect(freshness("weekly", null, "2026-11-25")).toEqual({ state: "no_data" });
  });

  it("every frequency has a rule, and longer frequencies allow longer gaps", () => {
    const scheduled = UPDATE_FREQUENCIES.map((f) => FREQUENCY_DAYS[f]).filter((d): d is number => d !== null);
    expect(scheduled).toEqual([...scheduled].sort((a, b) => a - b));
    for (const f of UPDATE_FREQUENCIES) expect(f in FREQUENCY_DAYS).toBe(true);
  });
});
