// A live session's record set aside by doctor --fix (a crash zeroed it, a garbled write) is written
// again from what outlives it: the ledger's session.started record (actor, ticket, branch, start
// commit, scope, vendor, model, harness), its ticket's lock still bound to it (owner, fencing
// token), the ticket (title, budgets, checks) and git (the base's merge base with the start).
// Before, the record was set aside and its lock released as bound to a missing session: the
// session was gone, its work counted as pre-existing by the next one, and no memento said what
// it did. Only a session this checkout started, still active (not suspended, not ended), whose
// lock names it, is rebuilt; anything else is left to the repairs that free its ticket.
import { existsSync, readFileSync } from "node:fs";
import type { Context } from "../commands/context.js";
import { sha256 } from "../kernel/canon.js";
import { gitRaw } from "../io/git.js";
import { withGuard } from "../io/guard.js";
import type { Repo } from "../io/paths.js";
import { loadConfig, readSealedPolicy } from "../stdlib/config/store.js";
import { baseRef } from "../stdlib/git/facts.js";
import { readSessionRecords } from "../stdlib/ledger/read.js";
import { ownWriters } from "../stdlib/ledger/store.js";
import { readLock } from "../stdlib/locks/store.js";
import { writeSession } from "../stdlib/sessions/store.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { readTicket } from "../stdlib/tickets/store.js";

const text = (v: unknown, or: string): string => (typeof v === "string" && v !== "" ? v : or);

/** The session's record written again, or null when the ledger and its lock do not vouch for it. What was done, for `fixed`. */
export async function rebuildSessionRecord(ctx: Context, repo: Repo, id: string): Promise<string | null> {
  const life = (await readSessionRecords(repo, id).catch(() => [])).filter((r) => r.type.startsWith("session.") && typeof r.ticket === "string");
  const start = life.find((r) => r.type === "session.started");
  const last = life[life.length - 1];
  if (!start || !last || (last.type !== "session.started" && last.type !== "session.resumed")) return null;
  if (!ownWriters(repo).includes(start.writer)) return null; // started in another checkout or clone
  const ticketId = start.ticket as string;
  return withGuard(repo.stateDir, `session-${id}`, { host: ctx.host }, async () => {
    if (existsSync(repo.sessionFile(id))) return null;
    const lock = await readLock(repo, ticketId).catch(() => null);
    if (!lock || lock.state !== "held" || lock.session !== id) return null;
    const ticket = await readTicket(repo, ticketId).catch(() => null);
    if (!ticket) return null;
    const config = await loadConfig(repo).catch(() => null);
    const data = start.data;
    const startCommit = typeof data["start_commit"] === "string" ? data["start_commit"] : null;
    const base = config ? await baseRef(repo.root, config.git.remote, config.git.base_branch) : null;
    const mb = base && startCommit ? await gitRaw(repo.root, ["merge-base", startCommit, base]) : null;
    const policy = await readSealedPolicy(repo).catch(() => null);
    const scope = data["scope"] as SessionRecord["scope"] | undefined;
    const bootstrap = (() => {
      try {
        return sha256(readFileSync(repo.sessionBootstrapFile(id)));
      } catch {
        return "";
      }
    })();
    const session: SessionRecord = {
      format: "exo.session/1",
      id,
      status: "active",
      actor: start.actor,
      vendor: text(data["vendor"], "unknown"),
      model: text(data["model"], "unknown"),
      harness: text(data["harness"], "cli"),
      agent_session_id: null,
      role: "developer",
      task: null,
      ticket: ticketId,
      ticket_title: ticket.title,
      lock_owner: lock.owner,
      fencing_token: lock.fencing_token,
      started_at: start.ts,
      resumed_at: last.type === "session.resumed" ? last.ts : null,
      suspended_at: null,
      suspend_reason: null,
      heartbeat_at: lock.heartbeat_at,
      host: ctx.host,
      pid: null,
      pid_start: null,
      worktree: repo.root,
      branch: typeof data["branch"] === "string" ? data["branch"] : null,
      base_branch: config?.git.base_branch ?? "main",
      base_ref: base,
      start_commit: startCommit,
      merge_base: mb && mb.code === 0 ? mb.stdout.trim() || null : null,
      scope: scope && Array.isArray(scope.allow) ? scope : { allow: ticket.scope.allow, deny: ticket.scope.deny, boundaries: [], source: ticketId },
      budgets: ticket.budgets,
      checks: [...new Set([...ticket.checks, ...(policy?.checks.required ?? [])])],
      advisories: [],
      handoff_from: null,
      exo_written: [],
      reminded_at: null,
      bootstrap_sha256: bootstrap,
      main_worktree: repo.isMainWorktree,
    };
    await writeSession(repo, session);
    return `rebuilt ${repo.relative(repo.sessionFile(id))} from the ledger's record of its start and the lock of ${ticketId} bound to it (${start.actor}, fencing token ${lock.fencing_token}): finish it as before`;
  });
}
