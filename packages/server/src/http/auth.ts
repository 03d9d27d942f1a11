import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../identity/actor";
import type { IdentityService } from "../identity/service";
import { AppError, errors } from "./errors";

export const SESSION_COOKIE = "sy_session";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// What a user whose password must change (004 §38) may still reach.
const ALLOWED_WHILE_PASSWORD_EXPIRED = [/^\/api\/v1\/auth\//, /^\/api\/v1\/me(\/password)?$/, /^\/api\/v1\/(health|profile)$/];

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/**
 * Resolves who is calling — a session cookie (browser) or a personal API token
 * (machine client) — and enforces CSRF for cookie-authenticated writes.
 */
export function registerAuthentication(app: FastifyInstance, identity: IdentityService) {
  app.decorateRequest("actor", null);
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    const { authorization, "x-ckan-api-key": ckanKey } = request.headers;
    // CKAN clients send the token bare or as X-CKAN-API-Key: accepted on the CKAN API only (issue 7).
    const ckan = request.url.startsWith("/api/3/") ? (typeof ckanKey === "string" ? ckanKey : authorization?.match(/^\S+$/)?.[0]) : undefined;
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? ckan;
    if (bearer) {
      request.actor = await identity.actorFromToken(bearer);
      if (!request.actor) {
        throw new AppError(401, "invalid_token", { zh: "API 令牌无效、已过期或已撤销", en: "API token invalid, expired or revoked" });
      }
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        request.actor = await identity.actorFromSession(cookie);
        if (request.actor && UNSAFE.has(request.method) && request.headers["x-csrf-token"] !== request.actor.csrfToken) {
          throw new AppError(403, "csrf_token_invalid", {
            zh: "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
            en: "Missing or invalid CSRF token: reload the page and try again",
          });
        }
      }
    }
    const path = request.url.split("?")[0];
    if (request.actor?.mustChangePassword && !ALLOWED_WHILE_PASSWORD_EXPIRED.some((re) => re.test(path))) {
      throw new AppError(403, "password_change_required", {
        zh: "密码已到期或为初始密码，请先修改密码",
        en: "Your password has expired or is an initial one: change it first",
      });
    }
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw errors.unauthenticated();
  return request.actor;
}

export function setSessionCookie(reply: FastifyReply, value: string, expires: Date, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, value, { path: "/", httpOnly: true, sameSite: "lax", secure, expires });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}
