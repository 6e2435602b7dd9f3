// Checking ledger ranges on several cores. The main thread and up to three helper threads take
// ranges from one shared table (./claims.ts) until none is left, so a helper that starts late
// (a thread costs 20–40 ms to start) simply takes fewer; the main thread never waits for one that
// has taken nothing. A helper that fails leaves its ranges to the main thread.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Env } from "../../io/env.js";
import { type ChunkPlan, type ChunkResult, verifyChunk } from "./chunks.js";
import { claimNext } from "./claims.js";
import { takePrestarted, threadsSetting } from "./prestart.js";

/** Below this many bytes of segments, one thread does it all (a helper would not pay its start). */
export const PARALLEL_FROM = 2 << 20;
/** The size of a range when helpers share the work. */
export const RANGE_BYTES = 256 << 10;
const MAX_HELPERS = 3;

/** The helper script beside this bundle (dist/cli/ or dist/); none when running from sources. */
function helperScript(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, "ledger-worker.cjs"), join(here, "..", "ledger-worker.cjs")]) if (existsSync(p)) return p;
  return null;
}

/**
 * How many helper threads verify `bytes` of segments: EXO_LEDGER_THREADS (helpers, 0 = none)
 * when set, else one per 2 MB up to the spare cores, at most three.
 */
export function helperCount(bytes: number, env: Env): number {
  const set = threadsSetting(env);
  if (set !== null) return set;
  if (bytes < PARALLEL_FROM) return 0;
  return Math.max(0, Math.min(availableParallelism() - 1, Math.floor(bytes / PARALLEL_FROM), MAX_HELPERS));
}

/** Every plan's result, in plan order, and how many threads were at work (helpers started + 1). */
export async function runChunks(plans: ChunkPlan[], helpers: number): Promise<{ results: ChunkResult[]; threads: number }> {
  const early = takePrestarted();
  const script = helpers > 0 && plans.length > 1 ? helperScript() : null;
  const claims = new SharedArrayBuffer(4 * plans.length);
  const table = new Int32Array(claims);
  const results: (ChunkResult | null)[] = plans.map(() => null);
  const threads: { id: number; worker: Worker; over: Promise<void> }[] = [];
  for (let id = 1; script && id <= Math.min(helpers, plans.length - 1); id++) {
    let worker: Worker;
    try {
      if (id === 1 && early) {
        // The thread started while the CLI loaded: hand it the work, and keep the process open for it.
        worker = early;
        worker.ref();
        worker.postMessage({ plans, claims, id });
      } else {
        worker = new Worker(script, { workerData: { plans, claims, id }, stdout: true, stderr: true });
      }
    } catch {
      break;
    }
    const over = new Promise<void>((resolve) => {
      worker.on("message", (m: { i?: number; result?: ChunkResult | null; done?: true }) => {
        if (m.done) resolve();
        else if (typeof m.i === "number") results[m.i] = m.result ?? null;
      });
      worker.once("error", () => resolve());
      worker.once("exit", () => resolve());
    });
    threads.push({ id, worker, over });
  }
  // The thread started early and not handed work (no helper wanted, or the ledger too small) stops.
  if (early && !threads.some((t) => t.worker === early)) void early.terminate();
  if (threads.length === 0) return { results: plans.map(verifyChunk), threads: 1 };
  const MAIN = -1;
  for (let i = claimNext(table, 0, MAIN); i >= 0; i = claimNext(table, i + 1, MAIN)) results[i] = verifyChunk(plans[i] as ChunkPlan);
  // Every range is taken now: wait for the helpers that took some, stop the others.
  const owners = new Set(table);
  await Promise.all(
    threads.map(async ({ id, worker, over }) => {
      if (owners.has(id)) return over;
      // (unref: a helper still starting must not hold the process open)
      worker.unref();
      void worker.terminate();
    }),
  );
  return { results: results.map((r, i) => r ?? verifyChunk(plans[i] as ChunkPlan)), threads: threads.length + 1 };
}
