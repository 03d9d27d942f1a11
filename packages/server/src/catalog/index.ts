// The catalog module: wiring for app.ts (repository → service → routes), on the cases module's engine.
import type { Profile } from "@shuyuan/core";
import type { Kysely } from "kysely";
import type { CasesModule } from "../cases";
import type { DB } from "../db/schema";
import { catalogExcel } from "./excel-service";
import { catalogRepository } from "./repository";
import { catalogRoutes } from "./routes";
import { catalogService } from "./service";

export function catalogModule(deps: { db: Kysely<DB>; cases: CasesModule; profile: Profile }) {
  const repo = catalogRepository(deps.db);
  const service = catalogService({ repo, cases: deps.cases.service, profile: deps.profile, today: () => deps.cases.clock.today() });
  const excel = catalogExcel({ repo, service });
  return { repo, service, routes: catalogRoutes(service, excel) };
}

export type CatalogModule = ReturnType<typeof catalogModule>;
