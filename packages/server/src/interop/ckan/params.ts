// CKAN action parameters. GET sends every value as a string (lists and dicts as JSON text), POST sends
// JSON or a form: each schema accepts all three, so one action reads the same either way.
import { z } from "zod";

/** A JSON value sent as text in a query string or form, or as itself in a JSON body. */
const json = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }, schema);

export const integer = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);

export const flag = (fallback: boolean) =>
  z
    .union([z.boolean(), z.enum(["true", "false", "True", "False", "1", "0"]).transform((v) => v === "true" || v === "True" || v === "1")])
    .default(fallback);

export const text = (max: number) => z.string().trim().max(max);

/** A list given as JSON (`["a","b"]`), or as comma-separated text. */
export const list = json(z.union([z.array(z.string().max(200)).max(100), z.string().max(5000).transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))]));

export const dict = json(z.record(z.string().max(100), z.unknown()));

export const idParam = z.object({ id: text(200).min(1) });
