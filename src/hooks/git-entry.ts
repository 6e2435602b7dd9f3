// The git hook bundle (`dist/hook-git.mjs`): pre-commit and prepare-commit-msg without the
// lifecycle bundle's weight (no YAML parser, no CLI spawning). Loaded by runHook for harness git.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { preCommit, prepareCommitMsg } from "./git-hooks.js";
import { locateRepo, type HookAnswer, type HookIO } from "./hook-entry.js";

export async function gitHook(event: string, io: HookIO): Promise<HookAnswer> {
  const quiet: HookAnswer = { stdout: "", stderr: "", exitCode: 0 };
  const where = locateRepo(io.cwd, io.env);
  if (!where || !existsSync(join(where.exoDir, "config.yaml"))) return quiet;
  try {
    if (event === "pre-commit") return await preCommit(where, io);
    if (event === "prepare-commit-msg") return await prepareCommitMsg(where, io);
    return quiet;
  } catch (error) {
    return { ...quiet, stderr: `exo hook (git ${event}): ${error instanceof Error ? error.message : String(error)}\n` };
  }
}
