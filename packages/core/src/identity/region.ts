// GB/T 2260 行政区划代码: PP0000 province, PPCC00 city (地级), PPCCXX county (县级).

export type RegionLevel = "province" | "city" | "county";

export function isRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && code.slice(0, 2) !== "00";
}

export function regionLevel(code: string): RegionLevel {
  if (code.endsWith("0000")) return "province";
  if (code.endsWith("00")) return "city";
  return "county";
}

/** Whether `inner` lies within `outer` (a region contains itself). */
export function regionContains(outer: string, inner: string): boolean {
  if (!isRegionCode(outer) || !isRegionCode(inner)) return false;
  switch (regionLevel(outer)) {
    case "province":
      return inner.startsWith(outer.slice(0, 2));
    case "city":
      return inner.startsWith(outer.slice(0, 4));
    case "county":
      return inner === outer;
  }
}
