import type { AuditContent, ChainedEntry } from "@shuyuan/core";
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { AuditEntriesTable, DB } from "../db/schema";

// Serialises chain appends across processes sharing one PostgreSQL (arbitrary constant).
export const AUDIT_CHAIN_LOCK = 7_450_002;

const COLUMNS = [
  "seq", "at", "action", "outcome", "actor_user_id", "actor_organisation_id", "token_id", "region_code",
  "subject_type", "subject_id", "dataset_id", "fields", "row_count", "purpose", "grant_id", "ip",
  "user_agent", "payload_digest", "detail", "prev_hash", "hash",
] as const;

type Row = Selectable<AuditEntriesTable>;

/** JSON shape for json_populate_recordset: column names, ISO timestamps. */
export function toRow(e: ChainedEntry): Record<(typeof COLUMNS)[number], unknown> {
  return {
    seq: e.seq, at: e.at, action: e.action, outcome: e.outcome, actor_user_id: e.actorUserId,
    actor_organisation_id: e.actorOrganisationId, token_id: e.tokenId, region_code: e.regionCode,
    subject_type: e.subjectType, subject_id: e.subjectId, dataset_id: e.datasetId, fields: e.fields,
    row_count: e.rowCount, purpose: e.purpose, grant_id: e.grantId, ip: e.ip, user_agent: e.userAgent,
    payload_digest: e.payloadDigest, detail: e.detail, prev_hash: e.prevHash, hash: e.hash,
  };
}

export function fromRow(r: Row): ChainedEntry {
  return {
    seq: Number(r.seq), at: new Date(r.at).toISOString(), action: r.action, outcome: r.outcome,
    actorUserId: r.actor_user_id, actorOrganisationId: r.actor_organisation_id, tokenId: r.token_id,
    regionCode: r.region_code, subjectType: r.subject_type, subjectId: r.subject_id, datasetId: r.dataset_id,
    fields: r.fields, rowCount: r.row_count === null ? null : Number(r.row_count), purpose: r.purpose,
    grantId: r.grant_id, ip: r.ip, userAgent: r.user_agent, payloadDigest: r.payload_digest, detail: r.detail,
    prevHash: r.prev_hash, hash: r.hash,
  };
}

export interface AuditFilter {
  regionPrefixes: string[] | null;
  actorUserId?: string;
  action?: string;
  outcome?: AuditContent["outcome"];
  subjectType?: string;
  subjectId?: string;
  datasetId?: string;
  field?: string;
  from?: string;
  to?: string;
  beforeSeq?: number;
  fromSeq?: number;
  toSeq?: number;
}

/** All SQL of the audit module. The table is append-only; nothing here updates it. */
export function auditRepository(db: Kysely<DB>) {
  const q = db;

  function filtered(f: AuditFilter) {
    let qb = q.selectFrom("audit_entries");
    if (f.regionPrefixes) {
      const prefixes = f.regionPrefixes;
      qb = qb.where((eb) => eb.or(prefixes.map((p) => eb("region_code", "like", `${p}%`))));
    }
    if (f.actorUserId) qb = qb.where("actor_user_id", "=", f.actorUserId);
    if (f.action) qb = qb.where("action", "=", f.action);
    if (f.outcome) qb = qb.where("outcome", "=", f.outcome);
    if (f.subjectType) qb = qb.where("subject_type", "=", f.subjectType);
    if (f.subjectId) qb = qb.where("subject_id", "=", f.subjectId);
    if (f.datasetId) qb = qb.where("dataset_id", "=", f.datasetId);
    if (f.field) qb = qb.where(sql<boolean>`${f.field} = any(fields)`);
    if (f.from) qb = qb.where("at", ">=", new Date(f.from));
    if (f.to) qb = qb.where("at", "<", new Date(f.to));
    if (f.beforeSeq) qb = qb.where("seq", "<", f.beforeSeq);
    if (f.fromSeq) qb = qb.where("seq", ">=", f.fromSeq);
    if (f.toSeq) qb = qb.where("seq", "<=", f.toSeq);
    return qb;
  }

  return {
    async algorithm(fallback: string): Promise<string> {
      await q.insertInto("audit_meta").values({ key: "algorithm", value: fallback }).onConflict((oc) => oc.column("key").doNothing()).execute();
      const row = await q.selectFrom("audit_meta").select("value").where("key", "=", "algorithm").executeTakeFirstOrThrow();
      return row.value;
    },

    /** The chain's head inside an append transaction, after taking the chain lock. */
    async lockedHead(trx: Transaction<DB>): Promise<{ seq: number; hash: string } | null> {
      await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
      const last = await trx.selectFrom("audit_entries").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
      if (last) return { seq: Number(last.seq), hash: last.hash };
      const anchor = await trx.selectFrom("audit_anchor").select(["seq", "hash"]).executeTakeFirst();
      return anchor ? { seq: Number(anchor.seq), hash: anchor.hash } : null;
    },

    /** One statement per batch: the rows travel as a single JSON parameter. */
    insertBatch: (trx: Transaction<DB>, entries: ChainedEntry[]) =>
      sql`insert into audit_entries select * from json_populate_recordset(null::audit_entries, ${JSON.stringify(entries.map(toRow))}::json)`.execute(trx),

    transaction: <T>(fn: (trx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn),

    anchor: async () => {
      const a = await q.selectFrom("audit_anchor").select(["seq", "hash"]).executeTakeFirst();
      return a ? { seq: Number(a.seq), hash: a.hash } : null;
    },

    entryAt: async (seq: number) => {
      const r = await q.selectFrom("audit_entries").select(COLUMNS).where("seq", "=", seq).executeTakeFirst();
      return r ? fromRow(r) : null;
    },

    head: async () => {
      const r = await q.selectFrom("audit_entries").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
      return r ? { seq: Number(r.seq), hash: r.hash } : null;
    },

    /** A page in chain order for verification and export (keyset on seq). */
    pageAfter: async (afterSeq: number, limit: number, toSeq?: number) => {
      let qb = q.selectFrom("audit_entries").select(COLUMNS).where("seq", ">", afterSeq);
      if (toSeq) qb = qb.where("seq", "<=", toSeq);
      return ((await qb.orderBy("seq").limit(limit).execute())).map(fromRow);
    },

    /** Newest first, keyset-paginated by seq. */
    search: async (f: AuditFilter, limit: number) =>
      ((await filtered(f).select(COLUMNS).orderBy("seq", "desc").limit(limit).execute())).map(fromRow),

    /** Who used what, for which purpose, how many rows (004 §28). */
    trace: (f: AuditFilter) =>
      filtered(f)
        .select([
          "actor_user_id",
          "actor_organisation_id",
          "action",
          "purpose",
          "grant_id",
          sql<number>`count(*)`.as("uses"),
          sql<number>`coalesce(sum(row_count), 0)`.as("rows"),
          sql<string>`min(at)`.as("first_at"),
          sql<string>`max(at)`.as("last_at"),
        ])
        .groupBy(["actor_user_id", "actor_organisation_id", "action", "purpose", "grant_id"])
        .orderBy("uses", "desc")
        .limit(500)
        .execute(),

    checkpoints: (limit = 100) => q.selectFrom("audit_checkpoints").selectAll().orderBy("seq", "desc").limit(limit).execute(),

    checkpointsBetween: (fromSeq: number, toSeq: number) =>
      q.selectFrom("audit_checkpoints").selectAll().where("seq", ">=", fromSeq).where("seq", "<=", toSeq).orderBy("seq").execute(),

    insertCheckpoint: (c: { seq: number; head_hash: string; algorithm: string; platform: string; signed_at: string; signature: string; public_key: string }) =>
      q.insertInto("audit_checkpoints").values(c).onConflict((oc) => oc.column("seq").doNothing()).execute(),

    /** Retention purge: the only delete the guard trigger lets through. */
    purgeThrough: (seq: number, hash: string) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
        await sql`select set_config('shuyuan.audit_purge', 'on', true)`.execute(trx);
        const r = await sql`delete from audit_entries where seq <= ${seq}`.execute(trx);
        await sql`insert into audit_anchor (id, seq, hash, purged_at) values (true, ${seq}, ${hash}, now())
                  on conflict (id) do update set seq = excluded.seq, hash = excluded.hash, purged_at = excluded.purged_at`.execute(trx);
        return Number(r.numAffectedRows ?? 0);
      }),

    lastSeqBefore: async (at: string) => {
      const r = await q.selectFrom("audit_entries").select(["seq", "hash"]).where("at", "<", new Date(at)).orderBy("seq", "desc").limit(1).executeTakeFirst();
      return r ? { seq: Number(r.seq), hash: r.hash } : null;
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
