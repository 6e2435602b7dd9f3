// git configuration, read once per command: `git config --list --show-scope -z` lists every entry
// in the order git applies them (system, global, local, worktree, command line; the last value of
// a key wins, as with `git config <key>`). session-start needs core.hooksPath, the hooks folder,
// the merge driver, the remote's refspecs and the upstream branch; every command run by a person
// the actor (user.email). One process answers all of them instead of one process each. (The
// auto-commit's identity is git's to find: see autocommit.ts.)
//
// The listing is kept per Repo object, and a Repo lives for one command (one CLI call, one MCP tool
// call), so a long-running exo-mcp never answers from an old listing. Code that writes git config
// calls forgetGitConfig afterwards.
//
// Between commands the entries exo reads (KEPT, nothing else of a person's configuration) are kept
// in `<state>/cache/git-config.json` with what they were read from: the size, mtime and inode of
// every file git read them from and of every file git would read (system, global, XDG, the
// repository's config and config.worktree), the git program found on PATH, and every GIT_*,
// HOME and XDG_CONFIG_HOME variable. A later command uses them only when all of that is unchanged,
// so `next` and `status` start no git process at all. A configuration with include or includeIf
// (whose files and conditions are git's to follow), a file changed in the two seconds before the
// listing (git's "racy" rule) or a kept listing older than an hour: git is asked again.
import type { Env } from "./env.js";
import { statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { writeCacheFileSync, removeFileSync } from "./fs-atomic.js";
import { gitRaw, gitRawSync } from "./git.js";
import { fnvHex } from "../kernel/fnv.js";
import type { Repo } from "./repo.js";
import { readStateRecordSync } from "./state-links.js";

export interface GitConfigEntry {
  /** system, global, local, worktree or command. */
  scope: string;
  /** Section and name lower-cased, subsection as written (git's canonical form). */
  key: string;
  /** null for a key written without `=` (a boolean true). */
  value: string | null;
}

/**
 * Parse `git config --list --show-scope -z`: `scope\0key\nvalue\0`, or `scope\0key\0` without a
 * value; with `--show-origin` too (`origins`), `scope\0origin\0key…`, each origin pushed to `origins`.
 */
export function parseConfigList(text: string, origins?: string[]): GitConfigEntry[] {
  const parts = text.split("\0");
  const out: GitConfigEntry[] = [];
  const step = origins ? 3 : 2;
  for (let i = 0; i + step - 1 < parts.length; i += step) {
    const scope = parts[i] as string;
    if (origins) origins.push(parts[i + 1] as string);
    const item = parts[i + step - 1] as string;
    const nl = item.indexOf("\n");
    out.push(nl < 0 ? { scope, key: item, value: null } : { scope, key: item.slice(0, nl), value: item.slice(nl + 1) });
  }
  return out;
}

/**
 * The keys exo reads from git's configuration (canonical form). gitConfig lists only these, so a
 * kept listing holds nothing else; a new reader of another key adds it here.
 */
const KEPT = /^(?:core\.hookspath|core\.commentchar|user\.email|trailer\..*|branch\..+\.merge|merge\..+\.(?:driver|name)|remote\..+\.(?:url|fetch))$/s;

const FORMAT = "exo.git-config/1";
/** A kept listing is used for at most this long: git is asked at least once an hour. */
const KEEP_MS = 3_600_000;
/** git's "racy" rule: a file changed this recently may change again within the same mtime. */
const RACY_MS = 2_000;

interface Kept {
  format: string;
  kept: string;
  /** The git dir the listing was read for (a linked worktree's own config.worktree differs). */
  gitDir: string;
  made: number;
  inputs: string;
  files: Record<string, string>;
  entries: GitConfigEntry[];
}

/** One kept listing per work tree (linked worktrees share the state folder, not their config.worktree). */
const snapshotFile = (repo: Repo) => join(repo.cacheDir, repo.gitDir && repo.gitDir !== repo.commonDir ? `git-config-${fnvHex(repo.gitDir, 8)}.json` : "git-config.json");

/** size:mtime:inode of a file, "-" when there is none, null when it cannot be told. */
export function fileSig(path: string): string | null {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return "-";
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOTDIR" ? "-" : null;
  }
}

/** The git program execFile("git") runs: the first regular file named git on PATH; null when PATH is unusual. */
export function gitProgram(env: Env): string | null {
  // One PATH walk per process and PATH: the config listing and the git version check both ask.
  const path = env["PATH"] ?? "";
  if (programSeen?.path !== path) programSeen = { path, program: findGit(path) };
  return programSeen.program;
}

let programSeen: { path: string; program: string | null } | null = null;

function findGit(path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (!isAbsolute(dir)) return null; // relative or empty entries depend on the folder git runs in
    const file = join(dir, "git");
    try {
      const st = statSync(file, { throwIfNoEntry: false });
      if (st?.isFile() && (st.mode & 0o111) !== 0) return file;
    } catch {
      return null;
    }
  }
  return null;
}

/** git variables that do not change which configuration git reads (an agent's GIT_PAGER=cat). */
const NOT_CONFIG = /^GIT_(?:(?:AUTHOR|COMMITTER)_(?:NAME|EMAIL|DATE)|PAGER|EDITOR|SEQUENCE_EDITOR|TERMINAL_PROMPT|ASKPASS|SSH|SSH_COMMAND|SSH_VARIANT|TRACE\w*|MERGE_AUTOEDIT)$/;

/**
 * What a listing depends on besides its files' contents: the variables git reads for its
 * configuration and the git program; null when exo cannot tell (no HOME, an unusual PATH).
 */
function listingInputs(env: Env): { inputs: string; candidates: string[] } | null {
  const home = env["HOME"];
  const program = gitProgram(env);
  if (!home || !isAbsolute(home) || !program) return null;
  const named = ["XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG"].map((k) => env[k]).filter((v): v is string => v !== undefined && v !== "");
  if (named.some((v) => !isAbsolute(v))) return null; // relative to the folder git runs in
  const xdg = env["XDG_CONFIG_HOME"] || join(home, ".config");
  const vars = Object.keys(env)
    .filter((k) => (k.startsWith("GIT_") && !NOT_CONFIG.test(k)) || k === "HOME" || k === "XDG_CONFIG_HOME")
    .sort()
    .map((k) => `${k}=${env[k]}`);
  const programSig = fileSig(program);
  if (programSig === null || programSig === "-") return null;
  // The files git reads when they exist (a file created later changes the answer): the global and
  // XDG files and the system file, at /etc or under the program's own prefix.
  const prefix = dirname(dirname(program));
  const candidates = [join(home, ".gitconfig"), join(xdg, "git", "config"), "/etc/gitconfig", join(prefix, "etc", "gitconfig")];
  // Files named by variables (GIT_CONFIG_GLOBAL=…): watched even while they do not exist yet.
  for (const k of ["GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG"]) if (env[k]) candidates.push(env[k]);
  return { inputs: JSON.stringify([vars, program, programSig]), candidates };
}

function repoFiles(repo: Repo): string[] {
  const out: string[] = [];
  for (const dir of [repo.commonDir, repo.gitDir]) if (dir) out.push(join(dir, "config"), join(dir, "config.worktree"));
  return out;
}

/** What a listing is read from: the variables and the program (`inputs`), and each file git reads or would read with its signature. */
interface Sources {
  inputs: string;
  files: Record<string, string>;
}

/** The sources of this repository's listing now, or null when exo keeps no listing for it. */
function currentSources(repo: Repo): Sources | null {
  if (!repo.commonDir || !repo.isInitialised) return null;
  const found = listingInputs(process.env);
  if (!found) return null;
  const files: Record<string, string> = {};
  for (const f of [...found.candidates, ...repoFiles(repo)]) {
    const sig = fileSig(f);
    if (sig === null) return null;
    files[f] = sig;
  }
  return { inputs: found.inputs, files };
}

/** The kept listing when everything it was read from is as `now` finds it, else null. */
function readKept(repo: Repo, now: Sources): GitConfigEntry[] | null {
  let kept: Kept;
  try {
    const text = readStateRecordSync(snapshotFile(repo));
    if (text === null) return null;
    kept = JSON.parse(text) as Kept;
  } catch {
    return null;
  }
  if (kept?.format !== FORMAT || kept.kept !== KEPT.source || kept.gitDir !== (repo.gitDir ?? repo.commonDir) || !Array.isArray(kept.entries) || !kept.files || typeof kept.files !== "object") return null;
  const age = Date.now() - kept.made;
  if (!(age >= 0 && age < KEEP_MS) || kept.inputs !== now.inputs) return null;
  for (const [f, sig] of Object.entries(now.files)) if (kept.files[f] !== sig) return null;
  // Files git read beyond the usual ones (a system file under another prefix): their own stat.
  for (const [f, sig] of Object.entries(kept.files)) if (!(f in now.files) && fileSig(f) !== sig) return null;
  return kept.entries;
}

/** A remote's address without the user and password it may carry (`https://user:token@host/…`). */
function withoutCredentials(e: GitConfigEntry): GitConfigEntry {
  return /^remote\..+\.url$/s.test(e.key) && e.value ? { ...e, value: e.value.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@]*@/, "$1") } : e;
}

/** Keep a listing just read by git, when it can be told unchanged later (see the top of this file). */
function keep(repo: Repo, before: Sources, started: number, entries: GitConfigEntry[], origins: string[]): void {
  const files = { ...before.files };
  for (const origin of origins) {
    if (!origin.startsWith("file:")) return; // command line, blob or standard input: not a file to watch
    const path = resolve(repo.root, origin.slice(5));
    if (!(path in files)) {
      const sig = fileSig(path);
      if (sig === null) return;
      files[path] = sig;
    }
  }
  for (const [f, sig] of Object.entries(files)) {
    if (fileSig(f) !== sig) return; // changed while git read it
    const mtime = sig === "-" ? 0 : Number(sig.split(":")[1]);
    if (mtime >= started - RACY_MS) return;
  }
  const after = listingInputs(process.env);
  if (!after || after.inputs !== before.inputs) return; // the git program changed meanwhile
  const kept: Kept = { format: FORMAT, kept: KEPT.source, gitDir: repo.gitDir ?? repo.commonDir ?? "", made: Date.now(), inputs: before.inputs, files, entries: entries.map(withoutCredentials) };
  writeCacheFileSync(snapshotFile(repo), `${JSON.stringify(kept)}\n`);
}

/** Before git lists: the kept entries, or what the listing reads from now (to keep it by). */
function beforeListing(repo: Repo): { kept: GitConfigEntry[] } | { sources: Sources | null; started: number } {
  const sources = currentSources(repo);
  const kept = sources ? readKept(repo, sources) : null;
  return kept ? { kept } : { sources, started: Date.now() };
}

/** git's listing as the entries exo reads, kept for later commands when it can be. */
function afterListing(repo: Repo, at: { sources: Sources | null; started: number }, r: { code: number; stdout: string }): GitConfigEntry[] | null {
  if (r.code !== 0) return null;
  const origins: string[] = [];
  const all = parseConfigList(r.stdout, origins);
  const entries = all.filter((e) => KEPT.test(e.key));
  // An include's files and conditions are git's to follow: such a listing is never kept.
  if (at.sources && !all.some((e) => e.key.startsWith("include.") || e.key.startsWith("includeif."))) keep(repo, at.sources, at.started, entries, origins);
  return entries;
}

const LIST_ARGS = ["config", "--list", "--show-scope", "--show-origin", "-z"];

/** One listing per Repo object: its promise, and its value once there (for synchronous callers). */
const listings = new WeakMap<Repo, { listing: Promise<GitConfigEntry[] | null>; value?: GitConfigEntry[] | null }>();

/**
 * The config entries exo reads (KEPT) of this repository, or null when git could not list them
 * (the caller asks git itself).
 */
export function gitConfig(repo: Repo): Promise<GitConfigEntry[] | null> {
  const have = listings.get(repo);
  if (have) return have.listing;
  const at = beforeListing(repo);
  const memo: { listing: Promise<GitConfigEntry[] | null>; value?: GitConfigEntry[] | null } = "kept" in at ? { listing: Promise.resolve(at.kept), value: at.kept } : { listing: gitRaw(repo.root, LIST_ARGS).then((r) => (memo.value = afterListing(repo, at, r))) };
  listings.set(repo, memo);
  return memo.listing;
}

/**
 * gitConfig for a caller that cannot wait (the actor, read as a property): the entries at hand, else
 * git's listing read synchronously (and kept for later commands). null when git could not list.
 */
export function gitConfigSync(repo: Repo): GitConfigEntry[] | null {
  const have = listings.get(repo);
  if (have?.value !== undefined) return have.value;
  const at = beforeListing(repo);
  const value = "kept" in at ? at.kept : afterListing(repo, at, gitRawSync(repo.root, LIST_ARGS));
  listings.set(repo, { listing: Promise.resolve(value), value });
  return value;
}

/** Drop the kept listings after exo changed the configuration. */
export function forgetGitConfig(repo: Repo): void {
  listings.delete(repo);
  try {
    removeFileSync(snapshotFile(repo));
  } catch {
    // none kept
  }
}

/** The value git uses for `key` (canonical form), optionally from some scopes only; undefined when unset. */
export function configValue(entries: readonly GitConfigEntry[], key: string, scopes?: readonly string[]): string | null | undefined {
  let found: string | null | undefined;
  for (const e of entries) if (e.key === key && (!scopes || scopes.includes(e.scope))) found = e.value;
  return found;
}

/**
 * The absolute hooks folder git runs hooks from (`git rev-parse --git-path hooks`), from the
 * listing when the answer is plain: core.hooksPath unset (the common git dir's hooks/), or set to a
 * simple absolute, `~/` or work-tree-relative path. Anything else (an empty value, `~user`,
 * `%(prefix)`, `.` or `..` segments): undefined, and the caller asks git.
 */
export function hooksDirFrom(entries: readonly GitConfigEntry[], repo: Repo, home: string | undefined): string | undefined {
  const value = configValue(entries, "core.hookspath");
  if (value === undefined) return repo.commonDir ? join(repo.commonDir, "hooks") : undefined;
  if (value === null || value === "" || value.includes("%(") || value.endsWith("/")) return undefined;
  let path = value;
  if (path.startsWith("~/")) {
    if (!home?.startsWith("/")) return undefined;
    path = join(home, path.slice(2));
  } else if (path.startsWith("~")) return undefined;
  if (path.split("/").some((s) => s === "." || s === "..")) return undefined;
  if (/\/\/|\\/.test(path)) return undefined;
  return path.startsWith("/") ? path : join(repo.root, path);
}

/** The absolute hooks folder of this repository (`git rev-parse --git-path hooks`), or null when git cannot say. */
export async function gitHooksDir(repo: Repo): Promise<string | null> {
  const entries = await gitConfig(repo);
  const plain = entries ? hooksDirFrom(entries, repo, process.env["HOME"]) : undefined;
  if (plain !== undefined) return plain;
  const r = await gitRaw(repo.root, ["rev-parse", "--path-format=absolute", "--git-path", "hooks"]);
  return r.code === 0 ? r.stdout.trim() || null : null;
}
