import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AuditService } from "../audit/service";
import type { AuditInput } from "../audit/writer";

export interface RouteAudit {
  /** Dotted verb, e.g. `organisation.create`: one name for the permission, the transition and the record. */
  action: string;
  subjectType?: string;
}

declare module "fastify" {
  interface FastifyContextConfig {
    audit?: RouteAudit;
  }
  interface FastifyRequest {
    /** What a handler adds to its request's audit entry (subject, dataset, rows, purpose…). */
    auditExtra: Partial<AuditInput> | null;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function outcomeOf(status: number): AuditInput["outcome"] {
  if (status < 400) return "success";
  if ([401, 403, 404, 423].includes(status)) return "denied";
  return "error";
}

/**
 * Every route that changes state or reads data declares an audit action, and its
 * entry is committed before the response leaves (onSend awaits the group commit).
 * A state-changing route without one fails at startup, so none can be added
 * that skips the record.
 */
export function registerAuditHook(app: FastifyInstance, audit: AuditService, enabled = true) {
  app.decorateRequest("auditExtra", null);

  app.addHook("onRoute", (route) => {
    const methods = [route.method].flat();
    if (route.url.startsWith("/api/v1/") && methods.some((m) => UNSAFE.has(m)) && !route.config?.audit) {
      throw new Error(`${methods.join(",")} ${route.url} changes state but declares no audit action (config.audit)`);
    }
  });

  app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const declared = request.routeOptions.config?.audit;
    if (!declared || !enabled) return payload;
    const actor = request.actor;
    const primary = actor?.memberships[0];
    const extra = request.auditExtra ?? {};
    const params = request.params as Record<string, string> | undefined;
    await audit.record({
      action: declared.action,
      outcome: outcomeOf(reply.statusCode),
      actorUserId: actor?.userId ?? null,
      actorOrganisationId: primary?.organisationId ?? null,
      tokenId: actor?.tokenId ?? null,
      regionCode: primary?.regionCode ?? null,
      subjectType: declared.subjectType ?? null,
      subjectId: params?.id ?? createdId(reply, payload),
      ip: request.ip,
      userAgent: request.headers["user-agent"]?.slice(0, 300) ?? null,
      payload: typeof payload === "string" || Buffer.isBuffer(payload) ? payload : undefined,
      ...extra,
      detail: { status: reply.statusCode, ...(extra.detail ?? {}) },
    });
    return payload;
  });
}

function createdId(reply: FastifyReply, payload: unknown): string | null {
  if (reply.statusCode !== 201 || typeof payload !== "string" || payload.length > 100_000) return null;
  try {
    const id = JSON.parse(payload)?.id ?? JSON.parse(payload)?.user?.id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}
