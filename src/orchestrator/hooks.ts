// hook-install and the session-start hook repair (SPEC §6.1, §7.9 step 3; the repair itself is
// stdlib/hooks/repair.ts, shared with doctor --fix and the ConfigChange hook).
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WarningCode } from "../errors.js";
import { formatJson, writeFileAtomic } from "../io/fs-atomic.js";
import { readTextOrNullSync } from "../io/read.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import { readSealedPolicy } from "../stdlib/config/store.js";
import { compose, hooksState } from "../stdlib/governance/store.js";
import { defaultHarnesses, GIT_HOOK_NAMES, gitHooksPath, HUSKY_LINE, installHooks, isManagedHooksDir, lefthookRunsTwice, type Harness } from "../stdlib/hooks/install.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { handBundleRecords } from "../stdlib/hooks/bundle-record.js";
import { checkHookEntries, onlyGitHooksMissing, reinstallHooks } from "../stdlib/hooks/repair.js";
import { EXO_VERSION } from "../version.js";

/**
 * Record where this exo's hook bundle lives, for the launcher (§8.1): in the state root's cache,
 * then copied into every checkout's own `.exo/cache/`, where the committed launcher looks
 * (stdlib/hooks/bundle-record.ts).
 */
export async function recordHookBundle(repo: Repo): Promise<void> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 3; i++) {
    const candidate = join(dir, "hook.mjs");
    if (existsSync(candidate)) {
      // Unchanged (every session-start of the same exo): no write, no fsync.
      const file = join(repo.cacheDir, "hook-bundle.json");
      const text = formatJson({ path: candidate, version: EXO_VERSION });
      if (readTextOrNullSync(file) !== text) await writeFileAtomic(file, text);
      handBundleRecords(repo.stateDir, repo.mainRoot, repo.commonDir ?? join(repo.mainRoot, ".git"), basename(repo.exoDir));
      return;
    }
    dir = dirname(dir);
  }
}

export async function hookInstall(ctx: Context, input: { harness: Harness[]; dry_run: boolean; uninstall: boolean }) {
  const repo = await ctx.governed();
  const policy = await readSealedPolicy(repo);
  const harnesses = input.harness.length > 0 ? [...new Set(input.harness)] : defaultHarnesses(repo.root);
  const report = await installHooks(repo, { harnesses, dryRun: input.dry_run, uninstall: input.uninstall, strict: (policy?.hooks.enforcement ?? "strict") === "strict" });
  // A dry run reports the hash its planned files would give (what a real run then reports).
  let hooksSha = (await hooksState(repo, input.dry_run ? report.planned : undefined)).sha256;
  if (!input.dry_run) {
    await recordHookBundle(repo);
    if (report.changed.length > 0) {
      await appendLedger(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now() }, [{ type: "hooks.installed", data: { harnesses, files: report.changed, reason: input.uninstall ? "uninstall" : "install" } }]);
    }
    const observed = await hooksState(repo);
    await compose(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now(), reason: "manual", installed: observed.installed });
    hooksSha = observed.sha256;
  }
  // The git harness in a fresh clone is the step `exo` alone and status give for it: the clone's
  // other git config that is not cloned (the ticket merge driver, the lease refspecs) comes with
  // it, as at install, next and session-start (before: doctor then warned that the merge driver
  // was unset, right after the step that was to set the clone up).
  let gitConfig: string[] = [];
  if (!input.dry_run && !input.uninstall && harnesses.includes("git")) {
    const { registerTeamConfig } = await import("../stdlib/git/team.js");
    const { loadConfig } = await import("../stdlib/config/store.js");
    gitConfig = await registerTeamConfig(repo, (await loadConfig(repo).catch(() => null))?.git.remote ?? "origin").catch(() => []);
  }
  const notes = report.harnesses.filter((h) => h.note && !(input.uninstall && h.name === "git" && h.status === "unchanged")).map((h) => `${h.name}: ${h.note ?? ""}`);
  const huskyLeft = input.uninstall && harnesses.includes("git") ? await huskyLinesLeft(repo) : [];
  if (huskyLeft.length > 0) {
    // exo does not write in husky's folder, so its lines stay; once .exo/ is gone each one fails
    // (node cannot find .exo/bin/exo-hook.mjs) and so does every commit, the one that takes exo
    // out included (before: "exo's lines are present", and nothing said to take them out).
    const files = huskyLeft.map((n) => `.husky/${n}`).join(" ");
    notes.push(`git: exo's lines are still in ${files} (exo does not write in husky's folder); once .exo/ is gone they fail every commit: take them out with ${huskyRemoveLine(huskyLeft)}`);
  }
  if (!input.uninstall && harnesses.includes("codex")) {
    const { CODEX_TRUST_HINT } = await import("../stdlib/hooks/codex-trust.js");
    notes.push(`codex: Codex runs project hooks only after you trust them: ${CODEX_TRUST_HINT} (exo doctor checks it).`);
  }
  if (!input.uninstall && harnesses.includes("copilot")) {
    notes.push("copilot: Copilot CLI loads repository hooks only in a folder it trusts: answer yes when it asks to trust this folder (for copilot -p, list the folder in trustedFolders of ~/.copilot/config.json).");
  }
  for (const n of notes) ctx.warn(WarningCode.HOOKS_ACTION_NEEDED, n);
  return { harnesses: report.harnesses, launcher: report.launcher, hooks_sha256: hooksSha, notes, git_config: gitConfig };
}

/**
 * The line that adds exo's call to each of these husky hook files and makes them executable: with
 * core.hooksPath at .husky itself (husky 4 to 8, or by hand) git runs the file and skips one that
 * is not executable, as the printf makes a missing one (husky 9's .husky/_ sources it either way).
 * Before, install's step left a new .husky/prepare-commit-msg at 0644, git ignored it (`hint: The
 * '.husky/prepare-commit-msg' hook was ignored`), commits had no Exo-Session trailer and doctor
 * said the hooks were installed.
 */
export function huskyAddLine(names: readonly string[]): string {
  return [...names.map((n) => `printf '%s\\n' '${HUSKY_LINE(n)}' >> .husky/${n}`), `chmod +x ${names.map((n) => `.husky/${n}`).join(" ")}`].join(" && ");
}

/** The line that takes exo's calls out of these husky hook files (the rest of each file stays). */
export function huskyRemoveLine(names: readonly string[]): string {
  const files = names.map((n) => `.husky/${n}`);
  return `sed -i.bak '/exo-hook\\.mjs/d' ${files.join(" ")} && rm -f ${files.map((f) => `${f}.bak`).join(" ")}`;
}

/** The husky hook files (core.hooksPath in a husky folder) that still hold a line calling exo's launcher. */
async function huskyLinesLeft(repo: Repo): Promise<string[]> {
  const dir = await gitHooksPath(repo);
  if (!isManagedHooksDir(dir, repo.root)) return [];
  return GIT_HOOK_NAMES.filter((n) => (readTextOrNullSync(join(repo.root, ".husky", n)) ?? "").includes("exo-hook.mjs"));
}

/** Whose hook a git hook file not exo's is, by the marks lefthook and pre-commit write in theirs. */
function hookOwner(text: string): string {
  if (/lefthook/i.test(text)) return "lefthook's";
  if (text.includes("File generated by pre-commit")) return "pre-commit's";
  return "another tool's";
}

/**
 * Why exo's git hooks are missing in this checkout: another tool's hook written in their place
 * (lefthook install, pre-commit install), or none at all (a fresh clone). Before, "a clone does not
 * copy .git/hooks" in both cases, so a lefthook user was told their hooks were never installed.
 * `reinstalled`: said after session-start put them back (HOOKS_REINSTALLED), not as doctor finds them.
 */
export async function gitHooksGone(repo: Repo, reinstalled = false): Promise<string> {
  const dir = await gitHooksPath(repo);
  const other = GIT_HOOK_NAMES.flatMap((n) => {
    const text = readTextOrNullSync(join(dir, n));
    return text !== null && !text.includes("# exo:managed") ? [`${n} is now ${hookOwner(text)}`] : [];
  });
  if (other.length === 0) return `exo's git hooks ${reinstalled ? "were not installed in this checkout (a clone does not copy .git/hooks); installed them." : "are not installed in this checkout (a clone does not copy .git/hooks)"}`;
  return `exo's git hooks in ${repo.relative(dir)} were replaced (${other.join(", ")}); ${reinstalled ? "installed them, and the other runs first." : "hook-install puts exo's back and runs that one first"}`;
}

/** §7.9 step 3: reinstall exo hooks that were removed or altered since the last seal. */
export async function repairHooks(ctx: Context, repo: Repo): Promise<{ files: string[] } | null> {
  const policy = await readSealedPolicy(repo);
  const check = await checkHookEntries(repo, policy);
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  // exo's hook chaining lefthook's (moved aside by an older exo) while lefthook's configuration runs
  // exo's command too: the checks ran twice on each commit. Put lefthook's hook back, as doctor's
  // hint (hook-install) does (before: only doctor, hook-install and install repaired it).
  const twice = await lefthookRunsTwice(repo.root, await gitHooksPath(repo));
  if (twice.length > 0 && (!check || check.problem === null)) {
    const files = await reinstallHooks(repo, who, { harnesses: ["git"], strict: (policy?.hooks.enforcement ?? "strict") === "strict", reason: "lefthook_runs_twice", compose: "auto" });
    ctx.warn(WarningCode.HOOKS_REINSTALLED, `exo's ${twice.join(" and ")} checks ran twice (exo's hook chained lefthook's, whose configuration runs exo's command too); put lefthook's hook back.`);
    return { files };
  }
  if (!check || check.problem === null) return null;
  if (check.wanted.length === 0) {
    // Nothing was installed when sealed: just re-seal the observed state.
    await compose(repo, { ...who, reason: "auto" });
    return null;
  }
  // Read before the reinstall writes exo's hooks over the ones found.
  const gone = onlyGitHooksMissing(check.missing) ? await gitHooksGone(repo, true) : null;
  const files = await reinstallHooks(repo, who, { harnesses: check.wanted, strict: check.strict, reason: "hooks_hash_mismatch", compose: "auto" });
  ctx.warn(WarningCode.HOOKS_REINSTALLED, gone ?? `exo hooks were changed or removed (${files.join(", ") || "hooks"}); reinstalled them.`);
  return { files };
}
