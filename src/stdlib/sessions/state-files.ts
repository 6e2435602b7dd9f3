// Shapes of exo-written state files (issue #18): a session or handoff file that does not have
// the fields exo relies on is corrupt — reported by doctor, moved aside by doctor --fix, and
// never the cause of an INTERNAL error elsewhere.
import { lstat, mkdir, readdir, readlink, rename, unlink, writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { ExoError, ErrorCode } from "../../errors.js";
import { isActor, isSessionId, isTicketId } from "../../kernel/ids.js";
import { conflictMarkerLine } from "../../kernel/conflict-markers.js";
import type { Repo } from "../../io/paths.js";
import { jsonIssue, readTextOrNull, readRegularTextSync } from "../../io/read.js";
import type { SessionRecord } from "./types.js";
import type { HandoffRecord as WrittenHandoff } from "./closeout.js";
import { assertKnownFormat } from "../state-format.js";
import { assertNoStateLinks } from "../../io/state-links.js";
import { specialKind } from "../../io/open-quiet.js";

const str = (v: unknown): v is string => typeof v === "string";
const strOrNull = (v: unknown) => v === null || v === undefined || typeof v === "string";
const obj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** "a symlink to <target>, where exo writes the file itself" for a link at one of exo's own state files (a session's, a lock), or null. */
export async function linkProblem(file: string): Promise<string | null> {
  if (!(await lstat(file).catch(() => null))?.isSymbolicLink()) return null;
  return `a symlink to ${await readlink(file).catch(() => "?")}, where exo writes the file itself`;
}

/** Why a parsed session file is unusable, or null. */
export function sessionShapeProblem(value: unknown, id: string): string | null {
  if (!obj(value)) return "not a JSON object";
  if (value["id"] !== id) return `id is not ${id}`;
  if (value["status"] !== "active" && value["status"] !== "suspended") return "status is neither active nor suspended";
  for (const key of ["actor", "ticket", "started_at", "heartbeat_at", "worktree", "host"]) if (!str(value[key])) return `${key} is not a string`;
  if (!isTicketId(value["ticket"] as string)) return "ticket is not a ticket id";
  // Compared with the lock's token and owner, and run in as git's folder: a wrong type would read
  // as a lost lock or someone else's session, a relative folder as wherever exo was started.
  if (!isActor(value["actor"] as string)) return "actor is not an actor name";
  if (!isAbsolute(value["worktree"] as string)) return "worktree is not an absolute path";
  if (value["fencing_token"] !== null && value["fencing_token"] !== undefined && !(Number.isSafeInteger(value["fencing_token"]) && (value["fencing_token"] as number) >= 0)) return "fencing_token is not a non-negative integer or null";
  for (const key of ["branch", "start_commit", "merge_base", "base_ref", "suspended_at", "resumed_at"]) if (!strOrNull(value[key])) return `${key} is not a string or null`;
  if (!obj(value["scope"]) || !Array.isArray(value["scope"]["allow"]) || !Array.isArray(value["scope"]["deny"] ?? [])) return "scope is not {allow, deny}";
  if (!Array.isArray(value["advisories"] ?? [])) return "advisories is not a list";
  if (!Array.isArray(value["checks"] ?? [])) return "checks is not a list";
  if (value["pid"] !== null && value["pid"] !== undefined && !(Number.isInteger(value["pid"]) && (value["pid"] as number) > 0)) return "pid is not a positive integer";
  return null;
}

/** A handoff as read back: the record closeout writes, tolerant of older files without format/memento. */
export type HandoffRecord = Omit<WrittenHandoff, "format" | "ticket" | "memento"> & { ticket?: string };

/** Why a parsed handoff file is unusable, or null. */
export function handoffShapeProblem(value: unknown, ticket?: string): string | null {
  if (!obj(value)) return "not a JSON object";
  // Another ticket's handoff under this one's name (a copy, a link to its file): the start on this
  // ticket took that ticket's summary, next steps and memento as its own, and consumed it.
  if (ticket !== undefined && str(value["ticket"]) && value["ticket"] !== ticket) return `the handoff of ${value["ticket"]}, not ${ticket}: a copy or a link of that ticket's handoff`;
  for (const key of ["from_session", "from_actor", "created_at"]) if (!str(value[key])) return `${key} is not a string`;
  if (!strOrNull(value["to_actor"])) return "to_actor is not a string or null";
  if (!strOrNull(value["summary"]) || !strOrNull(value["reason"])) return "summary/reason is not a string";
  if (!Array.isArray(value["next_steps"] ?? []) || !((value["next_steps"] ?? []) as unknown[]).every(str)) return "next_steps is not a list of strings";
  return null;
}

function corrupt(file: string, why: string): ExoError {
  return new ExoError(ErrorCode.STATE_CORRUPT, `${file} is unreadable (${why}); run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix", details: { file } });
}

/** The pending handoff of a ticket, null when none; STATE_CORRUPT when the file is garbled. */
export async function readHandoff(repo: Repo, ticket: string): Promise<HandoffRecord | null> {
  let text: string | null;
  try {
    text = await readTextOrNull(repo.handoffFile(ticket));
  } catch (error) {
    // A pipe, socket or device (a hand's mkfifo; git never brings one): doctor's state section
    // names it and --fix sets it aside, so say that at once (it was IO_ERROR with hint exo doctor,
    // "git rm or git checkout it", which git refuses for a file it never tracks: two steps).
    // A symlink (to /dev/zero, say) is not one: git brings it, and the error names it as such.
    const reason = (error as { details?: { reason?: unknown } }).details?.reason;
    const info = error instanceof ExoError && reason === "not_a_file" ? await lstat(repo.handoffFile(ticket)).catch(() => null) : null;
    const kind = info ? specialKind(info) : null;
    if (kind) throw corrupt(repo.relative(repo.handoffFile(ticket)), `${kind}, not a file`);
    throw error;
  }
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const file = repo.relative(repo.handoffFile(ticket));
    const issue = jsonIssue(text);
    if (issue.code === "conflict_markers") {
      // Two clones each handed the ticket off and git could not join the records: moving the file
      // aside (doctor --fix) would drop both handoffs and leave the merge unresolved; keep one.
      throw new ExoError(ErrorCode.STATE_CORRUPT, `${file} holds git conflict markers: two clones each handed ${ticket} off; keep one handoff (git checkout --ours -- ${file} or --theirs), then git add ${file}.`, { hint: `git mergetool -- ${file}`, details: { file, issues: [issue] } });
    }
    throw new ExoError(ErrorCode.STATE_CORRUPT, `${file} is unreadable (${issue.message}); run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix", details: { file, issues: [issue] } });
  }
  assertKnownFormat(value, "handoff", repo.relative(repo.handoffFile(ticket)));
  const problem = handoffShapeProblem(value, ticket);
  if (problem) throw corrupt(repo.relative(repo.handoffFile(ticket)), problem);
  const h = value as HandoffRecord;
  return { ...h, next_steps: h.next_steps ?? [], summary: h.summary ?? "", reason: h.reason ?? "", branch: h.branch ?? null, head_commit: h.head_commit ?? null };
}

export interface BadStateFile {
  file: string;
  kind: "session" | "handoff" | "lock" | "lost" | "receipt";
  problem: string;
  /**
   * A handoff holding git's conflict markers (two clones each handed the ticket off): the line of
   * the first marker. Moving it aside would drop both handoffs, so doctor explains the merge instead.
   */
  conflict?: number;
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

function parsed(file: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(readRegularTextSync(file)) };
  } catch (error) {
    return { problem: unreadableProblem(error) };
  }
}

function markerLine(file: string): number | null {
  try {
    return conflictMarkerLine(readRegularTextSync(file));
  } catch {
    return null;
  }
}

/** Why a state file could not be read or parsed, as doctor reports it. */
export function unreadableProblem(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === "EISDIR") return "a folder, not a file";
  const reason = error instanceof ExoError ? error.details?.["reason"] : undefined;
  if (reason === "too_large") return `larger than exo reads (${String(error instanceof ExoError ? error.details?.["size"] : "?")} bytes)`;
  if (reason === "not_a_file") return "not a regular file";
  return "not valid JSON";
}

/** Garbled or stray session and handoff files (locks are checked by the locks section). */
export async function badStateFiles(repo: Repo): Promise<BadStateFile[]> {
  const out: BadStateFile[] = [];
  for (const name of await names(repo.sessionsDir)) {
    if (!name.endsWith(".json")) {
      // A folder at a session's touched log, start snapshot or bootstrap (a hand's mkdir -p, a
      // sync tool): its finish fails on it with exo doctor --fix as the hint, which before passed
      // it by (.touched and .bootstrap.md files are otherwise gc's business).
      const id = /^(SES-[^.]+)\.(?:touched|dirty|bootstrap\.md)$/.exec(name)?.[1];
      if (id !== undefined && isSessionId(id) && (await lstat(join(repo.sessionsDir, name)).catch(() => null))?.isDirectory()) out.push({ file: join(repo.sessionsDir, name), kind: "session", problem: "a folder, not a file" });
      // A start snapshot of an open session that cannot be read (a crash zeroed it): its finish
      // refuses it (before, every file dirty at the start was charged to the session unseen).
      else if (id !== undefined && name.endsWith(".dirty") && isSessionId(id) && (await lstat(repo.sessionFile(id)).catch(() => null))) {
        const problem = await (await import("./snapshot.js")).snapshotProblem(repo, id);
        if (problem !== null) out.push({ file: join(repo.sessionsDir, name), kind: "session", problem: `the start snapshot cannot be read: ${problem}` });
      }
      // A touched log of an open session that is a symlink: its finish refuses it; --fix sets the
      // link aside (before: read through, and no section named it).
      else if (id !== undefined && name.endsWith(".touched") && isSessionId(id) && (await lstat(repo.sessionFile(id)).catch(() => null))) {
        const problem = await (await import("./snapshot.js")).touchedLogProblem(repo, id);
        if (problem !== null) out.push({ file: join(repo.sessionsDir, name), kind: "session", problem: `the touched log cannot be read: ${problem}` });
      }
      continue;
    }
    const id = name.slice(0, -5);
    const file = join(repo.sessionsDir, name);
    if (!isSessionId(id)) {
      out.push({ file, kind: "session", problem: "name is not a session id" });
      continue;
    }
    // A symlink (by hand, a sync tool keeping the file elsewhere): the record it points at would
    // decide the session's ticket, token and folder; every read refuses it (before: read through).
    const link = await linkProblem(file);
    const p = link === null ? parsed(file) : { problem: link };
    const problem = "problem" in p ? p.problem : sessionShapeProblem(p.value, id);
    if (problem) out.push({ file, kind: "session", problem });
  }
  // A closed session's claim in a shared checkout that cannot be read: a sibling's finish refuses
  // it; --fix rebuilds it from the ledger (before: passed over, and the sibling was charged with
  // the closed session's files).
  for (const c of await (await import("./claims.js")).unreadableClaims(repo)) out.push({ file: c.file, kind: "session", problem: `the claim of closed session ${c.session} cannot be read: ${c.problem}` });
  for (const name of await names(repo.handoffsDir)) {
    const file = join(repo.handoffsDir, name);
    if (!name.endsWith(".json") || !isTicketId(name.slice(0, -5))) {
      out.push({ file, kind: "handoff", problem: "name is not <TICKET-ID>.json" });
      continue;
    }
    const p = parsed(file);
    const line = "problem" in p && p.problem === "not valid JSON" ? markerLine(file) : null;
    if (line !== null) {
      out.push({ file, kind: "handoff", problem: `git conflict markers at line ${line}: two clones each handed ${name.slice(0, -5)} off`, conflict: line });
      continue;
    }
    const problem = "problem" in p ? p.problem : handoffShapeProblem(p.value, name.slice(0, -5));
    if (problem) out.push({ file, kind: "handoff", problem });
  }
  // The work a lost session left for the next one on its ticket (cache/lost/<TICKET>.json): a
  // garbled record is ignored by that start, so the work counts as pre-existing; said here (before:
  // nothing named it). Symlinks below cache/ are the links check's; temp files a write left, gc's;
  // a folder or pipe there is set aside by the next keep of lost work that needs the name.
  const lostDir = join(repo.cacheDir, "lost");
  for (const name of await names(lostDir)) {
    if (!name.endsWith(".json") || name.startsWith(".")) continue;
    const file = join(lostDir, name);
    if ((await lstat(file).catch(() => null))?.isFile() !== true) continue;
    if (!isTicketId(name.slice(0, -5))) {
      out.push({ file, kind: "lost", problem: "name is not <TICKET-ID>.json" });
      continue;
    }
    const p = parsed(file);
    const problem = "problem" in p ? p.problem : lostShapeProblem(p.value, name.slice(0, -5));
    if (problem) out.push({ file, kind: "lost", problem: `${problem}; the record of a lost session's work, which the next session on ${name.slice(0, -5)} cannot use` });
  }
  return out;
}

/** Why a parsed lost-work record (cache/lost/<TICKET>.json) is unusable, or null. */
export function lostShapeProblem(value: unknown, ticket: string): string | null {
  if (!obj(value)) return "not a JSON object";
  if (value["format"] !== "exo.lost-work/1") return "format is not exo.lost-work/1";
  if (value["ticket"] !== ticket) return `ticket is not ${ticket}`;
  if (!str(value["session"]) || !isSessionId(value["session"])) return "session is not a session id";
  if (!Array.isArray(value["touched"]) || !(value["touched"] as unknown[]).every(str)) return "touched is not a list of paths";
  if (value["start"] !== null && !(obj(value["start"]) && Object.values(value["start"]).every(str))) return "start is not a snapshot or null";
  return null;
}

/** Move a bad state file to <state>/cache/quarantine/ (never deleted: a person may want it). */
export async function quarantine(repo: Repo, file: string, at: Date): Promise<string> {
  return quarantineIn(repo.cacheDir, file, at, { relative: (p) => repo.relative(p) });
}

/**
 * quarantine() below a cache folder, for a caller with no Repo yet (doctor --fix moving a file
 * that stands where one of exo's folders goes, before the repository opens). `name` is the name
 * kept (default: the file's own).
 */
export async function quarantineIn(cacheDir: string, file: string, at: Date, opts: { relative: (p: string) => string; name?: string }): Promise<string> {
  const dir = await quarantineDir(cacheDir, at);
  const target = join(dir, `${at.getTime()}-${opts.name ?? file.split("/").pop() ?? "file"}`);
  assertNoStateLinks(target);
  // A symlink moved below cache/ would itself be a link there (refused by every write, named by
  // doctor again): what it pointed at is kept as text instead, and the link removed.
  if ((await lstat(file).catch(() => null))?.isSymbolicLink()) {
    const note = `${target}.symlink.txt`;
    await writeFile(note, `${opts.relative(file)} was a symlink to ${await readlink(file).catch(() => "?")}\n`, { flag: "wx" });
    await unlink(file);
    return note;
  }
  await rename(file, target);
  return target;
}

/**
 * <state>/cache/quarantine, made when missing. A file (or pipe) standing where the folder goes is
 * kept inside the folder made in its place (before: every doctor --fix that set a file aside failed
 * INTERNAL, EEXIST on mkdir). A symlink there is the links check's (refused below).
 */
async function quarantineDir(cacheDir: string, at: Date): Promise<string> {
  const dir = join(cacheDir, "quarantine");
  try {
    await mkdir(dir, { recursive: true });
    return dir;
  } catch (error) {
    const st = await lstat(dir).catch(() => null);
    if ((error as NodeJS.ErrnoException).code !== "EEXIST" || st === null || st.isDirectory() || st.isSymbolicLink()) throw error;
  }
  const aside = join(cacheDir, `.quarantine.${at.getTime()}.${process.pid}.aside`);
  await rename(dir, aside);
  await mkdir(dir, { recursive: true });
  await rename(aside, join(dir, `${at.getTime()}-quarantine`));
  return dir;
}

/** A session record as listed: parsable and shaped, else skipped (doctor reports it). */
export function asSession(value: unknown, id: string): SessionRecord | null {
  return sessionShapeProblem(value, id) === null ? (value as SessionRecord) : null;
}
