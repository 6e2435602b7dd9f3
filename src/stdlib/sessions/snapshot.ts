// The start snapshot across suspend and resume (issue #19 attribution): suspend records the dirty
// files; resume treats what changed meanwhile, and the session's hooks never recorded, as
// pre-existing, so finish does not charge the session with another's edits made while it slept.
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { linkProblem } from "./state-files.js";
import { touchedPaths } from "./touched.js";
import { ExoError, ErrorCode } from "../../errors.js";
import { writeFileAtomic } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readTextOrNull } from "../../io/read.js";
import { dirtySnapshot, readSnapshot, rebaseOnResume, snapshotText } from "../drift/attribution.js";
import type { SessionRecord } from "./types.js";

/**
 * At suspend: keep the dirty files beside the start snapshot (an older session gets an empty one).
 * A snapshot that is there and cannot be read (zeroed by a crash, a link) is left as it is, for the
 * finish to refuse and doctor --fix to rebuild: before, the suspend wrote an empty one over it, and
 * the finish after the resume charged every file dirty at the start to the session, unseen.
 */
export async function noteSuspended(repo: Repo, session: SessionRecord, at: Date): Promise<void> {
  if ((await snapshotProblem(repo, session.id)) !== null) return;
  const snap = readSnapshot(await readTextOrNull(repo.sessionDirtyFile(session.id)));
  const files = snap?.files ?? new Map<string, string>();
  await writeFileAtomic(repo.sessionDirtyFile(session.id), snapshotText(session.id, snap?.takenAt || session.started_at, files, { at: at.toISOString(), files: await dirtySnapshot(session.worktree) }));
}

/** At resume: fold the changes made while suspended into the snapshot. */
export async function noteResumed(repo: Repo, session: SessionRecord): Promise<void> {
  if ((await snapshotProblem(repo, session.id)) !== null) return;
  const snap = readSnapshot(await readTextOrNull(repo.sessionDirtyFile(session.id)));
  if (!snap?.suspended) return;
  const own = touchedPaths(await readTextOrNull(repo.sessionTouchedFile(session.id)));
  const files = rebaseOnResume(snap.files, snap.suspended.files, await dirtySnapshot(session.worktree), own);
  await writeFileAtomic(repo.sessionDirtyFile(session.id), snapshotText(session.id, snap.takenAt || session.started_at, files));
}

/** Why a start snapshot file that is there cannot be read (a crash zeroed it, a hand garbled it), or null. */
export async function snapshotProblem(repo: Repo, session: string): Promise<string | null> {
  const file = repo.sessionDirtyFile(session);
  // A symlink (made by hand, a sync tool): exo writes the snapshot itself, never a link, and does
  // not read one through (a file outside the repository would decide what counts as pre-existing).
  const link = await linkProblem(file);
  if (link !== null) return link;
  // (A folder or a pipe there is the state section's, as before: readTextOrNull refuses it.)
  const text = await readTextOrNull(file).catch(() => null);
  if (text === null || readSnapshot(text) !== null) return null;
  return /^\0+$/.test(text) ? "NUL bytes only: a crash zeroed it" : text.trim() === "" ? "empty" : "not a start snapshot exo wrote";
}

/**
 * Why a session's touched log cannot be read, or null: a symlink (made by hand, a sync tool) was
 * read through, so a file outside the repository named the files the session wrote, and decided
 * which a sibling session or the start snapshot kept from it. The hook's appends refuse it too.
 */
export async function touchedLogProblem(repo: Repo, session: string): Promise<string | null> {
  return linkProblem(repo.sessionTouchedFile(session));
}

/**
 * Finish and handoff: a start snapshot that is there but cannot be read is refused, STATE_CORRUPT
 * (a touched log that is a symlink too).
 * Before, it read as no snapshot, and every file dirty at the start was charged to the session:
 * drift and out-of-scope files in the ledger for work it never did, without a word.
 */
export async function checkStartSnapshot(repo: Repo, session: SessionRecord): Promise<void> {
  const touched = await touchedLogProblem(repo, session.id);
  if (touched !== null) {
    const file = repo.relative(repo.sessionTouchedFile(session.id));
    throw new ExoError(ErrorCode.STATE_CORRUPT, `${file}, the touched log of ${session.id}, cannot be read (${touched}): the files it names would decide what this session is charged with; exo doctor --fix sets the link aside (its target is left alone), then retry.`, { hint: "exo doctor --fix --section state", details: { file, problem: touched } });
  }
  const problem = await snapshotProblem(repo, session.id);
  if (problem === null) return;
  const file = repo.relative(repo.sessionDirtyFile(session.id));
  throw new ExoError(ErrorCode.STATE_CORRUPT, `${file}, the start snapshot of ${session.id}, cannot be read (${problem}): without it every file dirty at the start would be charged to this session; exo doctor --fix rebuilds it from the files unchanged since the start, then retry.`, { hint: "exo doctor --fix --section state", details: { file, problem } });
}

/**
 * doctor --fix, for a start snapshot set aside (zeroed by a crash, garbled, a folder): the files
 * dirty now that have not changed since the session started (modified before it) and that its hooks
 * never recorded, with their content now, which was their content then; for a suspended session
 * the same at its suspend. A whole snapshot would have excluded those too; a file dirty at the start
 * and changed since is charged, as it would have been. What a tool wrote keeping an old mtime
 * (cp -p, tar, rsync -t) counts as pre-existing. Returns how many files it holds.
 */
export async function rebuildSnapshot(repo: Repo, session: SessionRecord): Promise<number> {
  const own = touchedPaths(await readTextOrNull(repo.sessionTouchedFile(session.id)).catch(() => null));
  const now = await dirtySnapshot(session.worktree);
  const mtimes = new Map<string, number>();
  for (const p of now.keys()) {
    const info = own.has(p) ? null : await lstat(join(session.worktree, p)).catch(() => null);
    if (info) mtimes.set(p, info.mtimeMs);
  }
  const before = (at: string | null) => {
    const ms = at ? Date.parse(at) : Number.NaN;
    return new Map([...now].filter(([p]) => (mtimes.get(p) ?? Number.POSITIVE_INFINITY) < ms));
  };
  const files = before(session.started_at);
  const suspended = session.status === "suspended" && session.suspended_at ? { at: session.suspended_at, files: before(session.suspended_at) } : undefined;
  await writeFileAtomic(repo.sessionDirtyFile(session.id), snapshotText(session.id, session.started_at, files, suspended));
  return files.size;
}
