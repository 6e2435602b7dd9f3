// Session files (<state>/sessions/<SES>.json), ephemeral: read, list, write, delete.
import { readdirSync, readFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { ExoError, ErrorCode, WarningCode } from "../../errors.js";
import { isSessionId } from "../../kernel/ids.js";
import { writeJsonAtomic } from "../../io/fs-atomic.js";
import { readJsonFile } from "../../io/read.js";
import type { Repo } from "../../io/paths.js";
import { asSession, sessionShapeProblem } from "./state-files.js";
import type { SessionRecord } from "./types.js";

/** A session by id, or null when its file does not exist. */
export async function readSession(repo: Repo, id: string): Promise<SessionRecord | null> {
  const value = await readJsonFile<SessionRecord>(repo.sessionFile(id), () => new ExoError(ErrorCode.STATE_CORRUPT, `Session file ${id}.json is not valid JSON; run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix" }));
  const problem = value === null ? null : sessionShapeProblem(value, id);
  if (problem) throw new ExoError(ErrorCode.STATE_CORRUPT, `Session file ${id}.json is unreadable (${problem}); run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix" });
  return value;
}

/** Every parsable session file, sorted by started_at then id. */
/** Session files that exist but cannot be read as a session (reported as SESSION_UNREADABLE). */
export function unreadableSessions(repo: Repo): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(repo.sessionsDir).filter((n) => n.endsWith(".json") && isSessionId(n.slice(0, -5)));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    try {
      if (!asSession(JSON.parse(readFileSync(`${repo.sessionsDir}/${name}`, "utf8")), name.slice(0, -5))) out.push(name.slice(0, -5));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") out.push(name.slice(0, -5));
    }
  }
  return out.sort();
}

/** Warn about session files exo cannot read: such a session is invisible to every listing. */
export function warnUnreadableSessions(repo: Repo, warn: (code: string, message: string) => void): void {
  const bad = unreadableSessions(repo);
  if (bad.length > 0) warn(WarningCode.SESSION_UNREADABLE, `Session file(s) ${bad.map((id) => `.exo/sessions/${id}.json`).join(", ")} cannot be read; those sessions are left out. Run exo doctor --fix.`);
}

export async function listSessions(repo: Repo): Promise<SessionRecord[]> {
  let names: string[] = [];
  try {
    names = (await readdir(repo.sessionsDir)).filter((n) => n.endsWith(".json") && isSessionId(n.slice(0, -5)));
  } catch {
    return [];
  }
  const out: SessionRecord[] = [];
  // Small files, read synchronously: one call each instead of four thread-pool round trips.
  for (const name of names) {
    try {
      const s = asSession(JSON.parse(readFileSync(`${repo.sessionsDir}/${name}`, "utf8")), name.slice(0, -5));
      if (s) out.push(s);
    } catch {
      // unreadable or vanished: doctor reports it
    }
  }
  return out.sort((a, b) => (a.started_at !== b.started_at ? (a.started_at < b.started_at ? -1 : 1) : a.id < b.id ? -1 : 1));
}

export async function writeSession(repo: Repo, session: SessionRecord): Promise<void> {
  await writeJsonAtomic(repo.sessionFile(session.id), session);
}

/** Remove a session's files (session, touched log, bootstrap, start snapshot, backstop mark). */
export async function deleteSessionFiles(repo: Repo, id: string): Promise<void> {
  const side = [repo.sessionTouchedFile(id), repo.sessionBootstrapFile(id), repo.sessionDirtyFile(id), repo.sessionBackstopFile(id)];
  await Promise.all([rm(repo.sessionFile(id), { force: true }), ...side.map((f) => rm(f, { force: true }))]);
}
