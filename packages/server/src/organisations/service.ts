import { canManageOrganisation, supervisedRegionPrefixes } from "@shuyuan/core";
import { errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import { presentOrganisation } from "./presenter";
import type { OrganisationKind, OrganisationRepository } from "./repository";

export function organisationService(deps: { organisations: OrganisationRepository }) {
  const { organisations } = deps;

  async function visible(actor: Actor, id: string) {
    const org = await organisations.findById(id);
    const own = actor.memberships.some((m) => m.organisationId === id);
    if (!org || !(own || canManageOrganisation(actor, { id: org.id, kind: org.kind, regionCode: org.region_code }))) {
      throw errors.notFound({ zh: "机构", en: "Organisation" });
    }
    return org;
  }

  async function assertNameFree(regionCode: string, name: string, exceptId?: string) {
    if (await organisations.nameTaken(regionCode, name, exceptId)) {
      throw errors.conflict("organisation_name_taken", { zh: "同一行政区内已有同名机构", en: "An organisation with this name already exists in this region" });
    }
  }

  return {
    async list(actor: Actor, f: { q?: string; kind?: OrganisationKind; page: number; pageSize: number }) {
      const prefixes = supervisedRegionPrefixes(actor, ["admin"]);
      const ownIds = actor.memberships.map((m) => m.organisationId);
      // An authority admin sees its region; everyone else sees only their own organisations.
      const scope = prefixes === null ? { regionPrefixes: null, ids: null } : prefixes.length ? { regionPrefixes: prefixes, ids: null } : { regionPrefixes: null, ids: ownIds };
      const { rows, total } = await organisations.search({ ...scope, q: f.q, kinds: f.kind ? [f.kind] : undefined, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
      return { items: rows.map(presentOrganisation), total, page: f.page, pageSize: f.pageSize };
    },

    /**
     * The public directory of government bodies (authorities and departments): who the public may
     * address a demand or an objection to. Public organisations and operators are not listed.
     */
    async directory(f: { q?: string; kind?: "authority" | "department"; page: number; pageSize: number }) {
      const { rows, total } = await organisations.search({ regionPrefixes: null, ids: null, q: f.q, kinds: f.kind ? [f.kind] : ["authority", "department"], limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
      return {
        items: rows.map((o) => ({ id: o.id, name: o.name, kind: o.kind as "authority" | "department", regionCode: o.region_code, regionName: presentOrganisation(o).regionName })),
        total,
        page: f.page,
        pageSize: f.pageSize,
      };
    },

    get: async (actor: Actor, id: string) => presentOrganisation(await visible(actor, id)),

    async create(actor: Actor, input: { name: string; kind: OrganisationKind; regionCode: string; creditCode?: string | null }) {
      if (!canManageOrganisation(actor, { id: "", kind: input.kind, regionCode: input.regionCode })) {
        throw errors.forbidden({
          zh: "只有上级主管部门的管理员可以在其行政区内创建机构",
          en: "Only an administrator of the supervising authority may create organisations in its region",
        });
      }
      if (input.kind === "public_org" && !input.creditCode) {
        throw errors.field("creditCode", { zh: "法人或非法人组织须填写统一社会信用代码", en: "A legal person or organisation needs its unified social credit code" });
      }
      await assertNameFree(input.regionCode, input.name);
      if (input.creditCode && (await organisations.creditCodeTaken(input.creditCode))) {
        throw errors.conflict("credit_code_taken", { zh: "该统一社会信用代码已注册", en: "This unified social credit code is already registered" });
      }
      const { id } = await organisations.insert(organisations.db, {
        name: input.name,
        kind: input.kind,
        region_code: input.regionCode,
        credit_code: input.creditCode ?? null,
      });
      return presentOrganisation((await organisations.findById(id))!);
    },

    async rename(actor: Actor, id: string, name: string) {
      const org = await visible(actor, id);
      const isAdmin = actor.memberships.some((m) => m.organisationId === id && m.roles.includes("admin"));
      if (!isAdmin && !canManageOrganisation(actor, { id: org.id, kind: org.kind, regionCode: org.region_code })) throw errors.forbidden();
      await assertNameFree(org.region_code, name, id);
      await organisations.rename(id, name);
      return presentOrganisation((await organisations.findById(id))!);
    },
  };
}

export type OrganisationService = ReturnType<typeof organisationService>;


