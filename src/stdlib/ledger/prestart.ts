// `exo ledger-verify` on a machine with a spare core: the executable (cli/bin.ts) starts one verify
// thread before it loads the CLI bundle, so the thread's own start (20–40 ms: a Node environment,
// then its script) overlaps the bundle's load instead of the verify. The thread waits for its
// work (./verify-worker.ts); ./parallel.ts takes it, or stops it when the ledger is too small to
// share. Bundles share it through a global symbol: bin.js and main.cjs are separate bundles.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

const KEY = Symbol.for("exoprotocol.ledger.prestarted");

type Slot = { [KEY]?: Worker };

/** The helper threads EXO_LEDGER_THREADS asks for (at most 16), or null when it is unset or no count. */
export function threadsSetting(env: Readonly<Record<string, string | undefined>>): number | null {
  const set = env["EXO_LEDGER_THREADS"];
  return set !== undefined && /^[0-9]+$/.test(set) ? Math.min(Number(set), 16) : null;
}

/** Start a waiting verify thread from `script`, unless EXO_LEDGER_THREADS says none or one core is all. */
export function prestartVerifyThread(script: string, env: NodeJS.ProcessEnv): void {
  const set = threadsSetting(env);
  if (set !== null ? set === 0 : availableParallelism() < 2) return;
  try {
    const worker = new Worker(script, { stdout: true, stderr: true });
    // Waiting, it keeps nothing open: a command that fails before the verify still exits.
    worker.unref();
    worker.once("error", () => undefined);
    (globalThis as Slot)[KEY] = worker;
  } catch {
    // no thread: the verify starts its own, or runs on the main thread
  }
}

/** The waiting verify thread started early, once (null when none was). */
export function takePrestarted(): Worker | null {
  const slot = globalThis as Slot;
  const worker = slot[KEY] ?? null;
  delete slot[KEY];
  return worker;
}
