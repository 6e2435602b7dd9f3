// adapter-generate and sandbox-policy (SPEC §6.1, §8.7, §8.10).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { writeFileAtomic, writeJsonAtomic } from "../io/fs-atomic.js";
import { readTextOrNull } from "../io/read.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import { loadConfig, readSealedPolicy } from "../stdlib/config/store.js";
import { claudePermissions, type Target } from "../stdlib/adapters/model.js";
import { generateAdapters, readGenerated } from "../stdlib/adapters/store.js";
import { appendLedger } from "../stdlib/ledger/store.js";

/**
 * The configured targets, plus Windsurf's rules wherever Windsurf is set up (a `.windsurf/` folder,
 * as for its hooks) or about to be (`withWindsurf`: install is installing its hooks).
 */
export async function defaultTargets(repo: Repo, opts: { withWindsurf?: boolean } = {}): Promise<Target[]> {
  const config = await loadConfig(repo);
  const legacy = existsSync(join(repo.root, ".cursorrules"));
  const targets: Target[] = config.adapters.targets.map((t) => (t === "cursor" && legacy ? "cursor-legacy" : t));
  if (!targets.includes("windsurf") && (opts.withWindsurf || existsSync(join(repo.root, ".windsurf")))) targets.push("windsurf");
  return targets;
}

export async function adapterGenerate(ctx: Context, input: { target: Target[]; dry_run: boolean; check: boolean; force: boolean }) {
  const repo = await ctx.governed();
  const targets = input.target.length > 0 ? [...new Set(input.target)] : await defaultTargets(repo);
  const result = await generateAdapters(repo, { targets, dryRun: input.dry_run, check: input.check, force: input.force });
  if (result.files.length > 0 && !input.dry_run && !input.check) {
    await appendLedger(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now() }, [{ type: "adapters.generated", data: { targets, files: result.files } }]);
  }
  return { targets: result.targets, governance_sha256: result.governance_sha256 };
}

export async function sandboxPolicy(ctx: Context, input: { write: boolean }) {
  const repo = await ctx.governed();
  const policy = await readSealedPolicy(repo);
  if (!policy) throw new ExoError(ErrorCode.GOVERNANCE_MISSING, "No sealed policy; run exo compose first.", { hint: "exo compose" });
  const { deny, hookOnly } = claudePermissions(policy);
  let written = false;
  if (input.write) {
    const file = join(repo.root, ".claude/settings.json");
    const text = await readTextOrNull(file);
    let settings: Record<string, unknown> = {};
    try {
      settings = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new ExoError(ErrorCode.SETTINGS_INVALID, ".claude/settings.json is not valid JSON; fix it first (nothing was written).");
    }
    const generated = await readGenerated(repo);
    const permissions = { ...((settings["permissions"] as Record<string, unknown> | undefined) ?? {}) };
    const user = ((permissions["deny"] as string[] | undefined) ?? []).filter((e) => !generated.claude_permissions_deny.includes(e));
    permissions["deny"] = [...user, ...deny.filter((d) => !user.includes(d))];
    const next = `${JSON.stringify({ ...settings, permissions }, null, 2)}\n`;
    if (next !== text) {
      await writeFileAtomic(file, next);
      await writeJsonAtomic(repo.generatedFile, { ...generated, claude_permissions_deny: deny });
      written = true;
    }
  }
  return { claude: { permissions: { deny } }, hook_only: hookOnly, written };
}
