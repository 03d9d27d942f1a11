// Responses of the platform routes declared in app.ts (readiness and the profile in force).
import { z } from "zod";
import { bilingual } from "./openapi";

export const health = z.object({ status: z.literal("ok"), profile: z.string(), database: z.enum(["pglite", "postgres"]), version: z.string() }).meta({ id: "Health" });

export const publicProfile = z
  .object({
    id: z.string(),
    name: bilingual,
    regionCode: z.string(),
    naturalPersonsMayRegister: z.boolean(),
    passwordPolicy: z.object({ minLength: z.int(), maxAgeDays: z.int() }),
  })
  .meta({ id: "PublicProfile" });
