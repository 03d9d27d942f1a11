// The case kinds the engine knows. Later issues add theirs here (share_request, open_application, …).
import { catalogReview, catalogRevocation, catalogUpdate } from "../catalog/review-kinds";
import { correction } from "./correction";
import { dataDemand } from "./data-demand";
import { dispute } from "./dispute";
import { rectification } from "./rectification";
import type { CaseKind } from "./types";

export const CASE_KINDS: Readonly<Record<string, CaseKind>> = Object.freeze({
  data_demand: dataDemand,
  correction,
  dispute,
  rectification,
  catalog_review: catalogReview,
  catalog_update: catalogUpdate,
  catalog_revocation: catalogRevocation,
});

export type CaseKindName = keyof typeof CASE_KINDS;

export function caseKind(name: string): CaseKind | undefined {
  return Object.hasOwn(CASE_KINDS, name) ? CASE_KINDS[name] : undefined;
}
