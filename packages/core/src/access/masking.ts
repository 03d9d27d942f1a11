// Desensitization (脱敏, 001 §7, 004 §38): how a sensitive value is shown to someone who may see the field
// but not the raw value. One spec per sensitivity kind; the server compiles it to a SQL expression so
// PostgreSQL masks while it renders, and `maskValue` applies the same spec in JS (exports, tests).
import type { SensitivityKind } from "../catalog/vocabulary";

/** Keep `keepStart` and `keepEnd` characters, replace the middle with `*` (at least `minMasked`). */
export interface MaskSpec {
  keepStart: number;
  keepEnd: number;
  minMasked: number;
}

export const MASKS: Readonly<Partial<Record<SensitivityKind, MaskSpec>>> = {
  citizen_id: { keepStart: 6, keepEnd: 4, minMasked: 8 }, // 230102********1234: region kept, birth date hidden
  phone: { keepStart: 3, keepEnd: 4, minMasked: 4 }, // 139****1000
  name: { keepStart: 1, keepEnd: 0, minMasked: 1 }, // 张**
  bank_card: { keepStart: 0, keepEnd: 4, minMasked: 8 },
  address: { keepStart: 6, keepEnd: 0, minMasked: 4 }, // the district is kept, the house number is not
  email: { keepStart: 1, keepEnd: 0, minMasked: 3 },
  passport: { keepStart: 1, keepEnd: 2, minMasked: 4 },
  license_plate: { keepStart: 2, keepEnd: 1, minMasked: 3 },
};

export function maskValue(spec: MaskSpec, value: string | null): string | null {
  if (value === null) return null;
  const chars = [...value];
  // At least `minMasked` characters (or all of a shorter value) are hidden: a value shorter than
  // keepStart + keepEnd + minMasked keeps fewer characters, so no value is ever shown whole.
  const hidden = Math.min(chars.length, Math.max(spec.minMasked, chars.length - spec.keepStart - spec.keepEnd));
  const shown = chars.length - hidden;
  const keepStart = Math.min(spec.keepStart, shown);
  const keepEnd = Math.min(spec.keepEnd, shown - keepStart);
  const masked = Math.max(spec.minMasked, chars.length - keepStart - keepEnd);
  return chars.slice(0, keepStart).join("") + "*".repeat(masked) + (keepEnd ? chars.slice(chars.length - keepEnd).join("") : "");
}
