// exo compose: constitution + config (+ manifests) → governance lock and sealed policy.
import * as z from "zod";
import { defineCommand } from "./command.js";
import { exoCommitLine } from "../kernel/quote.js";

export const compose = defineCommand({
  name: "compose",
  summary: "Compile governance into the hash-chained lock and the sealed policy (no-op when unchanged).",
  examples: ["exo compose", "exo compose --repair"],
  idempotent: true,
  input: () => z.object({
    dry_run: z.boolean().default(false).describe("Show what would change; write nothing"),
    repair: z.boolean().default(false).describe("Rebuild after tampering from the last valid lock in git"),
  }),
  async run(ctx, input) {
    const { compose: run } = await import("../stdlib/governance/store.js");
    const repo = await ctx.governed();
    const { resealed_only: _ignored, ...data } = await run(repo, {
      actor: ctx.actor,
      host: ctx.host,
      now: ctx.now(),
      reason: "manual",
      dryRun: input.dry_run,
      repair: input.repair,
      warn: (code, message) => ctx.warn(code, message),
    });
    // Sidecar mode (SPEC §7.27): compose is a lifecycle boundary committed inside .exo/.
    if (data.changed && !input.dry_run) await (await import("../stdlib/git/sidecar.js")).sidecarStep(repo.exoDir, "compose", `v${data.version}`, (c, m) => ctx.warn(c, m));
    // dry_run: the human view says "would", not "compiled", when nothing was written.
    if (!data.changed || input.dry_run) return { ...data, dry_run: input.dry_run };
    // What follows, in the JSON too (before: the human view's two lines alone): the instruction files
    // quote the lock, and teammates' hooks read the committed one. The commit names .exo alone, so
    // what else was staged stays out of it (before: `git commit` took it along, and exo pr-check
    // called the Exo-Generated commit ungoverned).
    const exo = repo.relative(repo.exoDir);
    const sidecar = (await import("../stdlib/git/sidecar.js")).isSidecar(repo.exoDir);
    // A merge stopped on conflicts is concluded whole (git refuses a partial commit during it).
    const merging = (await import("../stdlib/git/unmerged.js")).stoppedOperation(repo.gitDir) === "merge";
    const commit = sidecar ? null : exoCommitLine([exo], `chore(exo): governance lock v${data.version}`, merging);
    return { ...data, dry_run: input.dry_run, next_command: "exo adapter-generate", commit_command: commit };
  },
});
