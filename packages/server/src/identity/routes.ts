import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { clearSessionCookie, requireActor, setSessionCookie } from "../http/auth";
import { noContent, signedIn } from "../http/openapi";
import type { IdentityService, RequestMeta } from "./service";
import * as s from "./schemas";

// Login and registration happen before there is an actor: name the account in the record.
const actorFields = (user: { id: string; memberships: { organisationId: string; regionCode: string }[] }) => ({
  actorUserId: user.id,
  actorOrganisationId: user.memberships[0]?.organisationId ?? null,
  regionCode: user.memberships[0]?.regionCode ?? null,
  subjectId: user.id,
});

const meta = (request: FastifyRequest): RequestMeta => ({ ip: request.ip, userAgent: request.headers["user-agent"] ?? null });

export function identityRoutes(identity: IdentityService, options: { secureCookies: boolean }) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get("/auth/session", { schema: { tags: ["auth"], operationId: "getSession", summary: "Current session and its CSRF token", response: { 200: s.session } } }, async (request) => {
      const actor = request.actor;
      if (!actor || actor.via !== "session") return { user: null, csrfToken: null };
      return { user: await identity.me(actor), csrfToken: actor.csrfToken ?? null };
    });

    r.post("/auth/login", { config: { audit: { action: "identity.login", subjectType: "user" } }, schema: { tags: ["auth"], operationId: "login", summary: "Password login; sets an httpOnly session cookie", body: s.loginBody, response: { 200: s.signedInUser } } }, async (request, reply) => {
      request.auditExtra = { ...(await identity.attemptedAccount(request.body.login)), detail: { login: request.body.login } };
      const { session, user } = await identity.login(request.body.login, request.body.password, meta(request));
      request.auditExtra = { ...request.auditExtra, ...actorFields(user) };
      setSessionCookie(reply, session.token, session.expires, options.secureCookies);
      return { user, csrfToken: session.csrfToken };
    });

    r.post("/auth/logout", { config: { audit: { action: "identity.logout", subjectType: "user" } }, schema: { tags: ["auth"], operationId: "logout", summary: "End the session", response: { 204: noContent } } }, async (request, reply) => {
      await identity.logout(request.actor?.sessionIdHash);
      clearSessionCookie(reply);
      return reply.code(204).send();
    });

    r.post(
      "/auth/register",
      { config: { audit: { action: "identity.register", subjectType: "user" } }, schema: { tags: ["auth"], operationId: "register", summary: "Self-registration of a natural or legal person (real name)", body: s.registerBody, response: { 201: s.signedInUser } } },
      async (request, reply) => {
        const { session, user } = await identity.register(request.body, meta(request));
        request.auditExtra = actorFields(user);
        setSessionCookie(reply, session.token, session.expires, options.secureCookies);
        return reply.code(201).send({ user, csrfToken: session.csrfToken });
      },
    );

    r.get("/me", { schema: { tags: ["me"], operationId: "getMe", summary: "The calling user", security: signedIn, response: { 200: s.user } } }, async (request) => identity.me(requireActor(request)));

    r.post(
      "/me/password",
      { config: { audit: { action: "identity.password.change", subjectType: "user" } }, schema: { tags: ["me"], operationId: "changePassword", summary: "Change password (004 §38 periodic change)", security: signedIn, body: s.changePasswordBody, response: { 204: noContent } } },
      async (request, reply) => {
        await identity.changePassword(requireActor(request), request.body.currentPassword, request.body.newPassword);
        return reply.code(204).send();
      },
    );

    r.get("/me/tokens", { schema: { tags: ["me"], operationId: "listApiTokens", summary: "Personal API tokens", security: signedIn, response: { 200: s.apiTokens } } }, async (request) => ({
      items: await identity.listTokens(requireActor(request)),
    }));

    r.post(
      "/me/tokens",
      { config: { audit: { action: "identity.token.create", subjectType: "api_token" } }, schema: { tags: ["me"], operationId: "createApiToken", summary: "Create a personal API token (shown once)", security: signedIn, body: s.createTokenBody, response: { 201: s.createdApiToken } } },
      async (request, reply) => reply.code(201).send(await identity.createToken(requireActor(request), request.body.name, request.body.expiresInDays)),
    );

    r.delete(
      "/me/tokens/:id",
      { config: { audit: { action: "identity.token.revoke", subjectType: "api_token" } }, schema: { tags: ["me"], operationId: "revokeApiToken", summary: "Revoke a personal API token", security: signedIn, params: z.object({ id: s.uuid }), response: { 204: noContent } } },
      async (request, reply) => {
        await identity.revokeToken(requireActor(request), request.params.id);
        return reply.code(204).send();
      },
    );

    r.get(
      "/organisations/:id/users",
      {
        config: { audit: { action: "organisation.users.read", subjectType: "organisation" } },
        schema: {
          tags: ["organisations"],
          operationId: "listOrganisationUsers",
          summary: "Users of an organisation",
          security: signedIn,
          params: z.object({ id: s.uuid }),
          querystring: z.object({ page: s.page, pageSize: s.pageSize }),
          response: { 200: s.userPage },
        },
      },
      async (request) => identity.usersOf(requireActor(request), request.params.id, request.query.page, request.query.pageSize),
    );

    r.post(
      "/organisations/:id/users",
      { config: { audit: { action: "organisation.user.create", subjectType: "organisation" } }, schema: { tags: ["organisations"], operationId: "createOrganisationUser", summary: "Open a staff account in an organisation", security: signedIn, params: z.object({ id: s.uuid }), body: s.createMemberBody, response: { 201: s.user } } },
      async (request, reply) => reply.code(201).send(await identity.createUserIn(requireActor(request), request.params.id, request.body)),
    );

    r.patch(
      "/organisations/:id/users/:userId",
      {
        config: { audit: { action: "organisation.user.update", subjectType: "organisation" } },
        schema: {
          tags: ["organisations"],
          operationId: "updateOrganisationUser",
          summary: "Change a member's roles or disable the account",
          security: signedIn,
          params: z.object({ id: s.uuid, userId: s.uuid }),
          body: s.updateMemberBody,
          response: { 200: s.user },
        },
      },
      async (request) => identity.updateMember(requireActor(request), request.params.id, request.params.userId, request.body),
    );
  };
}
