// The start snapshot across suspend and resume (issue #19 attribution): suspend records the dirty
// files; resume treats what changed meanwhile, and the session's hooks never recorded, as
// pre-existing, so finish does not charge the session with another's edits made while it slept.
import { touchedPaths } from "./touched.js";
import { writeFileAtomic } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readTextOrNull } from "../../io/read.js";
import { dirtySnapshot, readSnapshot, rebaseOnResume, snapshotText } from "../drift/attribution.js";
import type { SessionRecord } from "./types.js";

/** At suspend: keep the dirty files beside the start snapshot (an older session gets an empty one). */
export async function noteSuspended(repo: Repo, session: SessionRecord, at: Date): Promise<void> {
  const snap = readSnapshot(await readTextOrNull(repo.sessionDirtyFile(session.id)));
  const files = snap?.files ?? new Map<string, string>();
  await writeFileAtomic(repo.sessionDirtyFile(session.id), snapshotText(session.id, snap?.takenAt || session.started_at, files, { at: at.toISOString(), files: await dirtySnapshot(session.worktree) }));
}

/** At resume: fold the changes made while suspended into the snapshot. */
export async function noteResumed(repo: Repo, session: SessionRecord): Promise<void> {
  const snap = readSnapshot(await readTextOrNull(repo.sessionDirtyFile(session.id)));
  if (!snap?.suspended) return;
  const own = touchedPaths(await readTextOrNull(repo.sessionTouchedFile(session.id)));
  const files = rebaseOnResume(snap.files, snap.suspended.files, await dirtySnapshot(session.worktree), own);
  await writeFileAtomic(repo.sessionDirtyFile(session.id), snapshotText(session.id, snap.takenAt || session.started_at, files));
}
