import { sql, type Kysely, type Transaction } from "kysely";
import type { DB, OrganisationsTable } from "../db/schema";

type Q = Kysely<DB> | Transaction<DB>;
export type OrganisationKind = OrganisationsTable["kind"];

/** All SQL of the organisations module. */
export function organisationRepository(db: Kysely<DB>) {
  const columns = ["o.id", "o.name", "o.kind", "o.region_code", "o.credit_code", "o.created_at"] as const;
  const userCount = sql<number>`(select count(*) from memberships m where m.organisation_id = o.id)`.as("user_count");

  return {
    db,
    findById: (id: string, q: Q = db) =>
      q.selectFrom("organisations as o").select([...columns, userCount]).where("o.id", "=", id).executeTakeFirst(),

    creditCodeTaken: async (code: string) =>
      !!(await db.selectFrom("organisations").select("id").where("credit_code", "=", code).executeTakeFirst()),

    nameTaken: async (regionCode: string, name: string, exceptId?: string) =>
      !!(await db
        .selectFrom("organisations")
        .select("id")
        .where("region_code", "=", regionCode)
        .where("name", "=", name)
        .$if(!!exceptId, (qb) => qb.where("id", "!=", exceptId!))
        .executeTakeFirst()),

    insert: (q: Q, o: { name: string; kind: OrganisationKind; region_code: string; credit_code: string | null }) =>
      q.insertInto("organisations").values(o).returning("id").executeTakeFirstOrThrow(),

    rename: (id: string, name: string) =>
      db.updateTable("organisations").set({ name, updated_at: sql`now()` }).where("id", "=", id).execute(),

    /**
     * A page of organisations within the given region prefixes (null = all).
     * `q` matches name or credit code; LIKE metacharacters are escaped.
     */
    search: async (f: { regionPrefixes: string[] | null; ids: string[] | null; q?: string; kinds?: OrganisationKind[]; limit: number; offset: number }) => {
      let base = db.selectFrom("organisations as o");
      if (f.regionPrefixes) {
        const prefixes = f.regionPrefixes;
        base = base.where((eb) => eb.or(prefixes.map((p) => eb("o.region_code", "like", `${p}%`))));
      }
      if (f.ids) base = base.where("o.id", "in", f.ids.length ? f.ids : ["00000000-0000-0000-0000-000000000000"]);
      if (f.kinds) base = base.where("o.kind", "in", f.kinds);
      if (f.q) {
        const pattern = `%${f.q.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
        base = base.where((eb) => eb.or([eb("o.name", "like", pattern), eb("o.credit_code", "like", pattern)]));
      }
      const [rows, total] = await Promise.all([
        base.select([...columns, userCount]).orderBy("o.region_code").orderBy("o.name").limit(f.limit).offset(f.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },
  };
}

export type OrganisationRepository = ReturnType<typeof organisationRepository>;
export type OrganisationRow = NonNullable<Awaited<ReturnType<OrganisationRepository["findById"]>>>;
