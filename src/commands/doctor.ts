// exo doctor: health check of the exo state, with --fix for what is safe to repair.
import * as z from "zod";
import { defineCommand } from "./command.js";

const SECTIONS = ["environment", "git_index", "install", "scaffold", "config", "governance", "adapters", "hooks", "git_tracking", "state", "integrity", "sessions", "ledger", "locks", "tickets"] as const;

export const doctor = defineCommand({
  name: "doctor",
  summary: "Health check (interrupted install, git index lock, scaffold, config, governance, adapters, hooks, git, state files, integrity of ticket and lock files, sessions, ledger, locks, tickets); --fix repairs.",
  examples: ["exo doctor", "exo doctor --fix"],
  // (Discovery runs in the command: --fix first replaces a cache, logs or traces folder that is
  // a symlink out of the repository, which every other command refuses.)
  requires: "none",
  input: () => z.object({
    fix: z.boolean().default(false).describe("Repair what is safe to repair"),
    section: z.array(z.enum(SECTIONS)).default([]).describe("Only these sections (repeatable)"),
  }),
  async run(ctx, input) {
    const { doctor: run } = await import("../orchestrator/health.js");
    return run(ctx, input);
  },
  verdict(data) {
    if (data.status !== "fail") return null;
    const bad = data.sections.filter((s) => s.status === "fail");
    // The next command: --fix when it repairs a failing section, else the first failing section's own hint.
    const own = bad.map((s) => s.hint).find((h): h is string => typeof h === "string" && h !== "" && h !== "exo doctor --fix");
    // Nothing --fix repairs and no section's own way: the first failing section's details (before:
    // the table's exo doctor --fix, which changed nothing).
    // (A section may hint --fix without being marked fixable: a deleted .exo/ that --fix restores.)
    const fixHinted = bad.some((s) => s.fixable || s.hint === "exo doctor --fix");
    const hint = bad.some((s) => s.fixable) ? "exo doctor --fix" : (own ?? (fixHinted ? "exo doctor --fix" : `exo doctor --section ${bad[0]?.name ?? "environment"} --format json`));
    return { code: "DOCTOR_FAILED", message: `exo is unhealthy: ${bad.map((s) => `${s.name} (${s.message})`).join("; ")}.`, ...(hint ? { hint } : {}) };
  },
});
