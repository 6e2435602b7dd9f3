// Hook kill switches (issue #18): settings that make a harness or git skip exo's hooks without
// touching exo's own entries — `disableAllHooks` in any Claude settings scope and a
// `core.hooksPath` that points at no hooks folder (e.g. /dev/null). Found by doctor and
// session-start; the repository scopes are restored, user scopes are reported.
import { statSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomic } from "../../io/fs-atomic.js";
import { gitRaw } from "../../io/git.js";
import type { Repo } from "../../io/paths.js";
import { readTextOrNull } from "../../io/read.js";

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

export async function findKillSwitches(repo: Repo, home: string | null): Promise<KillSwitch[]> {
  const out: KillSwitch[] = [];
  for (const { file, scope } of claudeFiles(repo, home)) {
    const json = await readJsonObject(file);
    if (json && json["disableAllHooks"] === true) out.push({ file, setting: "disableAllHooks", scope, restorable: scope !== "user" });
  }
  const hooksPath = await gitRaw(repo.root, ["config", "--local", "--get", "core.hooksPath"]);
  const value = hooksPath.stdout.trim();
  if (hooksPath.code === 0 && value !== "") {
    let isDir = false;
    try {
      isDir = statSync(value.startsWith("/") ? value : join(repo.root, value)).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) out.push({ file: ".git/config", setting: `core.hooksPath=${value}`, scope: "git", restorable: true });
  }
  return out;
}

/** Undo the restorable switches; returns what was restored. */
export async function restoreKillSwitches(repo: Repo, found: readonly KillSwitch[]): Promise<KillSwitch[]> {
  const done: KillSwitch[] = [];
  for (const k of found) {
    if (!k.restorable) continue;
    if (k.scope === "git") {
      if ((await gitRaw(repo.root, ["config", "--local", "--unset", "core.hooksPath"])).code === 0) done.push(k);
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
