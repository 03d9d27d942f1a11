// 004 §25: who coordinates a dispute between a using and a providing department.
// Same level and same region → that region's authority; across regions or levels → the province's;
// failing coordination → the coordination mechanism of the coordinator's level (refer_to_mechanism).
import { isRegionCode, regionLevel } from "../identity";

export type DisputeCoordinator = {
  /** GB/T 2260 code of the region whose authority coordinates. */
  regionCode: string;
  crossLevel: boolean;
  basis: string;
};

/**
 * The coordinating authority's region for a dispute between organisations in `a` and `b`
 * (order does not matter), or null when they lie in different provinces (no seed rule applies).
 */
export function disputeCoordinator(a: string, b: string): DisputeCoordinator | null {
  if (!isRegionCode(a) || !isRegionCode(b)) throw new RangeError(`not GB/T 2260 region codes: ${a}, ${b}`);
  if (a.slice(0, 2) !== b.slice(0, 2)) return null;
  if (a === b) return { regionCode: a, crossLevel: false, basis: "004 §25 同级…由同级政务数据主管部门协调处理" };
  return {
    regionCode: `${a.slice(0, 2)}0000`,
    crossLevel: regionLevel(a) !== regionLevel(b),
    basis: "004 §25 跨地区、跨层级的争议，由省级政务数据主管部门协调处理",
  };
}
