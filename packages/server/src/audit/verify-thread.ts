// Verifying a range of the chain on a worker thread (PostgreSQL): rebuilding each entry's canonical text and
// hashing it bind a walk to one core, so consecutive ranges are walked on threads of their own, each with its
// own connection, and joined at their seams by the first (see service.verify).
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
// A thread starts faster the fewer modules it loads: the chain's own, the driver and the COPY reader.
import { ChainVerifier, type HashAlgorithm, type LinkedEntry, type VerifierState } from "@shuyuan/core/audit/chain";
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

/** Entries a walk checks between two reports of its progress: several a second. */
export const PROGRESS_EVERY = 1 << 14;

/** Feeds `verifier` the entries of a stream, telling `onProgress` its count every PROGRESS_EVERY; returns false to stop. */
export const feedReporting = (verifier: ChainVerifier, onProgress: (checked: number) => void) => (e: LinkedEntry) => {
  const going = verifier.feedLinked(e);
  if (verifier.checked % PROGRESS_EVERY === 0) onProgress(verifier.checked);
  return going;
};

/** What a thread sends: its progress now and then, its state once at the end. */
type ThreadMessage = { checked: number } | { state: VerifierState };

/**
 * Walks the range on a new thread; resolves with its verifier's state, to be joined to the walk before it.
 * `onProgress` hears the entries it has checked so far, every PROGRESS_EVERY.
 */
export function walkOnThread(walk: RangeWalk, onProgress?: (checked: number) => void): Promise<VerifierState> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(TS_THREAD, { workerData: { module: import.meta.url, job: JOB, walk } });
    thread.on("message", (m: ThreadMessage) => ("state" in m ? resolve(m.state) : onProgress?.(m.checked)));
    thread.once("error", reject);
    // After the state this changes nothing; before it, the thread died without an error event.
    thread.once("exit", (code) => reject(new Error(`the verification thread exited (code ${code}) without a result`)));
  });
}

async function walkRange({ databaseUrl, algorithm, after, to }: RangeWalk, onProgress: (checked: number) => void): Promise<VerifierState> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const verifier = new ChainVerifier(algorithm, "joined later");
    await copyLinkedRows(client, after, to, feedReporting(verifier, onProgress));
    return verifier.state;
  } finally {
    await client.end();
  }
}

if (!isMainThread && workerData?.job === JOB) {
  const post = (m: ThreadMessage) => parentPort!.postMessage(m);
  post({ state: await walkRange(workerData.walk, (checked) => post({ checked })) });
}
