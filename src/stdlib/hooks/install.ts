// Hook installation (SPEC §8.1–§8.6): the launcher, harness settings merged without losing user
// entries, and git hooks that chain a foreign hook instead of replacing it.
import { chmod, mkdir, rename, rm } from "node:fs/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { settingsInvalid, settingsMisshapen } from "../settings-error.js";
import { writeFileAtomic } from "../../io/fs-atomic.js";
import { gitHooksDir } from "../../io/git-config.js";
import type { Repo } from "../../io/paths.js";
import { readGovernedTextOrNull, readTextOrNull } from "../../io/read.js";
import { sha256 } from "../../kernel/canon.js";
import { LAUNCHER_MARK } from "./hash.js";
import { LAUNCHER } from "./launcher.js";
import { gitHookBody } from "./git-hook-body.js";
import { ttyConfigText } from "./codex-tty.js";
import { stripBom } from "../../kernel/text.js";
import { noteExoWrites } from "../drift/exo-writes.js";

export type Harness = "claude" | "cursor" | "codex" | "windsurf" | "copilot" | "git";
export type HarnessStatus = "installed" | "unchanged" | "removed" | "planned" | "skipped";

export interface InstallReport {
  harnesses: { name: Harness; files: string[]; status: HarnessStatus; note?: string }[];
  launcher: string;
  changed: string[];
  /** exo's git hook scripts this call wrote (in git's folder: never staged, so not in `changed`). */
  gitHooks: string[];
  /** The text each changed harness file or launcher gets (absolute path → text); dry runs report the hash from it. */
  planned: Map<string, string>;
}

type Json = Record<string, unknown>;

// Claude Code: PowerShell and MCP tools are gated too; PostToolUse is the backstop that records
// what each call actually changed; ConfigChange re-verifies settings edited mid-session (and
// blocks a change that switches exo off); PreCompact records a compaction and SessionStart
// (compact) restates the essentials; SubagentStart tells a subagent the scope it inherits;
// WorktreeCreate (which replaces Claude Code's own `git worktree add`) binds or refuses.
const CLAUDE_EVENTS: [string, string | null, number][] = [
  ["SessionStart", "startup|resume|clear|compact|fork", 30],
  ["PreToolUse", "Write|Edit|MultiEdit|NotebookEdit|Bash|Monitor|PowerShell|Read|Grep|Glob|ReadMcpResourceTool|mcp__.*", 10],
  ["PostToolUse", "Write|Edit|MultiEdit|NotebookEdit|Bash|Monitor|PowerShell|mcp__.*", 10],
  ["ConfigChange", null, 10],
  ["PreCompact", null, 10],
  ["SubagentStart", null, 10],
  ["WorktreeCreate", null, 60],
  ["Stop", null, 10],
  ["SessionEnd", null, 30],
];
// Codex clamps only SessionEnd (to 3 s, with a warning on every run above that); the others stay
// well under its 600 s default. SessionStart(compact) and SubagentStart restate the essentials.
/** Codex's ceiling for a SessionEnd hook timeout (seconds). */
const CODEX_SESSION_END_MAX_SECONDS = 3;
const CODEX_EVENTS: [string, string | null, number][] = [
  ["SessionStart", "startup|resume|clear|compact", 30],
  ["PreToolUse", "Bash|apply_patch|read_mcp_resource|mcp__.*", 10],
  ["PostToolUse", "Bash|apply_patch|mcp__.*", 10],
  ["PreCompact", null, 10],
  ["SubagentStart", null, 10],
  ["SessionEnd", null, CODEX_SESSION_END_MAX_SECONDS],
];
const CURSOR_EVENTS: [string, string | null, boolean][] = [
  ["sessionStart", null, false],
  // Its Read, Grep and Glob too: Grep and Glob reach no other hook (beforeReadFile is for Read).
  ["preToolUse", "Write|StrReplace|Edit|MultiEdit|Delete|Read|Grep|Glob", true],
  ["beforeShellExecution", null, true],
  ["beforeMCPExecution", null, true],
  ["beforeReadFile", null, true],
  ["afterFileEdit", null, false],
  ["afterShellExecution", null, false],
  ["stop", null, false],
  ["sessionEnd", null, false],
];
// Windsurf Cascade hooks (.windsurf/hooks.json): pre-hooks block with exit code 2.
const WINDSURF_EVENTS = ["pre_write_code", "pre_run_command", "pre_read_code", "pre_mcp_tool_use", "post_write_code", "post_run_command"];
// GitHub Copilot CLI repo hooks (.github/hooks/*.json, loaded in prompt mode once the folder is
// trusted): PascalCase event names give Claude-shaped payloads, with no matcher, so every tool call
// (its `view` reads included) comes to the gate.
const COPILOT_EVENTS: [string, number][] = [
  ["SessionStart", 30],
  ["PreToolUse", 10],
  ["PostToolUse", 10],
  ["SubagentStart", 10],
  ["Stop", 10],
  ["SessionEnd", 30],
];

export const SETTINGS_FILES: Record<Exclude<Harness, "git">, string> = {
  claude: ".claude/settings.json",
  cursor: ".cursor/hooks.json",
  codex: ".codex/hooks.json",
  windsurf: ".windsurf/hooks.json",
  copilot: ".github/hooks/exo.json",
};

/** Default harnesses: claude and git, plus cursor/codex when their folders exist. */
export function defaultHarnesses(root: string): Harness[] {
  const out: Harness[] = ["claude", "git"];
  if (usesCursor(root)) out.push("cursor");
  if (existsSync(join(root, ".codex"))) out.push("codex");
  if (existsSync(join(root, ".windsurf"))) out.push("windsurf");
  if (existsSync(join(root, ".github", "hooks"))) out.push("copilot");
  return out;
}

/**
 * .cursor/ counts as Cursor in use unless all it holds is exo's own rules file; so does Cursor's
 * legacy `.cursorrules` (before: a repository with only that file got no Cursor hooks or MCP).
 */
function usesCursor(root: string): boolean {
  if (existsSync(join(root, ".cursorrules"))) return true;
  const dir = join(root, ".cursor");
  try {
    const entries = readdirSync(dir);
    if (entries.some((e) => e !== "rules")) return true;
    return readdirSync(join(dir, "rules")).some((e) => e !== "exo.mdc");
  } catch {
    return false; // absent, or not a folder
  }
}

/** Parse a harness settings file leniently as the harnesses do: a UTF-8 BOM and CRLF line ends are fine. */
export function parseSettingsText(text: string): Json | null {
  const clean = stripBom(text);
  if (clean.trim() === "") return {};
  try {
    const value = JSON.parse(clean) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

async function readSettings(repo: Repo, file: string, rel: string, then = "exo hook-install"): Promise<Json> {
  // A committed settings file linked to a file outside (a credentials JSON) would be merged and
  // written back here, copying what it holds into the repository: refused, never read.
  const text = await readGovernedTextOrNull(file, [repo.mainRoot, repo.root]);
  if (text === null) return {};
  const value = parseSettingsText(text);
  if (value === null) throw settingsInvalid(rel, text, then);
  // Before: a "hooks" or event value that is not what the harness reads (an object where a list
  // goes) was dropped without a word, and the user's own hook in it with it.
  const shapeless = misshapenHooks(value);
  if (shapeless !== null) throw settingsMisshapen(rel, text, { ...shapeless, keeps: "your hooks" }, then);
  return value;
}

/** The first `hooks` value a harness would not read as hooks (`"PreToolUse": {…}` for `[{…}]`), or null. */
function misshapenHooks(settings: Json): { key: string; path: string; value: unknown; want: string } | null {
  if (!("hooks" in settings)) return null;
  const hooks = settings["hooks"];
  if (typeof hooks !== "object" || hooks === null || Array.isArray(hooks)) return { key: "hooks", path: "hooks", value: hooks, want: "an object of events" };
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) return { key: event, path: `hooks.${event}`, value: groups, want: `a list ([ … ] around the entries)` };
  }
  return null;
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

/**
 * Cursor's gating events whose exo entry in `text` (.cursor/hooks.json) is not fail-closed as
 * `strict` enforcement wants (`failClosed: true` when strict, none when advisory). An entry
 * written under advisory and kept after a switch to strict let a write through when exo's hook
 * could not answer; compose seals the file as it is, so only this comparison tells.
 */
export function cursorFailClosedDrift(text: string, strict: boolean): string[] {
  const hooks = (parseSettingsText(text) ?? {})["hooks"];
  if (!hooks || typeof hooks !== "object") return [];
  const out: string[] = [];
  for (const [event, , gating] of CURSOR_EVENTS) {
    if (!gating) continue;
    const entries = (hooks as Record<string, unknown>)[event];
    const mine = Array.isArray(entries) ? entries.filter(isExo) : [];
    if (mine.some((e) => ((e as Record<string, unknown>)["failClosed"] === true) !== strict)) out.push(event);
  }
  return out;
}

/**
 * Cursor's events whose exo entry in `text` (.cursor/hooks.json) has another matcher than this exo
 * writes: one written by an older exo (preToolUse on the writing tools only, before red-team round
 * 46) lets the tools it does not name (Grep, Glob) through unjudged, and compose seals it as it is.
 */
export function cursorMatcherDrift(text: string): string[] {
  const hooks = (parseSettingsText(text) ?? {})["hooks"];
  if (!hooks || typeof hooks !== "object") return [];
  const out: string[] = [];
  for (const [event, matcher] of CURSOR_EVENTS) {
    const entries = (hooks as Record<string, unknown>)[event];
    const mine = Array.isArray(entries) ? entries.filter(isExo) : [];
    if (mine.some((e) => ((e as Record<string, unknown>)["matcher"] ?? null) !== matcher)) out.push(event);
  }
  return out;
}

function windsurfEntries(): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const event of WINDSURF_EVENTS) {
    out[event] = [{ command: `sh -c 'f=.exo/bin/exo-hook.mjs; [ -f "$f" ] || f="$(git rev-parse --show-toplevel 2>/dev/null)/.exo/bin/exo-hook.mjs"; exec node "$f" windsurf ${event}'`, show_output: true }];
  }
  return out;
}

function copilotEntries(): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [event, timeoutSec] of COPILOT_EVENTS) {
    out[event] = [{ type: "command", bash: `node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" copilot ${event}`, timeoutSec }];
  }
  return out;
}

const GIT_HOOK = (name: string) => `#!/bin/sh
# exo:managed — written by exo hook-install; a previous hook lives in ${name}.pre-exo and runs first.
case $0 in */*) hookdir=\${0%/*} ;; *) hookdir=. ;; esac
if [ -x "$hookdir/${name}.pre-exo" ]; then
  "$hookdir/${name}.pre-exo" "$@" || exit $?
fi
${gitHookBody(name, name === "pre-commit" ? sha256(LAUNCHER) : undefined)}`;

/** The git hooks exo installs (or, under husky, asks to be called from). */
export const GIT_HOOK_NAMES = ["pre-commit", "prepare-commit-msg"] as const;

/** The line a husky (or other managed hooks folder) user adds to each hook file. */
export const HUSKY_LINE = (name: string) => `node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git ${name} "$@" || exit $?`;

/**
 * True when a hooks folder is managed by husky or another tool exo must not write into. Only the
 * folder's path inside the repository `root` is looked at (outside it, its last two names): before,
 * the whole absolute path was, so a repository anywhere below a folder named husky (~/husky/app)
 * had its own .git/hooks taken for husky's, and exo never installed its git hooks there.
 */
export function isManagedHooksDir(dir: string, root: string): boolean {
  const inside = dir.startsWith(`${root}/`) ? dir.slice(root.length + 1) : dir.split("/").slice(-2).join("/");
  return inside.split("/").some((name) => name === ".husky" || name === "husky");
}

/** lefthook's YAML configuration files, in the order lefthook reads them (exo adds its commands to the first). */
const LEFTHOOK_YAML = ["lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".lefthook.yaml"];

/** The command exo's entry in lefthook's configuration runs for a git hook (lefthook passes the hook's arguments as {0}). */
export const LEFTHOOK_RUN = (name: string) => `node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git ${name} {0}`;

/** The lefthook configuration exo can edit (YAML, at the top of the work tree), or null. */
function lefthookConfig(root: string): string | null {
  const rel = LEFTHOOK_YAML.find((f) => existsSync(join(root, f)));
  return rel === undefined ? null : join(root, rel);
}

/**
 * lefthook's configuration with exo's command in each git hook exo needs (`<hook>.commands.exo`),
 * or without them (uninstall); null when the file does not parse (exo leaves it alone). Before, exo
 * had no entry there, so every `lefthook install` (its npm postinstall) took .git/hooks back from
 * exo and commits went without exo's checks and Exo-Session trailer.
 */
async function lefthookText(text: string, uninstall: boolean): Promise<string | null> {
  const { isMap, parseDocument } = await import("yaml");
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !(isMap(doc.contents) || doc.contents === null)) return null;
  for (const name of GIT_HOOK_NAMES) {
    if (uninstall) {
      if (!doc.hasIn([name, "commands", "exo"])) continue;
      doc.deleteIn([name, "commands", "exo"]);
      const commands = doc.getIn([name, "commands"]);
      if (isMap(commands) && commands.items.length === 0) doc.deleteIn([name, "commands"]);
      const hook = doc.getIn([name]);
      if (isMap(hook) && hook.items.length === 0) doc.deleteIn([name]);
    } else if (doc.getIn([name, "commands", "exo", "run"]) !== LEFTHOOK_RUN(name)) {
      doc.setIn([name, "commands", "exo", "run"], LEFTHOOK_RUN(name));
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** Whether lefthook's configuration runs exo's launcher for every git hook exo needs. */
export async function lefthookHasExo(root: string): Promise<boolean> {
  const file = lefthookConfig(root);
  const text = file === null ? null : await readTextOrNull(file);
  if (text === null) return false;
  const { parse } = await import("yaml");
  let config: unknown;
  try {
    config = parse(text);
  } catch {
    return false;
  }
  return GIT_HOOK_NAMES.every((name) => {
    const run = (config as Record<string, { commands?: Record<string, { run?: unknown }> } | undefined> | null)?.[name]?.commands?.["exo"]?.run;
    return typeof run === "string" && run.includes(LAUNCHER_MARK) && run.includes(` git ${name}`);
  });
}

/**
 * exo's git hooks run through lefthook here: its hook is in the hooks folder (lefthook install) and
 * its configuration carries exo's commands, so doctor and session-start count them installed
 * instead of writing exo's hook over lefthook's.
 */
export async function lefthookRunsExo(root: string, dir: string): Promise<boolean> {
  const hook = await readTextOrNull(join(dir, "pre-commit"));
  return hook !== null && !hook.includes("# exo:managed") && /lefthook/i.test(hook) && (await lefthookHasExo(root));
}

const CHAIN_MARK = "# exo:chain";

/** lefthook's hook an older exo moved to `<name>.pre-exo` and chains from its own (null when there is none). */
function chainedLefthook(saved: string | null): boolean {
  return saved !== null && /lefthook/i.test(saved) && !saved.includes(CHAIN_MARK);
}

/**
 * The git hooks whose checks run twice: exo's hook is in the hooks folder and chains lefthook's
 * (moved to `<name>.pre-exo` by an older exo), and lefthook's configuration runs exo's command too.
 * `exo hook-install --harness git` puts lefthook's hook back (doctor says so).
 */
export async function lefthookRunsTwice(root: string, dir: string): Promise<string[]> {
  if (!(await lefthookHasExo(root))) return [];
  const out: string[] = [];
  for (const name of GIT_HOOK_NAMES) {
    const ours = (await readTextOrNull(join(dir, name)))?.includes("# exo:managed") ?? false;
    if (ours && chainedLefthook(await readTextOrNull(join(dir, `${name}.pre-exo`)))) out.push(name);
  }
  return out;
}

function numbered(dir: string, name: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    names = [];
  }
  return names
    .filter((n) => !n.endsWith(".sample") && new RegExp(`^${name.replace(/[-]/g, "\\-")}\\.pre-exo\\.\\d+$`).test(n))
    .sort((a, b) => Number(a.split(".").pop()) - Number(b.split(".").pop()));
}

async function preserveUserHook(dir: string, name: string): Promise<void> {
  const file = join(dir, name);
  const first = `${file}.pre-exo`;
  if (!existsSync(first)) {
    await rename(file, first);
    return;
  }
  // The same hook written over exo's again (lefthook's install on every npm install, pre-commit's
  // after a pull): a backup already holds these bytes, so exo's hook replaces it and no copy is
  // added. Before, each round trip kept one more numbered copy and all of them ran.
  const text = await readTextOrNull(file);
  const kept = await Promise.all([first, ...numbered(dir, name).map((n) => join(dir, n))].map((f) => readTextOrNull(f)));
  if (text !== null && kept.includes(text)) return;
  const next = () => {
    const used = numbered(dir, name).map((n) => Number(n.split(".").pop()));
    return join(dir, `${name}.pre-exo.${used.length === 0 ? 1 : Math.max(...used) + 1}`);
  };
  if (!((await readTextOrNull(first))?.includes(CHAIN_MARK) ?? false)) await rename(first, next());
  await rename(file, next());
  await writeFileAtomic(first, chainScript(name, numbered(dir, name)));
  await chmod(first, 0o755);
}

async function writeIfChanged(file: string, text: string, dryRun: boolean): Promise<boolean> {
  if ((await readTextOrNull(file)) === text) return false;
  if (!dryRun) {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, text);
  }
  return true;
}

export async function gitHooksPath(repo: Repo): Promise<string> {
  return (await gitHooksDir(repo)) ?? join(repo.root, ".git", "hooks");
}

export interface InstallOptions {
  harnesses: Harness[];
  dryRun: boolean;
  uninstall: boolean;
  strict: boolean;
}

export async function installHooks(repo: Repo, opts: InstallOptions): Promise<InstallReport> {
  const report: InstallReport = { harnesses: [], launcher: ".exo/bin/exo-hook.mjs", changed: [], gitHooks: [], planned: new Map() };
  const launcherFile = join(repo.exoDir, "bin", "exo-hook.mjs");
  // Validate every settings file before writing any (the launcher included), so a broken one
  // leaves nothing half-done.
  const plans: { name: Harness; file: string; text: string | null; remove?: true }[] = [];
  for (const name of opts.harnesses) {
    if (name === "git") continue;
    const rel = SETTINGS_FILES[name];
    const file = join(repo.root, rel);
    const current = await readSettings(repo, file, rel, opts.uninstall ? "exo hook-install --uninstall" : "exo hook-install");
    if (opts.uninstall && Object.keys(current).length === 0) {
      plans.push({ name, file, text: null });
      continue;
    }
    const groups = name === "claude" ? claudeGroups() : name === "codex" ? codexGroups() : name === "windsurf" ? windsurfEntries() : name === "copilot" ? copilotEntries() : cursorEntries(opts.strict);
    let merged = mergeHooks(current, groups, opts.uninstall);
    if (name === "cursor" || name === "copilot") merged = { version: 1, ...merged };
    // .github/hooks/exo.json is exo's own file: uninstalling leaves no empty shell behind.
    if (name === "copilot" && opts.uninstall && Object.keys(merged["hooks"] as Json).length === 0 && Object.keys(merged).every((k) => k === "version" || k === "hooks")) {
      plans.push({ name, file, text: null, remove: true });
      continue;
    }
    plans.push({ name, file, text: `${JSON.stringify(merged, null, 2)}\n` });
  }
  if (!opts.uninstall) {
    if (await writeIfChanged(launcherFile, LAUNCHER, opts.dryRun)) report.changed.push(repo.relative(launcherFile));
    report.planned.set(launcherFile, LAUNCHER);
    if (!opts.dryRun) await chmod(launcherFile, 0o755).catch(() => undefined);
  }
  for (const plan of plans) {
    const rel = repo.relative(plan.file);
    const changed = plan.remove ? existsSync(plan.file) : plan.text !== null && (await writeIfChanged(plan.file, plan.text, opts.dryRun));
    if (plan.remove && changed && !opts.dryRun) await rm(plan.file, { force: true });
    if (changed) report.changed.push(rel);
    if (plan.text !== null) report.planned.set(plan.file, plan.text);
    report.harnesses.push({ name: plan.name, files: [rel], status: opts.dryRun && changed ? "planned" : changed ? (opts.uninstall ? "removed" : "installed") : "unchanged" });
  }
  // Codex: no terminal for commands in this project (see codex-tty.ts), written beside its hooks.
  const codex = report.harnesses.find((h) => h.name === "codex");
  if (codex) {
    const file = join(repo.root, ".codex", "config.toml");
    const current = await readGovernedTextOrNull(file, [repo.mainRoot, repo.root]).catch(() => null);
    const next = current === null && opts.uninstall ? null : await ttyConfigText(current ?? "", opts.uninstall);
    if (next !== null && (current !== null || !opts.uninstall)) {
      const rel = repo.relative(file);
      if (await writeIfChanged(file, next, opts.dryRun)) {
        report.changed.push(rel);
        codex.files.push(rel);
        if (codex.status === "unchanged") codex.status = opts.dryRun ? "planned" : opts.uninstall ? "removed" : "installed";
      }
      report.planned.set(file, next);
    }
  }
  if (opts.harnesses.includes("git")) {
    const dir = await gitHooksPath(repo);
    const files: string[] = [];
    let changed = false;
    if (isManagedHooksDir(dir, repo.root)) {
      // husky & co. regenerate their folder: exo does not write there, it says what to add.
      const shown = dir.startsWith(`${repo.root}/`) ? repo.relative(dir) : dir;
      const missing = await huskyMissing(repo.root);
      const lines = missing.map((n) => `  .husky/${n}: ${HUSKY_LINE(n)}`).join("\n");
      const present = missing.length === 0;
      report.harnesses.push({ name: "git", files: [], status: present ? "unchanged" : "skipped", note: present ? `core.hooksPath is ${shown} (husky); exo's lines are present` : `core.hooksPath is ${shown} (husky): exo does not write there. Add these lines to your husky hooks:\n${lines}` });
    } else {
      // lefthook's configuration gets exo's commands, so lefthook's hook (each lefthook install
      // writes it) runs them; exo's own hook goes only where lefthook has none.
      const config = lefthookConfig(repo.root);
      const configText = config === null ? null : await readTextOrNull(config);
      const nextConfig = configText === null ? null : await lefthookText(configText, opts.uninstall);
      if (config !== null && nextConfig !== null) {
        files.push(repo.relative(config));
        if (await writeIfChanged(config, nextConfig, opts.dryRun)) {
          changed = true;
          report.changed.push(repo.relative(config));
        }
      }
      for (const name of GIT_HOOK_NAMES) {
        const file = join(dir, name);
        const shown = file.startsWith(`${repo.root}/`) ? repo.relative(file) : file;
        const current = await readTextOrNull(file);
        const ours = current?.includes("# exo:managed") ?? false;
        // lefthook's hook is left where it is (install and uninstall alike): not one of exo's files.
        // Before, `--uninstall` listed .git/hooks/pre-commit as removed though lefthook's stayed.
        if (nextConfig !== null && current !== null && !ours && /lefthook/i.test(current)) continue;
        if (opts.uninstall && !ours) continue;
        if (!opts.uninstall && nextConfig !== null && ours && chainedLefthook(await readTextOrNull(`${file}.pre-exo`))) {
          // An older exo moved lefthook's hook aside and chained it: with exo's commands in
          // lefthook's configuration now, lefthook's hook goes back and exo's own goes. Before, exo's
          // hook ran its checks, then lefthook's ran them again, until the next lefthook install.
          if (!opts.dryRun) {
            await rm(file, { force: true });
            await rename(`${file}.pre-exo`, file);
          }
          changed = true;
          continue;
        }
        files.push(shown);
        if (opts.uninstall) {
          changed = true;
          if (!opts.dryRun) {
            await rm(file, { force: true });
            if (existsSync(`${file}.pre-exo`)) await rename(`${file}.pre-exo`, file);
          }
          continue;
        }
        if (current !== null && !ours) {
          // Never lose a user's hook: the first goes to <name>.pre-exo; a later one (written over
          // exo's script) and the earlier backup get numbered names, chained oldest first.
          if (!opts.dryRun) await preserveUserHook(dir, name);
          changed = true;
        }
        if (await writeIfChanged(file, GIT_HOOK(name), opts.dryRun)) {
          changed = true;
          report.gitHooks.push(shown);
        }
        if (!opts.dryRun) await chmod(file, 0o755);
      }
      report.harnesses.push({ name: "git", files, status: opts.dryRun && changed ? "planned" : changed ? (opts.uninstall ? "removed" : "installed") : "unchanged" });
    }
  }
  // The settings files exo wrote are not the work of a session in progress (§7.15), whoever runs
  // this: hook-install, install, doctor --fix, session-start's repair or the ConfigChange hook's.
  if (!opts.dryRun) await noteExoWrites(repo, report.changed);
  return report;
}

/** A chain runner for several preserved user hooks (each must pass). */
function chainScript(name: string, hooks: string[]): string {
  return `#!/bin/sh
${CHAIN_MARK} — preserved ${name} hooks, oldest first; each must pass
case $0 in */*) hookdir=\${0%/*} ;; *) hookdir=. ;; esac
${hooks.map((h) => `if [ -x "$hookdir/${h}" ]; then "$hookdir/${h}" "$@" || exit $?; fi`).join("\n")}
exit 0
`;
}

/**
 * The git hooks whose husky file (.husky/<name>) has no live line calling exo's launcher for that
 * hook (doctor and install read this). Before, only .husky/pre-commit was read, and any mention of
 * the launcher counted: a missing prepare-commit-msg line (commits without their Exo-Session
 * trailer) or a commented-out line (no check at all) read as installed.
 */
export async function huskyMissing(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of GIT_HOOK_NAMES) {
    const text = (await readTextOrNull(join(root, ".husky", name))) ?? "";
    const live = text.split(/\r?\n/).some((line) => {
      const words = line.trim();
      return !words.startsWith("#") && words.includes(LAUNCHER_MARK) && words.includes(` git ${name}`);
    });
    if (!live) out.push(name);
  }
  return out;
}

/** husky hook files that call exo's launcher for every git hook exo needs. */
export async function huskyHasExo(root: string): Promise<boolean> {
  return (await huskyMissing(root)).length === 0;
}

/** Hook harnesses whose exo entries are present (for reinstall at session start). */
export async function installedHarnesses(repo: Repo): Promise<Harness[]> {
  const out: Harness[] = [];
  for (const [name, rel] of Object.entries(SETTINGS_FILES) as [Exclude<Harness, "git">, string][]) {
    let text: string | null = null;
    try {
      text = readFileSync(join(repo.root, rel), "utf8");
    } catch {
      text = null;
    }
    if (text?.includes(LAUNCHER_MARK)) out.push(name);
  }
  const dir = await gitHooksPath(repo);
  if ((await readTextOrNull(join(dir, "pre-commit")))?.includes("# exo:managed")) out.push("git");
  else if (isManagedHooksDir(dir, repo.root) && (await huskyHasExo(repo.root))) out.push("git");
  else if (await lefthookRunsExo(repo.root, dir)) out.push("git");
  return out;
}
