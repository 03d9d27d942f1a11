// The DCAT catalog's pages are bounded by the page size, not by the catalog: the routes are served over a
// synthetic open catalog of 100,000 entries (generated page by page, never whole), and the first, a middle
// and the last page have the same size as a 100-entry catalog's only page, link each other with hydra,
// and conform to the DCAT-AP 3.0.0 SHACL shapes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PlatformUrls } from "@shuyuan/core";
import rdf from "@zazuko/env-node";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { Parser, type Quad } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { describe, expect, it } from "vitest";
import { DCAT_PAGE_SIZE, dcatRoutes } from "./dcat";
import { syntheticEntry } from "./fixtures/synthetic-catalog";

const SHAPES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/dcat-ap-3.0.0-SHACL.ttl");
const HYDRA = "http://www.w3.org/ns/hydra/core#";
const DCAT = "http://www.w3.org/ns/dcat#";
const BASE = "http://catalog.example.cn";

async function platform(size: number, totalExact = true) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const interop = {
    async openCatalogPage(_urls: PlatformUrls, page: number, pageSize: number) {
      const from = (page - 1) * pageSize;
      const datasets = Array.from({ length: Math.max(0, Math.min(pageSize, size - from)) }, (_, k) => syntheticEntry(size - from - k, BASE));
      return { datasets, total: size, totalExact, modified: size ? syntheticEntry(size, BASE).publishedAt : null };
    },
    dataset: async () => {
      throw new Error("not used");
    },
  };
  await app.register(dcatRoutes({ interop, catalog: { title: "测试目录", description: "分页测试", publisher: async () => ({ id: "platform", name: "数源 Shuyuan" }) } }));
  return app;
}

const validator = new SHACLValidator(rdf.dataset(new Parser().parse(fs.readFileSync(SHAPES, "utf8"))), { factory: rdf });
const violations = async (quads: Quad[]) => (await validator.validate(rdf.dataset(quads))).results.length;
const objectOf = (quads: Quad[], predicate: string) => quads.find((q) => q.predicate.value === predicate)?.object.value;
const datasetsOf = (quads: Quad[]) => quads.filter((q) => q.predicate.value === `${DCAT}dataset`).map((q) => q.object.value);

async function page(app: Awaited<ReturnType<typeof platform>>, url: string) {
  const res = await app.inject({ method: "GET", url, headers: { host: "catalog.example.cn" } });
  expect(res.statusCode, res.body).toBe(200);
  return { bytes: res.body.length, quads: new Parser({ format: "text/turtle" }).parse(res.body) };
}

describe("the DCAT catalog in pages", () => {
  it("holds at most a page of entries whatever the catalog's size, each page linked by hydra and conforming", async () => {
    const small = await platform(DCAT_PAGE_SIZE);
    const only = await page(small, "/catalog.ttl");
    expect(datasetsOf(only.quads)).toHaveLength(DCAT_PAGE_SIZE);
    expect(objectOf(only.quads, `${HYDRA}nextPage`)).toBeUndefined();
    expect(objectOf(only.quads, `${HYDRA}lastPage`)).toBe(`${BASE}/catalog.ttl?page=1`);

    const large = await platform(100_000);
    const last = 100_000 / DCAT_PAGE_SIZE;
    const seen = new Set<string>();
    for (const n of [1, 500, last]) {
      const p = await page(large, `/catalog.ttl?page=${n}`);
      // Same size as the small catalog's page (digits of the numbers aside): nothing grows with the catalog.
      expect(Math.abs(p.bytes - only.bytes) / only.bytes, `page ${n}`).toBeLessThan(0.02);
      for (const d of datasetsOf(p.quads)) seen.add(d);
      expect(objectOf(p.quads, `${HYDRA}totalItems`)).toBe("100000");
      expect(objectOf(p.quads, `${HYDRA}itemsPerPage`)).toBe(String(DCAT_PAGE_SIZE));
      expect(objectOf(p.quads, `${HYDRA}firstPage`)).toBe(`${BASE}/catalog.ttl?page=1`);
      expect(objectOf(p.quads, `${HYDRA}lastPage`)).toBe(`${BASE}/catalog.ttl?page=${last}`);
      expect(objectOf(p.quads, `${HYDRA}nextPage`)).toBe(n < last ? `${BASE}/catalog.ttl?page=${n + 1}` : undefined);
      expect(objectOf(p.quads, `${HYDRA}previousPage`)).toBe(n > 1 ? `${BASE}/catalog.ttl?page=${n - 1}` : undefined);
      expect(await violations(p.quads), `page ${n}`).toBe(0);
    }
    expect(seen.size).toBe(3 * DCAT_PAGE_SIZE);
  });

  it("names no total or last page when the count is an estimate, and links on while pages are full", async () => {
    const app = await platform(250, false);
    const first = await page(app, "/catalog.ttl");
    expect(objectOf(first.quads, `${HYDRA}totalItems`)).toBeUndefined();
    expect(objectOf(first.quads, `${HYDRA}lastPage`)).toBeUndefined();
    expect(objectOf(first.quads, `${HYDRA}nextPage`)).toBe(`${BASE}/catalog.ttl?page=2`);
    const third = await page(app, "/catalog.ttl?page=3");
    expect(datasetsOf(third.quads)).toHaveLength(50);
    expect(objectOf(third.quads, `${HYDRA}nextPage`)).toBeUndefined();
  });

  it("pages the JSON-LD alike, with links in its own format", async () => {
    const app = await platform(250);
    const res = await app.inject({ method: "GET", url: "/catalog.jsonld?page=2", headers: { host: "catalog.example.cn" } });
    const collection = JSON.parse(res.body)["@graph"].find((n: { "@type": string }) => n["@type"] === "hydra:PagedCollection");
    expect(collection).toMatchObject({ "@id": `${BASE}/catalog.jsonld?page=2`, "hydra:nextPage": { "@id": `${BASE}/catalog.jsonld?page=3` }, "hydra:previousPage": { "@id": `${BASE}/catalog.jsonld?page=1` } });
  });

  it("refuses a page that is not a positive number", async () => {
    const app = await platform(10);
    for (const bad of ["0", "-1", "x", "1.5"]) expect((await app.inject({ method: "GET", url: `/catalog.ttl?page=${bad}` })).statusCode, bad).toBe(400);
  });
});
