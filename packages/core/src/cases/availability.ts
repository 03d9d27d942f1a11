// Which clocks a profile governs, and so which case kinds (and transitions) it offers.
// A kind is unavailable under a profile when one of its `kind_unavailable` clocks has no figure there
// and no 及时 (timely) rule either: e.g. data_demand outside heilongjiang (004 §29) and shijingshan
// (002 §22), correction under beijing-open (000 has no objection procedure).
import type { Bilingual, Profile } from "../profiles";
import type { CaseKind, ClockSpec, ExtensionRule } from "./types";

export type ClockRule =
  | { status: "timed"; lengthWd: number; basis: string }
  /** The seed says 及时 without a figure: the clock runs without a due date. */
  | { status: "timely"; basis: string }
  /** The length comes from the opening transition's payload (an order's deadline). */
  | { status: "from_payload"; field: string; basis: string }
  | { status: "ungoverned" };

export function clockRule(spec: ClockSpec, profile: Profile): ClockRule {
  if (spec.length.from === "payload") return { status: "from_payload", field: spec.length.field, basis: spec.length.basis };
  for (const c of spec.length.candidates) {
    const value = profile[c.key];
    if (typeof value === "number") return { status: "timed", lengthWd: value, basis: c.basis };
  }
  if (spec.timely && profile[spec.timely.flag] === true) return { status: "timely", basis: spec.timely.basis };
  return { status: "ungoverned" };
}

/** The extension rule fixed at the clock's start; null = the profile allows no extension. */
export function extensionRule(spec: ClockSpec, profile: Profile): ExtensionRule | null {
  if (!spec.extension) return null;
  if (spec.extension.maxWd === "unlimited") return { maxWd: null, maxTimes: spec.extension.maxTimes };
  const max = profile[spec.extension.maxWd];
  return typeof max === "number" ? { maxWd: max, maxTimes: spec.extension.maxTimes } : null;
}

export function expiryRule(spec: ClockSpec, profile: Profile): "escalate" | "consent" {
  return typeof spec.onExpiry === "object" && profile[spec.onExpiry.consentIf] === true ? "consent" : "escalate";
}

export type Availability = { available: true } | { available: false; clocks: string[]; message: Bilingual };

export function kindAvailability(kind: CaseKind, profile: Profile): Availability {
  const missing = kind.clocks.filter((c) => c.ungoverned === "kind_unavailable" && clockRule(c, profile).status === "ungoverned");
  if (missing.length === 0) return { available: true };
  const bases = missing.flatMap((c) => (c.length.from === "profile" ? c.length.candidates.map((x) => x.basis) : [])).join("; ");
  return {
    available: false,
    clocks: missing.map((c) => c.name),
    message: {
      zh: `本辖区配置（${profile.name.zh}）未规定"${missing.map((c) => c.label.zh).join("、")}"的时限，不受理"${kind.label.zh}"（依据见 ${bases}）`,
      en: `This jurisdiction's profile (${profile.name.en}) sets no time limit for "${missing.map((c) => c.label.en).join(", ")}", so it does not take "${kind.label.en}" cases (see ${bases})`,
    },
  };
}

/** Every clock of a kind under a profile, for the UI ("review: 3 wd, 004 §29"). */
export function clockRules(kind: CaseKind, profile: Profile): Record<string, ClockRule> {
  return Object.fromEntries(kind.clocks.map((c) => [c.name, clockRule(c, profile)]));
}
