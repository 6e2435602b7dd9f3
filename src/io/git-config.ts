// git configuration, read once per command: `git config --list --show-scope -z` lists every entry
// in the order git applies them (system, global, local, worktree, command line; the last value of
// a key wins, as with `git config <key>`). session-start needs core.hooksPath, the hooks folder,
// the merge driver, the remote's refspecs and the upstream branch. One process answers all of them
// instead of one process each. (The auto-commit's identity is git's to find: see autocommit.ts.)
//
// The listing is kept per Repo object, and a Repo lives for one command (one CLI call, one MCP tool
// call), so a long-running exo-mcp never answers from an old listing. Code that writes git config
// calls forgetGitConfig afterwards.
import { join } from "node:path";
import { gitRaw } from "./git.js";
import type { Repo } from "./repo.js";

export interface GitConfigEntry {
  /** system, global, local, worktree or command. */
  scope: string;
  /** Section and name lower-cased, subsection as written (git's canonical form). */
  key: string;
  /** null for a key written without `=` (a boolean true). */
  value: string | null;
}

/** Parse `git config --list --show-scope -z`: `scope\0key\nvalue\0`, or `scope\0key\0` without a value. */
export function parseConfigList(text: string): GitConfigEntry[] {
  const parts = text.split("\0");
  const out: GitConfigEntry[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const scope = parts[i] as string;
    const item = parts[i + 1] as string;
    const nl = item.indexOf("\n");
    out.push(nl < 0 ? { scope, key: item, value: null } : { scope, key: item.slice(0, nl), value: item.slice(nl + 1) });
  }
  return out;
}

const listings = new WeakMap<Repo, Promise<GitConfigEntry[] | null>>();

/** Every config entry of this repository, or null when git could not list them (the caller asks git itself). */
export function gitConfig(repo: Repo): Promise<GitConfigEntry[] | null> {
  let listing = listings.get(repo);
  if (!listing) {
    listing = gitRaw(repo.root, ["config", "--list", "--show-scope", "-z"]).then((r) => (r.code === 0 ? parseConfigList(r.stdout) : null));
    listings.set(repo, listing);
  }
  return listing;
}

/** Drop the kept listing after exo changed the configuration. */
export function forgetGitConfig(repo: Repo): void {
  listings.delete(repo);
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
