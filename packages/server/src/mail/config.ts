// E-mail settings, read from the environment once at start (config.ts calls this). Unset = no e-mail:
// notices stay in-app only.
import { z } from "zod";

export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://… (nodemailer's connection URL). */
  smtpUrl: string;
  /** The sender, `noreply@example.gov.cn` or `数源 <noreply@example.gov.cn>`. */
  from: string;
  /** Where users reach the web app, for the links in messages (no trailing slash). */
  publicUrl: string;
  /** How often the sender looks for unsent notices; tests shorten it. */
  pollMs: number;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const isSender = (s: string) => ADDRESS.test(s) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s.trim());

const envSchema = z
  .object({
    SHUYUAN_SMTP_URL: z.string().regex(/^smtps?:\/\/[^/?#]+/, "must be an smtp:// or smtps:// URL").optional(),
    SHUYUAN_MAIL_FROM: z.string().refine(isSender, "must be an address, or a name and <address>").optional(),
    SHUYUAN_PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  })
  .refine((e) => !e.SHUYUAN_SMTP_URL || e.SHUYUAN_MAIL_FROM, {
    path: ["SHUYUAN_MAIL_FROM"],
    message: "必填 / is required when SHUYUAN_SMTP_URL is set",
  });

/** The mail settings, or null when SHUYUAN_SMTP_URL is unset; throws a bilingual configuration error. */
export function mailFromEnv(env: NodeJS.ProcessEnv, listen: { host: string; port: number }): MailConfig | null {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "" && v !== undefined));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`配置错误 / invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (!e.SHUYUAN_SMTP_URL) return null;
  return {
    smtpUrl: e.SHUYUAN_SMTP_URL,
    from: e.SHUYUAN_MAIL_FROM!,
    publicUrl: (e.SHUYUAN_PUBLIC_URL ?? `http://${listen.host}:${listen.port}`).replace(/\/+$/, ""),
    pollMs: 5_000,
  };
}
