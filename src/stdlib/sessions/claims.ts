// Claims a closed session leaves behind in a shared checkout (issue #19). A session that ends
// while others still work in its worktree writes `<state>/sessions/<SES>.closed`: the files it was
// charged with and their content at its close. A sibling that finishes later does not count those
// files while they keep that content. A claim lives until no session that started before it is left.
import { readdirSync } from "node:fs";
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { ExoError, ErrorCode } from "../../errors.js";
import { writeFileAtomic, removeFileSync } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readTextOrNull } from "../../io/read.js";
import { isSessionId } from "../../kernel/ids.js";
import { contentIds, type Claim } from "../drift/attribution.js";
import { linkProblem, unreadableProblem } from "./state-files.js";
import { listSessions } from "./store.js";
import type { SessionRecord } from "./types.js";

interface ClosedClaim {
  format: "exo.closed-claim/1";
  session: string;
  actor: string;
  worktree: string;
  closed_at: string;
  files: Record<string, string>;
}

/** Every claim file, read: its claim, or why it cannot be read (null when it vanished meanwhile). */
async function readClaimFiles(repo: Repo): Promise<{ file: string; session: string; claim: ClosedClaim | null; problem: string | null }[]> {
  let names: string[] = [];
  try {
    names = readdirSync(repo.sessionsDir).filter((n) => n.endsWith(".closed") && isSessionId(n.slice(0, -7)));
  } catch {
    return [];
  }
  const out: { file: string; session: string; claim: ClosedClaim | null; problem: string | null }[] = [];
  for (const name of names.sort()) {
    const file = join(repo.sessionsDir, name);
    const session = name.slice(0, -7);
    // A symlink (by hand, a sync tool) is not read through: exo writes the claim itself.
    const link = await linkProblem(file);
    if (link !== null) {
      out.push({ file, session, claim: null, problem: link });
      continue;
    }
    let text: string | null;
    try {
      text = await readTextOrNull(file);
    } catch (error) {
      out.push({ file, session, claim: null, problem: unreadableProblem(error) });
      continue;
    }
    if (text === null) continue;
    let claim: ClosedClaim | null = null;
    try {
      claim = JSON.parse(text) as ClosedClaim | null;
    } catch {
      claim = null;
    }
    if (claim && typeof claim === "object" && typeof claim.worktree === "string" && typeof claim.closed_at === "string" && claim.files && typeof claim.files === "object") out.push({ file, session, claim, problem: null });
    else out.push({ file, session, claim: null, problem: /^\0+$/.test(text) ? "NUL bytes only: a crash zeroed it" : text.trim() === "" ? "empty" : "not a claim exo wrote" });
  }
  return out;
}

async function readClaims(repo: Repo): Promise<{ file: string; claim: ClosedClaim }[]> {
  return (await readClaimFiles(repo)).flatMap(({ file, claim }) => (claim ? [{ file, claim }] : []));
}

/**
 * Claims that cannot be read (zeroed, emptied, garbled by a hand or a sync tool, a symlink): before,
 * each was passed over as no claim, and a sibling's finish in that checkout was charged with the
 * files the closed session wrote (out of its scope: drift in the ledger) without a word.
 */
export async function unreadableClaims(repo: Repo): Promise<{ file: string; session: string; problem: string }[]> {
  return (await readClaimFiles(repo)).flatMap(({ file, session, problem }) => (problem === null ? [] : [{ file, session, problem }]));
}

/** Finish and handoff: an unreadable claim is refused, STATE_CORRUPT, for doctor --fix to rebuild from the ledger. */
export async function checkClosedClaims(repo: Repo): Promise<void> {
  const bad = (await unreadableClaims(repo))[0];
  if (!bad) return;
  const file = repo.relative(bad.file);
  throw new ExoError(ErrorCode.STATE_CORRUPT, `${file}, the claim ${bad.session} left on the files it wrote in a shared checkout, cannot be read (${bad.problem}): without it those files would be charged to this session; exo doctor --fix rebuilds it from the ledger, then retry.`, { hint: "exo doctor --fix --section state", details: { file, problem: bad.problem } });
}

/**
 * doctor --fix, for a claim set aside: rebuilt from the session's closing record in the ledger (its
 * actor, time and changed files) for the worktree of the open sessions that started before it
 * closed, holding the files there unchanged since the close (modified before it) with their content
 * now, which was their content then. A file changed since is charged to the session that finishes,
 * as it would have been. Null when the ledger has no closing record or no open session can use it.
 */
export async function rebuildClaim(repo: Repo, id: string): Promise<{ files: number; worktree: string } | null> {
  const { readSessionRecords } = await import("../ledger/read.js");
  const closing = (await readSessionRecords(repo, id)).filter((r) => CLOSING.has(r.type)).pop();
  const data = (closing?.data ?? {}) as { changed_files?: unknown; session_actor?: unknown };
  if (!closing || !Array.isArray(data.changed_files)) return null;
  const closedAt = closing.ts;
  const changed = data.changed_files.filter((p): p is string => typeof p === "string");
  let best: { worktree: string; files: string[] } | null = null;
  for (const worktree of new Set((await listSessions(repo)).filter((s) => s.started_at <= closedAt).map((s) => s.worktree))) {
    const files: string[] = [];
    for (const p of changed) if (((await lstat(join(worktree, p)).catch(() => null))?.mtimeMs ?? Number.POSITIVE_INFINITY) <= Date.parse(closedAt)) files.push(p);
    if (files.length > (best?.files.length ?? 0)) best = { worktree, files };
  }
  if (!best) return null;
  const files = Object.fromEntries([...(await contentIds(best.worktree, best.files))].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const claim: ClosedClaim = { format: "exo.closed-claim/1", session: id, actor: typeof data.session_actor === "string" ? data.session_actor : closing.actor, worktree: best.worktree, closed_at: closedAt, files };
  await writeFileAtomic(join(repo.sessionsDir, `${id}.closed`), `${JSON.stringify(claim)}\n`);
  return { files: best.files.length, worktree: best.worktree };
}

/** The ledger records that close a session (stdlib/sessions/closeout.ts). */
const CLOSING = new Set(["session.finished", "session.handed_off", "session.crashed"]);

/**
 * At a session's close: drop claims no live session can need any more, and leave this session's
 * claim when another live session shares its worktree. Best effort: a failure only means a later
 * finish may count these files.
 */
export async function leaveClaim(repo: Repo, session: SessionRecord, charged: readonly string[], closedAt: Date): Promise<void> {
  const live = (await listSessions(repo)).filter((s) => s.id !== session.id);
  const oldest = live.reduce<string | null>((min, s) => (min === null || s.started_at < min ? s.started_at : min), null);
  for (const { file, claim } of await readClaims(repo)) if (oldest === null || claim.closed_at < oldest) removeFileSync(file);
  if (charged.length === 0 || !live.some((s) => s.worktree === session.worktree)) return;
  const files = Object.fromEntries([...(await contentIds(session.worktree, charged))].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const claim: ClosedClaim = { format: "exo.closed-claim/1", session: session.id, actor: session.actor, worktree: session.worktree, closed_at: closedAt.toISOString(), files };
  await writeFileAtomic(join(repo.sessionsDir, `${session.id}.closed`), `${JSON.stringify(claim)}\n`);
}

/** Files sessions closed since this one started left in its worktree, bound to their content. */
export async function closedClaims(repo: Repo, session: SessionRecord): Promise<Map<string, Claim>> {
  const out = new Map<string, Claim>();
  for (const { claim } of await readClaims(repo)) {
    if (claim.worktree !== session.worktree || claim.closed_at < session.started_at || claim.session === session.id) continue;
    for (const [path, content] of Object.entries(claim.files)) if (typeof content === "string" && !out.has(path)) out.set(path, { session: claim.session, actor: claim.actor, content });
  }
  return out;
}
