// The gating hook bundle (`dist/hook-gate.cjs`, SPEC §8.1), loaded by the hook entry (hook-main.ts)
// for gating events: the hot path, kernel + light io only, compiled JSON only.
// Claude and Codex block only on a deny JSON (exit 0) or exit 2 and treat exit 1 as allow, so
// every gating path ends in an explicit answer and never exits 1.
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { checkAction, readDenied, type Decision, type PolicyView, type SessionView } from "../kernel/check-action.js";
import { patchTargets, patchUnknown, saveShellCache, shellTargets, type Forbidden, type ShellTarget, type TreeRead } from "../kernel/shell.js";
import { procSelfCwd } from "../kernel/shell-words.js";
import { deniedBelow, gitAliasValue, indexedObjects, patchedFiles, treeHint } from "./tree-reads.js";
import { compileGlob } from "../kernel/globs.js";
import { rgTypeGlobs } from "../kernel/rg-types.js";
import { sealHashes } from "../kernel/canon.js";
import { isSymlinkSync, readCacheJsonSync, readJsonSync } from "../io/read.js";
import { caseInsensitiveAt } from "../io/fs-case.js";
import { saveGlobCache, useGlobCache } from "./glob-cache.js";
import { locateRepo, type Located } from "../io/locate.js";
import { movedMainWorktree } from "../io/relocated.js";
import { joinRaw, resolvePhysical } from "../io/physical-path.js";
import { hookHeartbeat, recordHookEvent, appendTouched, badFrozenClock, nowOf, reviveLapsedLock } from "./hook-io.js";
import { lapsedRevival, type LockState } from "../stdlib/locks/types.js";
import { mcpGitPatch, mcpReads, mcpTargets, mcpTreeReads, uriPaths } from "./mcp-gate.js";
import { readSeal, sealIsValid } from "./sealed-policy.js";
import { stripBom } from "../kernel/text.js";
import { newerFormat } from "../stdlib/state-format.js";

export interface HookIO {
  stdin: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The repository whose launcher ran this hook (`<repo>/.exo/bin/exo-hook.mjs`), when known. */
  launcherRepo?: string | null;
}

export interface HookAnswer {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1 | 2;
}

type Payload = Record<string, unknown>;

export type Gathered = { targets: ShellTarget[]; unknown: string[]; maybe: (ShellTarget & { label: string; via?: string; unknown?: true })[]; readOnly: boolean; forbidden?: Forbidden[]; fences?: Forbidden[]; trees?: TreeRead[] };

/** Two analyses of one call taken together (a line read two ways): `a`'s route and flags, both sets of targets. */
function joined(a: Gathered, b: Gathered): Gathered {
  const trees = a.trees || b.trees ? { trees: [...(a.trees ?? []), ...(b.trees ?? [])] } : {};
  return { ...a, targets: [...a.targets, ...b.targets], unknown: [...a.unknown, ...b.unknown], maybe: [...a.maybe, ...b.maybe], ...trees };
}

/** One call judged from several folders: every analysis's targets, refusals and fences. */
function together(a: Gathered, b: Gathered): Gathered {
  const both = joined(a, b);
  const forbidden = a.forbidden || b.forbidden ? { forbidden: [...(a.forbidden ?? []), ...(b.forbidden ?? [])] } : {};
  const fences = a.fences || b.fences ? { fences: [...(a.fences ?? []), ...(b.fences ?? [])] } : {};
  return { ...both, readOnly: a.readOnly && b.readOnly, ...forbidden, ...fences };
}

/** The names a tool's input may give the folder it runs in (Codex's `workdir`, local_shell's `working_directory`, a `cwd`). */
const FOLDER_FIELDS = ["workdir", "cwd", "working_directory", "workingDirectory", "dir", "directory"];

/**
 * Expand a glob word against the filesystem from cwd (SPEC §7.4 "Words"); at most 1,001 hits. A
 * `**` segment matches any depth (bash with globstar, zsh): a superset of bash's one level without
 * it; as the last segment it is every file there too (`cat **`: only folders before red-team round
 * 23). `dot`: the line may have turned dotglob on (shopt -s dotglob, GLOBIGNORE), so `*` matches
 * `.exo` and `.claude` too. `nocase`: it may have turned nocaseglob on, so every segment matches
 * without regard to case (`.CLAUD[E]` is .claude).
 */
export function expandGlob(pattern: string, cwd: string, dot = false, nocase = false): string[] | null {
  const absolute = pattern.startsWith("/");
  const segments = pattern.split("/").filter((s) => s !== "");
  let current: string[] = [absolute ? "/" : cwd];
  const list = (dir: string): Dirent[] => {
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  for (const [at, seg] of segments.entries()) {
    const next: string[] = [];
    if (seg === "**") {
      // Every folder below, the folder itself included. A symlink to a folder is matched but not
      // gone into, as bash 4.3+ does (`src/**/*.md` is src/L/x.md through src/L → ../docs; before
      // red-team round 17 links were left out, and without globstar `**` is `*`, which matches them too).
      const pending = [...current];
      while (pending.length > 0) {
        const dir = pending.pop() as string;
        next.push(dir);
        if (next.length > 1000) return next;
        for (const e of list(dir)) {
          if (!dot && e.name.startsWith(".")) continue;
          if (e.isDirectory()) pending.push(join(dir, e.name));
          else if ((e.isSymbolicLink() && isFolder(join(dir, e.name))) || at === segments.length - 1) next.push(join(dir, e.name));
        }
      }
    } else if (!/[*?[]/.test(seg) && (!nocase || seg === "." || seg === "..")) {
      for (const dir of current) next.push(join(dir, seg));
    } else {
      // The shell's bracket negation is `[!…]` (picomatch reads `[!.]` as the set of ! and .): `[^…]`.
      const match = compileGlob(seg.replace(/^\.\//, "").replace(/\[!/g, "[^"), { nocase });
      for (const dir of current) {
        for (const { name: n } of list(dir)) {
          if (n.startsWith(".") && !seg.startsWith(".") && !dot) continue;
          if (match(n)) next.push(join(dir, n));
          if (next.length > 1000) return next;
        }
      }
    }
    current = next;
    if (current.length === 0) return null;
  }
  const hits = current.filter((p) => existsSync(p));
  return hits.length === 0 ? null : absolute ? hits : hits.map((h) => (h.startsWith(`${cwd}/`) ? h.slice(cwd.length + 1) : h === cwd ? "." : h));
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function shellContext(cwd: string, home: string, projectDir: string, guardReads: boolean) {
  return {
    cwd,
    home,
    vars: { CLAUDE_PROJECT_DIR: projectDir },
    ...(process.env["TMPDIR"] ? { tmpdir: process.env["TMPDIR"] } : {}),
    root: projectDir,
    guardReads,
    raw: true,
    glob: expandGlob,
    isDirectory: isFolder,
    isFile: (p: string) => {
      try {
        return statSync(p, { throwIfNoEntry: false })?.isFile() === true;
      } catch {
        return false; // a path through a file, or unreadable
      }
    },
    readScript,
    objectPaths: (ids: string[], unplaced?: string[]) => indexedObjects(projectDir, ids, unplaced),
    patchPaths: patchedFiles,
    gitAlias: gitAliasValue,
    hasLinks: (p: string) => linksBelow(p)?.length !== 0,
    realPath: (p: string) => {
      try {
        // The system's realpath: links before `..` (Node's own first collapses `..` as text).
        return realpathSync.native(p);
      } catch {
        return null;
      }
    },
  };
}

/** A script's text (kernel/shell.ts runScript): false when no regular file is there, null when it is over 64 KB or unreadable. */
function readScript(p: string): string | false | null {
  let fd: number | null = null;
  try {
    // One descriptor, opened without blocking and checked with fstat: a FIFO (or one swapped in
    // after a stat) would otherwise hold the hook until the harness gives up and lets the call through.
    fd = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) return false;
    if (st.size > 65_536) return null;
    // /proc and /sys files say 0 bytes and some never end (/proc/kmsg): an empty script runs nothing.
    if (st.size === 0) return "";
    const buffer = Buffer.alloc(st.size);
    let n = 0;
    while (n < st.size) {
      const got = readSync(fd, buffer, n, st.size - n, n);
      if (got === 0) break;
      n += got;
    }
    return buffer.toString("utf8", 0, n);
  } catch (error) {
    // No file there: false, as for a folder or a pipe; unreadable, or a path through a file: null.
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? false : null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** `p` made absolute against `cwd` without touching `..` or links (`~` and `~/…` are the home folder); "" stays "". */
function absoluteRaw(p: string, cwd: string, home: string): string {
  if (p === "") return "";
  return joinRaw(cwd, p === "~" || p.startsWith("~/") ? home + p.slice(1) : p);
}

/**
 * A file tool's path in every spelling that may be written: as the kernel takes it (symlinks before
 * `..`), and as Claude Code's file tools take it: trimmed (JavaScript's trim), `~/` expanded,
 * resolved against the cwd and `..` collapsed lexically before the links. Every spelling is
 * judged: `L/../../x` through a link L into a deeper folder of the scope, or `  /repo/docs/x` (a
 * folder `  ` under an in-scope cwd to exo, /repo/docs/x to Claude Code), land where only one
 * spelling says. `exo decide --path` judges its paths the same way.
 */
export function fileToolPaths(p: string, cwd: string, home: string): string[] {
  const trimmed = p.trim();
  // SPEC §7.1 step 2: a leading ~ other than ~ and ~/… (~user, ~+, ~-) is no usable path: it is
  // passed on as given, not absolute, so the decision is deny PATH_INVALID (§7.2 step 1).
  if (trimmed.startsWith("~") && trimmed !== "~" && !trimmed.startsWith("~/")) return [trimmed];
  // /proc/self/cwd is the harness's folder (the payload's cwd) to the tool that opens the file, not
  // the hook's own (an in-process gate's, under the Agent SDK; allowed before red-team round 20).
  // Its other spellings too (//proc/self/cwd, /proc/self/task/N/cwd: allowed before red-team round 23).
  const self = procSelfCwd(trimmed);
  if (self !== null) return [...new Set([...fileToolPaths(`${cwd.replace(/\/+$/, "")}${self}`, cwd, home), ...(p === trimmed ? [] : [absoluteRaw(p, cwd, home)])])];
  const raw = absoluteRaw(p, cwd, home);
  if (trimmed === "") return raw === "" ? [""] : [raw, ""];
  const lexical = posix.resolve(cwd, trimmed === "~" || trimmed.startsWith("~/") ? home + trimmed.slice(1) : trimmed);
  return [...new Set([raw, absoluteRaw(trimmed, cwd, home), lexical])];
}

/**
 * The way the last call took through the gate's code (the kind of tool call, then the decision):
 * the code cache grows to cover each way it sees (io/compile-cache.ts), so a denied shell command
 * runs from cached bytecode as an allowed file write does.
 */
let route = "none";
let lastWay = "";
export function cacheTag(): string {
  return lastWay;
}

/** Targets of one gating call, per harness and event (SPEC §8.2–§8.5, docs/hooks.md). */
export function gatingTargets(harness: string, event: string, payload: Payload, cwd: string, home: string, guardReads: boolean, projectDir: string): Gathered {
  const toolInput = (payload["tool_input"] && typeof payload["tool_input"] === "object" ? payload["tool_input"] : {}) as Payload;
  // A file field under another spelling (VS Code Copilot's `filePath`, `dirPath`, `notebookPath`;
  // `FilePath`, `file-path`) names the same file as its snake_case form: read as that field, and
  // judged beside it when both are given (allowed before red-team round 24).
  const { input, respelled } = canonicalFields(toolInput);
  const info = (payload["tool_info"] && typeof payload["tool_info"] === "object" ? payload["tool_info"] : {}) as Payload;
  const tool = str(payload["tool_name"]);
  const none: Gathered = { targets: [], unknown: [], maybe: [], readOnly: true };
  const abs = (p: unknown) => absoluteRaw(str(p), cwd, home);
  // A shell call that names its own folder (Codex's exec `workdir`) runs there (none does so today;
  // judged from it if one does). Under any of the names a folder goes by (`cwd`, `working_directory`,
  // `dir`, the Responses API's `action.working_directory`), it is judged from each one named: before
  // red-team round 32 only `workdir` was read for Bash, PowerShell, typed text and patches, so
  // `{command: "echo x > settings.json", cwd: ".claude"}` passed as a write at the top (and a
  // file tool's relative path was read from the session's folder alone).
  const action = input["action"] !== null && typeof input["action"] === "object" && !Array.isArray(input["action"]) ? (input["action"] as Record<string, unknown>) : {};
  const folders = [input, action].flatMap((o) => FOLDER_FIELDS.map((k) => str(o[k]))).filter((d) => d !== "");
  const shellDirs = folders.length === 0 ? [cwd] : [...new Set(folders.map((d) => posix.resolve(cwd, d)))];
  // A file tool naming a folder of its own is judged from it too, should the harness honour it.
  // Cursor's payload names its `cwd` beside the workspace's folder: a file tool's relative path is
  // judged from both (`Write x.md` with cwd src was judged as src/x.md alone before red-team round 47).
  const roots = harness === "cursor" && Array.isArray(payload["workspace_roots"]) ? payload["workspace_roots"].map(str).filter((r) => r.startsWith("/") && r !== cwd) : [];
  const spellings = (p: unknown): string[] => (shellDirs.length === 1 && shellDirs[0] === cwd && roots.length === 0 ? fileToolPaths(str(p), cwd, home) : [...new Set([cwd, ...shellDirs, ...roots].flatMap((d) => fileToolPaths(str(p), d, home)))]);
  route = "other";
  const write = (p: unknown, action: "write" | "delete" = "write"): Gathered => {
    route = "file";
    return { targets: spellings(p).map((path) => ({ path, action })), unknown: [], maybe: [], readOnly: false };
  };
  // A file tool's input naming its file in more than one field (file_path and path, notebook_path,
  // target_file, an edit's own file_path): every one given is judged, since which one the tool
  // writes is the harness's business (before red-team round 17 only the first was read).
  const writeAll = (primary: unknown, action: "write" | "delete" = "write"): Gathered => {
    // Each file an edit in a list names (MultiEdit's edits, VS Code's multi_replace_string_in_file
    // replacements, under any list's name and any spelling of the field).
    const edits = listedFiles(input);
    const others = [input["file_path"], input["notebook_path"], input["path"], input["target_file"], input["target_notebook"], ...edits, ...respelled].filter((v): v is string => typeof v === "string" && v.trim() !== "" && v !== primary);
    const out = write(primary, action);
    for (const o of new Set(others)) out.targets.push(...write(o, action).targets);
    return out;
  };
  // A reading tool's input that names a file in several fields is judged by every one, whichever the
  // harness reads (Copilot's view reads `path`: `{file_path: "src/x", path: ".env"}` passed before red-team round 21).
  const read = (...ps: unknown[]): Gathered => {
    route = "read";
    const given = [...new Set([...ps, ...respelled].filter((p): p is string => typeof p === "string" && p !== ""))];
    const named: unknown[] = given.length > 0 ? given : [ps.find((p) => p !== undefined)];
    return { targets: guardReads ? named.flatMap((p) => spellings(p)).map((path) => ({ path, action: "read" as const })) : [], unknown: [], maybe: [], readOnly: true };
  };
  const shell = (command: unknown, at: string, powershell = false, typed = false): Gathered => {
    route = "shell";
    const text = Array.isArray(command) ? command.map((w) => `'${String(w).replaceAll("'", "'\\''")}'`).join(" ") : str(command);
    const r = shellTargets(text, { ...shellContext(at, home, projectDir, guardReads), ...(powershell ? { powershell } : {}), ...(typed ? { typed } : {}) });
    return { targets: r.targets, unknown: r.unknown, maybe: r.maybe ?? [], readOnly: false, ...(r.forbidden ? { forbidden: r.forbidden } : {}), ...(r.fences ? { fences: r.fences } : {}), ...(r.trees ? { trees: r.trees } : {}) };
  };
  // An MCP server's /proc/self/cwd (/dev/fd/../cwd) is its own folder, from which its relative paths
  // are judged too (both passed as no folder of the repository before red-team round 38).
  const mcpPlace = (p: string) => {
    const self = procSelfCwd(p);
    return abs(self === null ? p : `${cwd.replace(/\/+$/, "")}${self}`);
  };
  const mcp = (server: string, name: string, args: unknown): Gathered => {
    route = "mcp";
    const got = mcpTargets(server, name, args, mcpPlace, projectDir);
    // What the tool reads is judged too: a reader of .env is denied like cat .env (allowed before red-team round 19).
    if (guardReads) got.targets.push(...mcpReads(server, name, args).map((p) => ({ path: mcpPlace(p), action: "read" as const })));
    // mcp-server-git's patches (git_show, git_diff…) read what the same git line reads (allowed before red-team round 36).
    const git = guardReads ? mcpGitPatch(server, name, args) : null;
    const gitReads = git ? shellTargets(git.line, shellContext(git.repo === null ? cwd : abs(git.repo), home, projectDir, guardReads)) : null;
    if (gitReads) got.targets.push(...gitReads.targets.filter((t) => t.action === "read"));
    // A content search reads every file below its folders, as Grep does (allowed before red-team round 22).
    const searched = guardReads ? mcpTreeReads(server, name, args) : null;
    const trees = [...(gitReads?.trees ?? []), ...(searched?.folders.map((f) => ({ path: abs(f), label: `MCP tool ${name.replace(/^.*__/, "")}`, hidden: true, ignored: false, exclude: searched.exclude, excludeDir: searched.exclude, include: searched.include })) ?? [])];
    return { ...got, readOnly: false, ...(trees.length > 0 ? { trees } : {}) };
  };
  const inDirs = (judge: (dir: string) => Gathered, dirs = shellDirs): Gathered => dirs.slice(1).reduce((all, dir) => together(all, judge(dir)), judge(dirs[0] as string));
  // A file-name search (Cursor's Glob, glob_file_search, list_dir; Claude Code's Glob) lists the names
  // its pattern matches below its folder: a read of that folder, and of the file a pattern with no
  // wildcard names (`.env`).
  const listing = (): Gathered => {
    const dir = str(input["target_directory"] ?? input["path"]) || ".";
    const pattern = str(input["glob_pattern"] ?? input["pattern"]);
    const named = pattern === "" || /[*?[{]/.test(pattern) ? [] : [/^[/~]/.test(pattern) ? pattern : posix.join(dir, pattern)];
    return read(dir, ...named);
  };
  // A shell's relative cwd (Cursor's, Windsurf's) names a folder of the session's or the workspace's:
  // judged from there and from that folder itself (`cat .env` with cwd `src` was judged as from a
  // folder named src nowhere before red-team round 48, and passed).
  const shellAt = (command: unknown, at: string): Gathered => {
    const bases = at.startsWith("/") ? [] : [...new Set([cwd, ...roots].filter((d) => d.startsWith("/")))];
    return bases.length === 0 ? shell(command, at) : inDirs((dir) => shell(command, dir), [...new Set(bases.flatMap((b) => [posix.resolve(b, at), b]))]);
  };
  if (harness === "windsurf") {
    if (event === "pre_write_code") return write(info["file_path"]);
    if (event === "pre_read_code") return read(info["file_path"]);
    if (event === "pre_run_command") return shellAt(info["command_line"] ?? info["command"], str(info["cwd"]) || cwd);
    if (event === "pre_mcp_tool_use") return mcp(str(info["mcp_server_name"]), str(info["mcp_tool_name"]), info["mcp_tool_arguments"]);
    return none;
  }
  if (harness === "cursor") {
    if (event === "beforeShellExecution") return shellAt(payload["command"], str(payload["cwd"]) || cwd);
    // The files attached to the read (a rules file's `@file`, the prompt's attachments) come with
    // their text too: each is judged as the file read (an attached .env passed before red-team round 46).
    if (event === "beforeReadFile") {
      // An attachment given as its path alone, or under `path`, and a tool_input's file beside the
      // payload's are judged too (each passed before red-team round 47).
      const attached = (Array.isArray(payload["attachments"]) ? (payload["attachments"] as unknown[]) : []).flatMap((a) => (a && typeof a === "object" ? [(a as Payload)["file_path"], (a as Payload)["filePath"], (a as Payload)["path"]] : [a])).filter((p): p is string => typeof p === "string" && p !== "");
      return read(payload["file_path"] ?? input["file_path"], input["file_path"], ...attached);
    }
    if (event === "beforeMCPExecution") {
      let args: unknown = payload["tool_input"];
      if (typeof args === "string") {
        try {
          args = JSON.parse(args) as unknown;
        } catch {
          // keep the raw string: its path-like words are still judged
        }
      }
      return mcp(str(payload["server"] ?? payload["url"] ?? payload["command"]), tool, args);
    }
    if (tool === "Shell" || tool === "Terminal") return shellAt(input["command"], str(input["cwd"]) || cwd);
    if (tool === "Read" || tool === "ReadFile") return read(input["file_path"], input["path"], input["target_file"]);
    if (tool.startsWith("MCP:") || tool.startsWith("mcp__")) return mcp("", tool, input);
    // Cursor's Glob lists the names its pattern matches below `target_directory`: a read of that
    // folder, and of the file a pattern with no wildcard names (`.env`). Its Grep prints the lines it
    // matches, judged below as Claude's Grep is, and a tool whose name only reads (ReadLints) as such
    // a tool is; each was a write of its `path` before red-team round 46, and none of them reached
    // the hook (the matcher named the writing tools only).
    if (CURSOR_LISTINGS.test(tool)) return listing();
    // Cursor's EditNotebook names its notebook `target_notebook` (denied as no path before red-team round 18).
    if (!(tool === "Grep" || CONTENT_SEARCH_TOOLS.test(tool) || readingTool(tool))) return writeAll(input["file_path"] ?? input["path"] ?? input["target_file"] ?? input["target_notebook"] ?? payload["file_path"], tool === "Delete" ? "delete" : "write");
  }
  // Claude Code's Monitor runs a shell command in the background (its hooks see it as Bash today).
  if (tool === "Bash" || tool === "Monitor") {
    // Codex's exec tools name their command `cmd`: a payload giving both has both judged, as a
    // patch's fields are (before red-team round 18 a harmless `command` hid a `cmd`).
    // Claude Code's Bash takes no folder, so a `cwd` (`workdir`) in its input may not be honoured:
    // the command is judged from the session's folder too (`{command: "cat .env", cwd: "/"}` was
    // judged from / alone before red-team round 47).
    return inDirs((dir) => {
      const out = shell(input["command"], dir);
      if (input["cmd"] === undefined || input["cmd"] === input["command"]) return out;
      return together(out, shell(input["cmd"], dir));
    }, harness === "claude" ? [...new Set([cwd, ...shellDirs])] : shellDirs);
  }
  // PowerShell takes `\` as a path separator (its escape is the backquote), on every system:
  // `cd src; ni ..\docs\x` writes docs/x (read as src/..docsx before red-team round 18).
  if (tool === "PowerShell") {
    const text = str(input["command"]).replaceAll("\\", "/");
    return inDirs((dir) => {
      const out = shell(text, dir, true);
      // PowerShell's escape is the backquote: before a character with no escape of its own it is that
      // character (`gc ".`env"` reads .env in Windows PowerShell, where `e is no escape). What the
      // line reads is judged with the backquotes taken out too (allowed before red-team round 21).
      if (!guardReads || !text.includes("`")) return out;
      const plain = shell(text.replaceAll("`", ""), dir, true);
      return joined(out, { ...plain, targets: plain.targets.filter((t) => t.action === "read"), unknown: [], maybe: [] });
    });
  }
  // Copilot CLI's write_bash types text into a shell it started (bash mode async): judged as a
  // command line ({enter} is a newline).
  if (tool === "write_bash") {
    const typed = str(input["input"]);
    // Any other key ({backspace}, {left}, {up}, {tab}, {ctrl+…}) edits or recalls text on the
    // shell's line: what runs is not the text given (allowed before red-team round 20).
    if (/\{(backspace|bs|delete|del|left|right|up|down|home|end|tab|esc|escape|pageup|pagedown|insert|(ctrl|alt|meta|shift)[+-]?[a-z0-9]+)\}/i.test(typed)) return { targets: [], unknown: ["write_bash types keys that edit or recall the shell's line: the command that runs is not the text exo reads"], maybe: [], readOnly: false };
    const text = typed.replace(/\{enter\}/gi, "\n");
    if (!text.endsWith("\n") && text.trim() !== "") return { targets: [], unknown: ["write_bash types text with no {enter} after it: it waits in the shell's line for the text typed next, and exo judges each on its own"], maybe: [], readOnly: false };
    return inDirs((dir) => shell(text, dir, false, true));
  }
  // Codex's write_stdin types `chars` into the program an exec_command started, a shell among them:
  // judged as the command line it is (a carriage return ends a line as a newline does). A control
  // character (backspace, ctrl-u, an arrow's escape) edits or recalls the shell's line (allowed
  // before red-team round 26, should a matcher let the call through).
  if (tool === "write_stdin" && typeof input["chars"] === "string") {
    const typed = input["chars"];
    // Ctrl-C and Ctrl-D alone (stop the program, end its input) type no command.
    // eslint-disable-next-line no-control-regex
    if (/^[\x03\x04\s]*$/.test(typed)) return none;
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(typed)) return { targets: [], unknown: ["write_stdin types keys that edit or recall the shell's line: the command that runs is not the text exo reads"], maybe: [], readOnly: false };
    // Text with no Enter after it waits in the shell's line for the next text typed (`cat .e`, then
    // `nv\n`): one exo cannot judge whole (allowed before red-team round 27).
    const text = typed.replaceAll("\r", "\n");
    if (!text.endsWith("\n")) return { targets: [], unknown: ["write_stdin types text with no Enter after it: it waits in the shell's line for the text typed next, and exo judges each on its own"], maybe: [], readOnly: false };
    return inDirs((dir) => shell(text, dir, false, true));
  }
  // Copilot CLI's apply_patch (GPT models) comes as an Edit whose `input` is the patch.
  const copilotPatch = tool === "Edit" && input["file_path"] === undefined && input["path"] === undefined && typeof input["input"] === "string";
  // opencode's patch tool names its text `patchText` (allowed before red-team round 24).
  if (tool === "apply_patch" || copilotPatch || (/^(apply_?patch|patch)$/i.test(tool) && typeof input["patchText"] === "string")) {
    // The patch text: tool_input.command (Codex), patch, input (an array's words too, but the
    // program's name), or tool_input itself as text. Every one given is judged: which one the
    // harness applies is its own business (before red-team round 16 a `patch` beside a harmless
    // `command` was not read).
    const raw = payload["tool_input"];
    const given = typeof raw === "string" ? [raw] : ["command", "patch", "input", "patchText"].flatMap((k) => [input[k]].flat()).filter((v): v is string => typeof v === "string" && !/^apply_?patch$/.test(v));
    const out: Gathered = { targets: [], unknown: [], maybe: [], readOnly: false };
    // A patch given a folder of its own (`workdir`, as Codex's exec calls name one) names its files
    // from there, or from the session's folder should the harness not honour it: judged from both
    // (red-team round 31; judged from the session's folder alone before).
    const dirs = [...new Set([cwd, ...shellDirs])];
    for (const patch of given.length > 0 ? given : [""]) {
      const targets = dirs.flatMap((d) => patchTargets(patch, d));
      out.targets.push(...targets);
      out.unknown.push(...patchUnknown(patch, targets));
    }
    return out;
  }
  // Claude Code's Glob as Cursor's (`{pattern: ".env"}` passed before red-team round 48).
  if (tool === "Glob") return listing();
  // Copilot CLI's view/create/edit come as Read/Write/Edit naming their file `path`.
  if (tool === "Read") return read(input["file_path"], input["path"], input["target_file"], input["notebook_path"]);
  // A content search under another harness's name (Gemini CLI's search_file_content, opencode's
  // grep, Cursor's grep_search) prints the lines it matches as Grep does, its glob named `include`
  // (allowed before red-team round 24).
  if (tool === "Grep" || CONTENT_SEARCH_TOOLS.test(tool)) {
    // Claude's Grep prints the lines it matches: a read of the file or folder it searches, and of
    // the files its glob picks there at any depth (`glob: ".env*"`), found as bash would find them.
    // Copilot CLI's grep names its files or folders `paths`, one or a list (read before red-team
    // round 19 only as `path`, so `paths: ".env"` printed the secret).
    const given = [input["path"], input["paths"]].flat().filter((v): v is string => typeof v === "string" && v.trim() !== "");
    // Claude Code hands its glob to ripgrep as several: split at white space, then at commas unless
    // the piece holds a brace group (`"*.ts .env"`, `"*.ts,.env"` search .env too: allowed before
    // red-team round 22, when the glob was read as one).
    // (Cline's and Roo's search_files name it `file_pattern`.)
    const globs = str(input["glob"] ?? input["include"] ?? input["include_pattern"] ?? input["includePattern"] ?? input["file_pattern"] ?? input["filePattern"]).split(/\s+/).flatMap((g) => (g.includes("{") && g.includes("}") ? [g] : g.split(","))).filter((g) => g !== "");
    const include = globs.filter((g) => !g.startsWith("!"));
    const exclude = globs.filter((g) => g.startsWith("!") && g.length > 1).map((g) => g.slice(1));
    const out: Gathered = { ...none, targets: [] };
    for (const at of given.length > 0 ? given : ["."]) {
      out.targets.push(...read(at).targets);
      if (!guardReads) continue;
      // Without a glob or a file type it is ripgrep with --hidden over the folder: every file git
      // does not ignore, `.env` among them when it is not ignored (allowed before round 20).
      // A glob `!X` only leaves X out.
      // A file type is the globs ripgrep gives it, and a type exo does not know is every file: rg's
      // `sh` type takes `.env` and `*.env` (`type: "sh"` printed a tracked .env before red-team round 46).
      const typed = str(input["type"]) === "" ? [] : (rgTypeGlobs([str(input["type"])]) ?? []);
      // (Codex's grep_files runs ripgrep without --hidden: a dot file is searched when named or globbed only.)
      if (include.length === 0) (out.trees ??= []).push({ path: abs(at), label: "Grep", hidden: tool !== "grep_files", ignored: false, exclude, excludeDir: [], include: typed, leaveOut: 'glob "!{}"' });
      // A glob picks files at any depth, dot files and files git ignores too (ripgrep's glob
      // overrides both rules): `glob: "*"` searches .env (allowed before red-team round 19), and so
      // do `**`, `.[!x]nv` (allowed before red-team round 22).
      if (include.length > 0) (out.trees ??= []).push({ path: abs(at), label: "Grep", hidden: true, ignored: true, exclude: [], excludeDir: [], include: include.map((g) => g.replace(/^\//, "")) });
      for (const glob of include) {
        if (!/^[\w.*?[\]{},/@+-]+$/.test(glob) || glob.includes("..")) continue;
        const quoted = `'${at.replaceAll("'", "'\\''")}'`;
        // Expanded as bash's dotglob does too, for a file below a folder the walk does not enter.
        out.targets.push(...shellTargets(`shopt -s dotglob; cat -- ${quoted}/${glob.includes("/") ? "" : "**/"}${glob.replace(/^\//, "")}`, shellContext(cwd, home, projectDir, true)).targets.filter((t) => t.action === "read"));
      }
    }
    return out;
  }
  if (tool === "NotebookEdit") return writeAll(input["notebook_path"]);
  if (["Write", "Edit", "MultiEdit"].includes(tool)) return writeAll(input["file_path"] ?? input["path"]);
  // An MCP resource read through the harness's own tool (Claude Code's ReadMcpResourceTool, Codex's
  // read_mcp_resource {server, uri}): a file:// URI is a read of that file, judged as Read is. A
  // filesystem server lists the repository's files as resources, .env among them, and the tool
  // returned the secret to the model before harness round 22 (checked with both real CLIs).
  if (tool === "ReadMcpResourceTool" || tool === "read_mcp_resource") {
    route = "read";
    const paths = mcpReads(str(input["server"]), "read_resource", { uri: input["uri"] });
    return { targets: guardReads ? paths.map((p) => ({ path: mcpPlace(p), action: "read" as const })) : [], unknown: [], maybe: [], readOnly: true };
  }
  if (tool.startsWith("mcp__")) {
    const [, server = "", ...rest] = tool.split("__");
    return mcp(server, rest.join("__"), input);
  }
  // A tool exo does not know that names a file (a harness's new or renamed file tool, which a
  // matcher read as a regex lets through): a write of that file, unless its name only reads.
  const named = input["file_path"] ?? input["notebook_path"];
  if (typeof named === "string" && named.trim() !== "") return readingTool(tool) ? read(named) : write(named);
  // A tool that moves, renames or copies a file between two named places (Zed's move_path and
  // copy_path {source_path, destination_path}, a move_file {source, destination}, rename_file
  // {old_path, new_path}): the destination is written, the source deleted by a move or read by a
  // copy (allowed before red-team round 25: no field was one exo read).
  const pair = movedFiles(tool, input);
  if (pair) {
    const out = writeAll(pair.to);
    out.targets.push(...(pair.copy ? (guardReads ? read(pair.from).targets : []) : write(pair.from, "delete").targets));
    return out;
  }
  // A file tool whose name writes and names its file `path` or `target_file` (an SDK agent's
  // str_replace_based_edit_tool, write_file, edit_file): a write of it, its `view` command a read
  // (allowed before red-team round 18).
  const pathed = input["path"] ?? input["target_file"] ?? input["target_notebook"];
  // Anthropic's text editor protocol under any tool name (text_editor, an SDK agent's own): its
  // command says whether it reads or writes (`text_editor {command: "view", path: ".env"}`: allowed
  // before red-team round 24).
  // (Goose's developer__text_editor writes a whole file with `write`: allowed before red-team round 25.)
  const editorCommand = typeof input["command"] === "string" && /^(view|create|write|str_replace|insert|undo_edit)$/.test(input["command"]);
  if (typeof pathed === "string" && pathed.trim() !== "" && (editorCommand || toolWords(tool).some((w) => WRITING_WORD.test(w)))) return input["command"] === "view" ? read(pathed) : writeAll(pathed);
  // A tool naming a list of files (Gemini CLI's read_many_files {paths}): each one read, or written
  // when its name writes (allowed before red-team round 24).
  const many = ["paths", "files", "file_paths", "filePaths", "include"].flatMap((k) => (Array.isArray(input[k]) ? (input[k] as unknown[]) : [])).filter((v): v is string => typeof v === "string" && v.trim() !== "");
  if (many.length > 0 && (readingTool(tool) || toolWords(tool).some((w) => WRITING_WORD.test(w)))) {
    if (!readingTool(tool)) return { ...writeAll(many[0]), targets: many.flatMap((p) => write(p).targets) };
    const out = read(...many);
    // A pattern among them (`**/*.ts`, `.e*`) is each file it matches, dot files too.
    for (const g of many) if (/[*?[]/.test(g) && guardReads) (out.trees ??= []).push({ path: abs("."), label: tool, hidden: true, ignored: true, exclude: [], excludeDir: [], include: [g.replace(/^\.?\//, "")] });
    return out;
  }
  // One whose name writes and whose list of edits names the files (VS Code's
  // multi_replace_string_in_file {replacements: [{filePath}]}): a write of each (allowed before red-team round 24).
  const listed = listedFiles(input).filter((v): v is string => typeof v === "string" && v.trim() !== "");
  if (listed.length > 0 && toolWords(tool).some((w) => WRITING_WORD.test(w))) return writeAll(listed[0]);
  // One whose name only reads (read_file {path}, view {path}, an SDK agent's own reader) reads it:
  // judged by the secrets rule as Read is (allowed before red-team round 19).
  if (typeof pathed === "string" && pathed.trim() !== "" && readingTool(tool)) return read(pathed);
  // A shell tool under another name (Codex's `shell`, `local_shell`, `exec_command`, `unified_exec`;
  // a harness's renamed Bash) whose input holds a command line or an argv: judged as Bash is
  // (allowed before red-team round 21, should a matcher let such a call through).
  // Its folder may come under another name (`cwd`, `working_directory`, `dir`), and the Responses
  // API's local_shell nests its call in `action` ({command: [...], working_directory}): the command
  // is judged from every folder named (`touch src/x` with `cwd: "docs"` was judged at the top
  // before red-team round 22).
  const line = input["command"] ?? input["cmd"] ?? input["input"] ?? action["command"];
  if ((typeof line === "string" && line.trim() !== "" || Array.isArray(line) && line.length > 0) && toolWords(tool).some((w) => /^(shell|bash|sh|zsh|exec|terminal|cmd|command|run|unified)$/i.test(w))) {
    let out: Gathered | null = null;
    for (const dir of shellDirs) {
      for (const text of [...new Set([line, input["cmd"]])]) if (text !== undefined) out = out === null ? shell(text, dir) : together(out, shell(text, dir));
    }
    return out ?? none;
  }
  return none;
}

/**
 * The folders outside the work tree a read-deny rule names (`~/.ssh/**`: ~/.ssh), where a read of a
 * name exo cannot work out may land (red-team round 25).
 */
function deniedFolders(seal: PolicyView, home: string): string[] {
  const out = new Set<string>();
  for (const rule of seal.deny) {
    if (!rule.actions.includes("read")) continue;
    for (const p of rule.patterns) {
      if (!p.startsWith("~/") && !p.startsWith("/")) continue;
      const literal = (p.startsWith("~/") ? home.replace(/\/+$/, "") + p.slice(1) : p).split("/");
      const cut = literal.findIndex((seg) => /[*?[{]/.test(seg));
      const folder = (cut < 0 ? literal.slice(0, -1) : literal.slice(0, cut)).join("/");
      if (folder !== "" && folder !== "/" && folder !== home.replace(/\/+$/, "")) out.add(folder);
    }
  }
  return [...out].slice(0, 32);
}

/** A file field's canonical name by its letters alone (filePath, FilePath, file-path: file_path). */
const FILE_FIELDS: Record<string, string> = { filepath: "file_path", notebookpath: "notebook_path", path: "path", targetfile: "target_file", targetnotebook: "target_notebook", dirpath: "path", directorypath: "path", folderpath: "path", absolutepath: "file_path", filename: "file_path", file: "file_path" };
/**
 * Content searches of other harnesses (Gemini CLI, opencode, Cursor), which print the lines they
 * match; Codex's grep_files prints the names of the files that match, which tells what they hold
 * as well (passed before red-team round 49: `{pattern: "API_TOKEN=s", path: ".env"}`).
 */
const CONTENT_SEARCH_TOOLS = /^(grep|search_file_content|grep_search|ripgrep|rg|search_content|search_files|regex_search|grep_files)$/i;
/** Cursor's file-name searches and listings (its Glob, glob_file_search, list_dir), which print names only. */
const CURSOR_LISTINGS = /^(glob|glob_file_search|ls|list_?dir)$/i;

/** The two fields of a move, rename or copy tool's places (source, destination), by their letters. */
const FROM_FIELDS = new Set(["source", "sourcepath", "src", "from", "frompath", "oldpath", "oldfilepath", "sourcefile", "sourcefilepath"]);
const TO_FIELDS = new Set(["destination", "destinationpath", "dest", "destpath", "to", "topath", "newpath", "newfilepath", "target", "targetpath", "destinationfile", "destinationfilepath"]);

/** A tool whose name moves, renames or copies, with a source and a destination field: both, and whether it copies. */
function movedFiles(tool: string, input: Payload): { from: string; to: string; copy: boolean } | null {
  const words = toolWords(tool).map((w) => w.toLowerCase());
  const copy = words.some((w) => w === "copy" || w === "cp" || w === "duplicate");
  if (!copy && !words.some((w) => ["move", "rename", "mv"].includes(w))) return null;
  const field = (names: Set<string>) => Object.keys(input).filter((k) => names.has(letters(k))).map((k) => input[k]).find((v): v is string => typeof v === "string" && v.trim() !== "");
  const from = field(FROM_FIELDS);
  const to = field(TO_FIELDS);
  return from === undefined || to === undefined ? null : { from, to, copy };
}
/** A field name by its letters: filePath, file_path, "File Path" and file-path are one name. */
const letters = (k: string): string => k.toLowerCase().replace(/[_\s-]/g, "");
const fieldKey = (k: string): string | undefined => FILE_FIELDS[letters(k)];

/** The values of an object's file fields, under any spelling. */
function fileFields(o: Payload): unknown[] {
  return Object.keys(o).filter((k) => fieldKey(k) !== undefined).map((k) => o[k]);
}

/** The file fields of the objects in an input's lists (edits, replacements), under any spelling. */
function listedFiles(input: Payload): unknown[] {
  return Object.values(input).flatMap((list) => (Array.isArray(list) ? list.flatMap((e) => (e && typeof e === "object" && !Array.isArray(e) ? fileFields(e as Payload) : [])) : []));
}

/**
 * The tool input with each file field under its canonical name (`filePath` as `file_path`), and the
 * values of those spelled otherwise that another field of the same name already holds.
 */
function canonicalFields(given: Payload): { input: Payload; respelled: string[] } {
  let input = given;
  const respelled: string[] = [];
  for (const [k, v] of Object.entries(given)) {
    // A file:// URI given as `uri` or `url` (view_file {uri}) names its file too: the path a URL
    // parser gives (its ?query and #fragment dropped; `{uri: "file:///repo/.env#x"}` passed before
    // red-team round 38), and as written.
    const uri = /^ur[il]$/i.test(k) && typeof v === "string" && /^file:/i.test(v);
    const canon = fieldKey(k) ?? (uri ? "file_path" : undefined);
    if (canon === undefined || canon === k) continue;
    if (input === given) input = { ...given };
    const values = uri ? [...uriPaths(v), v] : [v];
    for (const value of values) {
      if (input[canon] === undefined) input[canon] = value;
      else if (typeof value === "string" && value !== input[canon]) respelled.push(value);
    }
  }
  return { input, respelled };
}

const WRITING_WORD = /^(write|edit|create|update|delete|remove|move|rename|replace|patch|apply|save|put|insert|append|set|make|new|touch)$/i;
const toolWords = (name: string): string[] => name.split(/(?=[A-Z])|[_\s.-]+/).filter((w) => w !== "");

/** A tool name whose words read (NotebookRead, ViewFile) and none of which writes. */
export function readingTool(name: string): boolean {
  const words = toolWords(name);
  return words.some((w) => /^(read|view|get|list|search|grep|glob|ls|cat|show|find|fetch|open|stat)$/i.test(w)) && !words.some((w) => WRITING_WORD.test(w));
}

interface SessionFile extends SessionView {
  actor: string;
  agent_session_id: string | null;
  worktree: string;
  main_worktree?: boolean;
  started_at: string;
  branch?: string | null;
  start_commit?: string | null;
  budgets?: { max_files: number };
}

export function readSessions(stateDir: string): SessionFile[] {
  return sessionFiles(stateDir) ?? [];
}

/**
 * The session files of the state root; null when `sessions` is a plain file, not a folder. A
 * record that is a symlink is not read through (the CLI refuses it too, STATE_CORRUPT): its name
 * goes to `linked`, for the write gate to refuse naming it.
 */
function sessionFiles(stateDir: string, linked: string[] = []): SessionFile[] | null {
  const dir = join(stateDir, "sessions");
  let entries: Dirent[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOTDIR" ? null : [];
  }
  const out: SessionFile[] = [];
  for (const e of entries) {
    if (!/^SES-[0-9A-Z-]+\.json$/.test(e.name)) continue;
    if (e.isSymbolicLink()) {
      linked.push(e.name);
      continue;
    }
    const s = readJsonSync(join(dir, e.name));
    if (s && typeof s === "object" && (s as SessionFile).id) out.push(s as SessionFile);
  }
  return out;
}


/**
 * The open session bound to this conversation (`own`, the payload's harness session id), else to
 * its parent's: a subagent with a conversation of its own (Copilot CLI's task agents) names its
 * parent's as `parent_agent_id` and works inside the parent's session, as Claude Code's subagents do.
 */
export function boundToConversation<T extends { agent_session_id: string | null }>(open: readonly T[], own: string, payload: Payload): T | undefined {
  const parent = payload["parent_agent_id"];
  for (const id of [own, typeof parent === "string" ? parent : ""]) {
    const s = id === "" ? undefined : open.find((x) => x.agent_session_id === id);
    if (s) return s;
  }
  return undefined;
}

/** Active sessions that worked in this main worktree before the repository moved (io/relocated.ts). */
function movedHere(candidates: readonly SessionFile[], root: string): SessionFile[] {
  const gone = candidates.filter((s) => s.status === "active" && typeof s.worktree === "string" && s.worktree !== root && !existsSync(s.worktree));
  if (gone.length === 0) return [];
  const commonDir = join(root, ".git");
  try {
    if (!statSync(commonDir).isDirectory()) return [];
  } catch {
    return [];
  }
  return gone.filter((s) => movedMainWorktree(commonDir, root, s));
}

/** Session resolution for hooks (SPEC §7.5). */
export function resolveSession(sessions: SessionFile[], payload: Payload, env: NodeJS.ProcessEnv, root: string, insideWrites: string[], nocase: boolean): { session: SessionFile | null; ambiguous: string[]; foreign?: true } {
  const open = sessions.filter((s) => s.status === "active" || s.status === "suspended");
  const byId = env["EXO_SESSION_ID"] ? open.find((s) => s.id === env["EXO_SESSION_ID"]) : undefined;
  if (byId) return { session: byId, ambiguous: [] };
  const harnessId = (payload["session_id"] ?? payload["conversation_id"] ?? payload["trajectory_id"]) as string | undefined;
  if (harnessId) {
    const s = boundToConversation(open, harnessId, payload);
    if (s) return { session: s, ambiguous: [] };
  }
  // A conversation exo does not know may not borrow another conversation's session: sessions
  // bound to a different harness session id are out of the running (issue #19).
  const candidates = harnessId ? open.filter((s) => !s.agent_session_id || s.agent_session_id === harnessId) : open;
  if (env["EXO_ACTOR"]) {
    const mine = candidates.filter((s) => s.actor === env["EXO_ACTOR"] && s.status === "active");
    if (mine.length === 1) return { session: mine[0] as SessionFile, ambiguous: [] };
  }
  const here = candidates.filter((s) => s.status === "active" && s.worktree === root);
  // The repository moved or was renamed under a live session (mv project project2): its session
  // names the old folder, and still governs the writes here (before: none did until doctor --fix).
  if (here.length === 0) here.push(...movedHere(candidates, root));
  if (here.length === 1) return { session: here[0] as SessionFile, ambiguous: [] };
  if (here.length > 1) {
    const fits = here
      .filter((s) => insideWrites.every((p) => s.scope.allow.some((g) => compileGlob(g, { nocase })(p))))
      .sort((a, b) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : a.id < b.id ? -1 : 1));
    if (fits[0]) return { session: fits[0], ambiguous: [] };
    return { session: null, ambiguous: here.map((s) => s.id) };
  }
  // Every live session here belongs to another conversation: this one writes in none of them.
  const others = open.filter((s) => s.status === "active" && s.worktree === root);
  if (harnessId && others.length > 0 && insideWrites.length > 0) return { session: null, ambiguous: others.map((s) => s.id), foreign: true };
  return { session: null, ambiguous: [] };
}

/** Per-harness rendering of one kernel decision (SPEC §8.3 and docs/hooks.md). */
export function render(harness: string, event: string, decision: Decision, extraContext: string | null): HookAnswer {
  // Unread payloads and tools of no known kind are rare: their paths do not grow the cache.
  lastWay = route === "none" || route === "other" ? "" : `${route}-${decision.decision}`;
  const r = decision.reason;
  if (harness === "windsurf") {
    // Cascade hooks block only by exit code 2 (stderr is shown); they have no ask.
    if (decision.decision === "allow") return { stdout: "", stderr: extraContext ? `${extraContext}\n` : "", exitCode: 0 };
    return { stdout: "", stderr: `${decision.decision === "ask" ? askAsDeny(r) : r}\n`, exitCode: 2 };
  }
  if (harness === "cursor") {
    if (decision.decision === "allow") return { stdout: "{}", stderr: "", exitCode: 0 };
    return { stdout: JSON.stringify({ permission: decision.decision, user_message: r, agent_message: r, userMessage: r, agentMessage: r }), stderr: "", exitCode: 0 };
  }
  const hookEventName = event || "PreToolUse";
  if (decision.decision === "allow") {
    return { stdout: extraContext ? JSON.stringify({ hookSpecificOutput: { hookEventName, additionalContext: extraContext } }) : "", stderr: "", exitCode: 0 };
  }
  // Codex rejects permissionDecision "ask" as unsupported and then runs the call: deny instead.
  if (harness === "codex" && decision.decision === "ask") {
    return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName, permissionDecision: "deny", permissionDecisionReason: askAsDeny(r) } }), stderr: "", exitCode: 0 };
  }
  return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName, permissionDecision: decision.decision, permissionDecisionReason: r } }), stderr: "", exitCode: 0 };
}

function askAsDeny(reason: string): string {
  return `${reason} (exo would ask a human here; this harness cannot ask, so it is blocked: a human may run it, or widen the scope with exo ticket-update)`;
}

/** Read-class gating events: an unreadable payload or an internal error allows them. */
function readClassEvent(harness: string, event: string): boolean {
  return (harness === "cursor" && event === "beforeReadFile") || (harness === "windsurf" && event === "pre_read_code");
}

const governed = (w: Located): boolean => existsSync(join(w.exoDir, "config.yaml"));
const within = (path: string, root: string): boolean => path === root || path.startsWith(`${root}/`);

/**
 * The repository a payload's call happens in: payload cwd, else the launcher's repository, else the
 * process cwd. The repository whose launcher runs the hook (else `$CLAUDE_PROJECT_DIR`) governs the
 * call: a payload cwd in another governed repository — one nested in it (`git init src/auth/n`
 * with an `.exo/` of the agent's making, then `cd src/auth/n`) or one made elsewhere — does not
 * swap in that repository's policy and sessions. A linked worktree of the launcher's repository
 * (the same state folder) keeps its own root, judged by the launcher's policy. A cwd in a
 * repository that is not governed is looked at from the governed repository around it, if any.
 */
export function locatePayload(payload: Payload, io: HookIO): Located | null {
  const roots = Array.isArray(payload["workspace_roots"]) ? payload["workspace_roots"] : [];
  const info = (payload["tool_info"] && typeof payload["tool_info"] === "object" ? payload["tool_info"] : {}) as Payload;
  const anchorDir = io.launcherRepo ?? (io.env["CLAUDE_PROJECT_DIR"]?.startsWith("/") ? io.env["CLAUDE_PROJECT_DIR"] : null);
  const anchor = anchorDir ? locateRepo(anchorDir, io.env) : null;
  const home = anchor && governed(anchor) ? anchor : null;
  const candidates = [str(payload["cwd"]), str(roots[0]), str(info["cwd"]), anchorDir ?? "", io.cwd].filter((c) => c !== "");
  let first: Located | null = null;
  for (const c of candidates) {
    const where = locateRepo(c, io.env);
    if (!where) continue;
    if (governed(where)) {
      if (!home || where.root === home.root) return where;
      if (where.stateDir === home.stateDir && !within(where.root, home.root)) return { root: where.root, exoDir: home.exoDir, stateDir: home.stateDir };
      return home;
    }
    first ??= where;
  }
  // Not governed where it runs: a repository nested in a governed one is governed by that one.
  for (let up = first; up && up.root !== "/"; ) {
    up = locateRepo(dirname(up.root), io.env);
    if (up && governed(up)) return up;
  }
  return first;
}

export type Seal = PolicyView & { seal_sha256?: string; hooks: PolicyView["hooks"] & { internal_error: string; guard_reads: boolean; heartbeat_interval_seconds: number } };

export interface Evaluation {
  where: Located;
  seal: Seal;
  session: SessionFile | null;
  decision: Decision;
  readOnly: boolean;
  unknown: string[];
  tampered: boolean;
  /** The lapsed lock the hook's revival would take back first (opts.previewRevival, exo decide): its expiry. */
  revivedFrom?: string;
}

/** Whether reads are judged at all (SPEC §7.2: guard_reads and some deny rule with action read). */
export function guardsReads(seal: Seal): boolean {
  return seal.hooks.guard_reads !== false && seal.deny.some((r) => r.actions.includes("read"));
}

/** The decision for one gating call, with no side effects (shared by the hook and exo decide). */
export function evaluate(harness: string, event: string, payload: Payload, io: HookIO, where: Located, seal: Seal): Evaluation {
  const cwd = str(payload["cwd"]) || (Array.isArray(payload["workspace_roots"]) ? str(payload["workspace_roots"][0]) : "") || io.cwd;
  return evaluateTargets(gatingTargets(harness, event, payload, cwd, homedir(), guardsReads(seal), where.root), payload, io, where, seal);
}

/**
 * exo's folders that are not the work tree's own `.exo/` (which the kernel protects by path): the
 * state folder a linked worktree shares with the main checkout, an EXO_STATE_DIR. Outside the work
 * tree they are compared as resolved paths, like the targets.
 */
function exoFoldersElsewhere(where: Located): string[] {
  return [where.stateDir, where.exoDir].filter((d) => !within(d, `${where.root}/.exo`)).map((d) => (within(d, where.root) ? d : resolvePhysical(d).path));
}

/**
 * Where the hook bundle the launcher loads really lives, besides node_modules/exoprotocol (which
 * the kernel protects by name): that folder's real place when it is a link (pnpm keeps packages in
 * node_modules/.pnpm/), and the package of the bundle recorded in cache/hook-bundle.json (a
 * workspace package's node_modules). Whoever writes there answers every later hook call.
 */
function hookCodeFolders(where: Located): string[] {
  const out: string[] = [];
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return null;
    }
  };
  const local = `${where.root}/node_modules/exoprotocol`;
  const linked = real(local);
  if (linked !== null && linked !== local) out.push(linked);
  const recorded = (readCacheJsonSync(`${where.stateDir}/cache/hook-bundle.json`) as { path?: unknown } | null)?.path;
  const pkg = typeof recorded === "string" && recorded.startsWith("/") ? real(dirname(dirname(recorded))) : null;
  // A development checkout of exo that is this repository (or holds it) is not walled off.
  if (pkg !== null && !within(where.root, pkg)) out.push(pkg);
  return out;
}

/** Resolve, resolve the session and decide gathered targets (the second half of evaluate). */
export function evaluateTargets(gathered: Gathered, payload: Payload, io: HookIO, where: Located, seal: Seal, opts: { previewRevival?: boolean } = {}): Evaluation {
  const home = homedir();
  const nocase = caseInsensitiveAt(where.stateDir);
  const { unknown, maybe, readOnly } = gathered;
  // Files a read-deny rule names below folders read to their last file (grep -r ., rg, cp -r): reads of them.
  const readOpts = { nocase, home, tmpdir: realTmp() };
  const anywhere = gathered.trees?.find((t) => t.anywhere);
  const given = anywhere ? [...(gathered.trees ?? []), ...deniedFolders(seal, home).map((path) => ({ ...anywhere, path }))] : gathered.trees;
  // A copy of git's objects (`cp -r .git src/g`, `tar cf src/g.tar .git`) holds every file git
  // tracks, the secret among them, where the agent reads it back (allowed before red-team round
  // 41): read as a clone of the repository is.
  const store = `${where.root}/.git`;
  const copied = given?.find((t) => t.depth === undefined && (t.path.replace(/\/+$/, "") === store || t.path.startsWith(`${store}/objects`)));
  const trees = copied && given ? [...given, { ...copied, path: where.root, label: `${copied.label} (git's objects)`, hidden: true, ignored: true, exclude: [], excludeDir: [], include: [], tracked: true as const }] : given;
  const treeHits = trees && seal.deny.some((r) => r.actions.includes("read")) ? deniedBelow(trees, where.root, (p) => readDenied(seal, p, where.root, readOpts)) : [];
  const targets = treeHits.length === 0 ? [...gathered.targets] : [...gathered.targets, ...treeHits.map((h) => ({ path: h.path, action: "read" as const }))];
  // A loose object read from .git/objects (`zlib-flate -uncompress < .git/objects/a8/2955…`, `pigz
  // -dzc .git/objects/*/*`) is the file the index keeps under that id (allowed before red-team round
  // 23), and so is one from another copy of the objects (a bare repository, `cp -r .git src/g`:
  // allowed before round 41).
  const objectIds = targets.flatMap((t) => (t.action === "read" ? [/\/objects\/([0-9a-f]{2})\/([0-9a-f]{38,62})$/.exec(t.path)] : [])).flatMap((m) => (m ? [`${m[1] as string}${m[2] as string}`] : []));
  // One the index does not hold (an older version of a file, the secret's among them) is asked
  // (allowed before red-team round 41).
  const unplaced: string[] = [];
  if (objectIds.length > 0 && seal.deny.some((r) => r.actions.includes("read"))) targets.push(...(indexedObjects(where.root, [...new Set(objectIds)].slice(0, 2000), unplaced) ?? []).map((path) => ({ path, action: "read" as const })));
  // Symlinks are resolved before `..`, dangling links followed, hard links noticed.
  const unknownWrites = [...unknown, ...unplaced.slice(0, 1).map((id) => `a read of git's object ${id}, a blob its index does not hold: an older version of a file exo cannot name`)];
  const physical = (t: { path: string; action: "read" | "write" | "delete" }) => {
    if (!t.path || !t.path.startsWith("/")) return t;
    const p = resolvePhysical(t.path);
    if (p.loop && t.action !== "read") unknownWrites.push(`${t.path} goes through a symlink loop`);
    if (p.hardLinks > 1 && t.action === "write") unknownWrites.push(`${p.path} has ${p.hardLinks} hard links; writing it changes the other names too`);
    return { ...t, path: p.path };
  };
  // One target per resolved path and action (a file tool's spellings usually land on one file).
  const resolved = [...new Map(targets.map(physical).map((t) => [`${t.action}\0${t.path}`, t])).values()];
  const maybeResolved = maybe.map((m) => ({ ...physical(m), label: m.label, ...(m.via ? { via: physical({ path: m.via, action: "write" }).path } : {}) }));
  // An archive extracted into a folder writes through the symlinks already in it (a member
  // `L/x` lands where `L` points): each link found there is a write where it leads.
  for (const m of [...maybeResolved]) {
    if (!EXTRACTS.test(m.label) || m.action === "read") continue;
    const found = linksBelow(m.path);
    if (found === null) unknownWrites.push(`${m.label}: more than ${LINK_SCAN_LIMIT} entries in ${m.path} to check for symlinks`);
    else for (const link of found) maybeResolved.push({ ...physical({ path: link, action: "write" }), label: `${m.label} through the symlink ${link}` });
  }
  const empty: Decision = { decision: "allow", code: null, reason: "allowed", rule: null, targets: [] };
  if (!sealIsValid(seal)) {
    const d: Decision = readOnly ? empty : { decision: "deny", code: "GOVERNANCE_TAMPERED", reason: "exo blocked this write: governance files were edited by hand (seal mismatch). A human must run exo compose --repair.", rule: null, targets: [] };
    return { where, seal, session: null, decision: d, readOnly, unknown: unknownWrites, tampered: true };
  }
  if (readOnly && resolved.length === 0) return { where, seal, session: null, decision: empty, readOnly, unknown: unknownWrites, tampered: false };
  const writes = [...resolved, ...maybeResolved].filter((t) => t.action !== "read");
  const insideWrites = writes.filter((t) => within(t.path, where.root)).map((t) => t.path.slice(where.root.length + 1));
  // An EXO_NOW that is no timestamp (left set in the harness's environment): no lock can be judged
  // by it, and every exo command the agent runs refuses it. Fail closed, naming the variable.
  const badNow = writes.length > 0 ? badFrozenClock(io.env) : null;
  if (badNow !== null) {
    const d: Decision = { decision: "deny", code: "INVALID_INPUT", reason: `exo blocked this write: EXO_NOW is set to ${JSON.stringify(badNow.length > 40 ? `${badNow.slice(0, 40)}…` : badNow)}, which is no UTC timestamp like 2026-11-24T09:01:02.345Z; it freezes exo's clock (for tests): unset EXO_NOW where the agent runs.`, rule: null, targets: [] };
    return { where, seal, session: null, decision: d, readOnly, unknown: unknownWrites, tampered: false };
  }
  // A sessions "folder" that is a file (a pulled commit: git drops the ignored folder for it) hides
  // every open session, and no session would let the write through: fail closed until doctor --fix.
  const linkedRecords: string[] = [];
  const listed = sessionFiles(where.stateDir, linkedRecords);
  if (writes.length > 0 && listed === null) {
    const rel = where.stateDir.startsWith(`${where.root}/`) ? `${where.stateDir.slice(where.root.length + 1)}/sessions` : join(where.stateDir, "sessions");
    const d: Decision = { decision: "deny", code: "STATE_CORRUPT", reason: `exo blocked this write: ${rel} is a file, not a folder, so exo cannot see which sessions are open. A human must run exo doctor --fix.`, rule: null, targets: [] };
    return { where, seal, session: null, decision: d, readOnly, unknown: unknownWrites, tampered: false };
  }
  // A session record that is a symlink: whose session it is cannot be told (left out, its scope
  // would not apply and hooks.no_session could let the write through). Fail closed until doctor --fix.
  if (writes.length > 0 && linkedRecords.length > 0) {
    const rel = where.stateDir.startsWith(`${where.root}/`) ? `${where.stateDir.slice(where.root.length + 1)}/sessions` : join(where.stateDir, "sessions");
    const d: Decision = { decision: "deny", code: "STATE_CORRUPT", reason: `exo blocked this write: ${rel}/${linkedRecords[0] as string} is a symlink, not a session record exo wrote, so exo cannot tell whose session it is. A human must run exo doctor --fix.`, rule: null, targets: [] };
    return { where, seal, session: null, decision: d, readOnly, unknown: unknownWrites, tampered: false };
  }
  const sessions = listed ?? [];
  const { session, ambiguous, foreign } = resolveSession(sessions, payload, io.env, where.root, insideWrites, nocase);
  let decision: Decision;
  let revivedFrom: string | undefined;
  if (!session && ambiguous.length > 0 && insideWrites.length > 0) {
    // A conversation bound to no session: say so, since the sessions' scopes may well allow the path.
    const why = foreign ? `; ${ambiguous.length === 1 ? "it belongs" : "they belong"} to another agent conversation: start your own session with exo session-start` : "";
    // Each write inside the repository is a target (SPEC §6.1 decide's targets, the ledger record's
    // path): denied when no one of those sessions allows it (before: no targets, so exo decide listed
    // none and hook.denied recorded path null, and the reason named the first write even when a
    // session allowed it).
    const scopes = sessions.filter((s) => !foreign && ambiguous.includes(s.id)).map((s) => s.scope.allow.map((g) => compileGlob(g, { nocase })));
    const targets = writes.filter((t) => within(t.path, where.root)).map((t): Decision["targets"][number] => {
      const rel = t.path.slice(where.root.length + 1);
      const allowed = scopes.some((allow) => allow.some((m) => m(rel)));
      return { path: rel, action: t.action, inside_repo: true, decision: allowed ? "allow" : "deny", code: allowed ? null : "OUT_OF_SCOPE", rule: null };
    });
    const named = targets.find((t) => t.decision === "deny")?.path ?? insideWrites[0];
    decision = { decision: "deny", code: "OUT_OF_SCOPE", reason: `exo blocked write to ${named}: outside the scope of every active session (${ambiguous.join(", ")})${why}.`, rule: null, targets };
    if (seal.hooks.enforcement === "advisory") decision = { ...decision, enforced_from: "deny", decision: "allow" };
  } else {
    const lockFile = session ? join(where.stateDir, "locks", `${session.ticket}.json`) : null;
    // A lock file that is a symlink decides nothing: who holds the ticket is not told by a file elsewhere.
    if (lockFile !== null && writes.length > 0 && isSymlinkSync(lockFile)) {
      const rel = lockFile.startsWith(`${where.root}/`) ? lockFile.slice(where.root.length + 1) : lockFile;
      const d: Decision = { decision: "deny", code: "STATE_CORRUPT", reason: `exo blocked this write: ${rel} is a symlink, not the lock exo wrote, so exo cannot tell who holds ${session?.ticket ?? "the ticket"}. A human must run exo doctor --fix.`, rule: null, targets: [] };
      return { where, seal, session, decision: d, readOnly, unknown: unknownWrites, tampered: false };
    }
    let lock = lockFile ? (readJsonSync(lockFile) as Parameters<typeof checkAction>[3] | null | undefined) ?? null : null;
    // exo decide: the hook takes a lapsed lock of its active session back before it decides
    // (reviveLapsedLock), so the answer is the one after that revival (before: LOCK_REQUIRED,
    // which the hook never gave for it).
    const revived = opts.previewRevival && session?.status === "active" && lock ? lapsedRevival(lock as LockState, session, nowOf(io.env)) : null;
    if (revived && lock) {
      revivedFrom = lock.expires_at;
      lock = revived;
    }
    decision = checkAction(seal, { targets: resolved, unknownWrites, maybeWrites: maybeResolved, forbidden: [...(gathered.forbidden ?? []), ...(session || seal.hooks.no_session !== "allow" ? (gathered.fences ?? []) : [])], repoRoot: where.root, protectedDirs: exoFoldersElsewhere(where), hookCodeDirs: writes.length > 0 ? hookCodeFolders(where) : [], agentGate: true, home, tmpdir: realTmp(), caseInsensitive: nocase }, session, lock, nowOf(io.env));
  }
  // A secret found below a searched or copied folder: say which program read it and how to leave it out.
  const hit = decision.code === "RULE_DENIED" ? treeHits.find((h) => decision.targets.some((t) => t.decision === "deny" && (t.path === h.path || `${where.root}/${t.path}` === h.path))) : undefined;
  if (hit) decision = { ...decision, reason: `${decision.reason}. ${treeHint(hit, where.root)}.` };
  return { where, seal, session, decision, readOnly, unknown: unknownWrites, tampered: false, ...(revivedFrom !== undefined ? { revivedFrom } : {}) };
}

/** Labels (kernel/shell.ts) of archive extractions into a folder, whose members' names are unknown, and of changes that follow every link below (chmod -RL). */
const EXTRACTS = /^(tar -x|unzip|cpio -i|chmod -RL|chown -RL|chgrp -RL)/;
const LINK_SCAN_LIMIT = 5000;

/**
 * The symlinks in folder `dir` and below, including those inside folders a link leads to (a
 * member `L/M/x` goes through both), or null when there are more than LINK_SCAN_LIMIT entries to
 * look at. A missing folder or a file holds none.
 */
function linksBelow(dir: string): string[] | null {
  const links: string[] = [];
  const pending = [dir];
  const visited = new Set<string>();
  let seen = 0;
  while (pending.length > 0) {
    const folder = pending.pop() as string;
    let entries: Dirent[];
    try {
      const real = realpathSync(folder);
      if (visited.has(real)) continue;
      visited.add(real);
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > LINK_SCAN_LIMIT) return null;
      const path = `${folder === "/" ? "" : folder}/${e.name}`;
      if (e.isSymbolicLink()) {
        links.push(path);
        pending.push(path);
      } else if (e.isDirectory()) pending.push(path);
    }
  }
  return links;
}

/**
 * What a gating payload lacks that its event needs (SPEC §8.1 fail-safe: a payload exo cannot read
 * is an internal error), or null. A tool call without a tool name, a shell call without its command
 * text: nothing to decide on, so a write-class event is not let through on a guess.
 */
export function malformedPayload(harness: string, event: string, payload: Payload): string | null {
  const input = payload["tool_input"];
  const text = (v: unknown) => typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === "string"));
  const commandOf = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Payload)["command"] : undefined);
  if (harness === "cursor") {
    if (event === "beforeShellExecution" && typeof payload["command"] !== "string") return "no command";
    if (event === "preToolUse" && typeof payload["tool_name"] === "string" && ["Shell", "Terminal"].includes(payload["tool_name"]) && !text(commandOf(input))) return "no command";
    return null;
  }
  if (harness === "windsurf") {
    const info = payload["tool_info"];
    const cmd = info && typeof info === "object" ? ((info as Payload)["command_line"] ?? (info as Payload)["command"]) : undefined;
    return event === "pre_run_command" && typeof cmd !== "string" ? "no command" : null;
  }
  if (event !== "PreToolUse") return null;
  const tool = payload["tool_name"];
  if (typeof tool !== "string" || tool === "") return "no tool_name";
  if ((tool === "Bash" || tool === "PowerShell") && !text(commandOf(input))) return "no command";
  return null;
}

/** Parse a hook payload: a JSON object, or null (empty, whitespace, malformed, array, scalar). */
export function parsePayload(stdin: string): Payload | null {
  const text = stripBom(stdin).trim();
  if (text === "") return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Payload) : null;
  } catch {
    return null;
  }
}

/** Decide one gating event. Returns what to print and the exit code. */
export async function gate(harness: string, event: string, io: HookIO): Promise<HookAnswer> {
  route = "none";
  let writeClass = !readClassEvent(harness, event);
  let policyHooks: { enforcement: string; internal_error: string } = { enforcement: "strict", internal_error: "deny" };
  const internal = (reason: string): HookAnswer => {
    const blocked = writeClass && policyHooks.enforcement === "strict" && policyHooks.internal_error === "deny";
    if (!blocked) return { ...render(harness, event, { decision: "allow", code: null, reason: "", rule: null, targets: [] }, null), stderr: `${reason}\n` };
    const d: Decision = { decision: "deny", code: "INTERNAL", reason: `${reason}; the write is blocked to be safe (run exo doctor).`, rule: null, targets: [] };
    const out = render(harness, event, d, null);
    return { ...out, stderr: out.stderr || `${d.reason}\n` };
  };
  const allow = (): HookAnswer => render(harness, event, { decision: "allow", code: null, reason: "", rule: null, targets: [] }, null);
  const parsed = parsePayload(io.stdin);
  const payload: Payload = parsed ?? {};
  let where: Located | null = null;
  try {
    if (parsed && harness !== "cursor" && harness !== "windsurf" && payload["tool_name"] === "Read") writeClass = false;
    where = locatePayload(payload, io);
    if (!where || !existsSync(join(where.exoDir, "config.yaml"))) return allow();
    const read = readSeal(where) as Seal | null | undefined;
    // A seal of a newer exo (SPEC §4) is one this exo cannot read: its rules may mean more than this
    // exo knows, so it is the internal-error row of §8.1, as an unreadable seal is (before: it was
    // applied as an old one, and with no session a gated write passed).
    const newer = newerSealFormat(read);
    const seal = newer ? null : read;
    if (seal && typeof seal === "object") policyHooks = { enforcement: seal.hooks?.enforcement ?? "strict", internal_error: seal.hooks?.internal_error ?? "deny" };
    if (!parsed) {
      const why = `exo could not read the ${harness} ${event} payload (${io.stdin.trim() === "" ? "empty input" : "not a JSON object"})`;
      await recordHookEvent(where, { harness, event, tool: event, type: "hook.error", code: "INTERNAL", path: null, action: null, rule: null, reason: why }, io.env, null);
      return internal(`exo hook internal error: ${why}`);
    }
    if (!seal || typeof seal !== "object") {
      // An internal error like an unreadable payload (SPEC §8.1): one line on stderr and hook.error
      // in the ledger (before: stderr only, so doctor and the dashboard never saw it).
      const why = newer ? `exo cannot read .exo/policy.sealed.json: its format ${newer} is newer than this exo understands; upgrade exo (npm install -g exoprotocol@latest)` : "exo cannot read .exo/policy.sealed.json; run exo compose or exo doctor";
      await recordHookEvent(where, { harness, event, tool: str(payload["tool_name"]) || event, type: "hook.error", code: "INTERNAL", path: null, action: null, rule: null, reason: why }, io.env, null);
      return internal(why);
    }
    const lacks = writeClass ? malformedPayload(harness, event, payload) : null;
    if (lacks) {
      const why = `exo could not read the ${harness} ${event} payload (${lacks})`;
      await recordHookEvent(where, { harness, event, tool: str(payload["tool_name"]) || event, type: "hook.error", code: "INTERNAL", path: null, action: null, rule: null, reason: why }, io.env, null);
      return internal(`exo hook internal error: ${why}`);
    }
    useGlobCache(where.stateDir);
    let ev = evaluate(harness, event, payload, io, where, seal);
    // The heartbeat of SPEC §7.14 runs before deciding (§7.2 step 9): a lapsed lock the session
    // still carries is extended, and the call is decided again on it.
    if (ev.session && ev.decision.code === "LOCK_REQUIRED" && (await reviveLapsedLock(where, ev.session, io.env, harness))) ev = evaluate(harness, event, payload, io, where, seal);
    const { session, decision } = ev;
    const tool = str(payload["tool_name"]) || event;
    if (ev.tampered) {
      await recordHookEvent(where, { harness, event, tool, type: "hook.denied", code: "GOVERNANCE_TAMPERED", path: null, action: null, rule: null, reason: "policy.sealed.json does not match its seal" }, io.env, sealHashes(ev.seal as unknown as Record<string, unknown>, "seal_sha256"));
      return render(harness, event, decision, null);
    }
    // The target the decision is about; none when every target passed and the command's unknown
    // writes decided (UNKNOWN_WRITE): its path is what exo could not tell, not the first (read) target.
    const blamed = decision.targets.find((t) => t.decision !== "allow");
    const first = blamed ?? (decision.code === "UNKNOWN_WRITE" || decision.code === "NO_SESSION" ? { path: null, action: "write" as const } : decision.targets[0]);
    const eventType = decision.enforced_from ? "hook.warned" : decision.decision === "deny" ? "hook.denied" : decision.decision === "ask" ? "hook.asked" : null;
    if (eventType) {
      await recordHookEvent(where, { harness, event, tool, type: eventType, code: decision.code, path: first?.path ?? null, action: first?.action ?? null, rule: decision.rule, reason: decision.reason, session: session?.id ?? null, ticket: session?.ticket ?? null, actor: session?.actor ?? null, agent: str(payload["agent_id"]) || null }, io.env, null);
    }
    let context: string | null = decision.enforced_from ? `exo (advisory mode) would have ${decision.enforced_from === "deny" ? "blocked" : "asked about"} this: ${decision.reason}` : null;
    if (decision.decision === "allow" && session) {
      const writes = decision.targets.filter((t) => t.inside_repo && t.action !== "read");
      if (writes.length > 0) {
        const note = appendTouched(where, session, writes.map((t) => ({ path: t.path, action: t.action })), io.env);
        if (note && !context) context = note;
      }
    }
    // Any gated call of an active session is a sign of life, refused or not (SPEC §7.14): an agent
    // whose writes are all denied is not a crashed one.
    if (session && session.status === "active") await hookHeartbeat(where, session, ev.seal.hooks.heartbeat_interval_seconds ?? 60, io.env, harness);
    return render(harness, event, decision, context);
  } catch (error) {
    const message = `exo hook internal error: ${error instanceof Error ? error.message : String(error)}`;
    if (where) await recordHookEvent(where, { harness, event, tool: event, type: "hook.error", code: "INTERNAL", path: null, action: null, rule: null, reason: message }, io.env, null).catch(() => undefined);
    return internal(message);
  }
}

let tmpCache: string | null = null;
function realTmp(): string {
  if (tmpCache === null) {
    try {
      tmpCache = realpathSync(tmpdir());
    } catch {
      tmpCache = tmpdir();
    }
  }
  return tmpCache;
}

/**
 * The bundle's entry points for hook-main.ts: gating events, then the globs they compiled and the
 * code cache of the shell analysis (a bundle of its own in the hook: hooks/shell-lazy.ts).
 */
export const handle = gate;
export function afterAnswer(): void {
  saveGlobCache();
  saveShellCache(lastWay);
}

/** The format a sealed policy names when it is newer than exo.sealed-policy/1, else null (SPEC §4's rule, stdlib/state-format.ts). */
export function newerSealFormat(seal: unknown): string | null {
  const version = newerFormat(seal, "sealed-policy");
  return version === null ? null : `exo.sealed-policy/${version}`;
}
