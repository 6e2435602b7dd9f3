// Hook kill switches (issue #18): settings that make a harness or git skip exo's hooks without
// touching exo's own entries — `disableAllHooks` in any Claude settings scope (Cursor reads those
// files too), Codex's `[features] hooks = false` (or its older alias `codex_hooks`) in the project
// or user config.toml, and a `core.hooksPath` that points at no hooks folder (e.g. /dev/null).
// Found by doctor and session-start; the repository scopes are restored, user scopes are reported.
import { codexHome, readCodexConfig } from "./codex-config.js";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../io/fs-atomic.js";
import { writeJsonAtomic } from "../../io/fs-atomic.js";
import { gitRaw } from "../../io/git.js";
import { configValue, forgetGitConfig, gitConfig } from "../../io/git-config.js";
import type { Repo } from "../../io/paths.js";
import { readGovernedTextOrNull, readTextOrNull } from "../../io/read.js";

export interface KillSwitch {
  file: string;
  setting: string;
  scope: "project" | "local" | "user" | "git";
  restorable: boolean;
}

function claudeFiles(repo: Repo, home: string | null): { file: string; scope: KillSwitch["scope"] }[] {
  const out: { file: string; scope: KillSwitch["scope"] }[] = [
    { file: join(repo.root, ".claude/settings.json"), scope: "project" },
    { file: join(repo.root, ".claude/settings.local.json"), scope: "local" },
  ];
  if (home) out.push({ file: join(home, ".claude/settings.json"), scope: "user" });
  return out;
}

async function readJsonObject(file: string): Promise<Record<string, unknown> | null> {
  const text = await readTextOrNull(file);
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const CODEX_FLAGS = ["hooks", "codex_hooks"] as const;

/** Codex's feature flags that switch hooks off in one config.toml (parsed, not pattern-matched). */
async function codexOffFlags(file: string): Promise<string[]> {
  // An unparsable config: Codex refuses it; doctor's hooks section is not the place to lint it.
  const doc = await readCodexConfig(file);
  const features = doc?.["features"];
  if (typeof features !== "object" || features === null) return [];
  return CODEX_FLAGS.filter((k) => (features as Record<string, unknown>)[k] === false);
}

function codexFiles(repo: Repo, env: Env): { file: string; scope: KillSwitch["scope"] }[] {
  if (!existsSync(join(repo.root, ".codex", "hooks.json"))) return [];
  const home = codexHome(env);
  return [
    { file: join(repo.root, ".codex", "config.toml"), scope: "project" },
    { file: join(home, "config.toml"), scope: "user" },
  ];
}

export async function findKillSwitches(repo: Repo, env: Env): Promise<KillSwitch[]> {
  const out: KillSwitch[] = [];
  const home = env["HOME"] ?? null;
  for (const { file, scope } of codexFiles(repo, env)) {
    for (const flag of await codexOffFlags(file)) out.push({ file, setting: `[features] ${flag} = false`, scope, restorable: scope !== "user" });
  }
  for (const { file, scope } of claudeFiles(repo, home)) {
    const json = await readJsonObject(file);
    if (json && json["disableAllHooks"] === true) out.push({ file, setting: "disableAllHooks", scope, restorable: scope !== "user" });
  }
  const value = await localHooksPath(repo);
  // husky's folder (.husky/_) not made yet in this clone (npx husky, run by npm install) is no
  // switch to undo: unsetting core.hooksPath dropped the repository's husky setup (its own hooks
  // then ran nowhere). doctor's hooks section names it, hint npx husky.
  const absolute = value.startsWith("/") ? value : join(repo.root, value);
  if (value !== "" && !(await import("./install.js")).isManagedHooksDir(absolute.replace(/\/+$/, ""), repo.root)) {
    let isDir = false;
    try {
      isDir = statSync(absolute).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) out.push({ file: ".git/config", setting: `core.hooksPath=${value}`, scope: "git", restorable: true });
  }
  return out;
}

/** core.hooksPath as this repository's own config sets it (`git config --local`), "" when unset or unreadable. */
async function localHooksPath(repo: Repo): Promise<string> {
  return (configValue((await gitConfig(repo)) ?? [], "core.hookspath", ["local"]) ?? "").trim();
}

/** Undo the restorable switches; returns what was restored. */
export async function restoreKillSwitches(repo: Repo, found: readonly KillSwitch[]): Promise<KillSwitch[]> {
  const done: KillSwitch[] = [];
  for (const k of found) {
    if (!k.restorable) continue;
    if (k.scope === "git") {
      if ((await gitRaw(repo.root, ["config", "--local", "--unset", "core.hooksPath"])).code === 0) done.push(k);
      forgetGitConfig(repo);
      continue;
    }
    // A project file linked outside the repository is never rewritten (its text would be copied in).
    if ((await readGovernedTextOrNull(k.file, [repo.mainRoot, repo.root])) === null) continue;
    if (k.setting.startsWith("[features]")) {
      if (await dropCodexFlag(k.file, k.setting)) done.push(k);
      continue;
    }
    const json = await readJsonObject(k.file);
    if (!json || json["disableAllHooks"] !== true) continue;
    delete json["disableAllHooks"];
    await writeJsonAtomic(k.file, json);
    done.push(k);
  }
  return done;
}

/**
 * Remove one `hooks = false` from a project config.toml, keeping every other line and comment as
 * written: the line that sets it under `[features]` (or a dotted `features.hooks = false` before any
 * table). Re-parsed afterwards; true only when the flag is gone.
 */
async function dropCodexFlag(file: string, setting: string): Promise<boolean> {
  const flag = setting.replace(/^\[features\] /, "").replace(/ = false$/, "");
  const text = await readTextOrNull(file);
  if (text === null) return false;
  const lines = text.split("\n");
  let table = "";
  const keep: string[] = [];
  for (const line of lines) {
    const header = /^\s*\[\s*([A-Za-z0-9_.\-"' ]+?)\s*\]\s*(#.*)?$/.exec(line);
    if (header && !line.trim().startsWith("[[")) table = (header[1] as string).replace(/\s*\.\s*/g, ".").replace(/["']/g, "");
    const key = /^\s*([A-Za-z0-9_.\-"']+?)\s*=\s*false\s*(#.*)?\r?$/.exec(line)?.[1]?.replace(/\s*\.\s*/g, ".").replace(/["']/g, "");
    if (key !== undefined && ((table === "features" && key === flag) || (table === "" && key === `features.${flag}`))) continue;
    keep.push(line);
  }
  if (keep.length === lines.length) return false;
  await writeFileAtomic(file, keep.join("\n"));
  return !(await codexOffFlags(file)).includes(flag);
}
