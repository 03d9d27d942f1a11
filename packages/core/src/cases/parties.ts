// Who the acting user is in a case. The server passes the case's participants; core decides the parties.
import type { Actor, Role } from "../identity";
import type { Bilingual } from "../profiles";
import type { ActorParty, CaseKind, OpenerKind, Party } from "./types";

export const PARTY_LABELS: Readonly<Record<Party, Bilingual>> = {
  applicant: { zh: "申请方", en: "applicant" },
  handler: { zh: "承办单位", en: "handling organisation" },
  authority: { zh: "主管部门", en: "supervising authority" },
  third_party: { zh: "第三方", en: "third party" },
  system: { zh: "系统", en: "system" },
};

/** Roles that act for a handling organisation: its administrator and its data officer (专人专岗, 001 §35). */
export const HANDLER_ROLES: readonly Role[] = ["admin", "data_officer"];
/** Roles that decide for a supervising authority (or an ordering department, 004 §27). */
export const SUPERVISOR_ROLES: readonly Role[] = ["admin", "reviewer", "data_officer"];

/** The sweeper. */
export const SYSTEM_PARTIES: readonly ActorParty[] = Object.freeze([{ party: "system" as const, roles: [] }]);

/** A participant: an organisation, or a user (a natural person), or both (a user acting for an organisation). */
export interface ParticipantRef {
  organisationId?: string | null;
  userId?: string | null;
}

/** A case's participants as stored by the server. */
export interface CaseParticipants {
  applicant: ParticipantRef;
  /** null while the case waits to be routed to a provider (data_demand submitted to the authority). */
  handler?: ParticipantRef | null;
  authority?: ParticipantRef | null;
  thirdParties?: readonly ParticipantRef[];
}

/** The parties `actor` holds in a case, with their roles in each party's organisation. */
export function actorPartiesFor(actor: Actor, participants: CaseParticipants): ActorParty[] {
  const out: ActorParty[] = [];
  const add = (party: Party, refs: readonly (ParticipantRef | null | undefined)[]) => {
    const roles = new Set<Role>();
    let matched = false;
    for (const ref of refs) {
      if (!ref) continue;
      if (ref.userId && ref.userId === actor.userId) matched = true;
      if (ref.organisationId) {
        for (const m of actor.memberships) {
          if (m.organisationId !== ref.organisationId) continue;
          matched = true;
          for (const r of m.roles) roles.add(r);
        }
      }
    }
    if (matched) out.push({ party, roles: [...roles] });
  };
  add("applicant", [participants.applicant]);
  add("handler", [participants.handler]);
  add("authority", [participants.authority]);
  add("third_party", participants.thirdParties ?? []);
  return out;
}

/**
 * The party `actor` takes when opening a case of `kind` with `action`: acting for `organisationId`
 * (one of the actor's memberships), or as a natural person when it is null.
 * Empty when the actor is not a member of that organisation.
 */
export function openerPartiesFor(kind: CaseKind, action: string, actor: Actor, organisationId: string | null): ActorParty[] {
  const t = kind.transitions.find((x) => x.name === action && x.from === "create");
  if (!t) return [];
  const party = t.by[0].party;
  if (organisationId === null) return [{ party, roles: [], as: "natural_person" satisfies OpenerKind }];
  const m = actor.memberships.find((x) => x.organisationId === organisationId);
  return m ? [{ party, roles: [...m.roles], as: m.organisationKind }] : [];
}
