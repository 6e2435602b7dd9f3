// The work of a session whose file was lost (set aside by doctor --fix as unreadable, or deleted):
// the paths it changed stay the ticket's, so the next session on the ticket is charged with them
// instead of counting them as pre-existing (before: its finish charged nothing, the work was
// recorded nowhere). A record per ticket: <state>/cache/lost/<TICKET>.json, read once by the start.
import { lstatSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import { readRegularTextSync, readTextOrNull } from "../../io/read.js";
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

/**
 * Keep what a lost session on `ticket` had: its start snapshot and touched log (both left in
 * sessions/). What stands where the record goes and is no file exo wrote (a folder at
 * `lost/<TICKET>.json`, a file at `lost/`, a symlink, a pipe) is set aside to the quarantine
 * first (before, the write failed unseen and the work was recorded nowhere). Returns what it moved.
 */
export async function keepLostWork(repo: Repo, ticket: string, session: string, now: Date): Promise<string[]> {
  const [snapshot, touched] = await Promise.all([readTextOrNull(repo.sessionDirtyFile(session)), readTextOrNull(repo.sessionTouchedFile(session))]);
  const start = readSnapshot(snapshot)?.files ?? null;
  if (start === null && touched === null) return [];
  const value = { format: "exo.lost-work/1", ticket, session, kept_at: now.toISOString(), start: start ? Object.fromEntries(start) : null, touched: [...touchedPaths(touched)] };
  const file = lostFile(repo, ticket);
  const moved: string[] = [];
  const { quarantine } = await import("./state-files.js");
  for (const [path, ok] of [[dirname(file), "dir"], [file, "file"]] as const) {
    const st = lstatOrNull(path);
    if (st === null || (ok === "dir" ? st.isDirectory() : st.isFile())) continue;
    moved.push(`moved ${repo.relative(path)} (${kindOf(st)}, where exo keeps a lost session's work) to ${repo.relative(await quarantine(repo, path, now))}`);
  }
  await writeFileAtomic(file, `${JSON.stringify(value)}\n`);
  return moved;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null; // a path through a file: the parent's check moves that file
  }
}

const kindOf = (st: Stats) => (st.isDirectory() ? "a folder" : st.isSymbolicLink() ? "a symlink" : st.isFile() ? "a file" : "no regular file");

/** A lost-work record is a few kilobytes per changed path; one past this is no record exo wrote. */
const LOST_LIMIT_BYTES = 16 * 1024 * 1024;

/** The lost work kept for `ticket`, or null. */
export function readLostWork(repo: Repo, ticket: string): Promise<LostWork | null> {
  return Promise.resolve(readLostWorkSync(repo, ticket));
}

function readLostWorkSync(repo: Repo, ticket: string): LostWork | null {
  try {
    // Only a regular file exo wrote: a symlink (to a file outside the repository) is not followed.
    const file = lostFile(repo, ticket);
    if (!lstatOrNull(file)?.isFile()) return null;
    const text = readRegularTextSync(file, LOST_LIMIT_BYTES);
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
