// Verifying a range of the chain on a worker thread (PostgreSQL): rebuilding each entry's canonical text and
// hashing it bind a walk to one core, so consecutive ranges are walked on threads of their own, each with its
// own connection, and joined at their seams by the first (see service.verify).
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
// A thread starts faster the fewer modules it loads: the chain's own, the driver and the COPY reader.
import { ChainVerifier, type HashAlgorithm, type VerifierState } from "@shuyuan/core/audit/chain";
import pg from "pg";
import { copyLinkedRows } from "./copy-rows";

export interface RangeWalk {
  databaseUrl: string;
  algorithm: HashAlgorithm;
  /** The range is the entries after this seq… */
  after: number;
  /** …up to this one, or to the end. */
  to: number | undefined;
}

const TS_THREAD = new URL("../ts-thread.mjs", import.meta.url);
const JOB = "audit.verify-range";

/** Walks the range on a new thread; resolves with its verifier's state, to be joined to the walk before it. */
export function walkOnThread(walk: RangeWalk): Promise<VerifierState> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(TS_THREAD, { workerData: { module: import.meta.url, job: JOB, walk } });
    thread.once("message", resolve);
    thread.once("error", reject);
    // After a message this changes nothing; before one, the thread died without an error event.
    thread.once("exit", (code) => reject(new Error(`the verification thread exited (code ${code}) without a result`)));
  });
}

async function walkRange({ databaseUrl, algorithm, after, to }: RangeWalk): Promise<VerifierState> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const verifier = new ChainVerifier(algorithm, "joined later");
    await copyLinkedRows(client, after, to, (e) => verifier.feedLinked(e));
    return verifier.state;
  } finally {
    await client.end();
  }
}

if (!isMainThread && workerData?.job === JOB) parentPort!.postMessage(await walkRange(workerData.walk));
