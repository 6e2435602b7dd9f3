// Changed files of a session (SPEC §7.15): own commits since the session base plus uncommitted
// and untracked files, minus .exo/, ignore paths and exo-written files, and minus the uncommitted
// files that are not the session's (attribution.ts: unchanged since its start, or another live
// session's).
import { headCommit } from "../git/facts.js";
import { join } from "node:path";
import { matchesAny } from "../../kernel/globs.js";
import type { ChangedFile } from "../../kernel/drift.js";
import { git, gitRaw } from "../../io/git.js";
import { readWorkTreeText } from "../../io/worktree-read.js";
import { contentIds, excludeUncommitted, type Attribution, type Claim } from "./attribution.js";

export interface ChangeQuery {
  worktree: string;
  sessionId: string;
  startCommit: string | null;
  branch: string | null;
  baseBranch: string;
  baseRef: string | null;
  ignorePaths: readonly string[];
  exoWritten: readonly string[];
  /** Uncommitted paths recorded by sibling live sessions sharing the worktree, with the session. */
  siblingPaths: ReadonlyMap<string, Claim>;
  /** Paths this session's hooks recorded (a sibling's record never excludes them). */
  ownPaths?: ReadonlySet<string>;
  /** Dirty files at session start (path → content id); null for sessions started without one. */
  startDirty?: ReadonlyMap<string, string> | null;
  /** Files outside .exo/ an exo command wrote in this work tree (path → content id it left, exo-writes.ts). */
  exoWrites?: ReadonlyMap<string, string>;
}

export interface ChangeSet {
  files: ChangedFile[];
  commits: string[];
  lines_added: number;
  lines_removed: number;
  /** What was charged and what was left out, and why. */
  attribution: Attribution;
  /**
   * The status entries under .exo/ (porcelain v1, a rename's source as the next entry), as git
   * listed them in this worktree before the command wrote anything: finish's auto-commit starts
   * from them instead of asking git again. Not part of any report.
   */
  exoStatus?: string[];
  /**
   * Every path that status listed as uncommitted (staged, unstaged, untracked; a rename's new
   * name), from the same status: finish's `commit:` line starts from them. Not part of any report.
   */
  dirtyPaths?: string[];
}

interface Acc {
  status: ChangedFile["status"];
  added: number;
  removed: number;
  old_path: string | null;
}

/** Parse `--numstat -z` entries: "a\tr\tpath\0" or, for renames, "a\tr\t\0old\0new\0". */
function parseNumstat(text: string): { path: string; old: string | null; added: number; removed: number }[] {
  const parts = text.split("\0");
  const out: { path: string; old: string | null; added: number; removed: number }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const entry = (parts[i] as string).replace(/^\n+/, "");
    if (entry === "") continue;
    const [a, r, path] = entry.split("\t");
    if (a === undefined || r === undefined || path === undefined) continue;
    const added = a === "-" ? 0 : Number(a);
    const removed = r === "-" ? 0 : Number(r);
    if (path === "") {
      const old = parts[++i] ?? "";
      const neu = parts[++i] ?? "";
      out.push({ path: neu, old, added, removed });
    } else out.push({ path, old: null, added, removed });
  }
  return out;
}

/** Lines of a text file in the work tree; 0 for one over 8 MiB, binary, or not a regular file (io/read). */
async function countLines(file: string): Promise<number> {
  const buf = await readWorkTreeText(file, 8 * 1024 * 1024);
  if (!buf || buf.length === 0) return 0;
  let lines = 0;
  for (const byte of buf) if (byte === 10) lines++;
  return buf[buf.length - 1] === 10 ? lines : lines + 1;
}

export async function collectChanges(q: ChangeQuery): Promise<ChangeSet> {
  const cwd = q.worktree;
  const acc = new Map<string, Acc>();
  const commits: string[] = [];
  const committedByOthers = new Map<string, Claim>();
  // The working tree's status runs while the history is read (two git processes at once).
  const statusRun = git(cwd, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]);
  statusRun.catch(() => undefined); // awaited below; a failure then is the one reported
  const head = await headCommit(cwd);
  const headOk = head !== null;
  if (headOk && q.startCommit && head !== q.startCommit) q = { ...q, startCommit: await startOnHead(cwd, q.startCommit, q.sessionId) };
  // HEAD still at the session's start commit: no commits to read.
  if (headOk && head !== q.startCommit) {
    const range = q.startCommit ? [`${q.startCommit}..HEAD`] : ["HEAD"];
    // The net statuses since the start (added, deleted) are read while the history is.
    const netRun = gitRaw(cwd, ["diff", "--name-status", "-M", "-z", q.startCommit ?? "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "HEAD"]);
    netRun.catch(() => undefined); // awaited below when a commit is the session's
    const log = await git(cwd, ["log", "--no-merges", "-M", "--numstat", "-z", "--format=%x1e%H%x1f%ct%x1f%(trailers:key=Exo-Session,valueonly)%x1f%(trailers:key=Exo-Generated,valueonly)%x1f", ...range]);
    let notOnBase: Set<string> | null = null;
    let madeHere: Set<string> | "unknown" | null = null;
    const ownPaths = q.ownPaths ?? new Set<string>();
    const onBaseBranch = q.branch !== null && q.branch === q.baseBranch;
    for (const chunk of log.split("\x1e")) {
      if (chunk.trim() === "") continue;
      const [sha = "", , sessionRaw = "", generatedRaw = "", rest = ""] = chunk.split("\x1f");
      const session = sessionRaw.trim().split("\n")[0]?.trim() ?? "";
      let own: boolean;
      const untagged = !session && !generatedRaw.trim().toLowerCase().startsWith("true");
      if (generatedRaw.trim().toLowerCase().startsWith("true")) own = false;
      else if (session) own = session === q.sessionId;
      // A teammate's commit a `git pull` brought in (a merge, a fast-forward) was never made here.
      else if ((madeHere ??= await commitsMadeHere(cwd)) !== "unknown" && !madeHere.has(sha.trim())) own = false;
      else if (onBaseBranch || q.baseRef === null) own = true;
      else {
        if (notOnBase === null) {
          const r = await gitRaw(cwd, ["rev-list", ...range, "--not", q.baseRef]);
          notOnBase = new Set(r.code === 0 ? r.stdout.split("\n").filter(Boolean) : []);
        }
        own = notOnBase.has(sha.trim());
      }
      if (!own) continue;
      // An untagged commit in a shared checkout: files another session's hooks recorded and this
      // session never touched are that session's (a commit of nothing else is not this one's).
      const entries = parseNumstat(rest);
      const theirs = untagged && q.siblingPaths.size > 0 ? entries.filter((n) => !ownPaths.has(n.path) && q.siblingPaths.has(n.path)) : [];
      for (const n of theirs) if (!committedByOthers.has(n.path)) committedByOthers.set(n.path, q.siblingPaths.get(n.path) as Claim);
      if (entries.length > 0 && theirs.length === entries.length) continue;
      commits.push(sha.trim());
      for (const n of entries) {
        if (theirs.includes(n)) continue;
        const prev = acc.get(n.path);
        acc.set(n.path, {
          status: prev?.status ?? (n.old ? "renamed" : "modified"),
          added: (prev?.added ?? 0) + n.added,
          removed: (prev?.removed ?? 0) + n.removed,
          old_path: prev?.old_path ?? n.old,
        });
      }
    }
    commits.reverse();
    // Final statuses for committed paths: added / deleted relative to the session base.
    if (commits.length > 0) {
      const ns = await netRun;
      const parts = ns.stdout.split("\0").filter((p) => p !== "");
      for (let i = 0; i < parts.length; ) {
        const st = parts[i++] as string;
        const path = st.startsWith("R") || st.startsWith("C") ? ((i++, parts[i++]) as string) : (parts[i++] as string);
        const a = acc.get(path);
        if (a) a.status = st[0] === "A" ? "added" : st[0] === "D" ? "deleted" : st[0] === "R" ? "renamed" : "modified";
      }
    }
  }
  // Uncommitted: staged, unstaged, deletions, renames, untracked (not ignored).
  const status = await statusRun;
  const entries = status.split("\0").filter((e) => e !== "");
  const untracked: string[] = [];
  const dirty = new Map<string, { status: ChangedFile["status"]; old: string | null }>();
  const exoStatus: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as string;
    const xy = e.slice(0, 2);
    const path = e.slice(3);
    if (path === ".exo" || path.startsWith(".exo/")) {
      exoStatus.push(e);
      if (xy.includes("R") || xy.includes("C")) exoStatus.push(entries[i + 1] ?? "");
    }
    if (xy === "??") untracked.push(path);
    else if (xy.includes("R") || xy.includes("C")) dirty.set(path, { status: "renamed", old: entries[++i] ?? null });
    else dirty.set(path, { status: xy.includes("D") ? "deleted" : xy.includes("A") ? "added" : "modified", old: null });
  }
  const committed = new Set(acc.keys());
  const ignored = (p: string) => p === ".exo" || p.startsWith(".exo/") || matchesAny(q.ignorePaths, p) !== null || q.exoWritten.includes(p);
  // Attribution applies to uncommitted paths only; own commits are own.
  const candidates = [...dirty.keys(), ...untracked].filter((p) => !committed.has(p) && !ignored(p));
  const snap = q.startDirty ?? null;
  const exoMade = q.exoWrites ?? new Map<string, string>();
  const hashed = candidates.filter((p) => snap?.has(p) || q.siblingPaths.get(p)?.content !== undefined || exoMade.has(p));
  const current = hashed.length > 0 ? await contentIds(cwd, hashed) : new Map<string, string>();
  // A file still holding what an exo command wrote there (regenerated adapters) is not the session's.
  const byExo = new Set(candidates.filter((p) => exoMade.has(p) && current.get(p) === exoMade.get(p)));
  const uncommitted = byExo.size > 0 ? candidates.filter((p) => !byExo.has(p)) : candidates;
  const excluded = excludeUncommitted({ uncommitted, startDirty: snap, current, own: q.ownPaths ?? new Set(), others: q.siblingPaths });
  // A merge (or cherry-pick) stopped on a conflict leaves the other side's changes staged: they are
  // the teammate's, not this session's, unless its hooks saw it write them.
  const incoming = uncommitted.length > 0 ? await mergingIn(cwd) : new Set<string>();
  const merging = new Set(uncommitted.filter((p) => incoming.has(p) && !q.ownPaths?.has(p) && !excluded.preexisting.has(p) && !excluded.other.has(p)));
  const skip = (p: string) => ignored(p) || byExo.has(p) || excluded.preexisting.has(p) || excluded.other.has(p) || merging.has(p);
  // Line counts of tracked changes, when one of them is charged (often only .exo/ is dirty).
  if (headOk && [...dirty.keys()].some((p) => !skip(p))) {
    const numstat = parseNumstat(await git(cwd, ["diff", "HEAD", "-M", "--numstat", "-z"]));
    for (const n of numstat) {
      const d = dirty.get(n.path);
      if (!d) continue;
      const prev = acc.get(n.path);
      acc.set(n.path, { status: prev ? afterCommits(prev.status, d.status) : d.status, added: (prev?.added ?? 0) + n.added, removed: (prev?.removed ?? 0) + n.removed, old_path: prev?.old_path ?? n.old ?? d.old });
    }
  }
  for (const [path, d] of dirty) if (!acc.has(path)) acc.set(path, { status: d.status, added: 0, removed: 0, old_path: d.old });
  for (const path of untracked) {
    if (skip(path)) continue;
    const lines = await countLines(join(cwd, path));
    const prev = acc.get(path);
    acc.set(path, { status: "added", added: (prev?.added ?? 0) + lines, removed: prev?.removed ?? 0, old_path: null });
  }
  const files: ChangedFile[] = [...acc.entries()]
    .filter(([path]) => !skip(path))
    .map(([path, a]) => ({ path, status: a.status, added: a.added, removed: a.removed, ...(a.old_path ? { old_path: a.old_path } : {}) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const attribution: Attribution = {
    charged: files.map((f) => f.path),
    excluded_preexisting: [...excluded.preexisting].sort(),
    excluded_other_sessions: [...new Map([...committedByOthers, ...excluded.other])]
      .filter(([path]) => !acc.has(path) || excluded.other.has(path))
      .map(([path, c]) => ({ path, session: c.session, actor: c.actor }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    ...(merging.size > 0 ? { excluded_merging: [...merging].sort() } : {}),
  };
  return { files, commits, lines_added: files.reduce((s, f) => s + f.added, 0), lines_removed: files.reduce((s, f) => s + f.removed, 0), attribution, exoStatus, dirtyPaths: [...dirty.keys(), ...untracked] };
}

/**
 * A path's status over the whole session: what the session's commits did to it, then what the
 * working tree does since. A file the commits added or renamed is still added or renamed when it
 * is edited again (a rename keeps its old path, a delete for deny checks: SPEC §7.15 step 4).
 */
function afterCommits(committed: ChangedFile["status"], now: ChangedFile["status"]): ChangedFile["status"] {
  if (now === "deleted") return "deleted";
  if (committed === "added" || committed === "renamed") return committed;
  return now;
}

/** Reflog subjects of HEAD moves that made a commit in this worktree (not a pull, merge, reset or checkout of others'): a rebase's picks, `git pull --rebase`'s too ("pull -q --rebase (pick): …"). */
const MADE = /^(?:commit|cherry-pick|revert|am)\b|^(?:rebase|pull)\b[^:(]*\((?:pick|reword|edit|squash|fixup|continue)\)/;

/**
 * The commits this worktree made, as HEAD's reflog records them ("commit: …", "rebase (pick): …"),
 * or "unknown" when there is no reflog to tell (core.logAllRefUpdates off, an expired one): then
 * every untagged commit on the branch counts, as before.
 */
async function commitsMadeHere(cwd: string): Promise<Set<string> | "unknown"> {
  const r = await gitRaw(cwd, ["log", "-g", "-n", "5000", "--format=%H%x1f%gs", "HEAD"]);
  if (r.code !== 0) return "unknown";
  const out = new Set<string>();
  let entries = 0;
  for (const line of r.stdout.split("\n")) {
    const at = line.indexOf("\x1f");
    if (at < 0) continue;
    entries++;
    if (MADE.test(line.slice(at + 1))) out.add(line.slice(0, at));
  }
  return entries === 0 ? "unknown" : out;
}

/**
 * The session's start commit as HEAD's history has it: itself while it is an ancestor of HEAD (one
 * git process, the usual case); the one a rewrite made when git no longer has it (the history
 * rewritten and pruned); the copy a `git pull --rebase` made of it (local commits not pushed yet).
 */
async function startOnHead(cwd: string, start: string, sessionId: string): Promise<string | null> {
  const r = await gitRaw(cwd, ["merge-base", "--is-ancestor", start, "HEAD"]);
  if (r.code === 0) return start;
  // 1: not an ancestor. Anything else (128): git may not have the commit any more.
  if (r.code !== 1) {
    const rewritten = await rewrittenStart(cwd, start, sessionId);
    if (rewritten !== start) return rewritten;
  }
  return rebasedStart(cwd, start);
}

/**
 * The session's start commit when git no longer has it: the history was rewritten under the session
 * (git filter-repo or filter-branch purging a secret, a reset) and git gc pruned the old commits,
 * so `<start>..HEAD` failed every finish (GIT_FAILED "Invalid revision range", hint git status).
 * The commit of HEAD's first-parent history made last before the session started (its id holds
 * that UTC second, §3), which a rewrite keeps with its committer date; null (HEAD's whole history,
 * which the own-commit checks below filter) when none is that old. Itself while git has it.
 */
async function rewrittenStart(cwd: string, start: string, sessionId: string): Promise<string | null> {
  if ((await gitRaw(cwd, ["cat-file", "-e", `${start}^{commit}`])).code === 0) return start;
  const m = /^SES-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-/.exec(sessionId);
  if (!m) return start;
  const r = await gitRaw(cwd, ["rev-list", "-1", "--first-parent", `--before=${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`, "HEAD"]);
  return r.code === 0 ? r.stdout.trim() || null : start;
}

/**
 * The start commit a rebase rewrote (not an ancestor of HEAD): the commit of HEAD's history with its
 * author, author date and subject (what a rebase keeps), else the start commit as it was.
 */
async function rebasedStart(cwd: string, start: string): Promise<string> {
  const mine = await gitRaw(cwd, ["log", "-1", "--format=%an%x1f%ae%x1f%at%x1f%s", start]);
  if (mine.code !== 0 || mine.stdout.trim() === "") return start;
  const base = await gitRaw(cwd, ["merge-base", start, "HEAD"]);
  const since = base.code === 0 && base.stdout.trim() ? ["--not", base.stdout.trim()] : [];
  const log = await gitRaw(cwd, ["log", "-n", "500", "--format=%H%x1f%an%x1f%ae%x1f%at%x1f%s", "HEAD", ...since]);
  const want = mine.stdout.trim();
  const hits = log.stdout.split("\n").filter((l) => l.slice(l.indexOf("\x1f") + 1) === want);
  return hits.length === 1 ? (hits[0] as string).slice(0, (hits[0] as string).indexOf("\x1f")) : start;
}

/**
 * The paths the other side of a merge or cherry-pick stopped in the work tree at `cwd` changed
 * (merge base → MERGE_HEAD, or the picked commit's own change); empty when none is in progress
 * (a few stats, no git process).
 */
async function mergingIn(cwd: string): Promise<Set<string>> {
  const { gitDirsOf } = await import("../../io/git-refs.js");
  const { stoppedOperation } = await import("../git/unmerged.js");
  const stopped = stoppedOperation(gitDirsOf(cwd)?.gitDir ?? null);
  if (stopped !== "merge" && stopped !== "cherry-pick") return new Set();
  const range = stopped === "merge" ? ["HEAD...MERGE_HEAD"] : ["CHERRY_PICK_HEAD^", "CHERRY_PICK_HEAD"];
  const out = await gitRaw(cwd, ["diff", "--name-only", "-z", "--no-renames", ...range, "--"]).catch(() => null);
  return new Set(out && out.code === 0 ? out.stdout.split("\0").filter((p) => p !== "") : []);
}
