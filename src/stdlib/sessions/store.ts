// Session files (<state>/sessions/<SES>.json), ephemeral: read, list, write, delete.
import { existsSync, readdirSync, type Dirent } from "node:fs";
import { ExoError, ErrorCode, WarningCode } from "../../errors.js";
import { isSessionId, speaksFor } from "../../kernel/ids.js";
import { settled, writeJsonAtomic, removeFileSync } from "../../io/fs-atomic.js";
import { readJsonFile, readRegularTextSync } from "../../io/read.js";
import type { Repo } from "../../io/paths.js";
import { asSession, linkProblem, sessionShapeProblem } from "./state-files.js";
import { assertKnownFormat } from "../state-format.js";
import type { SessionRecord } from "./types.js";

/** A session by id, or null when its file does not exist. */
export async function readSession(repo: Repo, id: string): Promise<SessionRecord | null> {
  const file = `.exo/sessions/${id}.json`;
  // exo writes the record itself, never a link: one (by hand, a sync tool) is not read through.
  const link = await linkProblem(repo.sessionFile(id));
  if (link !== null) throw new ExoError(ErrorCode.STATE_CORRUPT, `Session file ${file} is unreadable (${link}); run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix", details: { file, problem: link } });
  const value = await readJsonFile<SessionRecord>(repo.sessionFile(id), (issue) => new ExoError(ErrorCode.STATE_CORRUPT, `Session file ${file} is unreadable (${issue.message}); run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix", details: { file, issues: [issue] } }));
  assertKnownFormat(value, "session", `.exo/sessions/${id}.json`);
  const problem = value === null ? null : sessionShapeProblem(value, id);
  if (problem) throw new ExoError(ErrorCode.STATE_CORRUPT, `Session file ${id}.json is unreadable (${problem}); run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix" });
  return value;
}

/**
 * Every parsable session file, sorted by started_at then id. With `warn`, the files that exist but
 * cannot be read as a session are reported from the same pass (SESSION_UNREADABLE): such a session
 * is left out of every listing.
 */
export function listSessions(repo: Repo, warn?: (code: string, message: string) => void): Promise<SessionRecord[]> {
  return settled(() => listSessionsSync(repo, warn));
}

function listSessionsSync(repo: Repo, warn?: (code: string, message: string) => void): SessionRecord[] {
  let entries: Dirent[] = [];
  try {
    entries = readdirSync(repo.sessionsDir, { withFileTypes: true }).filter((e) => e.name.endsWith(".json") && isSessionId(e.name.slice(0, -5)));
  } catch {
    return [];
  }
  const out: SessionRecord[] = [];
  // Small files, read synchronously: one call each instead of four thread-pool round trips.
  const unreadable: string[] = [];
  for (const entry of entries) {
    const name = entry.name;
    // A symlink (by hand, a sync tool) is not read through: exo writes the record itself, and the
    // record a link points at would decide the session's ticket, token and folder (doctor names it).
    if (entry.isSymbolicLink()) {
      unreadable.push(name);
      continue;
    }
    try {
      const s = asSession(JSON.parse(readRegularTextSync(`${repo.sessionsDir}/${name}`)), name.slice(0, -5));
      if (s) out.push(s);
      else unreadable.push(name);
    } catch (error) {
      // unreadable (doctor repairs it) or vanished meanwhile
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") unreadable.push(name);
    }
  }
  if (warn && unreadable.length > 0) warn(WarningCode.SESSION_UNREADABLE, `${unreadable.length === 1 ? "Session file" : "Session files"} ${unreadable.sort().map((n) => `.exo/sessions/${n}`).join(", ")} cannot be read; ${unreadable.length === 1 ? "that session is" : "those sessions are"} left out. Run exo doctor --fix.`);
  return out.sort((a, b) => (a.started_at !== b.started_at ? (a.started_at < b.started_at ? -1 : 1) : a.id < b.id ? -1 : 1));
}

/**
 * The ticket a closed session worked on, found by its memento (`.exo/mementos/<ticket>/<id>.md`;
 * a closed session keeps only that), or null when no memento names it.
 */
export function closedSessionTicket(repo: Repo, id: string): string | null {
  if (!isSessionId(id)) return null;
  let tickets: string[];
  try {
    tickets = readdirSync(repo.mementosDir);
  } catch {
    return null;
  }
  return tickets.find((t) => !t.startsWith(".") && existsSync(`${repo.mementosDir}/${t}/${id}.md`)) ?? null;
}

export async function writeSession(repo: Repo, session: SessionRecord): Promise<void> {
  await writeJsonAtomic(repo.sessionFile(session.id), session);
}

/** Remove a session's files (session, touched log, bootstrap, start snapshot, backstop mark). */
export function deleteSessionFiles(repo: Repo, id: string): Promise<void> {
  const side = [repo.sessionTouchedFile(id), repo.sessionBootstrapFile(id), repo.sessionDirtyFile(id), repo.sessionBackstopFile(id)];
  return settled(() => {
    // Every file is tried; the first failure is reported.
    let failure: Error | null = null;
    for (const f of [repo.sessionFile(id), ...side]) {
      try {
        removeFileSync(f);
      } catch (error) {
        failure ??= error as Error;
      }
    }
    if (failure) throw failure;
  });
}

/**
 * The session a bare harness actor (`agent:codex`) means: a session a harness hook started runs as
 * the conversation's actor (`agent:codex:1a2b3c4d`), while instruction files tell agents to run exo
 * as `agent:codex`, and Codex passes nothing from its hook to the agent's shell. The single active
 * session of that family in the work tree `root`; none or several → null.
 */
export function familySession(sessions: readonly SessionRecord[], actor: string, root: string): SessionRecord | null {
  const family = sessions.filter((s) => s.status === "active" && speaksFor(actor, s.actor) && s.worktree === root);
  return family.length === 1 ? (family[0] as SessionRecord) : null;
}
