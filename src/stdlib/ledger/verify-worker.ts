// A ledger verify thread (./parallel.ts): claims ranges from the shared table until none is left,
// and posts each range's result. Built to dist/cli/ledger-worker.cjs.
import { parentPort, workerData } from "node:worker_threads";
import { type ChunkPlan, type ChunkResult, verifyChunk } from "./chunks.js";
import { claimNext } from "./claims.js";

const { plans, claims, id } = workerData as { plans: ChunkPlan[]; claims: SharedArrayBuffer; id: number };
const table = new Int32Array(claims);
for (let i = claimNext(table, 0, id); i >= 0; i = claimNext(table, i + 1, id)) {
  let result: ChunkResult | null;
  try {
    result = verifyChunk(plans[i] as ChunkPlan);
  } catch {
    result = null; // the main thread checks it again and reports what it finds
  }
  parentPort?.postMessage({ i, result });
}
parentPort?.postMessage({ done: true });
