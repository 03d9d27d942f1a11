// The mail module: e-mail copies of notifications when SMTP is configured (SHUYUAN_SMTP_URL).
import type { FastifyInstance } from "fastify";
import { mailOutbox, type MailOutboxDeps } from "./outbox";

export { mailFromEnv, type MailConfig } from "./config";
export { mailOutbox, type MailOutbox } from "./outbox";

/** Runs this instance's sender from the app's start until it closes (before the database does). */
export function registerMailOutbox(app: FastifyInstance, deps: MailOutboxDeps) {
  const outbox = mailOutbox(deps);
  app.addHook("onReady", async () => outbox.start());
  app.addHook("onClose", () => outbox.stop());
}
