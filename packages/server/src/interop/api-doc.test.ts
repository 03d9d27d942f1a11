// Every curl example in docs/api.md, run as written against a test platform: each must succeed (curl -f)
// and answer what its section promises (a CKAN success envelope, Turtle, JSON-LD, a data package).
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Parser } from "n3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInteropPlatform, type InteropPlatform } from "./fixtures/platform";

const DOC = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../../docs/api.md");
const examples = [...fs.readFileSync(DOC, "utf8").matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n").filter((line) => line.startsWith("curl ")));

let p: InteropPlatform;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  p = await startInteropPlatform();
  const detail = (await p.anonymous.get(`/api/v1/datasets/${p.ids.company}`)).body;
  const token = (await p.market.post("/api/v1/me/tokens", { name: "docs" })).body.token;
  env = { ...process.env, SHUYUAN: p.server.url.replace(/\/$/, ""), DATASET: p.ids.company, ORG: detail.provider.id, TOKEN: token };
});
afterAll(async () => p?.close());

describe("docs/api.md", () => {
  it("has examples for CKAN, DCAT-AP and Frictionless", () => {
    expect(examples.some((e) => e.includes("/api/3/action/datastore_search"))).toBe(true);
    expect(examples.some((e) => e.includes("/catalog.ttl"))).toBe(true);
    expect(examples.some((e) => e.includes("datapackage.json"))).toBe(true);
  });

  it("the OpenAPI document at /api/docs lists the interop routes", async () => {
    const { paths } = (await p.anonymous.get("/api/docs/json")).body;
    for (const route of ["/api/v1/harvest-sources", "/api/v1/harvest-sources/{id}/runs", "/api/3/action/package_search", "/api/3/action/datastore_search", "/catalog.ttl", "/catalog.jsonld", "/datasets/{id}", "/api/v1/datasets/{id}/datapackage.json"]) {
      expect(paths, route).toHaveProperty([route]);
    }
    expect(Object.keys(paths["/api/3/action/package_show"])).toEqual(expect.arrayContaining(["get", "post"]));
  });

  it("describes what each interop /api/v1 route answers, so a generated client can read it", async () => {
    const doc = (await p.anonymous.get("/api/docs/json")).body;
    const answers = [
      ["/api/v1/harvest", "post", "200", ["source", "created", "updated", "unchanged", "removed", "failed"]],
      ["/api/v1/datasets/{id}/provenance", "get", "200", ["sourceUrl", "remoteId", "remoteResources", "removedUpstreamAt"]],
      ["/api/v1/harvest-sources", "post", "201", ["id", "url", "organisation", "intervalMinutes", "nextRunAt"]],
      ["/api/v1/harvest-sources", "get", "200", ["items"]],
      ["/api/v1/harvest-sources/{id}/runs", "get", "200", ["items"]],
      ["/api/v1/datasets/{id}/datapackage.json", "get", "200", ["profile", "name", "resources"]],
    ] as const;
    for (const [route, method, status, keys] of answers) {
      let schema = doc.paths[route][method].responses[status].content["application/json"].schema;
      if (schema.$ref) schema = doc.components.schemas[schema.$ref.split("/").at(-1)];
      expect(Object.keys(schema.properties), `${method} ${route}`).toEqual(expect.arrayContaining([...keys]));
      expect(doc.paths[route][method].operationId, `${method} ${route}`).toEqual(expect.any(String));
    }
  });

  it.each(examples)("%s", async (command) => {
    const { stdout } = await promisify(execFile)("bash", ["-c", command], { env, maxBuffer: 20 * 1024 * 1024 });
    if (command.includes("text/turtle") || command.includes(".ttl")) {
      expect(new Parser({ format: "text/turtle" }).parse(stdout).length).toBeGreaterThan(0);
      return;
    }
    const body = JSON.parse(stdout);
    if (command.includes("/api/3/action/")) expect(body).toMatchObject({ success: true, result: expect.anything() });
    else if (command.includes(".jsonld")) expect(body["@graph"].length).toBeGreaterThan(0);
    else if (command.includes("/harvest-sources")) expect(body.items).toEqual([]);
    else expect(body.resources.length).toBeGreaterThan(0);
  });
});
