import { ORGANISATION_KINDS } from "@shuyuan/core";
import { z } from "zod";
import { timestamp } from "../http/openapi";
import { uuid } from "../identity/schemas";

export const organisation = z
  .object({
    id: uuid,
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    regionCode: z.string(),
    /** 黑龙江省 / 哈尔滨市 / 道里区 */
    regionName: z.string(),
    creditCode: z.string().nullable(),
    createdAt: timestamp,
    userCount: z.int(),
  })
  .meta({ id: "Organisation" });
export type Organisation = z.infer<typeof organisation>;

/** Whom the public may address a demand or an objection to. */
export const directoryKind = z.enum(["authority", "department"]);
export const directoryOrganisation = organisation.pick({ id: true, name: true, regionCode: true, regionName: true }).extend({ kind: directoryKind }).meta({ id: "DirectoryOrganisation" });
