// A live session's worktree removed under it, and its ticket file that git took away (`git reset --hard`, a checkout of an older
// commit, `git stash`): the commands that end the session say so before writing anything, and
// `doctor --fix` restores the file from the newest commit (branches, reflog, stash) that has it.
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { shellLine } from "../kernel/quote.js";
import { gitRaw } from "../io/git.js";
import { writeWithReceipt, receiptTree } from "../io/integrity.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { readGitfile } from "../io/gitfile.js";
import { movedMainWorktree, present } from "../io/relocated.js";
import type { Ticket } from "../stdlib/tickets/types.js";


export interface GoneTicket {
  session: string;
  ticket: string;
  /** The newest commit that has the file, or null when none does. */
  commit: string | null;
  /** The session's own branch, when HEAD is another branch and that one has the file: switch back rather than restore. */
  switch_to?: string;
  /** The branch checked out now. */
  current?: string;
  /** The commit in HEAD's history that deleted the file (a teammate's deliberate removal, pulled): never restored. */
  deleted_by?: { commit: string; author: string; subject: string };
  /** The ticket the ledger records the session on, which exists, when no commit ever had this one: the session's record was edited (a hand, a script). */
  recorded?: string;
}

const HINT = "exo doctor --fix --section sessions";

/** The newest commit (any branch, the reflog, stashes) whose tree has `.exo/tickets/<id>.yaml`. */
async function commitWith(repo: Repo, rel: string): Promise<string | null> {
  const log = await gitRaw(repo.root, ["--literal-pathspecs", "log", "--all", "--reflog", "--format=%H", "-n", "20", "--", rel]);
  if (log.code !== 0) return null;
  for (const sha of log.stdout.split("\n").filter(Boolean)) {
    if ((await gitRaw(repo.root, ["cat-file", "-e", `${sha}:${rel}`])).code === 0) return sha;
  }
  return null;
}

/**
 * The commit that deleted `rel` when HEAD does not have it and a commit of HEAD's history removed
 * it (a teammate dropped the ticket and the pull brought the removal): that is history, not a
 * reset or stash to undo. Null otherwise (HEAD has the file: the work tree lost it).
 */
async function deletedBy(repo: Repo, rel: string): Promise<GoneTicket["deleted_by"] | null> {
  if ((await gitRaw(repo.root, ["cat-file", "-e", `HEAD:${rel}`])).code === 0) return null;
  const log = await gitRaw(repo.root, ["--literal-pathspecs", "log", "-1", "--diff-filter=D", "--format=%H%x00%an%x00%s", "HEAD", "--", rel]);
  const [commit = "", author = "", subject = ""] = log.code === 0 ? log.stdout.trim().split("\0") : [];
  return /^[0-9a-f]{40,64}$/.test(commit) ? { commit, author, subject } : null;
}

/** The ticket as it was just before `deleted_by` removed it (for a recovery's memento), or null. */
export async function ticketBeforeDeletion(repo: Repo, gone: GoneTicket): Promise<Ticket | null> {
  if (!gone.deleted_by) return null;
  const rel = repo.relative(repo.ticketFile(gone.ticket));
  const blob = await gitRaw(repo.root, ["--literal-pathspecs", "show", `${gone.deleted_by.commit}^:${rel}`]);
  if (blob.code !== 0) return null;
  const { parseTicket } = await import("../stdlib/tickets/model.js");
  try {
    const { value } = parseTicket(blob.stdout, rel);
    return value && value.id === gone.ticket ? value : null;
  } catch {
    return null;
  }
}

/**
 * The one ticket the ledger's records of `session` name, when it is another than the record's and
 * its file is there: a session record hand-edited to name a ticket that never was (before: doctor
 * said "no commit has it" and --fix reported "recovered " of nothing; the finish said LOCK_LOST).
 */
async function recordedTicket(repo: Repo, session: SessionRecord): Promise<string | null> {
  const { readSessionRecords } = await import("../stdlib/ledger/read.js");
  const named = new Set((await readSessionRecords(repo, session.id).catch(() => [])).filter((r) => r.type.startsWith("session.")).map((r) => r.ticket));
  const [ticket] = [...named];
  return named.size === 1 && typeof ticket === "string" && ticket !== session.ticket && present(repo.ticketFile(ticket)) ? ticket : null;
}

/** The open sessions whose ticket file is missing from the work tree. */
export async function goneTickets(repo: Repo, sessions: readonly SessionRecord[]): Promise<GoneTicket[]> {
  const out: GoneTicket[] = [];
  let current: string | null | undefined;
  for (const s of sessions) {
    if (s.status !== "active" && s.status !== "suspended") continue;
    // A session of another worktree (state is shared) reads its tickets there.
    if (s.worktree && s.worktree !== repo.root) continue;
    if (present(repo.ticketFile(s.ticket))) continue;
    const rel = repo.relative(repo.ticketFile(s.ticket));
    const gone: GoneTicket = { session: s.id, ticket: s.ticket, commit: await commitWith(repo, rel) };
    // Checked out another branch (which lacks the ticket) than the one the session works on.
    if (current === undefined) {
      const r = await gitRaw(repo.root, ["symbolic-ref", "-q", "--short", "HEAD"]);
      current = r.code === 0 ? r.stdout.trim() || null : null;
    }
    if (s.branch && current && s.branch !== current && (await gitRaw(repo.root, ["cat-file", "-e", `refs/heads/${s.branch}:${rel}`])).code === 0) Object.assign(gone, { switch_to: s.branch, current });
    else {
      const deleted = await deletedBy(repo, rel);
      if (deleted) gone.deleted_by = deleted;
      else if (!gone.commit) {
        const recorded = await recordedTicket(repo, s);
        if (recorded) gone.recorded = recorded;
      }
    }
    out.push(gone);
  }
  return out;
}

/**
 * Refuses, before anything is written, to end or pause a session whose ticket file git took away.
 * With `deleted: "allow"` (a forced recovery) a ticket a commit deleted is returned instead: the
 * session can still end, without the ticket.
 */
export async function checkSessionTicket(repo: Repo, session: SessionRecord, opts: { deleted?: "allow" } = {}): Promise<GoneTicket | null> {
  const [gone] = await goneTickets(repo, [{ ...session, status: "active" }]);
  if (!gone) return null;
  if (gone.deleted_by && opts.deleted === "allow") return gone;
  const rel = repo.relative(repo.ticketFile(gone.ticket));
  const details = { ticket: gone.ticket, session: session.id, file: rel, commit: gone.commit };
  if (gone.switch_to) {
    const line = shellLine(["git", "switch", gone.switch_to]);
    throw new ExoError(ErrorCode.TICKET_NOT_FOUND, `Ticket ${gone.ticket} of session ${session.id} is not on this branch (${gone.current ?? "?"}): the session works on branch ${gone.switch_to}, which has ${rel}; switch back with ${line}.`, { hint: line, details: { ...details, branch: gone.switch_to } });
  }
  if (gone.deleted_by) {
    const cleanup = `exo session-cleanup --session-id ${session.id} --force`;
    const by = gone.deleted_by;
    throw new ExoError(ErrorCode.TICKET_NOT_FOUND, `Ticket ${gone.ticket} of session ${session.id} was deleted by commit ${by.commit.slice(0, 12)} (${by.author}: ${by.subject}); end the session with ${cleanup} (its memento is kept and the ticket stays deleted), or bring the ticket back with git checkout ${by.commit.slice(0, 12)}^ -- ${rel} and commit it.`, {
      hint: cleanup,
      details: { ...details, deleted_by: by.commit },
    });
  }
  if (gone.recorded) {
    throw new ExoError(ErrorCode.TICKET_NOT_FOUND, `Session ${session.id} names ticket ${gone.ticket}, which no commit has, but the ledger records it on ${gone.recorded} (its record edited by hand?); run exo doctor --fix to set it back.`, { hint: HINT, details: { ...details, recorded: gone.recorded } });
  }
  if (gone.commit) {
    throw new ExoError(ErrorCode.TICKET_NOT_FOUND, `Ticket ${gone.ticket} of session ${session.id} is gone from the work tree (a git reset, checkout or stash took ${rel} away; commit ${gone.commit.slice(0, 12)} has it); run exo doctor --fix to restore it.`, { hint: HINT, details });
  }
  const create = `exo ticket-create ${JSON.stringify(session.ticket_title || gone.ticket)} --id ${gone.ticket}`;
  throw new ExoError(ErrorCode.TICKET_NOT_FOUND, `Ticket ${gone.ticket} of session ${session.id} is gone from the work tree and no commit has ${rel} (git stash list may still hold it); recreate it with ${create}, then finish.`, { hint: create, details });
}

/** The doctor line for the sessions section, or null when every open session's ticket is there. */
export function goneMessage(repo: Repo, gone: readonly GoneTicket[]): string | null {
  if (gone.length === 0) return null;
  return gone
    .map((g) =>
      g.deleted_by
        ? `session ${g.session} works on ${g.ticket}, which commit ${g.deleted_by.commit.slice(0, 12)} deleted (${g.deleted_by.author}: ${g.deleted_by.subject}); end it with exo session-cleanup --session-id ${g.session} --force`
        : g.recorded
          ? `session ${g.session} names ticket ${g.ticket}, which no commit has, but the ledger records it on ${g.recorded} (its record edited by hand?); --fix sets it back`
          : `session ${g.session} works on ${g.ticket}, whose ${repo.relative(repo.ticketFile(g.ticket))} is gone from the work tree (${g.switch_to ? `the session's branch ${g.switch_to} has it` : g.commit ? `commit ${g.commit.slice(0, 12)} has it` : "no commit has it"})`,
    )
    .join("; ");
}

export { HINT as GONE_HINT };

/** doctor --fix: each gone ticket back from its commit, active again when its session is (exo had made it so). */
export async function restoreGoneTickets(ctx: Context, repo: Repo, gone: readonly GoneTicket[], sessions: readonly SessionRecord[]): Promise<string[]> {
  const fixed: string[] = [];
  const { readTicket, setTicketStatus } = await import("../stdlib/tickets/store.js");
  for (const g of gone) {
    if (g.recorded) {
      const recorded = g.recorded;
      const { readSession, writeSession } = await import("../stdlib/sessions/store.js");
      const { withGuard } = await import("../io/guard.js");
      // Under the session's guard, read again: a finish or a suspend meanwhile goes first.
      const set = await withGuard(repo.stateDir, `session-${g.session}`, { host: ctx.host }, async () => {
        const s = await readSession(repo, g.session).catch(() => null);
        if (!s || s.ticket !== g.ticket || present(repo.ticketFile(g.ticket))) return false;
        await writeSession(repo, { ...s, ticket: recorded });
        return true;
      });
      if (set) fixed.push(`set the ticket of session ${g.session} back to ${recorded}, as the ledger records it (its record named ${g.ticket}, which no commit has)`);
      continue;
    }
    // A ticket a commit deleted stays deleted: restoring it would undo a teammate's removal.
    if (!g.commit || g.switch_to || g.deleted_by || present(repo.ticketFile(g.ticket))) continue;
    const rel = repo.relative(repo.ticketFile(g.ticket));
    const blob = await gitRaw(repo.root, ["--literal-pathspecs", "show", `${g.commit}:${rel}`]);
    if (blob.code !== 0) continue;
    await writeWithReceipt(repo.stateDir, "tickets", g.ticket, repo.ticketFile(g.ticket), blob.stdout, receiptTree(repo, "tickets"));
    let status = (await readTicket(repo, g.ticket)).status;
    const session = sessions.find((s) => s.id === g.session);
    if (session?.status === "active" && (status === "todo" || status === "paused")) {
      const w = { actor: ctx.actor, now: ctx.now(), host: ctx.host, session: session.id };
      status = (await setTicketStatus(repo, w, g.ticket, "active", `restored for session ${session.id}`, "session-start")).ticket.status;
    }
    fixed.push(`restored ${rel} from commit ${g.commit.slice(0, 12)} (status ${status}${session?.status === "active" ? `, as session ${g.session} works on it` : ""})`);
  }
  return fixed;
}

/** Open sessions of linked worktrees that are gone (`git worktree remove --force`). */
export function goneWorktrees(sessions: readonly SessionRecord[]): SessionRecord[] {
  return sessions.filter((s) => (s.status === "active" || s.status === "suspended") && typeof s.worktree === "string" && s.worktree !== "" && !present(s.worktree));
}

/**
 * Whether `worktree` is a checkout of another repository than `repo` (a session file edited by
 * hand to name one): neither this repository's folder nor a linked worktree whose `.git` file
 * points into its git dir. Finish would read that repository's history and run checks there.
 */
function foreignWorktree(repo: Repo, worktree: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const wt = real(worktree);
  if (wt === real(repo.root) || wt === real(repo.mainRoot) || !repo.commonDir) return false;
  // No gitdir: a folder of its own (.git a folder), no checkout at all, or no gitfile.
  const gitdir = readGitfile(join(wt, ".git"));
  return !gitdir || dirname(dirname(real(gitdir))) !== real(repo.commonDir);
}

/**
 * Where `git worktree move` took a session's linked worktree: the existing linked worktree of this
 * repository that has the session's branch checked out (read from git's own worktree records,
 * `<common dir>/worktrees/<name>/HEAD` and `gitdir`), or null.
 */
export function movedWorktree(repo: Repo, session: SessionRecord): string | null {
  if (!repo.commonDir || !session.branch) return null;
  const admin = join(repo.commonDir, "worktrees");
  let names: string[];
  try {
    names = readdirSync(admin);
  } catch {
    return null;
  }
  for (const name of names) {
    try {
      if (readFileSync(join(admin, name, "HEAD"), "utf8").trim() !== `ref: refs/heads/${session.branch}`) continue;
      const dotGit = readFileSync(join(admin, name, "gitdir"), "utf8").trim();
      const tree = dirname(dotGit);
      if (dotGit.endsWith("/.git") && tree !== session.worktree && present(dotGit)) return tree;
    } catch {
      continue; // a half-removed worktree record: not the one
    }
  }
  return null;
}

/**
 * The folder this repository's main worktree is in now, when a session worked there before the
 * repository was moved or renamed (`mv project project2`; io/relocated.ts says how that is told,
 * on a branch or a detached HEAD), and git worktree move did not take it elsewhere. Null otherwise.
 */
export function relocatedRoot(repo: Repo, session: SessionRecord): string | null {
  if (!repo.commonDir || movedWorktree(repo, session)) return null;
  return movedMainWorktree(repo.commonDir, repo.mainRoot, session) ? repo.mainRoot : null;
}

/** The hint for a session whose repository moved: doctor --fix moves the session along. */
export const RELOCATED_HINT = "exo doctor --fix --section sessions";

/** doctor --fix: each open session of the main worktree before the repository moved works in its new folder. */
export async function adoptRelocatedSessions(ctx: Context, repo: Repo, sessions: readonly SessionRecord[]): Promise<string[]> {
  const fixed: string[] = [];
  const { withGuard } = await import("../io/guard.js");
  const { readSession, writeSession } = await import("../stdlib/sessions/store.js");
  for (const listed of goneWorktrees(sessions)) {
    const root = relocatedRoot(repo, listed);
    if (!root) continue;
    await withGuard(repo.stateDir, `session-${listed.id}`, { host: ctx.host }, async () => {
      const session = await readSession(repo, listed.id);
      if (!session || session.worktree !== listed.worktree || relocatedRoot(repo, session) !== root) return;
      await writeSession(repo, { ...session, worktree: root });
      fixed.push(`session ${session.id} works in ${root} now (the repository moved from ${session.worktree})`);
    });
  }
  return fixed;
}

/** Refuses, before anything is written, to finish or hand off a session whose worktree is gone (or another repository's). */
export function checkSessionWorktree(session: SessionRecord, repo?: Repo): void {
  if (repo && present(session.worktree) && foreignWorktree(repo, session.worktree)) {
    const cleanup = `exo session-cleanup --session-id ${session.id} --force`;
    throw new ExoError(ErrorCode.STATE_CORRUPT, `Session ${session.id} names ${session.worktree} as its worktree, which is not a checkout of this repository (its session file was edited?); nothing was run there: end it with ${cleanup}.`, {
      hint: cleanup,
      details: { session: session.id, worktree: session.worktree, reason: "worktree_foreign" },
    });
  }
  if (goneWorktrees([{ ...session, status: "active" }]).length === 0) return;
  const moved = repo ? movedWorktree(repo, session) : null;
  if (moved) {
    // git worktree move took it elsewhere: the work is there, uncommitted changes too. Moving it
    // back lets the session finish as it began (ending it with cleanup --force would drop that).
    const back = shellLine(["git", "worktree", "move", moved, session.worktree]);
    throw new ExoError(ErrorCode.STATE_CORRUPT, `Session ${session.id} worked in ${session.worktree}, which git worktree move took to ${moved}; move it back (${back}), then run this again.`, {
      hint: back,
      details: { session: session.id, worktree: session.worktree, moved_to: moved, branch: session.branch, reason: "worktree_moved" },
    });
  }
  const root = repo ? relocatedRoot(repo, session) : null;
  if (root) {
    throw new ExoError(ErrorCode.STATE_CORRUPT, `Session ${session.id} worked in ${session.worktree}; the repository is now at ${root} (moved or renamed): ${RELOCATED_HINT} moves the session along, then run this again.`, {
      hint: RELOCATED_HINT,
      details: { session: session.id, worktree: session.worktree, moved_to: root, branch: session.branch, reason: "repository_moved" },
    });
  }
  const cleanup = `exo session-cleanup --session-id ${session.id} --force`;
  throw new ExoError(ErrorCode.STATE_CORRUPT, `Session ${session.id} worked in ${session.worktree}, which is gone (git worktree remove?), so there is nothing to finish there; end it with ${cleanup} (its memento is kept${session.branch ? `, branch ${session.branch} keeps its commits` : ""}).`, {
    hint: cleanup,
    details: { session: session.id, worktree: session.worktree, branch: session.branch, reason: "worktree_gone" },
  });
}
