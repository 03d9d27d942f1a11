import { z } from "zod";

// A jurisdiction profile: every value in which the five seed regulations differ (RULES.md).
// Time limits: `null` means the seed does not govern that clock.

export const PROFILE_IDS = ["beijing-open", "lianyungang", "shijingshan", "beijing-zones", "heilongjiang"] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export type Bilingual = { zh: string; en: string };
export const bilingualSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

/** 工作日 on the official calendar. */
const workdays = z.int().positive().nullable();
const months = z.int().positive().nullable();
const years = z.int().positive().nullable();

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** A yearly due date, 'MM-DD'. */
const monthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, "expected 'MM-DD'")
  .refine((s) => {
    const m = Number(s.slice(0, 2));
    const d = Number(s.slice(3));
    return m >= 1 && m <= 12 && d >= 1 && d <= DAYS_IN_MONTH[m - 1];
  }, "not a calendar day");

export const profileSchema = z.strictObject({
  id: z.enum(PROFILE_IDS),
  name: bilingualSchema,
  /** The seed regulation in shared/seeds/ the values come from. */
  seedFile: z.string().min(1),
  /** GB/T 2260 code of the jurisdiction (the root authority's region). */
  regionCode: z.string().regex(/^\d{6}$/, "expected a 6-digit GB/T 2260 code"),

  // Open-data applications (开放申请)
  /** Reply to a conditional open-data application. */
  openApplicationReplyWd: workdays,
  /** Longest extension of that reply. */
  openApplicationExtensionWd: workdays,
  /** One-time notice (一次性告知) listing everything an unclear application lacks. */
  oneTimeNoticeWd: workdays,
  /** Third party whose rights the opening affects must answer within. */
  thirdPartyConsultationWd: workdays,
  /** A third party that does not answer in time is taken to consent (逾期视为同意). */
  thirdPartySilenceIsConsent: z.boolean(),

  // Sharing and demands
  /** Provider answers a conditional share request. */
  shareRequestReplyWd: workdays,
  /** Department answers an opening demand collected by the authority. */
  openingDemandReplyWd: workdays,
  /** Provider reviews a data demand (供需对接). */
  dataDemandReviewWd: workdays,
  /** Catalog published and data mounted after a reasonable demand. */
  dataDemandFulfilWd: workdays,

  // Catalog
  /** Department fixes its catalog after the authority's review comments. */
  catalogFixWd: workdays,
  /** Catalog updated after a change in law or duties. */
  catalogUpdateWd: workdays,
  /** Extension of that update, with a basis and the authority's consent. */
  catalogUpdateExtensionWd: workdays,
  /** A revoked entry still in use keeps being served for. */
  revokedEntryGraceMonths: months,

  // Correction / objection (异议、校核)
  correctionVerifyWd: workdays,
  /** The seed says 及时 (timely) without a figure; applies when correctionVerifyWd is null. */
  correctionVerifyTimely: z.boolean(),

  // Use and supervision
  /** A running clock shows as "due soon" (and the sweeper marks it) when at most this many workdays remain. */
  dueSoonWorkdays: z.int().min(0).max(60),
  /** A grant with no calls for this long triggers rectification. */
  idleGrantMonths: months,
  /** Usage records kept at least this long. */
  auditRetentionYears: years,
  /** Departments' annual sharing/opening summary due, 'MM-DD'. */
  annualSummaryDue: monthDay.nullable(),

  // Zones (专区)
  zoneAgreementYears: years,
  /** Consecutive poor evaluations that terminate a zone agreement. */
  zoneTerminationPoorEvaluations: z.int().positive().nullable(),

  // Who may apply, and how
  naturalPersonsMayRegister: z.boolean(),
  financialApplicantsSeparateChannel: z.boolean(),
  processingFeesAllowed: z.boolean(),
  unconditionalOpenNeedsRegistration: z.boolean(),

  // Security
  /** Password must be changed after this many days; null = no forced change. */
  passwordMaxAgeDays: z.int().positive().nullable(),
  lockout: z.strictObject({
    maxFailures: z.int().positive(),
    lockMinutes: z.int().positive(),
  }),
});

export type Profile = z.infer<typeof profileSchema>;
