import {
  canManageUsersOf,
  checkPassword,
  disallowedRoles,
  lockedUntil,
  maskCitizenId,
  passwordExpired,
  type OrganisationKind,
  type Profile,
  type Role,
} from "@shuyuan/core";
import { AppError, errors } from "../http/errors";
import type { OrganisationRepository } from "../organisations/repository";
import type { Actor } from "./actor";
import { presentUser, toMemberships } from "./presenter";
import type { IdentityRepository, UserRow } from "./repository";
import { blindIndex, digest, newSecret, passwords } from "./secrets";

const SESSION_HOURS = 12;
const TOKEN_PREFIX = "sy_";

export interface NewPerson {
  login: string;
  name: string;
  citizenId: string; // already validated and normalised by the route schema
  phone?: string | null;
  email?: string | null;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

// Compared against when the login does not exist, so timing does not reveal which logins exist.
const DUMMY_HASH = passwords.hash("timing-equaliser-not-a-password");

export function identityService(deps: {
  users: IdentityRepository;
  organisations: OrganisationRepository;
  profile: Profile;
  secret: string;
}) {
  const { users, organisations, profile, secret } = deps;
  const citizenIdHash = (id: string) => blindIndex(secret, "citizen-id", id);

  function mustChange(user: UserRow): boolean {
    return user.must_change_password || passwordExpired(user.password_changed_at, new Date(), profile.passwordMaxAgeDays);
  }

  async function present(user: UserRow) {
    return presentUser(user, toMemberships(await users.membershipsOf([user.id])), mustChange(user));
  }

  function assertStrongPassword(password: string, login: string, path = "password") {
    const violations = checkPassword(password, { loginName: login });
    if (violations.length) {
      throw errors.invalid(violations.map((v) => ({ path, message: v.message.zh, messageEn: v.message.en })));
    }
  }

  async function assertPersonIsNew(person: NewPerson) {
    if (await users.loginTaken(person.login)) {
      throw errors.conflict("login_taken", { zh: "该登录名已被使用", en: "This login name is already taken" });
    }
    if (await users.citizenIdTaken(citizenIdHash(person.citizenId))) {
      throw errors.conflict("citizen_id_taken", {
        zh: "该身份证号已注册账号（实名制：一人一号）",
        en: "An account already exists for this citizen ID number (one real-name account per person)",
      });
    }
  }

  function personRow(person: NewPerson, passwordHash: string, mustChangePassword: boolean) {
    return {
      login: person.login,
      name: person.name,
      phone: person.phone ?? null,
      email: person.email ?? null,
      citizen_id_hash: citizenIdHash(person.citizenId),
      citizen_id_masked: maskCitizenId(person.citizenId),
      password_hash: passwordHash,
      must_change_password: mustChangePassword,
    };
  }

  async function openSession(userId: string, meta: RequestMeta) {
    const token = newSecret();
    const csrfToken = newSecret();
    const expires = new Date(Date.now() + SESSION_HOURS * 3600_000);
    await users.insertSession({ id_hash: digest(token), user_id: userId, csrf_token: csrfToken, ip: meta.ip, user_agent: meta.userAgent, expires_at: expires });
    return { token, csrfToken, expires };
  }

  async function actorFor(user: UserRow, via: Actor["via"], extra: Partial<Actor> = {}): Promise<Actor | null> {
    if (user.disabled) return null;
    return {
      userId: user.id,
      login: user.login,
      name: user.name,
      platformAdmin: user.platform_admin,
      memberships: toMemberships(await users.membershipsOf([user.id])),
      mustChangePassword: mustChange(user),
      via,
      ...extra,
    };
  }

  async function organisationFor(actor: Actor, organisationId: string) {
    const org = await organisations.findById(organisationId);
    // Not found and not allowed look the same: no probing of other organisations.
    if (!org || !canManageUsersOf(actor, { id: org.id, kind: org.kind, regionCode: org.region_code })) {
      throw errors.notFound({ zh: "机构", en: "Organisation" });
    }
    return org;
  }

  async function provision(
    org: { id: string; kind: OrganisationKind },
    input: NewPerson & { roles: Role[]; initialPassword: string; platformAdmin?: boolean },
    options: { mustChangePassword: boolean },
  ) {
    assertRolesFit(org.kind, input.roles);
    assertStrongPassword(input.initialPassword, input.login, "initialPassword");
    await assertPersonIsNew(input);
    const passwordHash = await passwords.hash(input.initialPassword);
    const userId = await users.transaction(async (trx) => {
      const row = { ...personRow(input, passwordHash, options.mustChangePassword), platform_admin: input.platformAdmin ?? false };
      const { id } = await users.insertUser(trx, row);
      await users.upsertMembership(trx, id, org.id, input.roles);
      return id;
    });
    return present((await users.findUserById(userId))!);
  }

  function assertRolesFit(kind: OrganisationKind, roles: Role[]) {
    const wrong = disallowedRoles(kind, roles);
    if (wrong.length) {
      throw errors.field("roles", {
        zh: `该类机构不能设置角色：${wrong.join("、")}`,
        en: `Roles not available for this kind of organisation: ${wrong.join(", ")}`,
      });
    }
  }

  return {
    async login(login: string, password: string, meta: RequestMeta) {
      const user = await users.findUserByLogin(login);
      if (!user) {
        await passwords.verify(await DUMMY_HASH, password);
        throw invalidCredentials();
      }
      if (user.locked_until && user.locked_until > new Date()) throw accountLocked(user.locked_until);
      if (!(await passwords.verify(user.password_hash, password))) {
        const failures = user.failed_logins + 1;
        const until = lockedUntil(failures, new Date(), profile.lockout);
        await users.recordLoginFailure(user.id, failures, until);
        if (until) throw accountLocked(until);
        throw invalidCredentials();
      }
      if (user.disabled) throw new AppError(403, "account_disabled", { zh: "账号已停用，请联系管理员", en: "This account is disabled: contact your administrator" });
      await users.recordLoginSuccess(user.id);
      const session = await openSession(user.id, meta);
      return { session, user: await present(user) };
    },

    /** The account a login attempt is about, so even a failed attempt is on its region's record. */
    async attemptedAccount(login: string) {
      const a = await users.accountOf(login);
      return a ? { actorUserId: a.id, actorOrganisationId: a.organisation_id, regionCode: a.region_code } : {};
    },

    async logout(sessionIdHash: string | undefined) {
      if (sessionIdHash) await users.deleteSession(sessionIdHash);
    },

    /** Public self-registration (natural or legal person); a profile may refuse natural persons (000 §5). */
    async register(
      input: NewPerson & { password: string } & (
          | { accountKind: "natural" }
          | { accountKind: "legal"; organisation: { name: string; creditCode: string; regionCode: string } }
        ),
      meta: RequestMeta,
    ) {
      if (input.accountKind === "natural" && !profile.naturalPersonsMayRegister) {
        throw new AppError(403, "natural_persons_not_accepted", {
          zh: `本平台（${profile.name.zh}）只接受法人和非法人组织注册，不接受自然人注册`,
          en: `This platform (${profile.name.en}) accepts registration by legal persons and organisations only, not by natural persons`,
        });
      }
      assertStrongPassword(input.password, input.login);
      await assertPersonIsNew(input);
      if (input.accountKind === "legal" && (await organisations.creditCodeTaken(input.organisation.creditCode))) {
        throw errors.conflict("credit_code_taken", {
          zh: "该统一社会信用代码已注册，请由该机构管理员为您开通账号",
          en: "This unified social credit code is already registered: ask that organisation's administrator for an account",
        });
      }
      const passwordHash = await passwords.hash(input.password);
      const userId = await users.transaction(async (trx) => {
        const { id } = await users.insertUser(trx, personRow(input, passwordHash, false));
        if (input.accountKind === "legal") {
          const org = await organisations.insert(trx, {
            name: input.organisation.name,
            kind: "public_org",
            region_code: input.organisation.regionCode,
            credit_code: input.organisation.creditCode,
          });
          await users.upsertMembership(trx, id, org.id, ["admin"]);
        }
        return id;
      });
      const user = (await users.findUserById(userId))!;
      return { session: await openSession(userId, meta), user: await present(user) };
    },

    async actorFromSession(cookie: string): Promise<Actor | null> {
      const idHash = digest(cookie);
      const session = await users.findSession(idHash);
      if (!session) return null;
      const user = await users.findUserById(session.user_id);
      return user ? actorFor(user, "session", { csrfToken: session.csrf_token, sessionIdHash: idHash }) : null;
    },

    async actorFromToken(token: string): Promise<Actor | null> {
      if (!token.startsWith(TOKEN_PREFIX)) return null;
      const found = await users.findActiveToken(digest(token));
      if (!found) return null;
      const user = await users.findUserById(found.user_id);
      if (!user) return null;
      await users.touchToken(found.id);
      return actorFor(user, "token", { tokenId: found.id });
    },

    async me(actor: Actor) {
      return present((await users.findUserById(actor.userId))!);
    },

    /** Periodic change (004 §38): a new strong password, different from the current one. */
    async changePassword(actor: Actor, currentPassword: string, newPassword: string) {
      const user = (await users.findUserById(actor.userId))!;
      if (!(await passwords.verify(user.password_hash, currentPassword))) {
        throw new AppError(401, "invalid_credentials", { zh: "当前密码不正确", en: "The current password is wrong" });
      }
      assertStrongPassword(newPassword, user.login, "newPassword");
      if (newPassword === currentPassword) {
        throw errors.field("newPassword", { zh: "新密码不能与当前密码相同", en: "The new password must differ from the current one" });
      }
      await users.setPassword(user.id, await passwords.hash(newPassword), false);
      await users.deleteSessionsExcept(user.id, actor.sessionIdHash ?? null);
    },

    async createToken(actor: Actor, name: string, expiresInDays: number | undefined) {
      const token = newSecret(TOKEN_PREFIX);
      const expires = expiresInDays ? new Date(Date.now() + expiresInDays * 86400_000) : null;
      const row = await users.insertToken({ user_id: actor.userId, name, prefix: token.slice(0, 10), token_hash: digest(token), expires_at: expires });
      return { id: row.id, name: row.name, prefix: row.prefix, token, createdAt: row.created_at, expiresAt: row.expires_at };
    },

    async listTokens(actor: Actor) {
      const rows = await users.tokensOf(actor.userId);
      return rows.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: t.created_at, lastUsedAt: t.last_used_at, expiresAt: t.expires_at }));
    },

    async revokeToken(actor: Actor, id: string) {
      if (!(await users.revokeToken(actor.userId, id))) throw errors.notFound({ zh: "令牌", en: "Token" });
    },

    async usersOf(actor: Actor, organisationId: string, page: number, pageSize: number) {
      await organisationFor(actor, organisationId);
      const { rows, total } = await users.usersOfOrganisation(organisationId, pageSize, (page - 1) * pageSize);
      const memberships = await users.membershipsOf(rows.map((r) => r.id));
      const items = rows.map((u) => presentUser(u, toMemberships(memberships.filter((m) => m.user_id === u.id)), mustChange(u)));
      return { items, total, page, pageSize };
    },

    /** An organisation's admin opens a staff account; the initial password must be changed at first login. */
    async createUserIn(actor: Actor, organisationId: string, input: NewPerson & { roles: Role[]; initialPassword: string }) {
      return provision(await organisationFor(actor, organisationId), input, { mustChangePassword: true });
    },

    /** The operator at the command line (`shuyuan user create`): no acting user, same rules. */
    async provisionUser(organisationId: string, input: NewPerson & { roles: Role[]; initialPassword: string; platformAdmin?: boolean }, options: { mustChangePassword: boolean }) {
      const org = await organisations.findById(organisationId);
      if (!org) throw errors.notFound({ zh: "机构", en: "Organisation" });
      return provision(org, input, options);
    },


    async updateMember(actor: Actor, organisationId: string, userId: string, change: { roles?: Role[]; disabled?: boolean }) {
      const org = await organisationFor(actor, organisationId);
      const member = (await users.membershipsOf([userId])).find((m) => m.organisation_id === org.id);
      if (!member) throw errors.notFound({ zh: "用户", en: "User" });
      if (userId === actor.userId && (change.disabled || (change.roles && !change.roles.includes("admin")))) {
        throw errors.forbidden({ zh: "不能停用自己或撤销自己的管理员角色", en: "You cannot disable yourself or drop your own admin role" });
      }
      if (change.roles) {
        assertRolesFit(org.kind, change.roles);
        await users.upsertMembership(users.db, userId, org.id, change.roles);
      }
      if (change.disabled !== undefined) {
        await users.setDisabled(userId, change.disabled);
        if (change.disabled) await users.deleteSessionsExcept(userId, null);
      }
      return present((await users.findUserById(userId))!);
    },
  };
}

export type IdentityService = ReturnType<typeof identityService>;

function invalidCredentials() {
  return new AppError(401, "invalid_credentials", { zh: "登录名或密码不正确", en: "Wrong login name or password" });
}

function accountLocked(until: Date) {
  return new AppError(
    423,
    "account_locked",
    { zh: "连续登录失败次数过多，账号已暂时锁定", en: "Too many failed logins: the account is locked for a while" },
    { lockedUntil: until.toISOString() },
  );
}
