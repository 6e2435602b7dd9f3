// exo config-validate: every problem of config, constitution and manifests in one run.
import * as z from "zod";
import { defineCommand } from "./command.js";
import type { Repo } from "../io/paths.js";
import { plural } from "../kernel/plural.js";

interface ValidateData {
  valid: boolean;
  issues: { file: string; path: string; code: string; message: string; severity: "error" | "warning"; line?: number; column?: number }[];
  /** What to run about the first error (null when valid): git's view of the file it is in. */
  next_command: string | null;
}

/**
 * The step after a failed validation, from git's view of the first broken file: a committed file
 * that was deleted comes back with git checkout; one edited since the last commit shows the edit
 * with git diff (the broken line is in it); one broken as committed, the commits that touched it.
 * Never `exo config-validate` again, which would print the same answer.
 */
async function nextCommand(repo: Repo, file: string, missing: boolean): Promise<string> {
  const { gitRaw } = await import("../io/git.js");
  const { shellWord } = await import("../kernel/quote.js");
  const spec = shellWord(`:/${file}`);
  const atHead = (await gitRaw(repo.root, ["cat-file", "-e", `HEAD:${file}`])).code === 0;
  if (missing) return atHead ? `git checkout -- ${spec}` : "exo init";
  if (!atHead) return `git status -- ${spec}`;
  const changed = (await gitRaw(repo.root, ["diff", "--quiet", "HEAD", "--", `:/${file}`])).code === 1;
  return changed ? `git diff HEAD -- ${spec}` : `git log --oneline -- ${spec}`;
}

export const configValidate = defineCommand({
  name: "config-validate",
  summary: "Validate config, constitution and manifests, listing every issue.",
  examples: ["exo config-validate", "exo config-validate --format json"],
  readOnly: true,
  input: () => z.object({}),
  async run(ctx): Promise<ValidateData> {
    const { readSourceTexts } = await import("../stdlib/governance/store.js");
    const { parseSources } = await import("../stdlib/governance/sources.js");
    const repo = await ctx.governed();
    const { issues } = parseSources(await readSourceTexts(repo));
    // SPEC §4.2: unknown keys produce the warning CONFIG_UNKNOWN_KEY, here as in compose.
    for (const issue of issues) {
      if (issue.code === "unknown_key" && issue.severity === "warning") {
        ctx.warn("CONFIG_UNKNOWN_KEY", `${issue.file ?? ".exo/config.yaml"}${issue.line !== undefined ? `:${issue.line}` : ""}: ${issue.message}`);
      }
    }
    const first = issues.find((i) => i.severity === "error");
    const file = first?.file;
    return {
      valid: first === undefined,
      // SPEC §6.1's order: file, path, code, message, severity; then line and column when known.
      issues: issues.map(({ file: where, path, code, message, severity, ...rest }) => ({ file: where ?? "", path, code, message, severity, ...rest })),
      next_command: first === undefined ? null : file && !file.startsWith("/") && !file.startsWith("..") ? await nextCommand(repo, file, first.code === "file_missing") : null,
    };
  },
  verdict(data) {
    if (data.valid) return null;
    const errors = data.issues.filter((i) => i.severity === "error");
    const first = errors[0];
    return {
      code: "VALIDATION_FAILED",
      message: `${plural(errors.length, "problem")} in governance files${first ? `; first: ${first.message}` : ""}${first?.file && !first.message.includes(first.file) ? ` (${first.file}${first.line !== undefined ? `:${first.line}` : ""})` : ""}.`,
      ...(data.next_command ? { hint: data.next_command } : {}),
    };
  },
});
