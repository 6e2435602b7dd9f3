// A pipe, socket or device where exo or git reads a file: every command refuses it at once.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { bounded, envelope } from "./repo.js";

/** Put a named pipe at `rel` in `repo` (whatever was there is removed). */
export function pipeAt(repo: string, rel: string): void {
  const file = join(repo, rel);
  rmSync(file, { force: true });
  execFileSync("mkfifo", [file]);
}

/** status, session-start on T1 and doctor each answer STATE_CORRUPT naming the pipe at `rel`, with hint exo doctor --fix, within 15 s (not hang on it). */
export async function expectPipeRefused(repo: string, rel: string): Promise<void> {
  for (const args of [["status"], ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], ["doctor"]]) {
    const run = await bounded(repo, args, 15_000);
    expect(run.code, `${rel} ${args[0]}: ${run.stderr}`).toBe(1);
    const error = envelope(run).error;
    expect(error?.code).toBe("STATE_CORRUPT");
    expect(error?.message).toContain(`${rel} is a named pipe`);
    expect(error?.hint).toMatch(/^exo doctor --fix( --actor agent:a)?$/);
  }
}
