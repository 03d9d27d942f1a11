// The single access decision (数据访问决定) every read path asks: preview, query, download and API calls.
// In this issue: unconditionally open data for the public (000 §10 adds real-name registration in
// beijing-open), everything to the providing organisation itself. Conditional data waits for grants
// (open applications and share requests), which will extend this function, not bypass it.
// 003 §23 sets what each level allows: level 1 raw data; levels 2–3 only through interfaces (query, API),
// never as a bulk download; level 4 not at all except "usable but not visible". Personal fields are
// masked for everyone but the provider (001 §7); level-4 fields are withheld.
import { isServing, type EntryStatus } from "../catalog/visibility";
import type { DatasetField } from "../catalog/dataset";
import type { OpenType, ShareType } from "../catalog/vocabulary";
import type { Actor } from "../identity";
import type { Bilingual, Profile } from "../profiles";
import { MASKS, type MaskSpec } from "./masking";

export const READ_MODES = ["preview", "query", "download"] as const;
export type ReadMode = (typeof READ_MODES)[number];

export interface AccessRequest {
  actor: Actor | null;
  dataset: {
    providerOrganisationId: string;
    status: EntryStatus;
    version: number | null;
    openType: OpenType;
    shareType: ShareType;
    level: number;
    fields: readonly DatasetField[];
  };
  mode: ReadMode;
  profile: Pick<Profile, "unconditionalOpenNeedsRegistration">;
}

export interface FieldAccess {
  name: string;
  type: DatasetField["type"];
  /** null = the raw value. */
  mask: MaskSpec | null;
}

export type AccessDecision =
  | {
      allowed: true;
      /** Why: the provider's own data, or unconditionally open data. */
      basis: "provider" | "open_unconditional";
      /** Article(s) behind the decision, for the audit record. */
      articles: string;
      /** Readable fields in the entry's order, each with its masking. Fields not listed are withheld. */
      fields: FieldAccess[];
      /** The modes this reader may use on this entry. */
      modes: ReadMode[];
    }
  | { allowed: false; status: 401 | 403 | 404; code: string; message: Bilingual };

const deny = (status: 401 | 403 | 404, code: string, zh: string, en: string): AccessDecision => ({ allowed: false, status, code, message: { zh, en } });

/** The modes an entry's level allows a reader other than its provider (003 §23). */
export function modesForLevel(level: number): ReadMode[] {
  if (level <= 1) return ["preview", "query", "download"];
  if (level <= 3) return ["preview", "query"];
  return [];
}

export function decideAccess(req: AccessRequest): AccessDecision {
  const { actor, dataset } = req;
  const provider = !!actor?.memberships.some((m) => m.organisationId === dataset.providerOrganisationId);
  if (provider) {
    return {
      allowed: true,
      basis: "provider",
      articles: "",
      fields: dataset.fields.map((f) => ({ name: f.name, type: f.type, mask: null })),
      modes: [...READ_MODES],
    };
  }
  if (!isServing(dataset)) return deny(404, "not_found", "目录条目不存在", "Catalog entry not found");
  if (dataset.openType !== "unconditional") {
    return dataset.openType === "conditional"
      ? deny(403, "application_required", "有条件开放数据须经申请获得授权后使用（001 §10；004 §34）", "Conditionally open data is used after an approved application (001 §10; 004 §34)")
      : deny(403, "not_open", "该数据不予开放", "This data is not open");
  }
  if (req.profile.unconditionalOpenNeedsRegistration && !actor) {
    return deny(401, "registration_required", "无条件开放数据须实名注册登录后获取（000 §10）", "Open data is available after real-name registration and login (000 §10)");
  }
  const modes = modesForLevel(dataset.level);
  if (!modes.includes(req.mode)) {
    return dataset.level >= 4
      ? deny(403, "level_not_shared", "四级数据不予提供（003 §23）", "Level-4 data is not provided (003 §23)")
      : deny(403, "level_interface_only", "二级、三级数据只能通过接口查询，不提供整表下载（003 §23）", "Level-2 and level-3 data is served through queries only, not as a bulk download (003 §23)");
  }
  const fields = dataset.fields
    .filter((f) => f.level < 4)
    .map((f) => ({ name: f.name, type: f.type, mask: MASKS[f.sensitivity] ?? null }));
  return { allowed: true, basis: "open_unconditional", articles: "001 §9; 004 §34; 003 §23", fields, modes };
}
