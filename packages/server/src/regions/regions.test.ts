import { describe, expect, it } from "vitest";
import { regions } from "./regions";

describe("GB/T 2260 regions", () => {
  it("has every province-level division and their cities and counties", () => {
    const provinces = regions().childrenOf(null);
    expect(provinces.length).toBe(34);
    expect(regions().childrenOf("230000").map((r) => r.name)).toContain("哈尔滨市");
    expect(regions().get("230102")).toEqual({ code: "230102", name: "道里区", level: "county", parentCode: "230100" });
    expect(regions().size).toBeGreaterThan(3000);
  });

  it("puts a municipality's districts directly under it", () => {
    expect(regions().get("110107")).toMatchObject({ name: "石景山区", level: "county", parentCode: "110000" });
  });

  it("names the path", () => {
    expect(regions().fullName("320703")).toBe("江苏省 / 连云港市 / 连云区");
  });
});
