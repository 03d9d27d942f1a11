// E-mail copies of notifications (issue 4), sent from an outbox: notices are rows written in their
// transition's transaction (cases/repository.ts); this loop mails them afterwards, so a crash loses none
// and a slow mail server never holds up a request. No transaction is open while a message is sent
// (PGlite has one connection). Across instances each notice is claimed once: claims are taken under an
// advisory lock and lease the notice (email_next_at) while it is sent. A sender that dies between the mail
// server's acceptance and the mark sends that notice again after the lease (at least once, same Message-ID).
import nodemailer from "nodemailer";
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/schema";
import type { MailConfig } from "./config";
import { composeNoticeMail } from "./message";

/** The mail sender's advisory lock; the case sweeper holds 7_450_004, the harvest scheduler 7_450_007. */
const MAIL_LOCK = 7_450_014;
/** Attempts before a notice is given up (its error stays recorded). */
export const MAX_ATTEMPTS = 5;
/** Back-off after the n-th failure: 1, 4, 16, 64 minutes. */
export const retryDelayMs = (attempt: number) => 60_000 * 4 ** (attempt - 1);
/** A claimed notice is not claimed again for this long (longer than a send may take with the timeouts below). */
const LEASE_MS = 10 * 60_000;
/** Older notices are stale news (e.g. after SMTP is first configured): they stay in-app only. */
const MAX_AGE_MS = 2 * 86_400_000;
const BATCH = 50;

/** Migration 0014; typed here (withTables) as only this module reads or writes these columns. */
interface NotificationEmailColumns {
  emailed_at: Date | null;
  email_attempts: number;
  email_next_at: Date | null;
  email_error: string | null;
}

function outboxRepository(base: Kysely<DB>) {
  const db = base.withTables<{ notifications: NotificationEmailColumns }>();
  return {
    /** Due notices of users with an address, leased to this sender; none when another instance holds the lock. */
    claim: (now: Date) =>
      db.transaction().execute(async (trx) => {
        const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${MAIL_LOCK}) as ok`.execute(trx);
        if (!got.rows[0]?.ok) return [];
        const due = await trx
          .selectFrom("notifications as n")
          .innerJoin("users as u", "u.id", "n.user_id")
          .select(["n.id", "n.case_id", "n.message_zh", "n.message_en", "n.email_attempts", "u.email", "u.name"])
          .where("n.emailed_at", "is", null)
          .where("n.created_at", ">", new Date(now.getTime() - MAX_AGE_MS))
          .where("n.email_attempts", "<", MAX_ATTEMPTS)
          .where((eb) => eb.or([eb("n.email_next_at", "is", null), eb("n.email_next_at", "<=", now)]))
          .where("u.email", "is not", null)
          .where("u.email", "<>", "")
          .where("u.disabled", "=", false)
          .orderBy("n.created_at")
          .orderBy("n.id")
          .limit(BATCH)
          .execute();
        if (due.length) {
          await trx
            .updateTable("notifications")
            .set((eb) => ({ email_attempts: eb("email_attempts", "+", 1), email_next_at: new Date(now.getTime() + LEASE_MS) }))
            .where("id", "in", due.map((n) => n.id))
            .execute();
        }
        return due.map((n) => ({ ...n, email: n.email!, attempt: n.email_attempts + 1 }));
      }),

    sent: (id: string) =>
      db.updateTable("notifications").set({ emailed_at: new Date(), email_next_at: null, email_error: null }).where("id", "=", id).execute(),

    /** A failed attempt; retryAt null = given up. */
    failed: (id: string, error: string, retryAt: Date | null) =>
      db.updateTable("notifications").set({ email_error: error, email_next_at: retryAt }).where("id", "=", id).execute(),
  };
}

export interface MailOutboxDeps {
  db: Kysely<DB>;
  config: MailConfig;
  log: { warn(obj: object, msg: string): void; error(obj: unknown): void };
}

export function mailOutbox(deps: MailOutboxDeps) {
  const repo = outboxRepository(deps.db);
  const { config } = deps;
  // A pool keeps the connection between messages; timeouts bound a send well inside the lease.
  const transport = nodemailer.createTransport({ url: config.smtpUrl, pool: true, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  const domain = config.from.replace(/>$/, "").split("@").pop();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  /** One pass as of `now`: claims due notices and sends them one after another. */
  async function tick(now: Date = new Date()) {
    const claimed = await repo.claim(now);
    const outcome = { sent: [] as string[], failed: [] as string[] };
    for (const n of claimed) {
      // On shutdown the rest wait for their lease to end and are sent by whichever instance runs then.
      if (stopped) break;
      const mail = composeNoticeMail({ caseId: n.case_id, zh: n.message_zh, en: n.message_en }, config.publicUrl);
      try {
        await transport.sendMail({ from: config.from, to: { name: n.name, address: n.email }, messageId: `<${n.id}@${domain}>`, ...mail });
        await repo.sent(n.id);
        outcome.sent.push(n.id);
      } catch (err) {
        const error = (err as Error).message.slice(0, 1000);
        await repo.failed(n.id, error, n.attempt < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(n.attempt)) : null);
        deps.log.warn({ notification: n.id, attempt: n.attempt, error }, "e-mail not sent");
        outcome.failed.push(n.id);
      }
    }
    return outcome;
  }

  function schedule() {
    timer = setTimeout(() => {
      running = tick()
        .catch((err) => deps.log.error(err))
        .finally(() => {
          if (!stopped) schedule();
        });
    }, config.pollMs).unref();
  }

  return {
    tick,
    start: schedule,
    /** Stops the loop after the message in flight; the database must stay open until this resolves. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}

export type MailOutbox = ReturnType<typeof mailOutbox>;
