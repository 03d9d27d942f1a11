import {
  ChainVerifier,
  GENESIS_HASH,
  signCheckpoint,
  supervisedRegionPrefixes,
  verifyCheckpoint,
  type Role,
  type ChainBreak,
  type HashAlgorithm,
  type SignedCheckpoint,
  type VerifierState,
} from "@shuyuan/core";
import type { KeyObject } from "node:crypto";
import { availableParallelism } from "node:os";
import { errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import type { AuditFilter, AuditRepository } from "./repository";
import { feedReporting } from "./verify-thread";
import type { AuditInput, AuditWriter } from "./writer";

// Small enough that reading one page and hashing the previous one overlap well.
const VERIFY_PAGE = 2_000;

/**
 * Where a long walk is cut into consecutive ranges that are streamed and
 * checked at once, one per core: each range has a backend of its own and, when
 * long, a thread of its own to rebuild and hash its entries. Returns the last
 * seq of every range but the final one.
 */
export function verifyCuts(after: number, end: number, parts = availableParallelism()): number[] {
  const n = Math.max(1, Math.min(parts, Math.floor((end - after) / MIN_VERIFY_RANGE)));
  return Array.from({ length: n - 1 }, (_, i) => after + Math.round(((i + 1) * (end - after)) / n));
}
const MIN_VERIFY_RANGE = 10_000;
/**
 * A thread costs ~0.5 s to start and warm up (tsx loading its modules), and shares the cores with the
 * backends: measured here, 1M entries walked 27 % faster with one, 281k no faster.
 */
const THREAD_RANGE = 250_000;

/** How far a walk has got: entries checked, of about how many. */
export interface VerifyProgress {
  checked: number;
  total: number;
}

export interface VerifyReport {
  ok: boolean;
  algorithm: HashAlgorithm;
  fromSeq: number;
  toSeq: number;
  checked: number;
  breaks: ChainBreak[];
  checkpoints: { checked: number; failed: { seq: number; reason: string }[] };
}

/** The providing department's staff who see every use of its data (004 §28). */
const PROVIDER_ROLES: readonly Role[] = ["admin", "catalog_editor", "data_officer"];

export function auditService(deps: {
  repo: AuditRepository;
  writer: AuditWriter;
  signingKey: { privateKey: KeyObject; publicKeyPem: string };
  platform: string;
  /** The organisation providing a dataset (from the catalog), or null if there is none. */
  providerOf?: (datasetId: string) => Promise<string | null>;
  /**
   * Walks a range of the chain elsewhere (another thread, verify-thread.ts), telling `onProgress` the entries
   * it has checked so far now and then; else ranges are walked here.
   */
  walkRange?: (after: number, to: number | undefined, onProgress?: (checked: number) => void) => Promise<VerifierState>;
  /** Entries per range from which ranges are walked elsewhere (see THREAD_RANGE). */
  threadRange?: number;
}) {
  const { repo, writer, signingKey, platform } = deps;

  const notAuditor = () => errors.forbidden({ zh: "只有审计员或主管部门管理员可以查阅审计记录", en: "Only auditors and authority administrators may read the audit record" });

  function auditorScope(actor: Actor): string[] | null {
    // Auditors and administrators of an authority read its region's record; platform admins all of it.
    const scope = supervisedRegionPrefixes(actor, ["auditor", "admin"]);
    if (scope?.length === 0) throw notAuditor();
    return scope;
  }

  /**
   * Auditors read their region's record; the providing department reads every use of its own dataset,
   * wherever the user was (004 §28) — only with that dataset as the filter.
   */
  async function readScope(actor: Actor, f: { datasetId?: string }): Promise<string[] | null> {
    const scope = supervisedRegionPrefixes(actor, ["auditor", "admin"]);
    if (scope === null || scope.length > 0) return scope;
    const provider = f.datasetId && deps.providerOf ? await deps.providerOf(f.datasetId) : null;
    if (provider && actor.memberships.some((m) => m.organisationId === provider && m.roles.some((r) => PROVIDER_ROLES.includes(r)))) return null;
    throw notAuditor();
  }

  return {
    record: (input: AuditInput) => writer.append(input),

    /** Verification and checkpoints are for anyone who may read the record. */
    assertAuditor(actor: Actor) {
      auditorScope(actor);
    },

    async search(actor: Actor, f: Omit<AuditFilter, "regionPrefixes">, limit: number) {
      const items = await repo.search({ ...f, regionPrefixes: await readScope(actor, f) }, limit + 1);
      const more = items.length > limit;
      return { items: items.slice(0, limit), nextBeforeSeq: more ? items[limit - 1].seq : null };
    },

    /** A user's own history. */
    async mine(actor: Actor, f: { beforeSeq?: number }, limit: number) {
      const items = await repo.search({ regionPrefixes: null, actorUserId: actor.userId, beforeSeq: f.beforeSeq }, limit + 1);
      const more = items.length > limit;
      return { items: items.slice(0, limit), nextBeforeSeq: more ? items[limit - 1].seq : null };
    },

    async trace(actor: Actor, f: Omit<AuditFilter, "regionPrefixes">) {
      const rows = await repo.trace({ ...f, regionPrefixes: await readScope(actor, f) });
      return {
        items: rows.map((r) => ({
          actorUserId: r.actor_user_id,
          actorOrganisationId: r.actor_organisation_id,
          action: r.action,
          purpose: r.purpose,
          grantId: r.grant_id,
          uses: Number(r.uses),
          rows: Number(r.rows),
          firstAt: r.first_at,
          lastAt: r.last_at,
        })),
      };
    },

    /**
     * Walks the chain (or a range) and every signed checkpoint in it. `onProgress` hears how many entries
     * have been checked, of about how many (gaps make it fewer), every PROGRESS_EVERY or so.
     */
    async verify(range: { fromSeq?: number; toSeq?: number } = {}, onProgress?: (progress: VerifyProgress) => void): Promise<VerifyReport> {
      const anchor = await repo.anchor();
      const fromSeq = Math.max(range.fromSeq ?? 1, (anchor?.seq ?? 0) + 1);
      let start = anchor && fromSeq === anchor.seq + 1 ? anchor : { seq: 0, hash: GENESIS_HASH };
      if (fromSeq > 1 && start.seq !== fromSeq - 1) {
        // A range starts from the stored hash of the entry before it; the full walk vouches for that one.
        const before = await repo.entryAt(fromSeq - 1);
        start = before ? { seq: before.seq, hash: before.hash } : { seq: fromSeq - 1, hash: "(missing)" };
      }
      const verifier = new ChainVerifier(writer.algorithm, start);
      const end = range.toSeq ?? (await repo.head())?.seq ?? start.seq;
      const total = Math.max(0, end - start.seq);
      // Entries checked so far in each range, summed for onProgress.
      let checked = [0];
      const rangeChecked = (r: number) => (n: number) => {
        checked[r] = n;
        onProgress?.({ checked: checked.reduce((a, b) => a + b, 0), total });
      };
      if (repo.streamLinked) {
        const stream = repo.streamLinked;
        const afters = [start.seq, ...verifyCuts(start.seq, end)];
        checked = afters.map(() => 0);
        const walkHere = async (after: number, to: number | undefined, onChecked: (n: number) => void) => {
          const v = new ChainVerifier(writer.algorithm, "joined later");
          await stream(after, to, feedReporting(v, onChecked));
          return v.state;
        };
        // The first range on this thread, the others on threads of their own where there are and the ranges
        // are long enough to repay starting one.
        const walkLater = deps.walkRange && (end - start.seq) / afters.length >= (deps.threadRange ?? THREAD_RANGE) ? deps.walkRange : walkHere;
        const [, ...later] = await Promise.all([
          stream(start.seq, afters[1] ?? range.toSeq, feedReporting(verifier, rangeChecked(0))),
          ...afters.slice(1).map((after, i) => walkLater(after, afters[i + 2] ?? range.toSeq, rangeChecked(i + 1))),
        ]);
        for (const state of later) verifier.join(state);
      } else {
        let next = repo.sealedPageAfter(start.seq, VERIFY_PAGE, range.toSeq);
        for (;;) {
          const page = await next;
          if (!page.length) break;
          // PostgreSQL renders the next page while this one is hashed.
          next = repo.sealedPageAfter(page[page.length - 1].seq, VERIFY_PAGE, range.toSeq);
          const going = verifier.feedSealed(page);
          rangeChecked(0)(verifier.checked);
          if (!going) {
            await next;
            break;
          }
        }
      }
      // Joined, the walk's own count covers every range to its last entry.
      onProgress?.({ checked: verifier.checked, total });
      const toSeq = verifier.head!.seq;
      const failed: { seq: number; reason: string }[] = [];
      // A full walk checks every later checkpoint too: entries cut from the end show up there.
      const checkpoints = await repo.checkpointsBetween(fromSeq, range.toSeq ?? Number.MAX_SAFE_INTEGER);
      for (const c of checkpoints) {
        const signed = toSigned(c);
        // Only the platform's own key is trusted, never the key a checkpoint row carries.
        if (!verifyCheckpoint(signed, signingKey.publicKeyPem)) {
          failed.push({ seq: Number(c.seq), reason: "signature does not verify" });
          continue;
        }
        const entry = await repo.entryAt(Number(c.seq));
        if (!entry) failed.push({ seq: Number(c.seq), reason: "the checkpointed entry is missing" });
        else if (entry.hash !== c.head_hash) failed.push({ seq: Number(c.seq), reason: "the record was rewritten after this checkpoint was signed" });
      }
      // Entries deleted from the end leave no gap inside the walk: a later checkpoint shows them missing.
      return {
        ok: verifier.ok && failed.length === 0,
        algorithm: writer.algorithm,
        fromSeq,
        toSeq,
        checked: verifier.checked,
        breaks: verifier.breaks,
        checkpoints: { checked: checkpoints.length, failed },
      };
    },

    /** Signs the current head (periodically and on demand); a no-op when nothing was added since. */
    async checkpoint(): Promise<SignedCheckpoint | null> {
      const head = await repo.head();
      if (!head) return null;
      const signed = signCheckpoint(
        { platform, seq: head.seq, headHash: head.hash, algorithm: writer.algorithm, signedAt: new Date().toISOString() },
        signingKey.privateKey,
      );
      await repo.insertCheckpoint({
        seq: signed.seq,
        head_hash: signed.headHash,
        algorithm: signed.algorithm,
        platform: signed.platform,
        signed_at: signed.signedAt,
        signature: signed.signature,
        public_key: signed.publicKey,
      });
      return signed;
    },

    async checkpoints(limit = 100) {
      return (await repo.checkpoints(limit)).map(toSigned);
    },

    publicKey: () => signingKey.publicKeyPem,

    /** Entries of a seq range with what an outside party needs to check them. */
    async exportRange(actor: Actor, fromSeq: number, toSeq: number) {
      const regionPrefixes = auditorScope(actor);
      if (regionPrefixes !== null) {
        throw errors.forbidden({ zh: "完整区段导出（含验证证明）仅限平台管理员", en: "Exporting a full range with its proof is for platform administrators" });
      }
      const before = fromSeq > 1 ? await repo.entryAt(fromSeq - 1) : null;
      const entries = await repo.pageAfter(fromSeq - 1, toSeq - fromSeq + 1, toSeq);
      const checkpoint = (await repo.checkpointsBetween(toSeq, Number.MAX_SAFE_INTEGER))[0];
      return {
        algorithm: writer.algorithm,
        anchor: fromSeq === 1 ? { seq: 0, hash: GENESIS_HASH } : before ? { seq: before.seq, hash: before.hash } : null,
        entries,
        checkpoint: checkpoint ? toSigned(checkpoint) : null,
        publicKey: signingKey.publicKeyPem,
      };
    },

    /** Retention purge (004 §28: keep ≥ 3 years): deletes entries older than the cutoff, leaving a signed anchor. */
    async purge(cutoff: Date, retentionYears: number, actorUserId: string | null) {
      const minimum = new Date();
      minimum.setUTCFullYear(minimum.getUTCFullYear() - retentionYears);
      if (cutoff > minimum) {
        throw errors.field("before", {
          zh: `审计记录至少保存 ${retentionYears} 年（004 §28），不能清理更近的记录`,
          en: `The audit record is kept at least ${retentionYears} years (004 §28): nothing newer may be purged`,
        });
      }
      const last = await repo.lastSeqBefore(cutoff.toISOString());
      if (!last) return { purged: 0 };
      // Sign the head first so the purged part stays provable, then purge and record it.
      await this.checkpoint();
      const purged = await repo.purgeThrough(last.seq, last.hash);
      await writer.append({ action: "audit.purge", outcome: "success", actorUserId, detail: { throughSeq: last.seq, anchorHash: last.hash, purged, cutoff: cutoff.toISOString() } });
      await this.checkpoint();
      return { purged, throughSeq: last.seq };
    },
  };
}

export type AuditService = ReturnType<typeof auditService>;

function toSigned(c: { seq: number; head_hash: string; algorithm: string; platform: string; signed_at: Date; signature: string; public_key: string }): SignedCheckpoint {
  return {
    platform: c.platform,
    seq: Number(c.seq),
    headHash: c.head_hash,
    algorithm: c.algorithm as HashAlgorithm,
    signedAt: new Date(c.signed_at).toISOString(),
    signatureAlgorithm: "ed25519",
    signature: c.signature,
    publicKey: c.public_key,
  };
}

