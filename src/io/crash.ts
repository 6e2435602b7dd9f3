// Test-only crash switch (issue #18): EXO_TEST_CRASH_AT=<command>:<N> kills the process with
// SIGKILL when it reaches the N-th numbered step of <command> — no cleanup, no finally, no
// flush, exactly like a kill -9 at that point. The crash matrix test (test/e2e/hardening/
// crash-matrix.test.ts) walks every step below. Unset (always, outside tests) it costs one
// cached boolean check per step.
import { writeSync } from "node:fs";

/** The numbered crash points of each command, in the order the command reaches them. */
export const CRASH_STEPS = {
  next: ["lock-acquired", "ticket-claimed", "claim-recorded"],
  "session-start": ["hooks-repaired", "lock-taken", "ticket-active", "session-written", "bootstrap-written", "start-recorded"],
  "session-finish": ["memento-written", "ticket-updated", "lock-released", "closeout-recorded", "session-files-removed", "commit-staged", "committed"],
  "session-handoff": ["memento-written", "ticket-updated", "lock-released", "handoff-written", "closeout-recorded", "session-files-removed", "commit-staged", "committed"],
  compose: ["lock-written", "seal-written", "compose-recorded"],
  install: ["journal-written", "scaffolded", "composed", "adapters-written", "hooks-installed", "mcp-registered", "gitignore-written", "install-recorded", "commit-staged", "committed"],
  "ledger-append": ["guard-taken", "torn-write", "written", "tail-cached"],
  "lease-claim": ["pushed"],
  "lease-renew": ["pushed"],
  "sidecar-init": ["branch-made", "moved-aside", "untracked", "worktree-added", "state-copied", "state-committed", "ignored", "recorded"],
} as const;

export type CrashCommand = keyof typeof CRASH_STEPS;
export type CrashStep<C extends CrashCommand> = (typeof CRASH_STEPS)[C][number];

let target: { command: string; step: number } | null | undefined;

function configured(): { command: string; step: number } | null {
  if (target !== undefined) return target;
  const raw = process.env["EXO_TEST_CRASH_AT"];
  const m = raw ? /^([a-z-]+):(\d+)$/.exec(raw) : null;
  target = m ? { command: m[1] as string, step: Number(m[2]) } : null;
  return target;
}

/** Whether the switch names this step (for steps that crash in their own way, e.g. a torn write). */
export function crashArmed<C extends CrashCommand>(command: C, step: CrashStep<C>): boolean {
  const t = configured();
  if (t === null || t.command !== command) return false;
  return (CRASH_STEPS[command] as readonly string[]).indexOf(step) + 1 === t.step;
}

/** Die here (SIGKILL) when EXO_TEST_CRASH_AT names this step; otherwise return at once. */
export function crashPoint<C extends CrashCommand>(command: C, step: CrashStep<C>): void {
  if (!crashArmed(command, step)) return;
  crashNow(`${command}:${(CRASH_STEPS[command] as readonly string[]).indexOf(step) + 1} (${step})`);
}

/** Kill this process at once; a synchronous line on stderr says where (tests read it). */
export function crashNow(where: string): never {
  try {
    writeSync(2, `exo: EXO_TEST_CRASH_AT reached ${where}; killing the process\n`);
  } catch {
    // stderr closed: die anyway
  }
  process.kill(process.pid, "SIGKILL");
  // SIGKILL is not deliverable on some platforms (Windows): exit without cleanup instead.
  process.exit(137);
}
