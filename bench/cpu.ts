// CPU time from /proc (the database server on this host only): what a benchmark's processes used,
// which moves much less than their rates when others load the machine.
import fs from "node:fs";
import { sql, type Kysely } from "kysely";

const statFields = (pid: number) => fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");

/** CPU seconds (user + system) a process has used so far. */
export function processCpu(pid: number): number {
  const f = statFields(pid);
  return (Number(f[11]) + Number(f[12])) / 100;
}

/**
 * CPU seconds used so far by each backend connected to the current database, and under key 0 by the
 * server's processes that have ended (the postmaster's reaped children: backends that came and went
 * between two readings, parallel workers); null when the server is elsewhere.
 */
export async function backendCpu(db: Kysely<any>): Promise<Map<number, number> | null> {
  const pids = (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db)).rows;
  try {
    const cpu = new Map(pids.map(({ pid }) => [pid, processCpu(pid)]));
    const postmaster = Number(statFields(pids[0].pid)[1]);
    const reaped = statFields(postmaster);
    cpu.set(0, (Number(reaped[13]) + Number(reaped[14])) / 100);
    return cpu;
  } catch {
    return null;
  }
}

/** CPU seconds the backends used between two readings (backends gone by the second count what they had used by the first). */
export function backendDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let s = 0;
  for (const [pid, t] of after) s += t - (before.get(pid) ?? 0);
  return s;
}
