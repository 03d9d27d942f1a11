import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./database";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
// Arbitrary constant: serialises migrations when several instances start on one server.
const MIGRATION_LOCK = 7_450_001;

export function migrationFiles(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

/** Forward-only, ordered plain-SQL migrations; each file runs once, in its own transaction. */
export async function migrate(database: Database): Promise<string[]> {
  return database.session(async (query) => {
    // Lock first: two instances running even "create table if not exists" at once can collide in the catalog.
    await query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await query("create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())");
      const done = new Set((await query<{ id: string }>("select id from schema_migrations")).map((r) => r.id));
      const applied: string[] = [];
      for (const file of migrationFiles()) {
        if (done.has(file)) continue;
        const body = fs.readFileSync(path.join(MIGRATIONS_DIR, file), "utf8");
        await query(`begin;\n${body}\n;insert into schema_migrations (id) values ('${file}');\ncommit;`);
        applied.push(file);
      }
      return applied;
    } catch (err) {
      await query("rollback").catch(() => undefined);
      throw err;
    } finally {
      await query(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}
