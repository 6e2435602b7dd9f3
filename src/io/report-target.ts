// Where a report the user named may be written (`export-traces --out`, `dashboard --out`,
// `pr-check --markdown`). exo's own files are never a report target: a report written over
// .exo/config.yaml, a ticket, the ledger or a git hook would destroy governance state (SPEC §12
// self-protection). Over MCP the target must also stay in the repository or the temp folder, as an
// agent's own writes must (hooks.external_write_allow's default).
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { realpathLongestPrefix, type Repo } from "./paths.js";

const within = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/** Inside .exo/, a report may go only to traces/ or be a top-level non-JSON file in cache/. */
function reportableInExo(rel: string): boolean {
  if (rel.startsWith("traces/")) return true;
  return /^cache\/[^/]+$/.test(rel) && !rel.endsWith(".json");
}

export function reportTarget(repo: Repo, cwd: string, given: string, flag: string, opts: { confined: boolean }): string {
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
  if (opts.confined && !within(real, repo.root) && !within(real, realpathLongestPrefix(tmpdir()))) refuse("is outside the repository; over MCP a report stays in the repository or the temp folder.");
  return path;
}
