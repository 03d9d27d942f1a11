import { arrayLiteral, type AuditContent, type ChainedEntry, type LinkedEntry, type SealedEntry } from "@shuyuan/core";
import { sql, type Selectable, type Transaction } from "kysely";
import { finished } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import type { Database } from "../db/database";
import type { AuditEntriesTable, DB } from "../db/schema";
import { copyLinkedRows } from "./copy-rows";

const COLUMNS = [
  "seq", "at", "action", "outcome", "actor_user_id", "actor_organisation_id", "token_id", "region_code",
  "subject_type", "subject_id", "dataset_id", "fields", "row_count", "purpose", "grant_id", "ip",
  "user_agent", "payload_digest", "detail", "prev_hash", "hash",
] as const;

type Row = Selectable<AuditEntriesTable>;

/**
 * The canonical text of each stored entry, printed by the database from its
 * columns: the same row literal the writer hashed (see canonicalize). Letting
 * PostgreSQL print it saves parsing every column into JavaScript values.
 */
export const CANONICAL_SQL = `row(seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), action, outcome,
  actor_user_id, actor_organisation_id, token_id, region_code, subject_type, subject_id, dataset_id, fields, row_count,
  purpose, grant_id, ip, user_agent, payload_digest, detail)::text`;
const CANONICAL = sql.raw<string>(CANONICAL_SQL);

export type ChainHead = { seq: number; hash: string };

/**
 * Entries as one `audit_entries[]` literal, the form rows travel in: PostgreSQL
 * parses it with its own input functions, several times cheaper than unpacking
 * JSON. Each row is its canonical text with the two hashes appended (the
 * table's column order), so what is stored is exactly what was hashed.
 */
export const sealedRowsLiteral = (entries: SealedEntry[]) => arrayLiteral(entries.map((e) => `${e.canonical.slice(0, -1)},${e.prevHash},${e.hash})`));

/** The head a writer expects, as SQL literals (COPY takes no parameters). */
const headLiterals = (head: ChainHead | null) => (head ? `${Number(head.seq)}::bigint, '${head.hash.replaceAll("'", "''")}'::text` : "null::bigint, null::text");

/** Raised when the head has moved since a writer linked its rows (see copyIfHead). */
const HEAD_MOVED = "SYA01";

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
export function auditRepository(database: Database) {
  const db = database.db;
  const q = db;
  const driver = database.driver;

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

    /**
     * Appends rows linked to `head` in one round trip, under the chain lock
     * (see audit_append in the migration); false if another process has moved
     * the head since.
     */
    appendIfHead: async (rowsLiteral: string, head: ChainHead | null) => {
      // Prepared: it runs for every group commit.
      const statement = sql`select audit_append(${rowsLiteral}::audit_entries[], ${head?.seq ?? null}::bigint, ${head?.hash ?? null}::text) as ok`;
      return (await database.prepared<{ ok: boolean }>(statement.compile(q)))[0].ok;
    },

    /**
     * As appendIfHead, by COPY: less PostgreSQL CPU per row, one more round
     * trip. The lock and head check run in the same implicit transaction as
     * the COPY (one simple query). `onSent` is called once the rows are on
     * the socket: the server sends for them only after it has run the check,
     * so until then the rows wait for this thread. PostgreSQL only (null on PGlite).
     */
    copyIfHead:
      driver.kind === "postgres"
        ? async (copyText: Buffer, head: ChainHead | null, onSent?: () => void) => {
            const client = await driver.pool.connect();
            let failed: Error | undefined;
            try {
              const rows = client.query(
                copyFrom(`do $$ begin
                  if (select row(seq, hash) is distinct from row(${headLiterals(head)}) from audit_lock_head()) then
                    raise exception 'the audit chain''s head has moved' using errcode = '${HEAD_MOVED}';
                  end if;
                end $$; copy audit_entries from stdin`),
              );
              rows.write(copyText, () => onSent?.());
              rows.end();
              await finished(rows);
              return true;
            } catch (err) {
              // An error mid-COPY leaves the connection in doubt: it is closed, not reused.
              failed = err as Error;
              if ((err as { code?: string }).code === HEAD_MOVED) return false;
              throw err;
            } finally {
              client.release(failed);
            }
          }
        : null,

    /** Takes the chain lock for the rest of the transaction and reads the head (null: empty chain). */
    lockedHead: async (trx: Transaction<DB>): Promise<ChainHead | null> => {
      const [head] = (await sql<{ seq: number | null; hash: string }>`select seq, hash from audit_lock_head()`.execute(trx)).rows;
      return head.seq === null ? null : { seq: Number(head.seq), hash: head.hash };
    },

    /** Inserts rows in a transaction that holds the chain lock (see lockedHead). */
    insertRows: (trx: Transaction<DB>, rowsLiteral: string) =>
      sql`insert into audit_entries select * from unnest(${rowsLiteral}::audit_entries[])`.execute(trx),

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

    /** A page in chain order for export (keyset on seq). */
    pageAfter: async (afterSeq: number, limit: number, toSeq?: number) => {
      let qb = q.selectFrom("audit_entries").select(COLUMNS).where("seq", ">", afterSeq);
      if (toSeq) qb = qb.where("seq", "<=", toSeq);
      return ((await qb.orderBy("seq").limit(limit).execute())).map(fromRow);
    },

    /** A page in chain order for verification: canonical text and hashes only. */
    sealedPageAfter: (afterSeq: number, limit: number, toSeq?: number) => {
      let qb = q
        .selectFrom("audit_entries")
        .select(["seq", CANONICAL.as("canonical"), "prev_hash as prevHash", "hash"])
        .where("seq", ">", afterSeq);
      if (toSeq) qb = qb.where("seq", "<=", toSeq);
      return qb.orderBy("seq").limit(limit).execute();
    },

    /**
     * Streams entries `after` < seq ≤ `to` (or to the end) in chain order as the
     * bytes their hashes cover, rebuilt here from the stored columns (see
     * copy-rows.ts): one binary COPY, no per-row objects in the driver.
     * PostgreSQL only (null on PGlite, which pages with sealedPageAfter).
     * Resolves false if `onEntry` stopped it.
     */
    streamLinked:
      driver.kind === "postgres"
        ? async (after: number, to: number | undefined, onEntry: (e: LinkedEntry) => boolean) => {
            const client = await driver.pool.connect();
            let finished = false;
            try {
              finished = await copyLinkedRows(client, after, to, onEntry);
              return finished;
            } finally {
              // Stopped early or failed mid-COPY: the connection is closed, not reused.
              client.release(!finished);
            }
          }
        : null,

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
        await sql`select audit_lock_head()`.execute(trx); // no append may run meanwhile
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
