import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "../db/schema";

type Q = Kysely<DB> | Transaction<DB>;

/** All SQL of the identity module: users, memberships, sessions, API tokens. */
export function identityRepository(db: Kysely<DB>) {
  const userColumns = [
    "users.id",
    "users.login",
    "users.name",
    "users.phone",
    "users.email",
    "users.citizen_id_masked",
    "users.password_hash",
    "users.password_changed_at",
    "users.must_change_password",
    "users.platform_admin",
    "users.disabled",
    "users.failed_logins",
    "users.locked_until",
    "users.created_at",
  ] as const;

  return {
    db,
    transaction: <T>(fn: (trx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn),

    findUserByLogin: (login: string) =>
      db.selectFrom("users").select(userColumns).where(sql`lower(login)`, "=", login.toLowerCase()).executeTakeFirst(),

    /** Who a login name belongs to, for the record of a login attempt. */
    accountOf: (login: string) =>
      db
        .selectFrom("users")
        .leftJoin("memberships", "memberships.user_id", "users.id")
        .leftJoin("organisations", "organisations.id", "memberships.organisation_id")
        .select(["users.id", "memberships.organisation_id", "organisations.region_code"])
        .where(sql`lower(users.login)`, "=", login.toLowerCase())
        .orderBy("organisations.name")
        .limit(1)
        .executeTakeFirst(),

    findUserById: (id: string, q: Q = db) =>
      q.selectFrom("users").select(userColumns).where("id", "=", id).executeTakeFirst(),

    citizenIdTaken: async (hash: string) =>
      !!(await db.selectFrom("users").select("id").where("citizen_id_hash", "=", hash).executeTakeFirst()),

    loginTaken: async (login: string) =>
      !!(await db.selectFrom("users").select("id").where(sql`lower(login)`, "=", login.toLowerCase()).executeTakeFirst()),

    insertUser: (
      q: Q,
      u: {
        login: string;
        name: string;
        phone: string | null;
        email: string | null;
        citizen_id_hash: string;
        citizen_id_masked: string;
        password_hash: string;
        must_change_password: boolean;
        platform_admin?: boolean;
      },
    ) => q.insertInto("users").values(u).returning("id").executeTakeFirstOrThrow(),

    membershipsOf: (userIds: string[], q: Q = db) =>
      userIds.length === 0
        ? Promise.resolve([])
        : q
            .selectFrom("memberships")
            .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
            .select([
              "memberships.user_id",
              "memberships.organisation_id",
              "memberships.roles",
              "organisations.name as organisation_name",
              "organisations.kind as organisation_kind",
              "organisations.region_code",
            ])
            .where("memberships.user_id", "in", userIds)
            .orderBy("organisations.name")
            .execute(),

    upsertMembership: (q: Q, userId: string, organisationId: string, roles: string[]) =>
      q
        .insertInto("memberships")
        .values({ user_id: userId, organisation_id: organisationId, roles })
        .onConflict((oc) => oc.columns(["user_id", "organisation_id"]).doUpdateSet({ roles }))
        .execute(),

    usersOfOrganisation: async (organisationId: string, limit: number, offset: number) => {
      const base = db
        .selectFrom("users")
        .innerJoin("memberships", "memberships.user_id", "users.id")
        .where("memberships.organisation_id", "=", organisationId);
      const [rows, total] = await Promise.all([
        base.select(userColumns).orderBy("users.created_at").orderBy("users.id").limit(limit).offset(offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    setDisabled: (id: string, disabled: boolean) =>
      db.updateTable("users").set({ disabled, updated_at: sql`now()` }).where("id", "=", id).execute(),

    recordLoginFailure: (id: string, failedLogins: number, lockedUntil: Date | null) =>
      db.updateTable("users").set({ failed_logins: failedLogins, locked_until: lockedUntil }).where("id", "=", id).execute(),

    recordLoginSuccess: (id: string) =>
      db.updateTable("users").set({ failed_logins: 0, locked_until: null }).where("id", "=", id).execute(),

    setPassword: (id: string, passwordHash: string, mustChange: boolean) =>
      db
        .updateTable("users")
        .set({ password_hash: passwordHash, password_changed_at: sql`now()`, must_change_password: mustChange, updated_at: sql`now()` })
        .where("id", "=", id)
        .execute(),

    insertSession: (s: { id_hash: string; user_id: string; csrf_token: string; ip: string | null; user_agent: string | null; expires_at: Date }) =>
      db.insertInto("sessions").values(s).execute(),

    findSession: (idHash: string) =>
      db.selectFrom("sessions").selectAll().where("id_hash", "=", idHash).where("expires_at", ">", sql<Date>`now()`).executeTakeFirst(),

    deleteSession: (idHash: string) => db.deleteFrom("sessions").where("id_hash", "=", idHash).execute(),

    /** Other sessions end when the password changes: a stolen cookie stops working. */
    deleteSessionsExcept: (userId: string, keepIdHash: string | null) =>
      db
        .deleteFrom("sessions")
        .where("user_id", "=", userId)
        .$if(keepIdHash !== null, (qb) => qb.where("id_hash", "!=", keepIdHash!))
        .execute(),

    insertToken: (t: { user_id: string; name: string; prefix: string; token_hash: string; expires_at: Date | null }) =>
      db.insertInto("api_tokens").values(t).returning(["id", "name", "prefix", "created_at", "expires_at"]).executeTakeFirstOrThrow(),

    tokensOf: (userId: string) =>
      db
        .selectFrom("api_tokens")
        .select(["id", "name", "prefix", "created_at", "last_used_at", "expires_at"])
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null)
        .orderBy("created_at", "desc")
        .execute(),

    findActiveToken: (hash: string) =>
      db
        .selectFrom("api_tokens")
        .select(["id", "user_id"])
        .where("token_hash", "=", hash)
        .where("revoked_at", "is", null)
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", sql<Date>`now()`)]))
        .executeTakeFirst(),

    /** At most once a minute per token: "last used" needs no more precision than that, and a write per call would cost. */
    touchToken: (id: string) =>
      db
        .updateTable("api_tokens")
        .set({ last_used_at: sql`now()` })
        .where("id", "=", id)
        .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", sql<Date>`now() - interval '1 minute'`)]))
        .execute(),

    revokeToken: async (userId: string, id: string) => {
      const r = await db
        .updateTable("api_tokens")
        .set({ revoked_at: sql`now()` })
        .where("id", "=", id)
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}

export type IdentityRepository = ReturnType<typeof identityRepository>;
export type UserRow = NonNullable<Awaited<ReturnType<IdentityRepository["findUserById"]>>>;
export type MembershipRow = Awaited<ReturnType<IdentityRepository["membershipsOf"]>>[number];
