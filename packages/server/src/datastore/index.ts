// The datastore module: mounted table data and every read of it (query, preview, download).
import type { Profile } from "@shuyuan/core";
import type { CatalogRepository } from "../catalog/repository";
import type { Database } from "../db/database";
import { loadService } from "./load-service";
import { datastoreRepository } from "./repository";
import { datastoreRoutes } from "./routes";
import { datastoreService } from "./service";
import { UsageCounter } from "./usage";

export function datastoreModule(deps: { database: Database; catalog: CatalogRepository; profile: Profile; dataDir: string; pageCacheBytes: number }) {
  const repo = datastoreRepository(deps.database, { pageCacheBytes: deps.pageCacheBytes });
  const usage = new UsageCounter(deps.catalog);
  const service = datastoreService({ repo, catalog: deps.catalog, profile: deps.profile, usage });
  const loads = loadService({ database: deps.database, catalog: deps.catalog, dataDir: deps.dataDir });
  return { repo, service, usage, loads, routes: datastoreRoutes({ service, repo, database: deps.database, loads }) };
}

export type DatastoreModule = ReturnType<typeof datastoreModule>;
