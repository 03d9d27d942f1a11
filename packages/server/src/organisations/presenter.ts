import { regions } from "../regions/regions";
import type { OrganisationKind } from "@shuyuan/core";
import type { OrganisationRow } from "./repository";
import type { Organisation } from "./schemas";

export function presentOrganisation(o: OrganisationRow): Organisation {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind as OrganisationKind,
    regionCode: o.region_code,
    regionName: regions().fullName(o.region_code),
    creditCode: o.credit_code,
    createdAt: o.created_at,
    userCount: Number(o.user_count),
  };
}
