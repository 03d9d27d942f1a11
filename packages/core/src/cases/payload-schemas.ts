// Building blocks for transition payloads. Strict objects everywhere: an unknown field is an error,
// never silently stored on the timeline.
import { z } from "zod";
import { isoDateSchema } from "../calendar";

export const MAX_TEXT = 4000;

/** Non-blank text, trimmed. */
export const text = (max = MAX_TEXT) => z.string().trim().min(1).max(max);

/** An id of another record (organisation, dataset, case): opaque to core. */
export const idSchema = z.string().trim().min(1).max(100);

/**
 * Reasons for a refusal (004 §22 §29 §34, 002 §22, 001 §19): at least one, none blank.
 * One reason per entry so the applicant can answer them one by one.
 */
export const reasonsSchema = z.array(text(2000)).min(1).max(50);

/** Items a one-time notice (一次性告知, 000 §8 §19) lists: everything missing, at once. */
export const missingItemsSchema = z.array(text(500)).min(1).max(100);

export const ATTACHMENT_MEDIA_TYPES = [
  "application/pdf",
  "application/ofd",
  "image/jpeg",
  "image/png",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "text/csv",
  "application/zip",
] as const;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;

/**
 * An uploaded file referenced by a transition. The server stores the file, sniffs its real type and
 * size, and passes what it measured here; core checks the declared values are allowed.
 */
export const attachmentSchema = z.strictObject({
  id: idSchema,
  name: text(255),
  mediaType: z.enum(ATTACHMENT_MEDIA_TYPES),
  size: z.int().min(1).max(MAX_ATTACHMENT_BYTES),
});
export const attachmentsSchema = z.array(attachmentSchema).max(MAX_ATTACHMENTS);

/** Longest deadline an order may set: about a year of working days. */
export const MAX_DEADLINE_WD = 250;

/** A deadline set by the deciding party: a number of working days, or a date that is a working day. */
export const deadlineSchema = z.union([
  z.strictObject({ workdays: z.int().min(1).max(MAX_DEADLINE_WD) }),
  z.strictObject({ date: isoDateSchema }),
]);
export type Deadline = z.infer<typeof deadlineSchema>;

/** A free note any transition may carry for the timeline. */
export const noteSchema = text().optional();
