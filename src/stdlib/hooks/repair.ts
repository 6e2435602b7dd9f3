// Hook self-repair, one implementation for session-start (SPEC §7.9 step 3), `exo doctor --fix`
// and the ConfigChange hook (issue #19): exo's hook entries checked against the seal, kill
// switches restored (ledger hooks.reenabled), entries reinstalled and re-sealed (ledger
// hooks.reinstalled). Callers decide what to report; the repairs and their records are the same.
import type { Repo } from "../../io/paths.js";
import { compose, hooksState } from "../governance/store.js";
import type { SealedPolicy } from "../governance/model.js";
import { appendLedger, type AppendEntry } from "../ledger/store.js";
import { gitHooksPath, installHooks, lefthookRunsExo, type Harness } from "./install.js";
import { restoreKillSwitches, type KillSwitch } from "./switches.js";

export interface RepairWho {
  actor: string;
  host: string;
  now: Date;
  /** The session (and its ticket) the repair happened in, when there is one: the records name it. */
  session?: string | null;
  ticket?: string | null;
}

/** Where a failed ledger append goes: thrown (commands) or reported while the repair stands (hooks). */
export type RecordFailure = ((error: unknown) => void) | undefined;

export interface HookEntriesCheck {
  /** Harnesses the seal says exo's hooks were installed for. */
  wanted: Harness[];
  /** Sealed harnesses whose exo entries are gone (a fresh clone: git, whose hooks git does not copy). */
  missing: Harness[];
  /** What no longer matches the seal, in words; null when exo's entries and launcher match it. */
  problem: string | null;
  /** Reinstall in strict mode unless the seal says advisory. */
  strict: boolean;
}

/** Strict unless the sealed policy says advisory (no seal: strict). */
export function strictHooks(policy: SealedPolicy | null): boolean {
  return policy?.hooks.enforcement !== "advisory";
}

/** Sealed harnesses whose exo entries are gone, given which harnesses carry them here. */
async function sealedAndMissing(repo: Repo, policy: SealedPolicy, installed: readonly string[]): Promise<{ wanted: Harness[]; missing: Harness[] }> {
  const wanted = (policy.hooks.installed ?? []) as Harness[];
  const missing = wanted.filter((h) => !installed.includes(h));
  // lefthook's hook in .git/hooks with exo's commands in its configuration runs exo's: installed
  // (before: "removed", and session-start wrote exo's hook over lefthook's, which the next lefthook
  // install took back).
  if (!missing.includes("git")) return { wanted, missing };
  return { wanted, missing: (await lefthookRunsExo(repo.root, await gitHooksPath(repo))) ? missing.filter((h) => h !== "git") : missing };
}

/**
 * Which sealed harnesses lack exo's entries here, without reading the launcher or hashing (null
 * when nothing is sealed): `exo status` and `exo` alone ask only this, and hashing would load
 * node:crypto on every call.
 */
export async function missingHookEntries(repo: Repo, policy: SealedPolicy | null): Promise<{ wanted: Harness[]; missing: Harness[] } | null> {
  if (!policy) return null;
  const [{ installedHooks }, { gitHooksDir }] = await Promise.all([import("./hash.js"), import("../../io/git-config.js")]);
  return sealedAndMissing(repo, policy, await installedHooks(repo.root, await gitHooksDir(repo)));
}

/** exo's hook entries and launcher against the seal (null when nothing is sealed). */
export async function checkHookEntries(repo: Repo, policy: SealedPolicy | null): Promise<HookEntriesCheck | null> {
  if (!policy) return null;
  const state = await hooksState(repo);
  const { wanted, missing } = await sealedAndMissing(repo, policy, state.installed);
  const problem = missing.length > 0 ? `exo's hook entries for ${missing.join(", ")} were removed` : state.sha256 !== policy.hooks_sha256 ? "exo's hook entries or its hook launcher were changed" : null;
  return { wanted, missing, problem, strict: strictHooks(policy) };
}

/** Only git's hooks are missing: a fresh clone (git does not copy .git/hooks), not tampering. */
export function onlyGitHooksMissing(missing: readonly string[]): boolean {
  return missing.length === 1 && missing[0] === "git";
}

/** The hook-install line that puts back exactly the missing harnesses (not the defaults, which would add hooks the repository never had). */
export function installMissingHint(missing: readonly string[]): string {
  return missing.length > 0 ? `exo hook-install --harness ${missing.join(" --harness ")}` : "exo hook-install";
}

async function record(repo: Repo, who: RepairWho, entry: Omit<AppendEntry, "session" | "ticket">, onRecordError: RecordFailure): Promise<void> {
  try {
    await appendLedger(repo, { actor: who.actor, host: who.host, now: who.now }, [{ ...entry, session: who.session ?? null, ticket: who.ticket ?? null }]);
  } catch (error) {
    if (!onRecordError) throw error;
    onRecordError(error);
  }
}

/** Undo the restorable kill switches; what was restored goes on the ledger (hooks.reenabled). */
export async function reenableHooks(repo: Repo, who: RepairWho, found: readonly KillSwitch[], onRecordError?: RecordFailure): Promise<KillSwitch[]> {
  const restored = await restoreKillSwitches(repo, found);
  if (restored.length > 0) {
    const settings = restored.map((k) => ({ file: k.scope === "git" ? ".git/config" : repo.relative(k.file), setting: k.setting, scope: k.scope }));
    await record(repo, who, { type: "hooks.reenabled", data: { settings } }, onRecordError);
  }
  return restored;
}

/**
 * Reinstall exo's hooks for the given harnesses, re-seal, and record hooks.reinstalled; the files
 * changed, exo's git hook scripts included (before, a start that put back only the git hooks a
 * clone lacks recorded `files: []` and said it reinstalled "them").
 */
export async function reinstallHooks(
  repo: Repo,
  who: RepairWho,
  opts: { harnesses: Harness[]; strict: boolean; reason: string; compose: "auto" | "repair"; onRecordError?: RecordFailure },
): Promise<string[]> {
  const report = await installHooks(repo, { harnesses: opts.harnesses, dryRun: false, uninstall: false, strict: opts.strict });
  await compose(repo, { ...who, reason: opts.compose });
  const files = [...report.changed, ...report.gitHooks];
  await record(repo, who, { type: "hooks.reinstalled", data: { harnesses: opts.harnesses, files, reason: opts.reason } }, opts.onRecordError);
  return files;
}
