// doctor's "install" and "git_index" sections (issue #18): an install killed half-way (its journal
// is left) is completed by --fix; a `.git/index.lock` that no git process holds any more is removed.
import { readdir, readlink, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "../commands/context.js";
import { gitRaw, INDEX_CORRUPT } from "../io/git.js";
import type { Repo } from "../io/paths.js";
import type { Section } from "./health.js";
import { endInstallJournal, hasInstallJournal, installRunning, readInstallJournal } from "./install-journal.js";

export async function installSection(ctx: Context, repo: Repo, fix: boolean): Promise<{ section: Section; fixed: string[] }> {
  if (!hasInstallJournal(repo)) return { section: { name: "install", status: "pass", message: "no interrupted install", fixable: false, details: {} }, fixed: [] };
  const journal = await readInstallJournal(repo);
  if (journal && installRunning(journal, ctx.host)) {
    return { section: { name: "install", status: "warn", message: `an install is running (pid ${journal.pid}, since ${journal.started_at})`, fixable: false, details: { pid: journal.pid, started_at: journal.started_at } }, fixed: [] };
  }
  const details = journal ? { started_at: journal.started_at, done: journal.done, backups: journal.backups.map((b) => b.path) } : { unreadable: true };
  const message = journal ? `interrupted install (started ${journal.started_at}; done: ${journal.done.join(", ") || "nothing"})` : "interrupted install (its journal is unreadable)";
  if (!fix) return { section: { name: "install", status: "fail", message, hint: "exo doctor --fix", fixable: true, details }, fixed: [] };
  // Roll forward: install is idempotent, and the journal keeps the killed run's options and dirty set.
  const { install } = await import("./install.js");
  const input = journal?.input ?? { scan: true, adapters: true, hooks: true, commit: true, harness: [] };
  if (!journal) await endInstallJournal(repo);
  const r = await install(ctx, { dry_run: false, scan: input.scan, adapters: input.adapters, hooks: input.hooks, commit: input.commit, harness: input.harness as never, example: input.example ?? false, mcp: input.mcp ?? true });
  const ok = r.status === "ok";
  return {
    section: ok ? { name: "install", status: "pass", message: `completed the interrupted install${r.committed ? ` (commit ${r.committed.slice(0, 12)})` : ""}`, fixable: false, details } : { name: "install", status: "fail", message: `the interrupted install could not complete: ${r.steps.find((s) => s.status === "failed")?.message ?? "see exo install"}`, hint: "exo install", fixable: false, details },
    fixed: ok ? [`completed the interrupted install${r.committed ? ` (commit ${r.committed.slice(0, 12)})` : ""}`] : [],
  };
}

/** Age (ms) after which an index.lock counts as abandoned where /proc cannot tell (not Linux). */
const INDEX_LOCK_MAX_AGE_MS = 10 * 60_000;
/** Grace for a git process that is just starting (its /proc entry may not show the cwd yet). */
const INDEX_LOCK_GRACE_MS = 2_000;

/** Whether a `git` process runs with its working folder inside `root` (Linux /proc); null: cannot tell. */
async function gitRunningIn(root: string): Promise<boolean | null> {
  let pids: string[];
  try {
    pids = (await readdir("/proc")).filter((n) => /^\d+$/.test(n));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const comm = (await readFile(`/proc/${pid}/comm`, "utf8")).trim();
      if (comm !== "git" && !comm.startsWith("git-")) continue;
      const cwd = await readlink(`/proc/${pid}/cwd`);
      if (cwd === root || cwd.startsWith(`${root}/`)) return true;
      // Another user's git (cwd unreadable) is not ours to judge: keep the lock.
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EACCES") return true;
    }
  }
  return false;
}

/**
 * `.git/index.lock` left behind by a killed git: stale when (Linux) no git process runs inside the
 * work tree and the lock is older than 2 s, or (elsewhere) older than 10 minutes. --fix removes it.
 */
export async function gitIndexSection(repo: Repo, fix: boolean): Promise<{ section: Section; fixed: string[] }> {
  const corrupt = await corruptIndex(repo, fix);
  if (corrupt) return corrupt;
  // The checkout's own git folder holds its index (a linked worktree's too); git is asked only
  // when that folder is unknown or GIT_INDEX_FILE moves the index elsewhere.
  let file = repo.gitDir && !process.env["GIT_INDEX_FILE"] ? join(repo.gitDir, "index.lock") : null;
  if (!file) {
    const r = await gitRaw(repo.root, ["rev-parse", "--path-format=absolute", "--git-path", "index.lock"]);
    file = r.code === 0 ? r.stdout.trim() : join(repo.root, ".git", "index.lock");
  }
  const info = await stat(file).catch(() => null);
  if (!info) return { section: { name: "git_index", status: "pass", message: "no index.lock", fixable: false, details: {} }, fixed: [] };
  const age = Date.now() - info.mtimeMs;
  const running = await gitRunningIn(repo.root);
  const stale = running === null ? age > INDEX_LOCK_MAX_AGE_MS : !running && age > INDEX_LOCK_GRACE_MS;
  const details = { file, age_ms: Math.round(age), git_running: running, judged_by: running === null ? "age" : "proc" };
  if (!stale) return { section: { name: "git_index", status: "warn", message: `${file} exists and a git process may hold it; wait for it to finish`, fixable: false, details }, fixed: [] };
  if (!fix) return { section: { name: "git_index", status: "fail", message: `stale ${file} (no git process holds it): git commands in this repository fail until it is removed`, hint: "exo doctor --fix", fixable: true, details }, fixed: [] };
  await rm(file, { force: true });
  return { section: { name: "git_index", status: "pass", message: `removed the stale ${file}`, fixable: false, details }, fixed: [`removed the stale ${file}`] };
}

/** Whether git cannot read this checkout's index (it says "index file corrupt"). */
export async function indexIsCorrupt(repo: Repo): Promise<boolean> {
  const probe = await gitRaw(repo.root, ["ls-files", "--", repo.relative(repo.configFile) || "."]);
  return probe.code !== 0 && INDEX_CORRUPT.test(probe.stderr);
}

/**
 * git's index zeroed or cut short (a crash or a power cut while git wrote it): every git command
 * that reads it fails ("index file corrupt"), finish's among them, and git_tracking called exo's
 * committed files untracked. --fix keeps the file beside it (index.corrupt-<ms>) and rebuilds the
 * index from HEAD with git reset: the work tree is not touched; what was staged is unstaged.
 */
async function corruptIndex(repo: Repo, fix: boolean): Promise<{ section: Section; fixed: string[] } | null> {
  if (!(await indexIsCorrupt(repo))) return null;
  const where = await gitRaw(repo.root, ["rev-parse", "--path-format=absolute", "--git-path", "index"]);
  const file = where.code === 0 ? where.stdout.trim() : join(repo.gitDir ?? join(repo.root, ".git"), "index");
  const details = { file, reason: "index_corrupt" };
  const message = `git's index ${file} is corrupt (a crash or a power cut cut it short): git status, add and commit fail, exo's finish among them`;
  if (!fix) return { section: { name: "git_index", status: "fail", message: `${message}; exo doctor --fix rebuilds it from HEAD (your work-tree changes stay; what was staged is unstaged)`, hint: "exo doctor --fix --section git_index", fixable: true, details }, fixed: [] };
  const kept = `${file}.corrupt-${Date.now()}`;
  await rename(file, kept);
  const reset = await gitRaw(repo.root, ["reset", "-q"]);
  // No commit yet: nothing to rebuild from; the index git makes on its next add starts empty.
  if (reset.code !== 0 && (await gitRaw(repo.root, ["rev-parse", "--verify", "-q", "HEAD"])).code === 0) {
    return { section: { name: "git_index", status: "fail", message: `${message}; moved it to ${kept}, but git reset failed (${reset.stderr.trim().split("\n")[0] ?? ""})`, hint: "git reset", fixable: false, details }, fixed: [`moved the corrupt git index to ${kept}`] };
  }
  const done = `rebuilt git's index from HEAD (the corrupt one is kept as ${kept}; your work-tree changes stay, what was staged is unstaged)`;
  return { section: { name: "git_index", status: "pass", message: done, fixable: false, details }, fixed: [done] };
}
