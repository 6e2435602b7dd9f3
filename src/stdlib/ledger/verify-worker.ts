// A ledger verify thread (./parallel.ts): claims ranges from the shared table until none is left,
// and posts each range's result. Built to dist/cli/ledger-worker.cjs. Started with its work in
// workerData, or started early (`exo ledger-verify` starts one while the CLI bundle loads,
// ./prestart.ts) and then handed its work in a message.
import { parentPort, workerData } from "node:worker_threads";
import { type ChunkPlan, type ChunkResult, verifyChunk } from "./chunks.js";
import { claimNext } from "./claims.js";

interface Work {
  plans: ChunkPlan[];
  claims: SharedArrayBuffer;
  id: number;
}

function work({ plans, claims, id }: Work): void {
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
}

const given = workerData as Partial<Work> | null | undefined;
if (given && Array.isArray(given.plans)) work(given as Work);
else parentPort?.once("message", (m: Work) => work(m));
