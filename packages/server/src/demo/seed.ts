import { citizenIdCheckChar, creditCodeCheckChar, maskCitizenId, type Profile, type Role } from "@shuyuan/core";
import { sql, type Kysely } from "kysely";
import type { DB, OrganisationsTable } from "../db/schema";
import { blindIndex, passwords } from "../identity/secrets";
import { regions } from "../regions/regions";
import { seedDemoCatalog } from "./catalog";

export const DEMO_PASSWORD = "Shuyuan@2026";
const SEED_LOCK = 7_450_003;

export interface DemoAccount {
  login: string;
  name: string;
  organisation: string;
  roles: Role[];
  platformAdmin?: boolean;
}

/** Made-up but check-digit-valid identifiers, so demo data passes the same validation as real data. */
function demoCitizenId(regionCode: string, n: number): string {
  const first17 = `${regionCode}1985${String((n % 12) + 1).padStart(2, "0")}${String((n % 27) + 1).padStart(2, "0")}${String(100 + n).slice(-3)}`;
  return first17 + citizenIdCheckChar(first17);
}

/** 91 = enterprise registered with market regulation (GB 32100 registration authority + type). */
function demoCreditCode(regionCode: string, n: number): string {
  const first17 = `91${regionCode}MA${String(1000000 + n).slice(-7)}`;
  return first17 + creditCodeCheckChar(first17);
}

/**
 * Seeds the demo jurisdiction of the active profile on a fresh database: its data
 * authority, a few departments, an operator and a registered company, with one
 * account per role. Does nothing when any user exists.
 */
export async function seedDemo(db: Kysely<DB>, profile: Profile, secret: string): Promise<DemoAccount[] | null> {
  const region = regions().get(profile.regionCode);
  const place = region?.name ?? profile.name.zh;
  const suffix = region?.level === "province" ? "厅" : "局";
  const orgs: { key: string; name: string; kind: OrganisationsTable["kind"]; creditCode?: string }[] = [
    { key: "authority", name: `${place}政务服务和数据管理局`, kind: "authority" },
    { key: "market", name: `${place}市场监督管理局`, kind: "department" },
    { key: "health", name: `${place}卫生健康委员会`, kind: "department" },
    { key: "transport", name: `${place}交通运输${suffix}`, kind: "department" },
    { key: "operator", name: "数源公共数据运营有限公司", kind: "operator", creditCode: demoCreditCode(profile.regionCode, 1) },
    { key: "company", name: "星河数据科技有限公司", kind: "public_org", creditCode: demoCreditCode(profile.regionCode, 2) },
  ];
  const accounts: (DemoAccount & { key: string })[] = [
    { key: "authority", login: "admin", name: "王建国", organisation: "", roles: ["admin"], platformAdmin: true },
    { key: "authority", login: "reviewer", name: "李审核", organisation: "", roles: ["reviewer"] },
    { key: "authority", login: "auditor", name: "赵审计", organisation: "", roles: ["auditor"] },
    { key: "market", login: "market", name: "陈目录", organisation: "", roles: ["admin", "catalog_editor", "data_officer"] },
    { key: "health", login: "health", name: "刘卫健", organisation: "", roles: ["admin", "catalog_editor", "data_officer"] },
    { key: "transport", login: "transport", name: "孙交通", organisation: "", roles: ["admin", "catalog_editor"] },
    { key: "operator", login: "operator", name: "周运营", organisation: "", roles: ["admin", "data_officer"] },
    { key: "company", login: "company", name: "吴企业", organisation: "", roles: ["admin"] },
  ];

  const passwordHash = await passwords.hash(DEMO_PASSWORD);
  const seeded = await db.transaction().execute(async (trx) => {
    // Instances starting together on one server: the first seeds, the others find users and stop.
    await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    if (await trx.selectFrom("users").select("id").limit(1).executeTakeFirst()) return false;
    const ids = new Map<string, { id: string; name: string }>();
    for (const o of orgs) {
      const { id } = await trx
        .insertInto("organisations")
        .values({ name: o.name, kind: o.kind, region_code: profile.regionCode, credit_code: o.creditCode ?? null })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.set(o.key, { id, name: o.name });
    }
    for (const [i, a] of accounts.entries()) {
      const citizenId = demoCitizenId(profile.regionCode, i + 1);
      const { id } = await trx
        .insertInto("users")
        .values({
          login: a.login,
          name: a.name,
          phone: `1390000${String(1000 + i)}`,
          email: `${a.login}@demo.shuyuan.local`,
          citizen_id_hash: blindIndex(secret, "citizen-id", citizenId),
          citizen_id_masked: maskCitizenId(citizenId),
          password_hash: passwordHash,
          must_change_password: false,
          platform_admin: a.platformAdmin ?? false,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const org = ids.get(a.key)!;
      a.organisation = org.name;
      await trx.insertInto("memberships").values({ user_id: id, organisation_id: org.id, roles: a.roles }).execute();
    }
    await seedDemoCatalog(trx, profile.regionCode, { market: ids.get("market")!, health: ids.get("health")!, transport: ids.get("transport")! });
    return true;
  });
  if (!seeded) return null;
  return accounts.map(({ key: _key, ...a }) => a);
}
