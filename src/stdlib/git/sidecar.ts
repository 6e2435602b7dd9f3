// Sidecar worktree commits (SPEC §7.27): lifecycle boundaries commit inside .exo/.
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { git, gitRaw, OWN_COMMIT_CONFIG, OWN_COMMIT_ENV } from "../../io/git.js";
import { gitDirsOf, reflogTail } from "../../io/git-refs.js";
import type { Repo } from "../../io/paths.js";

export const IDENTITY = ["-c", "user.name=exo", "-c", "user.email=exo@localhost.invalid"];

export async function commitIn(dir: string, message: string): Promise<string | null> {
  await git(dir, ["add", "-A"]);
  const staged = await gitRaw(dir, ["diff", "--cached", "--quiet"]);
  if (staged.code === 0) return null;
  const hasIdentity = (await gitRaw(dir, ["config", "user.email"])).stdout.trim() !== "";
  await git(dir, [...OWN_COMMIT_CONFIG, ...(hasIdentity ? [] : IDENTITY), "commit", "--no-verify", "-q", "-m", message, "-m", "Exo-Generated: true"], { env: { ...OWN_COMMIT_ENV } });
  return (await git(dir, ["rev-parse", "HEAD"])).trim();
}

/** True when `.exo/` is a git worktree of its own (sidecar mode). */
export function isSidecar(exoDir: string): boolean {
  return existsSync(join(exoDir, ".git"));
}

/**
 * The folder a killed `exo sidecar-init` moved `.exo` aside to (`.exo.pre-sidecar-<stamp>`, the
 * newest when there are several), which the next sidecar-init takes the state from; null when none.
 * Only a real folder git does not track: one a commit brought (or a link to a folder elsewhere)
 * is no state of this checkout's, and taking it would commit its files in the sidecar.
 */
export async function interruptedSidecarInit(root: string): Promise<string | null> {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return null;
  }
  const asides = names.filter((n) => /^\.exo\.pre-sidecar-\d{14}$/.test(n) && lstatSync(join(root, n), { throwIfNoEntry: false })?.isDirectory() === true).sort().reverse();
  for (const name of asides) {
    const tracked = await gitRaw(root, ["ls-files", "-z", "--", name]);
    if (tracked.code === 0 && tracked.stdout === "") return name;
  }
  return null;
}

/** Reflog messages of commits made in this repository (a pull, fetch or merge names none of them). */
const MADE_HERE = /^(?:commit|commit \(initial\)|commit \(amend\)|rebase \(pick\)|cherry-pick): chore\(exo\): /;

/**
 * The ledger writers whose segments exo's commits made in this repository's sidecar touched, newest
 * first: the branch's reflog (`<common dir>/logs/refs/heads/<branch>`, kept when `.exo` is removed)
 * names the commits made here, never those pulled. Empty when there is no such reflog.
 */
export async function writersCommittedHere(exoDir: string, branch: string): Promise<string[]> {
  const dirs = gitDirsOf(exoDir);
  const log = dirs?.commonDir ? reflogTail(dirs.commonDir, `refs/heads/${branch}`) : null;
  const shas = [...new Set((log ?? []).filter((l) => MADE_HERE.test(l.slice(l.indexOf("\t") + 1))).map((l) => l.split(" ")[1] ?? ""))].filter((s) => /^[0-9a-f]{40,64}$/.test(s)).slice(0, 256);
  if (shas.length === 0) return [];
  const r = await gitRaw(exoDir, ["log", "--no-walk=unsorted", "--format=", "--name-only", ...shas, "--", "ledger"]);
  if (r.code !== 0) return [];
  const writers: string[] = [];
  for (const line of r.stdout.split("\n")) {
    const m = /^ledger\/([^/]+)\.jsonl$/.exec(line.trim());
    if (m && !writers.includes(m[1] as string)) writers.push(m[1] as string);
  }
  return writers;
}

/**
 * Where exo's committed files are tracked: the repository itself, or in sidecar mode the .exo/
 * worktree (branch exo-governance). `rel` turns an absolute path under .exo/ into a path for git there.
 */
export function governanceCheckout(repo: Repo): { sidecar: boolean; base: string; rel: (file: string) => string } {
  const sidecar = isSidecar(repo.exoDir);
  return sidecar ? { sidecar, base: repo.exoDir, rel: (f) => f.slice(repo.exoDir.length + 1) } : { sidecar, base: repo.root, rel: (f) => repo.relative(f) };
}

/** Lifecycle boundaries in sidecar mode commit inside .exo/ (failure → SIDECAR_COMMIT_FAILED). */
export async function sidecarCommit(exoDir: string, event: string, id: string): Promise<{ sha: string | null; warning: { code: string; message: string } | null }> {
  try {
    return { sha: await commitIn(exoDir, `chore(exo): ${event} ${id}`), warning: null };
  } catch (error) {
    // A `.git` link git cannot follow (zeroed by a crash, cut short): sidecar-init mends it, and
    // the next boundary's commit takes what this one left (before: git's words alone).
    if ((await gitRaw(exoDir, ["rev-parse", "--git-dir"])).code !== 0) return { sha: null, warning: { code: "SIDECAR_COMMIT_FAILED", message: "exo could not commit in the .exo sidecar: git cannot follow its link, .exo/.git; run exo sidecar-init, which mends it (the next commit there takes this step's files)." } };
    return { sha: null, warning: { code: "SIDECAR_COMMIT_FAILED", message: `exo could not commit in the .exo sidecar (${error instanceof Error ? error.message : String(error)})` } };
  }
}

/** In sidecar mode, commit the lifecycle step inside .exo/ (start, claim, ticket creation); else nothing. */
export async function sidecarStep(exoDir: string, event: string, id: string, warn: (code: string, message: string) => void): Promise<string | null> {
  if (!isSidecar(exoDir)) return null;
  const r = await sidecarCommit(exoDir, event, id);
  if (r.warning) warn(r.warning.code, r.warning.message);
  return r.sha;
}
