// Sidecar mode (SPEC §7.27): `.exo/` becomes a worktree of the orphan branch exo-governance, so
// governance history stays out of the application branches.
import { cp, rm, rename, readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { git, gitRaw, OWN_COMMIT_CONFIG, OWN_COMMIT_ENV } from "../io/git.js";
import { branchNameProblem, remoteProblem } from "../kernel/refs.js";
import { readGovernedTextOrNull } from "../io/read.js";
import { writeFileAtomic } from "../io/fs-atomic.js";
import type { Context } from "../commands/context.js";
import { adoptWriters, appendLedger, ownWriters } from "../stdlib/ledger/store.js";
import { readAllRecords } from "../stdlib/ledger/read.js";
import { commitIn, IDENTITY, interruptedSidecarInit, isSidecar, writersCommittedHere } from "../stdlib/git/sidecar.js";
import { crashPoint } from "../io/crash.js";
import { listWorktrees } from "./worktrees.js";
import { EXO_GITIGNORE } from "./init.js";
import { withGuard } from "../io/guard.js";
import { exoCommitLine, shellWord } from "../kernel/quote.js";
import { listSessions } from "../stdlib/sessions/store.js";
import { Repo } from "../io/repo.js";

const EPHEMERAL = new Set(["sessions", "locks", "cache", "logs", "traces"]);
/** The mark a sidecar-init leaves in the moved-aside folder once it copied the state into the sidecar. */
const COPIED = ".exo-sidecar-copied";
export async function sidecarInit(ctx: Context, input: { branch: string; remote?: string | undefined; fetch: boolean }) {
  // Unusable names fail before anything is read or written (SPEC §5.1), naming the flag at fault.
  for (const [flag, value, problem] of [["branch", input.branch, branchNameProblem(input.branch)], ["remote", input.remote, input.remote === undefined ? null : remoteProblem(input.remote)]] as const) {
    if (problem) throw new ExoError(ErrorCode.INVALID_INPUT, `--${flag} ${JSON.stringify(value)} ${problem}; pass a valid ${flag} name.`, { details: { issues: [{ path: flag, code: "unsafe_value", message: `${flag} ${JSON.stringify(value)} ${problem}`, severity: "error" }] } });
  }
  const repo = await ctx.repo();
  // One sidecar-init at a time: a second one racing the first moved the same .exo aside under
  // the same name, or asked git of a worktree half made (before: GIT_FAILED "a branch named
  // 'exo-governance' already exists" or ".git/worktrees/-exo/commondir", and a
  // .exo.pre-sidecar-… folder left behind). The guard lives in git's folder, as .exo moves.
  return withGuard(join(repo.gitDir ?? repo.stateDir, "exo"), "sidecar-init", { host: ctx.host, timeoutMs: 60_000 }, () => sidecarInitGuarded(ctx, repo, input));
}

async function sidecarInitGuarded(ctx: Context, repo: Repo, input: { branch: string; remote?: string | undefined; fetch: boolean }) {
  const exoRel = ".exo";
  const exo = join(repo.root, exoRel);
  // A sidecar-init killed after it moved .exo aside left the state in .exo.pre-sidecar-<stamp>
  // (before: the next run found no .exo, or an empty sidecar, and set up an empty governance,
  // the state left behind in that folder). While .exo is gone or is the sidecar, this run takes
  // the state from there and finishes the steps the killed one did not reach.
  // In a linked worktree exo keeps to the main checkout's .exo: when that is the sidecar already,
  // there is nothing to set up here (before: GIT_FAILED "'exo-governance' is already checked out
  // at …", hint git status).
  if (repo.exoDir !== exo && !existsSync(exo) && isSidecar(repo.exoDir) && (await gitRaw(repo.exoDir, ["symbolic-ref", "--short", "-q", "HEAD"])).stdout.trim() === input.branch) {
    return { branch: input.branch, path: relative(repo.root, repo.exoDir), created_branch: false, migrated: [], commits: [] };
  }
  // Elsewhere a linked worktree is no place for the sidecar: it was made at that worktree's .exo,
  // its commits on the ticket's branch, while the main checkout kept its own .exo, and merging
  // that branch untracked .exo on the main branch (before: "ok").
  if (!repo.isMainWorktree && !isSidecar(exo)) {
    const hint = `cd ${shellWord(repo.mainRoot)} && exo sidecar-init${input.branch === "exo-governance" ? "" : ` --branch ${shellWord(input.branch)}`}`;
    throw new ExoError(ErrorCode.INVALID_INPUT, `exo sidecar-init runs in the main checkout (${repo.mainRoot}), not in the linked worktree ${repo.root}: a sidecar set up here would sit on this worktree's branch while the main checkout kept its .exo; run it there (${hint}).`, {
      hint,
      details: { path: repo.root, main: repo.mainRoot },
    });
  }
  const leftover = await interruptedSidecarInit(repo.root);
  let resumed = false;
  if (isSidecar(exo)) {
    // A `.git` link git cannot follow (zeroed, cut short, pointing nowhere) is mended from the
    // repository's side first (before: judged no sidecar, .exo moved aside, and `worktree add`
    // refused the path git still lists, leaving no .exo at all).
    // The steps exo could not commit while the link was broken are committed once it is mended.
    const broken = (await gitRaw(exo, ["rev-parse", "--git-dir"])).code !== 0;
    if (broken) await gitRaw(repo.root, ["worktree", "repair", exo]);
    const head = (await gitRaw(exo, ["symbolic-ref", "--short", "-q", "HEAD"])).stdout.trim();
    if (head === input.branch && leftover === null) {
      // So is what exo left uncommitted there (files an `exo init` or `install` wrote into the sidecar,
      // which commit in the application branch only): doctor's git_tracking gives this command.
      const sha = await commitIn(exo, broken ? "chore(exo): commit what the sidecar's broken link kept out" : "chore(exo): commit what the sidecar held uncommitted");
      return { branch: input.branch, path: exoRel, created_branch: false, migrated: [], commits: sha ? [sha] : [] };
    }
    resumed = head === input.branch;
  } else resumed = leftover !== null && !existsSync(exo);
  if (!resumed) {
    // -z: one NUL-ended "XY path" record each; the status letters' leading blank is part of it.
    const dirty = (await git(repo.root, ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--", exoRel])).split("\0").filter(Boolean);
    if (dirty.length > 0) {
      const paths = dirty.filter((r) => /^[ A-Z?!]{2} /.test(r)).map((r) => r.slice(3));
      // An open session's start left its ledger records and ticket status uncommitted: a stash
      // took them from under it (before: "commit or stash them first", hint git status).
      const open = (await listSessions(repo).catch(() => [])).find((x) => x.status === "active" || x.status === "suspended");
      if (open) throw new ExoError(ErrorCode.DIRTY_WORKTREE, `Tracked .exo/ files have uncommitted changes, among them the records of session ${open.id} on ${open.ticket}; commit them first (a git stash would take those records from under it), then run exo sidecar-init again.`, { hint: exoCommitLine([exoRel], "chore(exo): governance state", false), details: { paths, session: open.id } });
      throw new ExoError(ErrorCode.DIRTY_WORKTREE, "Tracked .exo/ files have uncommitted changes; commit or stash them first.", { details: { paths } });
    }
  }
  const commits: string[] = [];
  // (3) the branch: local, fetched, or a fresh orphan.
  let created = false;
  const local = (await gitRaw(repo.root, ["show-ref", "--verify", "--quiet", `refs/heads/${input.branch}`])).code === 0;
  if (!local) {
    const remote = input.remote ?? "origin";
    const fetched = input.fetch && (await gitRaw(repo.root, ["fetch", "-q", "--", remote, `${input.branch}:${input.branch}`])).code === 0;
    if (!fetched) {
      const tree = (await gitRaw(repo.root, ["mktree"], { input: "" })).stdout.trim();
      const env = { GIT_AUTHOR_NAME: "exo", GIT_AUTHOR_EMAIL: "exo@localhost.invalid", GIT_COMMITTER_NAME: "exo", GIT_COMMITTER_EMAIL: "exo@localhost.invalid" };
      const sha = (await git(repo.root, ["commit-tree", tree, "-m", "chore(exo): initialise exo-governance"], { env })).trim();
      await git(repo.root, ["branch", input.branch, sha]);
      created = true;
    }
  }
  crashPoint("sidecar-init", "branch-made");
  // (4) move .exo aside; untrack it from the application branch.
  const stamp = ctx.now().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const aside = resumed && leftover !== null ? join(repo.root, leftover) : join(repo.root, `.exo.pre-sidecar-${stamp}`);
  const existed = resumed || existsSync(exo);
  if (existed && !resumed) await rename(exo, aside);
  crashPoint("sidecar-init", "moved-aside");
  const tracked = (await gitRaw(repo.root, ["ls-files", "--", exoRel])).stdout.trim() !== "";
  if (tracked) {
    await git(repo.root, ["rm", "-r", "--cached", "--quiet", exoRel]);
    const hasIdentity = (await gitRaw(repo.root, ["config", "user.email"])).stdout.trim() !== "";
    await git(repo.root, [...OWN_COMMIT_CONFIG, ...(hasIdentity ? [] : IDENTITY), "commit", "--no-verify", "-q", "-m", `chore(exo): move governance to the ${input.branch} branch`, "-m", "Exo-Generated: true"], { env: { ...OWN_COMMIT_ENV } });
    commits.push((await git(repo.root, ["rev-parse", "HEAD"])).trim());
  }
  crashPoint("sidecar-init", "untracked");
  // (5) the worktree; (6) copy the state back and commit it in the sidecar. A worktree git still
  // lists at .exo, whose folder is gone (removed by hand, or its link broken and moved aside just
  // now), is forgotten first: `worktree add` refuses a path git lists ("missing but already
  // registered worktree"). When the add fails all the same, .exo is put back as it was.
  // A resumed run whose killed one made the worktree already keeps it.
  const made = resumed && isSidecar(exo);
  if (!made) {
    if ((await listWorktrees(repo.root)).some((w) => w.path === exo)) await gitRaw(repo.root, ["worktree", "remove", "--force", exo]);
    try {
      await git(repo.root, ["worktree", "add", "-q", exo, input.branch]);
    } catch (error) {
      if (existed && !existsSync(exo)) await rename(aside, exo);
      throw error;
    }
  }
  crashPoint("sidecar-init", "worktree-added");
  const migrated: string[] = [];
  if (existed) {
    // The copy done, a mark in the moved-aside folder says so: a resumed run copies nothing again,
    // since what exo wrote in the sidecar after the kill (a session ended, a handoff taken) is newer
    // and the old copy would bring back what it removed.
    const copied = join(aside, COPIED);
    const names = (await readdir(aside)).filter((n) => n !== COPIED);
    if (!existsSync(copied)) {
      for (const name of names) await cp(join(aside, name), join(exo, name), { recursive: true, force: true });
      await writeFileAtomic(copied, "");
    }
    for (const name of names) if (!EPHEMERAL.has(name)) migrated.push(`${exoRel}/${name}`);
    crashPoint("sidecar-init", "state-copied");
    const sha = await commitIn(exo, "chore(exo): migrate governance state");
    if (sha) commits.push(sha);
  }
  crashPoint("sidecar-init", "state-committed");
  // (7) ignore .exo/ in the application branch.
  const gitignore = join(repo.root, ".gitignore");
  const text = (await readGovernedTextOrNull(gitignore, [repo.mainRoot, repo.root])) ?? "";
  if (!text.split("\n").includes("/.exo/")) {
    await writeFileAtomic(gitignore, `${text}${text && !text.endsWith("\n") ? "\n" : ""}/.exo/\n`);
    await git(repo.root, ["add", ".gitignore"]);
    const hasIdentity = (await gitRaw(repo.root, ["config", "user.email"])).stdout.trim() !== "";
    await git(repo.root, [...OWN_COMMIT_CONFIG, ...(hasIdentity ? [] : IDENTITY), "commit", "--no-verify", "-q", "-m", "chore(exo): ignore the .exo sidecar worktree", "-m", "Exo-Generated: true", "--", ".gitignore"], { env: { ...OWN_COMMIT_ENV } });
    commits.push((await git(repo.root, ["rev-parse", "HEAD"])).trim());
  }
  crashPoint("sidecar-init", "ignored");
  // A sidecar checked out again after its .exo was removed by hand: the writer registry went with
  // .exo/cache, so exo took this checkout's own claims and sessions for a teammate's (before:
  // "claimed by agent:a in another clone", and doctor silent about a ticket left active with no
  // session and no lock). The writers of the commits the branch's reflog says were made here are
  // this checkout's again.
  if (!existed && ownWriters(repo).length === 0) await adoptWriters(repo, ctx.host, await writersCommittedHere(exo, input.branch));
  // A sidecar set up before exo was installed (nothing moved over, a fresh orphan branch) had no
  // .gitignore of exo's: its first commit took the ledger's machine-local cache (before: doctor's
  // git_tracking failed "machine-local state is committed: cache/ledger/writers.json, …").
  if (!existsSync(join(exo, ".gitignore"))) await writeFileAtomic(join(exo, ".gitignore"), EXO_GITIGNORE);
  // A resumed run whose killed one got as far as its record (killed before or after committing
  // it) does not write it again (before: two sidecar.initialized records for one set-up): the
  // sidecar's ledger holds the moved-aside copy's records, and one this checkout appended since
  // is the killed run's.
  if (!(resumed && (await recordedSince(repo, exo, aside)))) {
    await appendLedger(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now() }, [{ type: "sidecar.initialized", data: { branch: input.branch } }]);
  }
  const sha = await commitIn(exo, "chore(exo): sidecar initialised");
  if (sha) commits.push(sha);
  crashPoint("sidecar-init", "recorded");
  // (8) the moved-aside copy goes once everything is in place (last: a run killed before this
  // point is finished by the next one, which takes the state from it).
  if (existed) await rm(aside, { recursive: true, force: true });
  return { branch: input.branch, path: exoRel, created_branch: created, migrated: migrated.sort(), commits };
}

/** Whether the ledger of the sidecar `exo` holds a `sidecar.initialized` record of this checkout's writers that the moved-aside folder's ledger does not. */
async function recordedSince(repo: Repo, exo: string, aside: string): Promise<boolean> {
  const at = (exoDir: string) => readAllRecords(new Repo({ root: repo.root, exoDir, stateDir: repo.stateDir, mainRoot: repo.mainRoot }));
  const before = new Set((await at(aside)).map((r) => r.hash));
  const own = new Set(ownWriters(repo));
  return (await at(exo)).some((r) => r.type === "sidecar.initialized" && own.has(r.writer) && !before.has(r.hash));
}
