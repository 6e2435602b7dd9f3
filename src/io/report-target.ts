// Where a report the user named may be written (`export-traces --out`, `dashboard --out`,
// `pr-check --markdown`). exo's own files are never a report target: a report written over
// .exo/config.yaml, a ticket, the ledger or a git hook would destroy governance state (SPEC §12
// self-protection). Over MCP the target must also stay in the repository or the temp folder, as an
// agent's own writes must (hooks.external_write_allow's default).
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { EXO_MANAGED_FILES } from "../stdlib/exo-managed.js";
import { realpathLongestPrefix, type Repo } from "./paths.js";

/** What stands at `path`: a folder, a path whose parent is a file, or anything else (a file, a pipe, nothing). */
function kindAt(path: string): "folder" | "through_file" | "other" {
  try {
    return statSync(path).isDirectory() ? "folder" : "other";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOTDIR" ? "through_file" : "other";
  }
}

const within = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/** Inside .exo/, a report may go only to traces/ or be a top-level non-JSON file in cache/. */
function reportableInExo(rel: string): boolean {
  if (rel.startsWith("traces/")) return true;
  return /^cache\/[^/]+$/.test(rel) && !rel.endsWith(".json");
}

export function reportTarget(repo: Repo, cwd: string, given: string, flag: string, opts: { confined: boolean; command: string }): string {
  const path = resolve(cwd, given);
  const real = realpathLongestPrefix(path);
  const refuse = (why: string): never => {
    throw new ExoError(ErrorCode.INVALID_INPUT, `${flag} ${given} ${why}`, {
      details: { issues: [{ path: flag.replace(/^--/, "").replaceAll("-", "_"), code: "path_unsafe", message: why, severity: "error" }] },
    });
  };
  for (const dir of new Set([repo.exoDir, repo.stateDir])) {
    const realDir = realpathLongestPrefix(dir);
    if (within(real, realDir) && !reportableInExo(real.slice(realDir.length + 1))) refuse("is exo's own state; write the report outside .exo/ (or under .exo/traces/).");
  }
  const gitDirs = [repo.gitDir, repo.commonDir].filter((d): d is string => d !== null).map((d) => realpathLongestPrefix(d));
  if (gitDirs.some((d) => within(real, d)) || (within(real, repo.root) && /(^|\/)\.git(\/|$)/.test(real.slice(repo.root.length)))) refuse("is inside git's own folder; write the report elsewhere.");
  // Hook settings, the MCP entries and agent instructions exo writes (SPEC §3.4): a report over
  // .claude/settings.json took exo's hooks away, and over MCP an agent could do it (§12: agents
  // cannot write hook settings). Before, only .exo/ and .git were refused.
  // Compared ignoring case: on macOS .Claude/Settings.json is the same file.
  const rel = within(real, repo.root) ? real.slice(repo.root.length + 1).toLowerCase() : null;
  if (rel !== null && EXO_MANAGED_FILES.some((f) => f.toLowerCase() === rel)) refuse("is a file exo manages (hook settings, MCP entries or agent instructions); write the report elsewhere.");
  if (opts.confined && !within(real, repo.root) && !within(real, realpathLongestPrefix(tmpdir()))) refuse("is outside the repository; over MCP a report stays in the repository or the temp folder.");
  // A folder (or a path through a file) can take no report: a write that cannot happen, IO_ERROR
  // (SPEC §2.2, exit 1), said before anything is written and naming the flag, with the command's
  // --help for a hint (before: EISDIR or ENOTDIR from the write, with hint exo doctor, which had
  // nothing to say).
  const kind = kindAt(path);
  const unwritable = (why: string, errno: string): never => {
    throw new ExoError(ErrorCode.IO_ERROR, `${flag} ${given} ${why}`, { hint: `exo ${opts.command} --help`, details: { errno, file: given } });
  };
  if (kind === "folder") unwritable(`is a folder; name a file in it (${given.replace(/\/+$/, "")}/report${flag === "--markdown" ? ".md" : ""}).`, "EISDIR");
  if (kind === "through_file") unwritable("goes through a file, not a folder; name a file in an existing folder.", "ENOTDIR");
  return path;
}

/**
 * Over MCP, a file a tool reads or rewrites on the caller's say (`decide --apply-patch`,
 * `merge-ticket`'s sides) must lie inside the repository (symlinks resolved): an agent cannot
 * have exo read or rewrite a file elsewhere on the machine for it. PATH_OUTSIDE_REPO otherwise.
 */
export function insideRepoFile(root: string, cwd: string, given: string, flag: string, hint: string): string {
  const path = resolve(cwd, given);
  if (within(realpathLongestPrefix(path), realpathLongestPrefix(root))) return path;
  throw new ExoError(ErrorCode.PATH_OUTSIDE_REPO, `${flag} ${given} is outside the repository; over MCP exo reads and writes only files inside it. Copy the file into the repository, or run the command from a shell.`, {
    hint,
    details: { path, issues: [{ path: flag.replace(/^--/, "").replaceAll("-", "_"), code: "path_outside_repo", message: "outside the repository", severity: "error" }] },
  });
}

/**
 * Over MCP, a new work tree goes inside the repository or beside it (a folder of its parent,
 * as the default ../<repo>-<ID>), never anywhere else on the machine. PATH_OUTSIDE_REPO otherwise.
 */
export function besideRepoFolder(root: string, path: string, given: string, fallback: string, ticket: string): void {
  const real = realpathLongestPrefix(path);
  const realRoot = realpathLongestPrefix(root);
  if (within(real, realRoot) || dirname(real) === dirname(realRoot)) return;
  throw new ExoError(ErrorCode.PATH_OUTSIDE_REPO, `--path ${given} is neither inside the repository nor beside it; over MCP a work tree goes in the repository's folder or next to it (default ${fallback}).`, {
    hint: `exo worktree-create --ticket-id ${ticket} --path ${fallback}`,
    details: { path, issues: [{ path: "path", code: "path_outside_repo", message: "neither inside nor beside the repository", severity: "error" }] },
  });
}
