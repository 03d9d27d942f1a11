import type { OrganisationKind, Role } from "@shuyuan/core";

export interface Membership {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  regionCode: string;
  roles: Role[];
}

/** The authenticated caller of a request, as every decision in core sees it. */
export interface Actor {
  userId: string;
  login: string;
  name: string;
  platformAdmin: boolean;
  memberships: Membership[];
  mustChangePassword: boolean;
  via: "session" | "token";
  /** Only for token actors. */
  tokenId?: string;
  /** Only for session actors. */
  csrfToken?: string;
  sessionIdHash?: string;
}
