// Auto-commit of exo's own state at lifecycle boundaries (SPEC §7.26). Only committed-kind
// files under .exo/ are committed, with Exo-Generated/Exo-Session/Exo-Ticket trailers; the
// user's staged changes elsewhere stay staged and uncommitted.
import { headState } from "./facts.js";
import { WarningCode } from "../../errors.js";
import { gitRaw, OWN_COMMIT_CONFIG, OWN_COMMIT_ENV } from "../../io/git.js";
import { IDENTITY as EXO_IDENTITY, isSidecar } from "./sidecar.js";
import type { Repo } from "../../io/paths.js";
import type { Config } from "../config/model.js";
import { carryCommittedLock, readSourceTexts, sourceHashes } from "../governance/store.js";
import { readGovernedTextOrNull, zeroedFile } from "../../io/read.js";
import { writesHere } from "../../io/fs-atomic.js";
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readFileSync, readSync } from "node:fs";
import { stoppedOperation } from "./unmerged.js";
import { join } from "node:path";
import { shellWord } from "../../kernel/quote.js";
import { specialKind } from "../../io/open-quiet.js";

const ALWAYS = [/^tickets\//, /^mementos\//, /^handoffs\//, /^learnings\//, /^ledger\//, /^generated\.json$/, /^governance\.lock\.json$/, /^policy\.sealed\.json$/, /^\.gitignore$/, /^\.gitattributes$/, /^bin\/exo-hook\.mjs$/];
const SOURCES: Record<string, "constitution" | "config" | "features" | "requirements"> = {
  "constitution.yaml": "constitution",
  "config.yaml": "config",
  "features.yaml": "features",
  "requirements.yaml": "requirements",
};

export interface AutoCommitResult {
  sha: string | null;
  warning: { code: string; message: string } | null;
}

// git refused to guess a name or email (user.useConfigOnly), or found an empty one: the person
// has no identity configured. (git runs in the C locale, so its messages are stable.)
const NO_IDENTITY = /identity unknown|auto-detection is disabled|empty ident name|unable to auto-detect/;

/**
 * `git commit` as the configured identity, or as exo when none is configured. Rather than list the
 * configuration first (one more git process on every commit), the commit forbids git's guessing
 * from the host name (user.useConfigOnly) and, refused for want of an identity, runs again as exo.
 */
async function commitAs(repo: Repo, config: Config, args: string[]) {
  const run = (who: string[]) => gitRaw(repo.root, [...OWN_COMMIT_CONFIG, ...who, ...args], { env: { ...OWN_COMMIT_ENV } });
  const named = config.git.commit_identity;
  if (named) return run(["-c", `user.name=${named.name}`, "-c", `user.email=${named.email}`]);
  const first = await run(["-c", "user.useConfigOnly=true"]);
  if (first.code === 0) identityConfigured.add(repo.root);
  return first.code !== 0 && NO_IDENTITY.test(first.stderr) ? run(EXO_IDENTITY) : first;
}

/** Work trees where a commit of this process went through as the person's configured identity. */
const identityConfigured = new Set<string>();

/**
 * Whether git already took the person's own name and email in this work tree during this command
 * (an auto-commit made as them, git forbidden to guess): then a `git commit` they run works too,
 * and finish's commit line needs no `git var` to tell.
 */
export function identityKnown(root: string): boolean {
  return identityConfigured.has(root);
}

/** git status (porcelain v1) of .exo/: one entry per path, a rename's source as the next entry. */
async function exoStatusEntries(repo: Repo): Promise<string[]> {
  const status = await gitRaw(repo.root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", repo.relative(repo.exoDir)]);
  return status.code === 0 ? status.stdout.split("\0").filter(Boolean) : [];
}

/** Paths under .exo/ that changed and may be committed now. */
export async function exoCommitPaths(repo: Repo): Promise<string[]> {
  return committable(repo, statusPaths(await exoStatusEntries(repo)));
}

/**
 * Ledger segments among `paths` that exo did not leave as it writes them: their first bytes show
 * converted line ends or a byte order mark, or their last byte is no newline (an append killed
 * mid-line, or a power cut that left the tail as NUL bytes: a torn last line).
 */
async function damagedSegments(repo: Repo, paths: readonly string[]): Promise<{ converted: string[]; torn: string[] }> {
  const ledgerRel = `${repo.relative(repo.ledgerDir)}/`;
  const segments = paths.filter((p) => p.startsWith(ledgerRel) && p.endsWith(".jsonl"));
  const out = { converted: [] as string[], torn: [] as string[] };
  if (segments.length === 0) return out;
  const { textArtifactOf } = await import("../ledger/read.js");
  for (const p of segments) {
    // A conversion changes every line: the first 64 KiB tell, without reading a long history.
    const head = Buffer.alloc(64 * 1024);
    const last = Buffer.alloc(1);
    let n = 0;
    let size = 0;
    try {
      // Without blocking or following a link: a pipe at a segment (a hand's mkfifo) held
      // session-finish for ever here. Only a regular file is looked into.
      const fd = openSync(join(repo.root, p), constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
      try {
        const info = fstatSync(fd);
        if (!info.isFile()) continue;
        size = info.size;
        n = readSync(fd, head, 0, head.length, 0);
        if (size > 0) readSync(fd, last, 0, 1, size - 1);
      } finally {
        closeSync(fd);
      }
    } catch {
      continue; // removed or unreadable: git add says what it is
    }
    if (textArtifactOf(head.subarray(0, n)) !== null) out.converted.push(p);
    else if (size > 0 && last[0] !== 0x0a) out.torn.push(p);
  }
  return out;
}

/** Whether `file` is a pipe, socket or device (not a file, link or folder git can add). */
function specialFile(file: string): boolean {
  const st = lstatSync(file, { throwIfNoEntry: false });
  return st !== undefined && specialKind(st) !== null;
}

/** The porcelain v1 codes of a path with conflict stages in the index (an unresolved merge). */
const UNMERGED = new Set(["DD", "AU", "UD", "UA", "DU", "AA", "UU"]);

/** Paths of status entries in an unresolved merge. */
function unmergedIn(entries: readonly string[]): Set<string> {
  return new Set(entries.filter((e) => UNMERGED.has(e.slice(0, 2))).map((e) => e.slice(3)));
}

/** The paths of porcelain v1 entries (a rename's or copy's source follows it as the next entry). */
function statusPaths(entries: readonly string[]): string[] {
  const paths: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as string;
    const path = e.slice(3);
    if (e[0] === "R" || e[0] === "C") paths.push(entries[++i] as string);
    paths.push(path);
  }
  return paths;
}

/**
 * exoCommitPaths without asking git: the status of .exo/ taken earlier in this command, in this
 * checkout (finish lists the whole worktree for its drift before it writes), plus the files this
 * process wrote under .exo/ since (atomic writes and ledger appends record themselves). Null when
 * that cannot be told apart from git's answer: the process removed a file exo commits (git alone
 * knows whether the removal is to be committed), or a file it wrote is gone again.
 */
export async function exoCommitPathsKnown(repo: Repo, exoStatus: readonly string[]): Promise<string[] | null> {
  const exoRel = repo.relative(repo.exoDir);
  const kept = (rel: string) => ALWAYS.some((re) => re.test(rel.slice(exoRel.length + 1))) || SOURCES[rel.slice(exoRel.length + 1)] !== undefined;
  const under = (abs: string) => {
    const rel = repo.relative(abs);
    return rel.startsWith(`${exoRel}/`) ? rel : null;
  };
  const { written, removed } = writesHere();
  const untracked = new Set(exoStatus.filter((e) => e.startsWith("?? ")).map((e) => e.slice(3)));
  for (const file of removed) {
    const rel = under(file);
    if (rel !== null && kept(rel)) return null;
  }
  // An untracked file listed then and gone now (another process removed it) is no pathspec git
  // would take; a tracked one gone is a removal `git add -A` stages.
  const paths = new Set(statusPaths(exoStatus).filter((p) => !untracked.has(p) || existsSync(join(repo.root, p))));
  for (const file of written) {
    const rel = under(file);
    if (rel === null || !kept(rel)) continue;
    if (!existsSync(file)) return null;
    paths.add(rel);
  }
  return committable(repo, [...paths]);
}

/** Of changed paths under .exo/, those committed now: exo's records, and sources once compiled. */
async function committable(repo: Repo, paths: string[]): Promise<string[]> {
  const exoRel = repo.relative(repo.exoDir);
  const inner = (p: string) => p.slice(exoRel.length + 1);
  const always = paths.filter((p) => ALWAYS.some((re) => re.test(inner(p))));
  const sources = paths.filter((p) => SOURCES[inner(p)] !== undefined);
  if (sources.length === 0) return always.sort();
  // A governance source is swept in only once compiled: its hash is the lock's.
  const lockText = await readGovernedTextOrNull(repo.lockFile, [repo.mainRoot, repo.root]);
  let lockSources: Record<string, string | null> | null = null;
  try {
    lockSources = lockText ? (JSON.parse(lockText) as { sources: Record<string, string | null> }).sources : null;
  } catch {
    lockSources = null;
  }
  const hashes = sourceHashes(await readSourceTexts(repo)) as unknown as Record<string, string | null>;
  const compiled = sources.filter((p) => {
    const source = SOURCES[inner(p)] as string;
    return lockSources !== null && lockSources[source] === hashes[source];
  });
  return [...always, ...compiled].sort();
}

export async function autoCommit(
  repo: Repo,
  config: Config,
  opts: {
    event: string;
    id: string;
    session?: string | null;
    ticket?: string | null;
    extraPaths?: string[];
    crash?: (step: "commit-staged") => void;
    /** The status of .exo/ in repo.root, taken in this command before its writes (exoCommitPathsKnown). */
    exoStatus?: readonly string[];
  },
): Promise<AutoCommitResult> {
  const { isSidecar, sidecarCommit } = await import("./sidecar.js");
  if (isSidecar(repo.exoDir)) {
    // Sidecar mode (§7.27): commit inside the .exo worktree, whatever git.auto_commit says.
    return sidecarCommit(repo.exoDir, opts.event, opts.id);
  }
  if (!config.git.auto_commit) return { sha: null, warning: null };
  const known = opts.exoStatus ? await exoCommitPathsKnown(repo, opts.exoStatus) : null;
  const status = known && opts.exoStatus ? opts.exoStatus : await exoStatusEntries(repo);
  const wanted = [...new Set([...(known ?? (await committable(repo, statusPaths(status)))), ...(opts.extraPaths ?? [])])];
  // A file with conflict stages in the index (a git stash pop or pull --autostash that stopped on
  // it, with no merge in progress): `git add` would mark the conflict resolved with this side alone,
  // dropping the teammate's (a ticket they deleted comes back). It is left for the person to resolve.
  const unmerged = unmergedIn(status);
  const held = wanted.filter((p) => unmerged.has(p));
  // A ledger segment whose line ends an editor or git converted (CR LF, a byte order mark):
  // committed, every clone's history would hold bytes exo did not write (the chain no longer
  // verifies as committed, pr-check sees the segment rewritten). doctor --fix puts the bytes back.
  // A segment whose last line is torn (a killed append, NUL bytes a power cut left): committed,
  // every clone would pull a ledger that does not verify. doctor --fix cuts the torn line off.
  // A pipe, socket or device under one of exo's names (a hand's mkfifo at a ledger segment):
  // git refuses to add it, and the whole commit failed with git's words (every other record
  // of the finish left uncommitted). It is left out, and said so with the way back.
  const special = wanted.filter((p) => !unmerged.has(p) && specialFile(join(repo.root, p)));
  const { converted, torn } = await damagedSegments(repo, wanted.filter((p) => !unmerged.has(p) && !special.includes(p)));
  // A file a crash or a power cut zeroed (a memento, generated.json: NUL bytes only): committed,
  // every clone would pull the NUL bytes over its whole copy. doctor --fix restores git's copy.
  const zeroed = wanted.filter((p) => !unmerged.has(p) && !converted.includes(p) && !torn.includes(p) && !special.includes(p) && zeroedFile(join(repo.root, p)));
  const paths = wanted.filter((p) => !unmerged.has(p) && !converted.includes(p) && !torn.includes(p) && !special.includes(p) && !zeroed.includes(p));
  const them = (list: readonly string[]) => (list.length === 1 ? "it" : "them");
  const reasons = [
    ...(held.length > 0 ? [`${held.join(", ")}: git has ${them(held)} in an unresolved merge; compare the sides (git status), keep what belongs and git add ${them(held)}`] : []),
    ...(converted.length > 0 ? [`${converted.join(", ")}: line ends converted (CR LF or a byte order mark); exo doctor --fix --section ledger puts back the bytes exo wrote`] : []),
    ...(torn.length > 0 ? [`${torn.join(", ")}: ${torn.length === 1 ? "its" : "their"} last line is torn (a write cut short); exo doctor --fix --section ledger cuts it off`] : []),
  ];
  const kept = [...held, ...converted, ...torn];
  const notFiles = special.length === 0 ? "" : `${kept.length > 0 ? "; nor " : ""}${special.join(", ")}: ${special.length === 1 ? "a pipe, socket or device, which git cannot hold (exo never makes one); remove it" : "pipes, sockets or devices, which git cannot hold (exo never makes them); remove them"} (rm -- ${special.map(shellWord).join(" ")}), and git checkout -- ${special.map((p) => shellWord(`:/${p}`)).join(" ")} brings back what git has`;
  const nulls = zeroed.length === 0 ? "" : `${kept.length > 0 || special.length > 0 ? "; nor " : ""}${zeroed.join(", ")}: NUL bytes only (a crash or a power cut zeroed ${them(zeroed)}); exo doctor --fix restores git's copy`;
  const heldWarning = kept.length === 0 && special.length === 0 && zeroed.length === 0 ? null : { code: WarningCode.AUTO_COMMIT_FAILED, message: `exo did not commit ${reasons.join("; ")}${kept.length > 0 ? `; exo's next commit takes ${them(kept)}` : ""}${notFiles}${nulls}` };
  if (paths.length === 0) return { sha: null, warning: heldWarning };
  // A merge, cherry-pick or revert stopped on a conflict: git refuses a commit of some paths then,
  // and its --abort resets whatever is staged (exo's new files and records with it) while it keeps
  // unstaged changes. So exo stages nothing; its next commit takes the files.
  const pending = stoppedOperation(repo.gitDir);
  // (A stopped rebase commits: see rebasingBranch below.)
  if (pending && pending !== "rebase") {
    return { sha: null, warning: { code: WarningCode.AUTO_COMMIT_FAILED, message: `a git ${pending} is in progress: exo left its state uncommitted and unstaged (git ${pending} --abort drops what is staged); exo's next commit takes it, or git add .exo after the ${pending}` } };
  }
  const trailers = ["Exo-Generated: true", ...(opts.session ? [`Exo-Session: ${opts.session}`] : []), ...(opts.ticket ? [`Exo-Ticket: ${opts.ticket}`] : [])].join("\n");
  const before = await headState(repo.root, repo);
  // A branch ref a crash zeroed fails every commit the same way: the files would wait for a commit
  // that cannot be made. doctor --fix points the branch at its reflog's last commit again.
  const fail = (stderr: string): AutoCommitResult => ({ sha: null, warning: { code: WarningCode.AUTO_COMMIT_FAILED, message: `exo could not commit its state (${stderr.trim().split("\n")[0] ?? "git failed"}); the files stay for your next commit${/reference broken|appears to be broken/.test(stderr) ? ", once exo doctor --fix --section git_tracking has repaired the branch's ref" : INDEX_HELD.test(stderr) ? ", once the index lock is gone (a git that was killed left it: exo doctor --fix --section git_index removes it)" : ""}` } });
  const commitOf = (list: readonly string[]) => commitNamedPaths(repo.root, list, () => commitAs(repo, config, ["commit", "--no-verify", "-q", "-m", `chore(exo): ${opts.event} ${opts.id}`, "-m", trailers, "--", ...list]), () => opts.crash?.("commit-staged"));
  let committed = paths;
  let commit = await commitOf(committed);
  // A rule of the repository's own ignore files that takes in exo's records (`*.jsonl`, `*.md`,
  // `.exo/`): git add refused them, and every commit failed with git's first line ("The following
  // paths are ignored by one of your .gitignore files:"), "for your next commit", which failed
  // the same, the rest left staged. The rest is committed; the ignored ones are named with the rule.
  let ignoredWarning: AutoCommitResult["warning"] = null;
  if (commit.code !== 0 && IGNORED_BY_RULE.test(commit.stderr)) {
    const ignored = await ignoredBy(repo.root, committed);
    committed = committed.filter((p) => !ignored.has(p));
    if (ignored.size > 0) ignoredWarning = { code: WarningCode.AUTO_COMMIT_FAILED, message: ignoredMessage(repo, ignored) };
    if (ignored.size > 0 && committed.length === 0) return { sha: null, warning: ignoredWarning };
    if (ignored.size > 0) commit = await commitOf(committed);
  }
  if (commit.code !== 0) return fail(commit.stderr || commit.stdout);
  const after = await headState(repo.root, repo);
  const sha = after.head;
  // The commit named its paths, so the lock at the new HEAD is the parent's unless it was one of them.
  if (before.head && sha && !committed.includes(repo.relative(repo.lockFile))) await carryCommittedLock(repo, before.head, sha).catch(() => undefined);
  // On a detached HEAD the commit is on no branch: the next checkout of a branch leaves it behind.
  if (sha && after.branch === null) {
    const rebasing = rebasingBranch(repo.gitDir);
    if (rebasing) return { sha, warning: await committedInRebase(repo, rebasing, sha, committed) };
    const bisecting = bisectedBranch(repo.gitDir);
    if (bisecting) return { sha, warning: await committedInBisect(repo, bisecting, sha, committed) };
    return { sha, warning: { code: WarningCode.AUTO_COMMIT_DETACHED, message: `HEAD is detached: exo's commit ${sha.slice(0, 8)} is on no branch and a checkout of another branch leaves it behind; keep it with git switch -c <branch> (or git branch <branch> ${sha.slice(0, 8)})` } };
  }
  return { sha, warning: ignoredWarning ?? heldWarning };
}

/** git add's words for a path a rule of the ignore files takes in. */
const IGNORED_BY_RULE = /paths are ignored by one of your \.gitignore files/;

/** Of `paths`, those git ignores (untracked, under a rule), each with its rule ("<file>:<line>:<pattern>"). */
async function ignoredBy(root: string, paths: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // -v: "<source>:<line>:<pattern> TAB <path>" a line (exo's own paths need no quoting).
  const run = await gitRaw(root, ["check-ignore", "-v", "--", ...paths]);
  for (const line of run.stdout.split("\n")) {
    const tab = line.lastIndexOf("\t");
    if (tab > 0) out.set(line.slice(tab + 1), line.slice(0, tab));
  }
  return out;
}

/**
 * exo's own files (and folders) below .exo/ that a rule of the repository's ignore files takes in,
 * the machine-local folders left out, each with its rule: `git status` does not show them, so a
 * commit of what it shows leaves them out unseen (install's). One git call, for .exo/ alone.
 */
export async function ignoredExoFiles(repo: Repo): Promise<Map<string, string>> {
  // Sidecar mode ignores .exo/ in the repository on purpose: its files are committed in .exo/ itself.
  if (isSidecar(repo.exoDir)) return new Map();
  const exo = repo.relative(repo.exoDir);
  const run = await gitRaw(repo.root, ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory", "--", exo]);
  const local = new Set(["sessions", "locks", "cache", "logs", "traces"]);
  const found = run.stdout.split("\0").filter((p) => p.startsWith(`${exo}/`) && !local.has(p.slice(exo.length + 1).split("/")[0] as string));
  return found.length === 0 ? new Map() : ignoredBy(repo.root, found);
}

/** The warning for exo's records a rule of the repository's ignore files takes in: the rule, and the lines that let them in. */
export function ignoredMessage(repo: Repo, ignored: ReadonlyMap<string, string>): string {
  const list = [...ignored.keys()];
  const [rule = "?"] = [...new Set(ignored.values())];
  const [source = "", line = "", ...pattern] = rule.split(":");
  const exo = repo.relative(repo.exoDir);
  const own = source === `${exo}/.gitignore`;
  const fix = own
    ? `put back exo's own ${source} (exo doctor --fix --section scaffold writes it again)`
    : `add the lines !/${exo}/ and !/${exo}/** below it in .gitignore (exo's own ${exo}/.gitignore still keeps its machine-local folders out) and commit`;
  return `exo did not commit ${list.join(", ")}: git ignores ${list.length === 1 ? "it" : "them"} by the rule ${pattern.join(":")} (${source}:${line}), so ${list.length === 1 ? "it never reaches" : "they never reach"} the team's clones; ${fix}; exo's next commit takes ${list.length === 1 ? "it" : "them"}`;
}

/** git's words when another git holds the index (`Unable to create '<…>/index.lock': File exists`). */
export const INDEX_HELD = /Unable to create '([^']*index\.lock)': File exists/;
/** How long exo's commit waits for another git's index lock, and past which age a lock counts as left by a killed git. */
const INDEX_WAIT_MS = 10_000;

/**
 * A step of exo's commit, run again while another git holds the index lock: an editor's git status
 * (which takes it for a moment), another exo's commit in the same checkout (two agents finishing
 * at once). Before, the step failed at once and the finish's state waited, uncommitted, for a
 * commit that never came (AUTO_COMMIT_FAILED, "index.lock: File exists"), a memento left staged.
 * A lock older than the wait is a killed git's: not waited on.
 */
export async function whileIndexHeld(run: () => Promise<GitResult>): Promise<GitResult> {
  const until = Date.now() + INDEX_WAIT_MS;
  for (;;) {
    const result = await run();
    const held = result.code === 0 ? null : INDEX_HELD.exec(result.stderr);
    if (!held || Date.now() > until) return result;
    const lock = lstatSync(held[1] ?? "", { throwIfNoEntry: false });
    if (lock && Date.now() - lock.mtimeMs > INDEX_WAIT_MS) return result;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type GitResult = { stdout: string; stderr: string; code: number };

/**
 * exo's commit of the files it names (the auto-commit's, install's): `git add -A -- <paths>`, then
 * `commit` (a `git commit -- <paths>`), each run again while another git holds the index lock for
 * a moment. The answer is the failing step's, else the commit's. A path another exo process wrote
 * while the commit ran (a second agent's record appended to the ledger segment, a doctor --fix in
 * the same checkout): git's commit of named paths reads each file twice, once for the index and
 * once for the commit, so the index could keep the older bytes while HEAD has the newer: staged, a
 * removal of committed records, which the person's next git commit made for the team (or exo's
 * pre-commit hook refused, naming a file they never touched). Its index entry is set to the
 * commit's; what came later stays unstaged. `staged`: the test-only crash point between the two
 * whole git calls.
 */
export async function commitNamedPaths(root: string, paths: readonly string[], commit: () => Promise<GitResult>, staged?: () => void): Promise<GitResult> {
  const stamps = paths.map((p) => fileStamp(join(root, p)));
  const add = await whileIndexHeld(() => gitRaw(root, ["add", "-A", "--", ...paths]));
  if (add.code !== 0) return add;
  staged?.();
  const done = await whileIndexHeld(commit);
  if (done.code !== 0) return done;
  const moved = paths.filter((p, i) => fileStamp(join(root, p)) !== stamps[i]);
  if (moved.length > 0) await whileIndexHeld(() => gitRaw(root, ["reset", "-q", "--", ...moved]));
  return done;
}

/** A file's size, mtime and inode (or "gone"): whether another process wrote it since. */
function fileStamp(file: string): string {
  const st = lstatSync(file, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}:${st.ino}` : "gone";
}

/**
 * The branch (refs/heads/…) a rebase stopped in this worktree works on, or null. While it stops
 * (a conflict, an `edit`), HEAD is detached and git keeps the branch's name in the git dir.
 */
function rebasingBranch(gitDir: string | null): string | null {
  if (!gitDir) return null;
  for (const dir of ["rebase-merge", "rebase-apply"]) {
    let name: string;
    try {
      name = readFileSync(join(gitDir, dir, "head-name"), "utf8").trim();
    } catch {
      continue;
    }
    return /^refs\/heads\/[^\s]+$/.test(name) && !name.includes("..") ? name : null;
  }
  return null;
}

/**
 * exo committed on a stopped rebase's HEAD: `git rebase --continue` carries the commit into the
 * branch, `git rebase --abort` drops it and resets exo's files with it. The ledger records it
 * holds are remembered as the branch's, so a verify after an abort names them and `doctor --fix`
 * puts them back from the reflog.
 */
async function committedInRebase(repo: Repo, branch: string, sha: string, paths: readonly string[]): Promise<{ code: string; message: string }> {
  await rememberCommitted(repo, branch, paths);
  const short = branch.slice("refs/heads/".length);
  return {
    code: WarningCode.AUTO_COMMIT_DETACHED,
    message: `a git rebase of ${short} is in progress: exo's commit ${sha.slice(0, 8)} joins ${short} with git rebase --continue; git rebase --abort drops it (then exo doctor --fix puts its ledger records back, and git cherry-pick ${sha.slice(0, 8)} the rest)`,
  };
}

/** The branch (refs/heads/…) a bisect in this worktree started from and `git bisect reset` returns to, or null. */
function bisectedBranch(gitDir: string | null): string | null {
  if (!gitDir) return null;
  let name: string;
  try {
    name = readFileSync(join(gitDir, "BISECT_START"), "utf8").trim();
  } catch {
    return null;
  }
  return /^[^\s~^:?*[\\]+$/.test(name) && !name.includes("..") && !/^[0-9a-f]{40,64}$/.test(name) ? `refs/heads/${name}` : null;
}

/** exo committed on a bisect's detached HEAD: `git bisect reset` leaves the commit behind, as --abort does a rebase's. */
async function committedInBisect(repo: Repo, branch: string, sha: string, paths: readonly string[]): Promise<{ code: string; message: string }> {
  await rememberCommitted(repo, branch, paths);
  const short = branch.slice("refs/heads/".length);
  return {
    code: WarningCode.AUTO_COMMIT_DETACHED,
    message: `a git bisect from ${short} is in progress: exo's commit ${sha.slice(0, 8)} is on no branch and git bisect reset leaves it behind (then exo doctor --fix puts its ledger records back, and git cherry-pick ${sha.slice(0, 8)} the rest)`,
  };
}

/** Remember the ledger records of the committed segments as `branch`'s (records_lost names them if it drops the commit). */
async function rememberCommitted(repo: Repo, branch: string, paths: readonly string[]): Promise<void> {
  const [{ parseTail, readTail }, { rememberSeen }] = await Promise.all([import("../ledger/store.js"), import("../ledger/seen.js")]);
  const ledgerRel = repo.relative(repo.ledgerDir);
  const tails = new Map<string, { seq: number; hash: string }>();
  for (const p of paths) {
    if (!p.startsWith(`${ledgerRel}/`) || !p.endsWith(".jsonl")) continue;
    const tail = parseTail((await readTail(join(repo.root, p)).catch(() => null))?.line ?? null);
    if (tail && tail !== "bad") tails.set(p.slice(ledgerRel.length + 1, -".jsonl".length), { seq: tail.seq, hash: tail.hash });
  }
  await rememberSeen(repo, branch, tails, new Date()).catch(() => undefined);
}
