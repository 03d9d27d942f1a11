import { sql, type Kysely } from "kysely";
import type { DB } from "../db/schema";

/**
 * Runs `fn` on one connection with triggers switched off, as a database
 * superuser tampering with the audit table by hand would.
 */
export async function asTamperer(db: Kysely<DB>, fn: (conn: Kysely<DB>) => Promise<unknown>) {
  await db.connection().execute(async (conn) => {
    await sql`set session_replication_role = replica`.execute(conn);
    try {
      await fn(conn);
    } finally {
      await sql`set session_replication_role = origin`.execute(conn);
    }
  });
}
