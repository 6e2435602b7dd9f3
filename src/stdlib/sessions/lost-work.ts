// The work of a session whose file was lost (set aside by doctor --fix as unreadable, or deleted):
// the paths it changed stay the ticket's, so the next session on the ticket is charged with them
// instead of counting them as pre-existing (before: its finish charged nothing, the work was
// recorded nowhere). A record per ticket: <state>/cache/lost/<TICKET>.json, read once by the start.
import { join } from "node:path";
import { readTextOrNull } from "../../io/read.js";
import { removeFileSync, writeFileAtomic } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readSnapshot } from "../drift/attribution.js";
import { touchedPaths } from "./touched.js";

export interface LostWork {
  session: string;
  /** The lost session's start snapshot (path → content id), null when it had none. */
  start: Map<string, string> | null;
  /** The paths its hooks recorded. */
  touched: Set<string>;
}

const lostFile = (repo: Repo, ticket: string) => join(repo.cacheDir, "lost", `${ticket}.json`);

/** Keep what a lost session on `ticket` had: its start snapshot and touched log (both left in sessions/). */
export async function keepLostWork(repo: Repo, ticket: string, session: string, now: Date): Promise<void> {
  const [snapshot, touched] = await Promise.all([readTextOrNull(repo.sessionDirtyFile(session)), readTextOrNull(repo.sessionTouchedFile(session))]);
  const start = readSnapshot(snapshot)?.files ?? null;
  if (start === null && touched === null) return;
  const value = { format: "exo.lost-work/1", ticket, session, kept_at: now.toISOString(), start: start ? Object.fromEntries(start) : null, touched: [...touchedPaths(touched)] };
  await writeFileAtomic(lostFile(repo, ticket), `${JSON.stringify(value)}\n`);
}

/** The lost work kept for `ticket`, or null. */
export async function readLostWork(repo: Repo, ticket: string): Promise<LostWork | null> {
  try {
    const text = await readTextOrNull(lostFile(repo, ticket));
    if (text === null) return null;
    const v = JSON.parse(text) as { session?: unknown; start?: unknown; touched?: unknown };
    if (typeof v.session !== "string") return null;
    const start = v.start && typeof v.start === "object" ? new Map(Object.entries(v.start as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string")) : null;
    const touched = new Set(Array.isArray(v.touched) ? v.touched.filter((p): p is string => typeof p === "string") : []);
    return { session: v.session, start, touched };
  } catch {
    return null;
  }
}

/** Once a session on the ticket took the lost work over. */
export function dropLostWork(repo: Repo, ticket: string): void {
  try {
    removeFileSync(lostFile(repo, ticket));
  } catch {
    // already gone
  }
}

/**
 * Pure: a new session's start snapshot without the paths the lost session changed (recorded by its
 * hooks, dirty now but not at its start, or with another content than at its start).
 */
export function withoutLostWork(start: ReadonlyMap<string, string>, lost: LostWork): Map<string, string> {
  const out = new Map(start);
  for (const [p, id] of start) if (lost.touched.has(p) || (lost.start !== null && lost.start.get(p) !== id)) out.delete(p);
  return out;
}
