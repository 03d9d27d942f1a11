// The interop module: the platform in the open-data world's languages — CKAN's Action API under
// /api/3/action, DCAT-AP at /catalog.(jsonld|ttl) and on each dataset page, Frictionless data packages,
// and harvesting another platform's catalog in.
// It owns no data: entries come from the catalog, rows through the datastore's access decision.
import type { Profile } from "@shuyuan/core";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { CatalogModule } from "../catalog";
import type { DatastoreModule } from "../datastore";
import type { DB } from "../db/schema";
import type { OrganisationRepository } from "../organisations/repository";
import { regions } from "../regions/regions";
import { ckanRoutes } from "./ckan/routes";
import { dataPackageRoutes } from "./datapackage";
import { dcatRoutes } from "./dcat";
import { harvestRoutes, harvestService } from "./harvest";
import { harvestSchedule, harvestScheduleRoutes } from "./harvest-schedule";
import { interopRepository } from "./repository";
import { interopService } from "./service";

export function interopModule(deps: {
  db: Kysely<DB>;
  catalog: CatalogModule;
  datastore: DatastoreModule;
  organisations: OrganisationRepository;
  profile: Profile;
  /** The authority supervising a region (the cases module's authorityFor): the open catalog's publisher. */
  authorityFor: (regionCode: string) => Promise<string | null>;
}) {
  const repo = interopRepository(deps.db);
  const interop = interopService({ catalog: deps.catalog, repo });
  const region = regions().fullName(deps.profile.regionCode) || deps.profile.regionCode;
  const catalog = {
    title: `${region}公共数据开放目录`,
    description: `${region}政务数据平台（数源）的开放目录：无条件开放和有条件开放的数据集及其资源。`,
    async publisher() {
      const id = await deps.authorityFor(deps.profile.regionCode);
      const org = id ? await deps.organisations.findById(id) : undefined;
      // Before any authority is registered the platform itself stands as publisher.
      return org ? { id: org.id, name: org.name } : { id: "platform", name: "数源 Shuyuan" };
    },
  };
  return {
    service: interop,
    routes: async (app: FastifyInstance) => {
      await app.register(ckanRoutes({ interop, repo, catalog: deps.catalog, datastore: deps.datastore, organisations: deps.organisations, profile: deps.profile }), { prefix: "/api/3/action" });
      await app.register(dcatRoutes({ interop, catalog }));
      await app.register(dataPackageRoutes({ interop, authorise: deps.datastore.service.decide }));
      const harvest = harvestService({ db: deps.db, catalog: deps.catalog });
      await app.register(harvestRoutes(harvest));
      await app.register(harvestScheduleRoutes(harvestSchedule({ db: deps.db, harvest, audit: app.audit })));
    },
  };
}
