import type { Membership } from "./actor";
import type { MembershipRow, UserRow } from "./repository";

export function toMemberships(rows: MembershipRow[]): Membership[] {
  return rows.map((m) => ({
    organisationId: m.organisation_id,
    organisationName: m.organisation_name,
    organisationKind: m.organisation_kind,
    regionCode: m.region_code,
    roles: m.roles as Membership["roles"],
  }));
}

/** The only shape in which a user leaves the server: no hashes, no clear ID numbers. */
export function presentUser(user: UserRow, memberships: Membership[], mustChangePassword: boolean) {
  return {
    id: user.id,
    login: user.login,
    name: user.name,
    phone: user.phone,
    email: user.email,
    citizenIdMasked: user.citizen_id_masked,
    platformAdmin: user.platform_admin,
    mustChangePassword,
    passwordChangedAt: user.password_changed_at,
    disabled: user.disabled,
    createdAt: user.created_at,
    memberships,
  };
}
