// Executes a close-out plan (finish, handoff, crash recovery): memento, ticket, lock, handoff
// record, ledger, session files, trace, auto-commit — in that order (SPEC §7.12 steps 8–12).
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../io/fs-atomic.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import type { Config } from "../stdlib/config/model.js";
import { autoCommit } from "../stdlib/git/autocommit.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { releaseLock } from "../stdlib/locks/store.js";
import type { commitPlan } from "../stdlib/sessions/closeout.js";
import { deleteSessionFiles } from "../stdlib/sessions/store.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { setTicketStatus, updateTicket } from "../stdlib/tickets/store.js";
import type { Via } from "../stdlib/tickets/transitions.js";
import { who } from "./session-context.js";

type Plan = ReturnType<typeof commitPlan>;

export interface CloseoutResult {
  memento_path: string;
  lock_released: boolean;
  auto_commit: string | null;
  ticket_status: string;
}

export async function executeCloseout(ctx: Context, repo: Repo, config: Config, session: SessionRecord, plan: Plan, opts: { via: Via; event: string; transferTo?: string | null }): Promise<CloseoutResult> {
  const w = { ...who(ctx), session: session.id };
  const mementoFile = join(repo.root, plan.memento.path);
  await mkdir(dirname(mementoFile), { recursive: true });
  await writeFileAtomic(repo.mementoFile(session.ticket, session.id), plan.memento.text);
  let status: string;
  if (plan.ticketPatch.status) {
    status = (await setTicketStatus(repo, w, session.ticket, plan.ticketPatch.status, opts.event, opts.via, (t) => {
      t.commits = plan.ticketPatch.commits;
      if (plan.ticketPatch.branch) t.branch = plan.ticketPatch.branch;
    })).ticket.status;
  } else {
    status = (await updateTicket(repo, w, session.ticket, (t) => {
      t.commits = plan.ticketPatch.commits;
      if (plan.ticketPatch.branch) t.branch = plan.ticketPatch.branch;
      return t;
    })).after.status;
  }
  let lockReleased = false;
  if (plan.lock === "release") {
    lockReleased = (await releaseLock(repo, w, { ticket: session.ticket, force: true, ignoreMissing: true, bySession: session.id })).released;
  } else if (plan.lock === "transfer" && opts.transferTo) {
    const { transferLock } = await import("../stdlib/locks/transfer.js");
    await transferLock(repo, w, { ticket: session.ticket, session: session.id, to: opts.transferTo });
  }
  if (plan.handoff) await writeJsonAtomic(repo.handoffFile(session.ticket), plan.handoff);
  const entries = plan.ledger.map((e) => ({ type: e.type, session: e.session, ticket: e.ticket, data: e.type.startsWith("session.") ? { ...e.data, lock_released: lockReleased } : e.data }));
  await appendLedger(repo, w, entries);
  const { leaveClaim } = await import("../stdlib/sessions/claims.js");
  await leaveClaim(repo, session, plan.charged, ctx.now()).catch(() => undefined);
  await deleteSessionFiles(repo, session.id);
  // The trace is built from the ledger, so it is written after the closing record (§8.9).
  const { writeSessionTrace } = await import("../stdlib/observe/traces.js");
  await writeSessionTrace(repo, session.id, config.telemetry.service_name).catch(() => null);
  const commit = await autoCommit(repo, config, { event: opts.event, id: session.id, session: session.id, ticket: session.ticket });
  if (commit.warning) ctx.warn(commit.warning.code, commit.warning.message);
  return { memento_path: plan.memento.path, lock_released: lockReleased, auto_commit: commit.sha, ticket_status: status };
}
