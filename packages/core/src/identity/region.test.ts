import { describe, expect, it } from "vitest";
import { regionContains, regionLevel } from "./region";

describe("GB/T 2260 region containment (004 §23 区域划分)", () => {
  it("reads the level from the code", () => {
    expect(regionLevel("230000")).toBe("province");
    expect(regionLevel("320700")).toBe("city");
    expect(regionLevel("110107")).toBe("county");
  });

  it("a province contains every code starting with its two digits", () => {
    expect(regionContains("230000", "230000")).toBe(true);
    expect(regionContains("230000", "230100")).toBe(true);
    expect(regionContains("230000", "230102")).toBe(true);
    expect(regionContains("230000", "220102")).toBe(false);
  });

  it("a city contains codes starting with its four digits", () => {
    expect(regionContains("320700", "320706")).toBe(true);
    expect(regionContains("320700", "320700")).toBe(true);
    expect(regionContains("320700", "320000")).toBe(false);
    expect(regionContains("320700", "320801")).toBe(false);
  });

  it("a county contains only itself", () => {
    expect(regionContains("110107", "110107")).toBe(true);
    expect(regionContains("110107", "110105")).toBe(false);
    expect(regionContains("110107", "110100")).toBe(false);
  });

  it("refuses malformed codes", () => {
    expect(regionContains("23", "230102")).toBe(false);
    expect(regionContains("230000", "2301")).toBe(false);
    expect(regionContains("000000", "000001")).toBe(false);
    expect(regionContains("230000", "23010x")).toBe(false);
  });
});
