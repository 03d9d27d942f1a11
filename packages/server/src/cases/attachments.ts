// Case attachments: files a party uploads, then names in a transition's payload ({id, name, mediaType,
// size}, core's attachmentSchema). Stored in object storage under generated keys like file distributions
// (storage/upload.ts), limited to the types and size core allows. An attachment no transition has named
// yet is its uploader's alone; the transition that names it links it to its case in the transition's
// transaction, after which the case's parties and supervising authority may download it.
import { ATTACHMENT_MEDIA_TYPES, MAX_ATTACHMENT_BYTES, type attachmentSchema } from "@shuyuan/core";
import { sql, type ColumnType, type Kysely, type Transaction } from "kysely";
import type { z } from "zod";
import type { DB } from "../db/schema";
import { errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import type { ObjectStorage } from "../storage/types";
import { storeUpload, type IncomingFile } from "../storage/upload";

export type Attachment = z.infer<typeof attachmentSchema>;

export interface CaseAttachmentsTable {
  id: string;
  name: string;
  media_type: string;
  size: ColumnType<string | number, number, never>;
  sha256: string;
  storage_key: string;
  uploaded_by_user_id: string;
  case_id: string | null;
  created_at: ColumnType<Date, never, never>;
  linked_at: Date | null;
}

type Tables = { case_attachments: CaseAttachmentsTable };

const ATTACHMENT = { zh: "附件", en: "Attachment" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AttachmentNote = (extra: { subjectId: string; detail: Record<string, unknown> }) => void;

export function caseAttachments(deps: { db: Kysely<DB>; storage: ObjectStorage; maxBytes?: number }) {
  const db = deps.db.withTables<Tables>();
  const maxBytes = deps.maxBytes ?? MAX_ATTACHMENT_BYTES;

  return {
    maxBytes,

    /** Stores one file for the uploader; the answer is what a transition's payload names. */
    async upload(actor: Actor, incoming: IncomingFile | undefined, note: AttachmentNote): Promise<Attachment> {
      const row = await storeUpload(deps.storage, incoming, { maxBytes, keyFor: (id) => `case-attachments/${id}`, accept: ATTACHMENT_MEDIA_TYPES }, (stored) =>
        db
          .insertInto("case_attachments")
          .values({
            id: stored.id,
            name: stored.name,
            media_type: stored.mediaType,
            size: stored.size,
            sha256: stored.sha256,
            storage_key: stored.key,
            uploaded_by_user_id: actor.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      note({ subjectId: row.id, detail: { name: row.name, mediaType: row.media_type, size: Number(row.size), sha256: row.sha256 } });
      return { id: row.id, name: row.name, mediaType: row.media_type as Attachment["mediaType"], size: Number(row.size) };
    },

    /**
     * Links the attachments a transition names to its case, in the transition's transaction. Each must
     * exist and be either the acting user's own, not yet on a case, or already on this case; its name,
     * type and size must be the stored ones. Refuses (400, with the payload path) otherwise.
     */
    async link(trx: Transaction<DB>, caseId: string, userId: string, named: readonly Attachment[] | undefined) {
      if (!named?.length) return;
      const q = trx.withTables<Tables>();
      const ids = [...new Set(named.map((a) => a.id).filter((id) => UUID.test(id)))];
      const rows = ids.length ? await q.selectFrom("case_attachments").selectAll().where("id", "in", ids).forUpdate().execute() : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      named.forEach((a, i) => {
        const row = byId.get(a.id);
        if (!row || !(row.case_id === caseId || (row.case_id === null && row.uploaded_by_user_id === userId))) {
          throw errors.field(`payload.attachments.${i}.id`, { zh: "没有这个附件，或它不是你上传的", en: "No such attachment, or it is not one you uploaded" });
        }
        if (row.name !== a.name || row.media_type !== a.mediaType || Number(row.size) !== a.size) {
          throw errors.field(`payload.attachments.${i}`, {
            zh: "附件的名称、类型或大小与上传的文件不符",
            en: "The attachment's name, type or size differs from the uploaded file",
          });
        }
      });
      await q
        .updateTable("case_attachments")
        .set({ case_id: caseId, linked_at: sql<Date>`now()` })
        .where("id", "in", [...byId.keys()])
        .where("case_id", "is", null)
        .execute();
    },

    /** The stored bytes of an attachment on the case (the caller has checked the case is visible). */
    async open(caseId: string, attachmentId: string, note: AttachmentNote) {
      const row = await db
        .selectFrom("case_attachments")
        .selectAll()
        .where("id", "=", attachmentId)
        .where("case_id", "=", caseId)
        .executeTakeFirst();
      if (!row) throw errors.notFound(ATTACHMENT);
      const stream = await deps.storage.get(row.storage_key);
      note({ subjectId: caseId, detail: { attachmentId, name: row.name, size: Number(row.size) } });
      return { name: row.name, mediaType: row.media_type, size: Number(row.size), sha256: row.sha256, stream };
    },
  };
}

export type CaseAttachments = ReturnType<typeof caseAttachments>;
