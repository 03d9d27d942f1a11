import { regions } from "../regions/regions";
import type { OrganisationRow } from "./repository";

export function presentOrganisation(o: OrganisationRow) {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    regionCode: o.region_code,
    regionName: regions().fullName(o.region_code),
    creditCode: o.credit_code,
    createdAt: o.created_at,
    userCount: Number(o.user_count),
  };
}
