// Claims a closed session leaves behind in a shared checkout (issue #19). A session that ends
// while others still work in its worktree writes `<state>/sessions/<SES>.closed`: the files it was
// charged with and their content at its close. A sibling that finishes later does not count those
// files while they keep that content. A claim lives until no session that started before it is left.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic, removeFileSync } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readTextOrNull } from "../../io/read.js";
import { isSessionId } from "../../kernel/ids.js";
import { contentIds, type Claim } from "../drift/attribution.js";
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

async function readClaims(repo: Repo): Promise<{ file: string; claim: ClosedClaim }[]> {
  let names: string[] = [];
  try {
    names = readdirSync(repo.sessionsDir).filter((n) => n.endsWith(".closed") && isSessionId(n.slice(0, -7)));
  } catch {
    return [];
  }
  const out: { file: string; claim: ClosedClaim }[] = [];
  for (const name of names.sort()) {
    const file = join(repo.sessionsDir, name);
    try {
      const claim = JSON.parse((await readTextOrNull(file)) ?? "null") as ClosedClaim | null;
      if (claim && typeof claim.worktree === "string" && typeof claim.closed_at === "string" && claim.files && typeof claim.files === "object") out.push({ file, claim });
    } catch {
      // unreadable: no claim
    }
  }
  return out;
}

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
