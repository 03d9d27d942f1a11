// 001 §15: data is updated as often as its entry declares. An entry whose last load is older than its
// update frequency allows is stale: flagged to its provider and visible to the authority (001 §37–39).
// Irregular and never-updated entries have no schedule to miss.
import { fromDayNumber, toDayNumber } from "../calendar/dates";
import type { UpdateFrequency } from "./vocabulary";

/** Longest interval, in calendar days, between two loads that the frequency allows. */
export const FREQUENCY_DAYS: Readonly<Record<UpdateFrequency, number | null>> = {
  realtime: 1,
  daily: 1,
  weekly: 7,
  monthly: 31,
  quarterly: 92,
  semiannual: 183,
  annual: 366,
  irregular: null,
  static: null,
};

export type Freshness =
  | { state: "unscheduled" }
  | { state: "no_data" }
  | { state: "fresh" | "stale"; lastLoadedOn: string; dueOn: string; overdueDays: number };

/** Freshness of an entry as of `today` ('YYYY-MM-DD'), from the day its data was last loaded. */
export function freshness(frequency: UpdateFrequency, lastLoadedOn: string | null, today: string): Freshness {
  const days = FREQUENCY_DAYS[frequency];
  if (days === null) return { state: "unscheduled" };
  if (!lastLoadedOn) return { state: "no_data" };
  const due = toDayNumber(lastLoadedOn) + days;
  const dueOn = fromDayNumber(due);
  const overdueDays = Math.max(0, toDayNumber(today) - due);
  return { state: today > dueOn ? "stale" : "fresh", lastLoadedOn, dueOn, overdueDays };
}
