// Hook installation (SPEC §8.1–§8.6): the launcher, harness settings merged without losing user
// entries, and git hooks that chain a foreign hook instead of replacing it.
import { chmod, mkdir, readFile, rename, rm } from "node:fs/promises";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { ExoError, ErrorCode } from "../../errors.js";
import { writeFileAtomic } from "../../io/fs-atomic.js";
import { gitRaw } from "../../io/git.js";
import type { Repo } from "../../io/paths.js";
import { readTextOrNull } from "../../io/read.js";
import { LAUNCHER_MARK } from "./hash.js";
import { LAUNCHER } from "./launcher.js";
import { gitHookBody } from "./git-hook-body.js";

export type Harness = "claude" | "cursor" | "codex" | "git";
export type HarnessStatus = "installed" | "unchanged" | "removed" | "planned";

export interface InstallReport {
  harnesses: { name: Harness; files: string[]; status: HarnessStatus }[];
  launcher: string;
  changed: string[];
}

type Json = Record<string, unknown>;

const CLAUDE_EVENTS: [string, string | null, number][] = [
  ["SessionStart", "startup|resume|clear|compact", 30],
  ["PreToolUse", "Write|Edit|MultiEdit|NotebookEdit|Bash|Read", 10],
  ["Stop", null, 10],
  ["SessionEnd", null, 30],
];
const CODEX_EVENTS: [string, string | null, number][] = [
  ["SessionStart", "startup|resume", 30],
  ["PreToolUse", "Bash|apply_patch", 10],
  ["SessionEnd", null, 30],
];
const CURSOR_EVENTS: [string, string | null, boolean][] = [
  ["sessionStart", null, false],
  ["preToolUse", "Write|StrReplace|Edit|MultiEdit|Delete", true],
  ["beforeShellExecution", null, true],
  ["beforeReadFile", null, true],
  ["afterFileEdit", null, false],
  ["stop", null, false],
  ["sessionEnd", null, false],
];

/** Default harnesses: claude and git, plus cursor/codex when their folders exist. */
export function defaultHarnesses(root: string): Harness[] {
  const out: Harness[] = ["claude", "git"];
  if (usesCursor(root)) out.push("cursor");
  if (existsSync(join(root, ".codex"))) out.push("codex");
  return out;
}

/** .cursor/ counts as Cursor in use unless all it holds is exo's own rules file. */
function usesCursor(root: string): boolean {
  const dir = join(root, ".cursor");
  try {
    const entries = readdirSync(dir);
    if (entries.some((e) => e !== "rules")) return true;
    return readdirSync(join(dir, "rules")).some((e) => e !== "exo.mdc");
  } catch {
    return false; // absent, or not a folder
  }
}

async function readSettings(file: string, rel: string): Promise<Json> {
  const text = await readTextOrNull(file);
  if (text === null || text.trim() === "") return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return value as Json;
  } catch {
    throw new ExoError(ErrorCode.SETTINGS_INVALID, `${rel} is not valid JSON; fix it (exo changes nothing until then).`, { details: { file: rel } });
  }
}

const isExo = (entry: unknown) => JSON.stringify(entry ?? null).includes(LAUNCHER_MARK);

/** Replace exo's groups per event, keeping user groups, their order and every other key. */
function mergeHooks(settings: Json, groups: Record<string, unknown[]>, remove: boolean): Json {
  const hooks = { ...((settings["hooks"] as Record<string, unknown[]> | undefined) ?? {}) };
  const events = new Set([...Object.keys(hooks), ...Object.keys(groups)]);
  for (const event of events) {
    const user = (Array.isArray(hooks[event]) ? hooks[event] : []).filter((g) => !isExo(g));
    const mine = remove ? [] : (groups[event] ?? []);
    const next = [...user, ...mine];
    if (next.length > 0) hooks[event] = next;
    else delete hooks[event];
  }
  return { ...settings, hooks };
}

function claudeGroups(): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [event, matcher, timeout] of CLAUDE_EVENTS) {
    out[event] = [{ ...(matcher ? { matcher } : {}), hooks: [{ type: "command", command: `node "$CLAUDE_PROJECT_DIR/.exo/bin/exo-hook.mjs" claude ${event}`, timeout }] }];
  }
  return out;
}

function codexGroups(): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [event, matcher, timeout] of CODEX_EVENTS) {
    out[event] = [{ ...(matcher ? { matcher } : {}), hooks: [{ type: "command", command: `node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" codex ${event}`, timeout }] }];
  }
  return out;
}

function cursorEntries(strict: boolean): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [event, matcher, gating] of CURSOR_EVENTS) {
    out[event] = [
      {
        command: `sh -c 'f=.exo/bin/exo-hook.mjs; [ -f "$f" ] || f=../.exo/bin/exo-hook.mjs; exec node "$f" cursor ${event}'`,
        ...(matcher ? { matcher } : {}),
        ...(gating && strict ? { failClosed: true } : {}),
      },
    ];
  }
  return out;
}

const GIT_HOOK = (name: string) => `#!/bin/sh
# exo:managed — written by exo hook-install; a previous hook lives in ${name}.pre-exo and runs first.
hookdir=$(dirname "$0")
if [ -x "$hookdir/${name}.pre-exo" ]; then
  "$hookdir/${name}.pre-exo" "$@" || exit $?
fi
${gitHookBody(name)}`;

async function writeIfChanged(file: string, text: string, dryRun: boolean): Promise<boolean> {
  if ((await readTextOrNull(file)) === text) return false;
  if (!dryRun) {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, text);
  }
  return true;
}

export async function gitHooksPath(repo: Repo): Promise<string> {
  const r = await gitRaw(repo.root, ["rev-parse", "--path-format=absolute", "--git-path", "hooks"]);
  return r.stdout.trim() || join(repo.root, ".git", "hooks");
}

export interface InstallOptions {
  harnesses: Harness[];
  dryRun: boolean;
  uninstall: boolean;
  strict: boolean;
}

export async function installHooks(repo: Repo, opts: InstallOptions): Promise<InstallReport> {
  const report: InstallReport = { harnesses: [], launcher: ".exo/bin/exo-hook.mjs", changed: [] };
  const launcherFile = join(repo.exoDir, "bin", "exo-hook.mjs");
  if (!opts.uninstall) {
    if (await writeIfChanged(launcherFile, LAUNCHER, opts.dryRun)) report.changed.push(repo.relative(launcherFile));
    if (!opts.dryRun) await chmod(launcherFile, 0o755).catch(() => undefined);
  }
  // Validate every settings file before writing any, so a broken one leaves nothing half-done.
  const plans: { name: Harness; file: string; text: string | null }[] = [];
  for (const name of opts.harnesses) {
    if (name === "git") continue;
    const rel = name === "claude" ? ".claude/settings.json" : name === "cursor" ? ".cursor/hooks.json" : ".codex/hooks.json";
    const file = join(repo.root, rel);
    const current = await readSettings(file, rel);
    if (opts.uninstall && Object.keys(current).length === 0) {
      plans.push({ name, file, text: null });
      continue;
    }
    const groups = name === "claude" ? claudeGroups() : name === "codex" ? codexGroups() : cursorEntries(opts.strict);
    let merged = mergeHooks(current, groups, opts.uninstall);
    if (name === "cursor") merged = { version: 1, ...merged };
    plans.push({ name, file, text: `${JSON.stringify(merged, null, 2)}\n` });
  }
  for (const plan of plans) {
    const rel = repo.relative(plan.file);
    const changed = plan.text !== null && (await writeIfChanged(plan.file, plan.text, opts.dryRun));
    if (changed) report.changed.push(rel);
    report.harnesses.push({ name: plan.name, files: [rel], status: opts.dryRun && changed ? "planned" : changed ? (opts.uninstall ? "removed" : "installed") : "unchanged" });
  }
  if (opts.harnesses.includes("git")) {
    const dir = await gitHooksPath(repo);
    const files: string[] = [];
    let changed = false;
    if (/husky/.test(dir)) {
      report.harnesses.push({ name: "git", files: [], status: "unchanged" });
    } else {
      for (const name of ["pre-commit", "prepare-commit-msg"]) {
        const file = join(dir, name);
        files.push(file.startsWith(`${repo.root}/`) ? repo.relative(file) : file);
        const current = await readTextOrNull(file);
        const ours = current?.includes("# exo:managed") ?? false;
        if (opts.uninstall) {
          if (!ours) continue;
          changed = true;
          if (!opts.dryRun) {
            await rm(file, { force: true });
            if (existsSync(`${file}.pre-exo`)) await rename(`${file}.pre-exo`, file);
          }
          continue;
        }
        if (current !== null && !ours && !opts.dryRun && !existsSync(`${file}.pre-exo`)) await rename(file, `${file}.pre-exo`);
        if (await writeIfChanged(file, GIT_HOOK(name), opts.dryRun)) changed = true;
        if (!opts.dryRun) await chmod(file, 0o755);
      }
      report.harnesses.push({ name: "git", files, status: opts.dryRun && changed ? "planned" : changed ? (opts.uninstall ? "removed" : "installed") : "unchanged" });
    }
  }
  return report;
}

/** Hook harnesses whose exo entries are present (for reinstall at session start). */
export async function installedHarnesses(repo: Repo): Promise<Harness[]> {
  const out: Harness[] = [];
  for (const [name, rel] of [["claude", ".claude/settings.json"], ["cursor", ".cursor/hooks.json"], ["codex", ".codex/hooks.json"]] as const) {
    const text = await readFile(join(repo.root, rel), "utf8").catch(() => null);
    if (text?.includes(LAUNCHER_MARK)) out.push(name);
  }
  const dir = await gitHooksPath(repo);
  if ((await readTextOrNull(join(dir, "pre-commit")))?.includes("# exo:managed")) out.push("git");
  return out;
}
