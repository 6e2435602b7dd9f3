// adapter-generate and sandbox-policy (SPEC §6.1, §8.7, §8.10).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { writeFileAtomic, writeJsonAtomic } from "../io/fs-atomic.js";
import { readGovernedTextOrNull, readTextOrNull } from "../io/read.js";
import { settingsInvalid } from "../stdlib/settings-error.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import { loadConfig, readSealedPolicy } from "../stdlib/config/store.js";
import { claudePermissions, TARGET_FILES, WHOLE_FILE, type Target } from "../stdlib/adapters/model.js";
import { generateAdapters, readGenerated, type Generated } from "../stdlib/adapters/store.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { noteExoWrites } from "../stdlib/drift/exo-writes.js";

/**
 * The configured targets, plus Windsurf's rules wherever Windsurf is set up (a `.windsurf/` folder,
 * as for its hooks) or about to be (`withWindsurf`: install is installing its hooks), Copilot's
 * instructions likewise wherever Copilot CLI's hooks are (`.github/hooks/`, or `withCopilot`), plus every
 * file exo generated before with `--target` that still carries exo's block (Copilot, Gemini, CI):
 * that file says "Regenerate it with exo adapter-generate", so the plain command keeps it fresh
 * and status, doctor and --check see it go stale (before: it kept the old lock for good).
 */
export async function defaultTargets(repo: Repo, opts: { withWindsurf?: boolean; withCopilot?: boolean; generated?: Generated } = {}): Promise<Target[]> {
  const config = await loadConfig(repo);
  const legacy = existsSync(join(repo.root, ".cursorrules"));
  const targets: Target[] = config.adapters.targets.map((t) => (t === "cursor" && legacy ? "cursor-legacy" : t));
  if (!targets.includes("windsurf") && (opts.withWindsurf || existsSync(join(repo.root, ".windsurf")))) targets.push("windsurf");
  if (!targets.includes("copilot") && (opts.withCopilot || existsSync(join(repo.root, ".github", "hooks")))) targets.push("copilot");
  const generated = opts.generated ?? (await readGenerated(repo).catch(() => null));
  for (const [rel, record] of Object.entries(generated?.files ?? {})) {
    const target = record.target as Target;
    if (TARGET_FILES[target] !== rel || targets.includes(target) || (target.startsWith("cursor") && targets.some((t) => t.startsWith("cursor")))) continue;
    const text = await readTextOrNull(join(repo.root, rel));
    if (text !== null && (WHOLE_FILE.has(target) || text.includes("<!-- exo:begin -->"))) targets.push(target);
  }
  return targets;
}

export async function adapterGenerate(ctx: Context, input: { target: Target[]; dry_run: boolean; check: boolean; force: boolean }) {
  const repo = await ctx.governed();
  const targets = input.target.length > 0 ? [...new Set(input.target)] : await defaultTargets(repo);
  const result = await generateAdapters(repo, { targets, dryRun: input.dry_run, check: input.check, force: input.force });
  if (result.files.length > 0 && !input.dry_run && !input.check) {
    await appendLedger(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now() }, [{ type: "adapters.generated", data: { targets, files: result.files } }]);
  }
  // Teammates' agents read these files from git, and their exo judges them by generated.json: the
  // commit carries both (before: the record stayed behind, so doctor warned and a clone read edited).
  const { isSidecar } = await import("../stdlib/git/sidecar.js");
  const sidecar = isSidecar(repo.exoDir);
  const commit = result.files.filter((f) => !(sidecar && f.startsWith(".exo/")));
  const written = result.targets.some((t) => t.status === "written");
  const { shellLine } = await import("../kernel/quote.js");
  // A rebase, cherry-pick or revert stopped on a conflict (doctor sends a conflicted generated.json
  // here) goes on with git's own --continue, which a commit would not (it would land beside the
  // commit git redoes) and which refuses while a tracked file has unstaged changes: the ledger
  // segment this run appended to goes along.
  const { stoppedOperation } = await import("../stdlib/git/unmerged.js");
  const stopped = stoppedOperation(repo.gitDir);
  const midway = stopped !== null && stopped !== "merge";
  if (midway && !sidecar && written) commit.push(repo.relative(repo.ledgerDir));
  // Exo-Generated when every file is exo's (the instruction files it manages, .exo/): exo pr-check
  // then counts the commit as governed (before: an ungoverned_commit error).
  const { isExoPath } = await import("../stdlib/exo-managed.js");
  const ours = commit.every((p) => isExoPath(p));
  // The commit names its files: what else was staged stays out (before: it went along, and exo
  // pr-check called the Exo-Generated commit ungoverned). Not a merge's: git refuses a partial
  // commit during a merge, whose commit concludes it whole.
  const only = stopped === "merge" ? "" : ` -- ${shellLine(commit)}`;
  const conclude = midway ? `git ${stopped} --continue` : `git commit -m "chore: exo agent instructions"${ours ? ' -m "Exo-Generated: true"' : ""}${only}`;
  const next_command = written && commit.length > 0 ? `git add ${shellLine(commit)} && ${conclude}` : null;
  return { targets: result.targets, governance_sha256: result.governance_sha256, next_command };
}

export async function sandboxPolicy(ctx: Context, input: { write: boolean }) {
  const repo = await ctx.governed();
  const policy = await readSealedPolicy(repo);
  if (!policy) throw new ExoError(ErrorCode.GOVERNANCE_MISSING, "No sealed policy; run exo compose first.", { hint: "exo compose" });
  const { deny, hookOnly } = claudePermissions(policy);
  let written = false;
  if (input.write) {
    const file = join(repo.root, ".claude/settings.json");
    const text = await readGovernedTextOrNull(file, [repo.mainRoot, repo.root]);
    let settings: Record<string, unknown> = {};
    try {
      settings = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw settingsInvalid(".claude/settings.json", text ?? "", "exo sandbox-policy --write", "nothing was written");
    }
    const generated = await readGenerated(repo);
    const permissions = { ...((settings["permissions"] as Record<string, unknown> | undefined) ?? {}) };
    const user = ((permissions["deny"] as string[] | undefined) ?? []).filter((e) => !generated.claude_permissions_deny.includes(e));
    permissions["deny"] = [...user, ...deny.filter((d) => !user.includes(d))];
    const next = `${JSON.stringify({ ...settings, permissions }, null, 2)}\n`;
    if (next !== text) {
      await writeFileAtomic(file, next);
      await writeJsonAtomic(repo.generatedFile, { ...generated, claude_permissions_deny: deny });
      await noteExoWrites(repo, [".claude/settings.json"]);
      written = true;
    }
  }
  return { claude: { permissions: { deny } }, hook_only: hookOnly, written };
}
