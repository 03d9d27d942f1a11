import { ATTACHMENT_MEDIA_TYPES } from "@shuyuan/core";
import { z } from "zod";
import { calendarWarning } from "../calendar/schemas";
import { bilingual, isoDate, pageOf, timestamp } from "../http/openapi";
import { page, pageSize, uuid } from "../identity/schemas";
import type { presentClock } from "./presenter";

const name = z.string().trim().regex(/^[a-z][a-z0-9_]*$/).max(50);

/** Opening a case. The payload is the opening transition's data, validated by core against the kind. */
export const openCaseBody = z.strictObject({
  kind: name,
  /** The opening transition when a kind has several (data_demand: submit | submit_to_authority). */
  action: name.optional(),
  /** The organisation the caller acts for; null = as a natural person; default: the caller's first. */
  asOrganisationId: uuid.nullish(),
  handlerOrganisationId: uuid.optional(),
  subject: z.strictObject({ type: z.string().trim().min(1).max(50), id: z.string().trim().min(1).max(100) }).optional(),
  title: z.string().trim().min(1).max(200),
  payload: z.record(z.string(), z.unknown()).default({}),
});

export const caseParams = z.object({ id: uuid });
export const actionParams = z.object({ id: uuid, action: name });
export const attachmentParams = z.object({ id: uuid, attachmentId: uuid });

export const actionBody = z.strictObject({
  /** The version the caller read (optimistic concurrency). */
  expectedVersion: z.int().min(1),
  payload: z.record(z.string(), z.unknown()).default({}),
});

export const listCasesQuery = z.object({
  role: z.enum(["applicant", "handler", "authority", "third_party"]).optional(),
  state: name.optional(),
  kind: name.optional(),
  /** Only cases with a clock due soon (and none overdue), or overdue, today. */
  due: z.enum(["due_soon", "overdue"]).optional(),
  /** newest: newest first; due: the next due date first (cases without a running clock last). */
  sort: z.enum(["newest", "due"]).default("newest"),
  page,
  pageSize,
});

/** Two organisations, comma-separated: `?organisations=<uuid>,<uuid>`. */
export const disputeRoutingQuery = z.object({
  organisations: z
    .string()
    .transform((v) => v.split(",").map((x) => x.trim()))
    .pipe(z.tuple([uuid, uuid])),
});

export const boardQuery = z.object({ status: z.enum(["due_soon", "overdue"]).optional(), page, pageSize });

export const notificationsQuery = z.object({
  unread: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  page,
  pageSize,
});

// Responses (what the presenters return, checked on the way out by the response serializer).

const orgRef = z.object({ id: uuid, name: z.string().nullable() });
const clockMark = z.object({ mark: z.enum(["due_soon", "overdue", "escalated"]), on: isoDate, dueOn: isoDate });

export const caseClock = z
  .object({
    name: z.string(),
    label: bilingual,
    basis: z.string(),
    startedOn: isoDate,
    lengthWd: z.int().nullable(),
    /** null for an untimed clock (及时); while paused, the due date if it resumed today. */
    dueOn: isoDate.nullable(),
    pausedDays: z.int(),
    pausedSince: isoDate.nullable(),
    extendedWd: z.int(),
    extensions: z.int(),
    stoppedOn: isoDate.nullable(),
    state: z.enum(["running", "paused", "stopped", "overdue", "due_soon"]),
    remainingWd: z.int().nullable(),
    overdueWd: z.int(),
    late: z.boolean(),
    expiry: z.enum(["escalate", "consent"]),
    marks: z.array(clockMark),
    warnings: z.array(calendarWarning),
  })
  .meta({ id: "CaseClock" }) satisfies z.ZodType<ReturnType<typeof presentClock>>;

export const caseSummary = z
  .object({
    id: uuid,
    kind: z.string(),
    kindLabel: bilingual,
    title: z.string(),
    state: z.string(),
    stateLabel: bilingual,
    terminal: z.boolean(),
    version: z.int(),
    openedOn: isoDate,
    /** null for a natural person, and in a third party's view (000 §19). */
    applicantOrganisation: orgRef.nullable(),
    handlerOrganisation: orgRef.nullable(),
    authorityOrganisation: orgRef.nullable(),
    /** The open clock due first. */
    due: z.object({ clock: z.string(), dueOn: isoDate.nullable(), remainingWd: z.int().nullable(), state: caseClock.shape.state }).nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "CaseSummary" });

const timelineEntry = z.object({
  seq: z.int(),
  action: z.string(),
  label: bilingual,
  basis: z.string().nullable(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actor: z.object({
    party: z.string(),
    userId: uuid.nullable(),
    name: z.string().nullable(),
    organisationId: uuid.nullable(),
    organisationName: z.string().nullable(),
  }),
  effectiveOn: isoDate,
  at: timestamp,
  /** The transition's data as core validated it (each kind's payload schema). */
  data: z.unknown(),
});

export const caseDetail = caseSummary
  .extend({
    basis: z.string(),
    subject: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
    participants: z.object({
      applicant: z.object({ userId: uuid.nullable(), organisation: orgRef.nullable() }),
      handler: orgRef.nullable(),
      authority: orgRef.nullable(),
      thirdParties: z.array(orgRef.nullable()),
      thirdPartyUsers: z.array(z.object({ id: uuid, name: z.string().nullable() })),
    }),
    clocks: z.array(caseClock),
    timeline: z.array(timelineEntry),
    /** The caller's parties in the case and the actions it may take now. */
    you: z.object({ parties: z.array(z.string()), actions: z.array(z.object({ name: z.string(), label: bilingual, basis: z.string() })) }),
  })
  .meta({ id: "CaseDetail" });

export const caseList = pageOf(caseSummary);

export const supervisionBoard = pageOf(caseSummary.extend({ clocks: z.array(caseClock), escalated: z.boolean() })).extend({ asOf: isoDate });

export const disputeRouting = z
  .object({
    organisations: z.array(z.object({ id: uuid, name: z.string(), regionCode: z.string() })),
    regionCode: z.string(),
    crossLevel: z.boolean(),
    basis: z.string(),
    authority: orgRef.nullable(),
    then: bilingual,
  })
  .meta({ id: "DisputeRouting" });

export const attachmentUploaded = z.object({ id: uuid, name: z.string(), mediaType: z.enum(ATTACHMENT_MEDIA_TYPES), size: z.int() });

export const notificationList = pageOf(
  z.object({
    id: uuid,
    /** null for notices outside a case (e.g. an entry's revocation told to its users). */
    caseId: uuid.nullable(),
    caseKind: z.string().nullable(),
    caseTitle: z.string().nullable(),
    action: z.string(),
    message: z.string(),
    messageEn: z.string(),
    createdAt: timestamp,
    read: z.boolean(),
    readAt: timestamp.nullable(),
  }),
).extend({ unread: z.int() });

export const notificationRead = z.object({ id: uuid, read: z.boolean() });
