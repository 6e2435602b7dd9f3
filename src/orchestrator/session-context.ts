// Shared pieces of the session lifecycle: resolution (SPEC §7.5), governance gate (§7.16),
// siblings and liveness, the latest memento and learnings.
import { lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { readRegularTextSync } from "../io/read.js";
import { join, sep } from "node:path";
import { mementoParts } from "../stdlib/sessions/memento-text.js";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { shellWord } from "../kernel/quote.js";
import { isPerson } from "../kernel/ids.js";
import type { Context } from "../commands/context.js";
import type { Repo } from "../io/paths.js";
import { writeCacheFile, writeFileAtomic } from "../io/fs-atomic.js";
import { BUILD_ID } from "../stdlib/compiled.js";
import type { Config } from "../stdlib/config/model.js";
import { compose, inspectGovernance } from "../stdlib/governance/store.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { readLock } from "../stdlib/locks/store.js";
import { assessSession, type Liveness } from "../stdlib/sessions/liveness.js";
import { closedSessionTicket, familySession, listSessions, readSession } from "../stdlib/sessions/store.js";
import { latestSuspended } from "../stdlib/sessions/own.js";
import type { Learning, PreviousSession } from "../stdlib/sessions/bootstrap.js";
import type { Advisory, SessionRecord } from "../stdlib/sessions/types.js";

export function who(ctx: Context) {
  return { actor: ctx.actor, host: ctx.host, now: ctx.now() };
}

/** §7.16 at start/finish: recompose when stale (auto_compose), refuse when tampered. */
export async function governanceGate(ctx: Context, repo: Repo, config: Config, mode: "start" | "finish"): Promise<{ recomposed: boolean; advisory: Advisory | null }> {
  const view = await inspectGovernance(repo);
  switch (view.status) {
    case "valid":
      return { recomposed: false, advisory: null };
    case "missing":
      throw new ExoError(ErrorCode.GOVERNANCE_MISSING, "No governance lock here; run exo compose.", { hint: "exo compose" });
    case "kernel_unsupported":
      throw new ExoError(ErrorCode.KERNEL_VERSION_UNSUPPORTED, `The governance lock was compiled by kernel ${view.lock?.kernel.version}; upgrade exo.`);
    case "tampered": {
      const reason = view.reasons[0];
      await appendLedger(repo, who(ctx), [{ type: "governance.tamper_detected", data: { file: reason?.file ?? ".exo/governance.lock.json", problem: reason?.code ?? "tampered", expected: view.tamper?.expected ?? null, actual: view.tamper?.actual ?? null } }]);
      throw new ExoError(ErrorCode.GOVERNANCE_TAMPERED, `Governance does not verify (${reason?.message ?? "tampered"}); a human must run exo compose --repair.`, {
        hint: "exo compose --repair",
        details: { reasons: view.reasons },
      });
    }
    default: {
      if (!config.governance.auto_compose) {
        if (mode === "finish") return { recomposed: false, advisory: null };
        throw new ExoError(ErrorCode.GOVERNANCE_DRIFT, `Governance sources changed (${view.staleSources.join(", ") || "seal outdated"}) and auto_compose is off; run exo compose.`, { hint: "exo compose" });
      }
      const result = await compose(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now(), reason: "auto" });
      ctx.warn(WarningCode.GOVERNANCE_RECOMPOSED, `Governance sources changed (${view.staleSources.join(", ") || "seal"}); recompiled lock v${result.version}.`);
      return {
        recomposed: true,
        advisory: { kind: "governance_recomposed", severity: "info", message: `governance recompiled to lock v${result.version} (${view.staleSources.join(", ") || "seal"} changed)`, details: { version: result.version, stale_sources: view.staleSources } },
      };
    }
  }
}

export async function liveness(ctx: Context, repo: Repo, config: Config, session: SessionRecord): Promise<Liveness> {
  let lockUnreadable = false;
  // A missing lock reads as null; one that is there and cannot be read (garbled, a folder) throws.
  const lock = await readLock(repo, session.ticket).catch(() => {
    lockUnreadable = true;
    return null;
  });
  return assessSession({ session, lock, lockUnreadable, now: ctx.now(), host: ctx.host, heartbeatTimeoutMinutes: config.sessions.heartbeat_timeout_minutes, suspendedMaxDays: config.sessions.suspended_max_days });
}

/**
 * The answer when the session a command resolved was gone once it held the session's guard (a
 * finish, handoff or cleanup that ran at the same moment closed it): what resolving again says,
 * so how and when it closed is named (NO_ACTIVE_SESSION, as a second finish after the first is
 * told). Before: SESSION_NOT_FOUND "Session … ended meanwhile.", exit 2 as for a mistyped id.
 */
export async function endedMeanwhile(ctx: Context, repo: Repo, explicit: string | undefined, id: string, mode: "active" | "resume" = "active"): Promise<ExoError> {
  try {
    await resolveOwnSession(ctx, repo, explicit, mode);
  } catch (error) {
    if (error instanceof ExoError) return error;
  }
  return new ExoError(ErrorCode.SESSION_NOT_FOUND, `Session ${id} ended meanwhile.`, { hint: "exo session-scan" });
}

/** Session commands: --session-id, else EXO_SESSION_ID, else the actor's own session (§7.5). */
export async function resolveOwnSession(ctx: Context, repo: Repo, explicit: string | undefined, mode: "active" | "resume"): Promise<SessionRecord> {
  const id = explicit ?? (ctx.env["EXO_SESSION_ID"] || undefined);
  if (id) {
    const session = await readSession(repo, id);
    if (!session) {
      // A closed session keeps only its memento: say it is closed rather than unknown.
      const ticket = closedSessionTicket(repo, id);
      if (ticket !== null) throw new ExoError(ErrorCode.SESSION_NOT_FOUND, `Session ${id} on ${ticket} is closed already (memento .exo/mementos/${ticket}/${id}.md); nothing to do.`, { hint: `exo ticket-show ${ticket}`, details: { ticket } });
      const elsewhere = await startedElsewhere(repo, id, ctx.host);
      if (elsewhere) throw elsewhere;
      throw new ExoError(ErrorCode.SESSION_NOT_FOUND, `No session ${id} in this repository's state; list them with exo session-scan.`, { hint: "exo session-scan" });
    }
    return session;
  }
  const unreadable: string[] = [];
  const all = await listSessions(repo, (_code, message) => unreadable.push(...(message.match(/\.exo\/sessions\/[^\s,;]+\.json/g) ?? [])));
  const mine = all.filter((s) => s.actor === ctx.actor);
  if (mode === "resume") {
    const suspended = latestSuspended(mine);
    if (suspended) return suspended;
    const running = mine.find((s) => s.status === "active");
    if (running) {
      // Resumed already (a second resume, say): no suspended session resolves (SPEC: NO_ACTIVE_SESSION), and the active one is named.
      throw new ExoError(ErrorCode.NO_ACTIVE_SESSION, `${ctx.actor}'s session ${running.id} on ${running.ticket} is already active; there is nothing to resume.`, {
        hint: "exo status",
        details: { session: running.id, ticket: running.ticket },
      });
    }
  } else {
    const active = mine.find((s) => s.status === "active");
    if (active) return active;
    const suspended = mine.find((s) => s.status === "suspended");
    if (suspended) return suspended;
    // `EXO_ACTOR=agent:codex exo session-finish`, as AGENTS.md says, for the session its hook started.
    const family = familySession(all, ctx.actor, repo.root);
    if (family) return family;
  }
  // Someone else's session of the wanted kind: name it, and the actor that owns it.
  const suspended = all.find((s) => s.status === "suspended");
  const start = mode === "resume" && suspended ? null : all.length > 0 ? null : await (await import("./dispatch.js")).startHint(ctx);
  const hint = mode === "resume" && suspended ? `exo session-resume --session-id ${suspended.id} --actor ${suspended.actor}` : (start?.hint ?? "exo session-scan");
  // Finishing twice (or a heartbeat after the finish): say the session closed, and when.
  const last = mode === "active" ? await lastClosed(repo, ctx.actor) : null;
  const closed = last ? `: its last session, ${last.session} on ${last.ticket}, ${last.how} at ${last.ts}` : "";
  // Finished, and its ticket waits in review: closing it is the step left (as the finish's `next:`
  // said). Before: "nothing is ready", over a hint that created a new ticket.
  if (last?.how === "finished" && all.length === 0) {
    const { readTicket } = await import("../stdlib/tickets/store.js");
    const ticket = await readTicket(repo, last.ticket).catch(() => null);
    if (ticket?.status === "review") {
      // An agent cannot close it (ticket-close is a person's): a person does, and the agent goes
      // on with what is ready (before: the close as hint, which an agent is refused).
      const person = isPerson(ctx.actor);
      const close = person ? "close it once the change is accepted" : "a person closes it once the change is accepted";
      throw new ExoError(ErrorCode.NO_ACTIVE_SESSION, `${ctx.actor} has no active session${closed}; ${last.ticket} is in review: ${close}, or start another session with exo session-start.`, {
        hint: person ? `exo ticket-close ${last.ticket}` : "exo ready",
        details: { sessions: [], ticket: last.ticket },
      });
    }
  }
  // A session file that cannot be read may be this actor's own (a crash or a hand edit garbled
  // it): a new session would leave its ticket held and its work uncharged. doctor --fix sets the
  // file aside and frees what it held; then a session-start takes the ticket again.
  if (unreadable.length > 0) {
    throw new ExoError(ErrorCode.NO_ACTIVE_SESSION, `${ctx.actor} has no readable ${mode === "resume" ? "suspended" : "active"} session, but ${unreadable.join(", ")} cannot be read and may be ${ctx.actor}'s; exo doctor --fix sets ${unreadable.length === 1 ? "it" : "them"} aside and frees the ticket ${unreadable.length === 1 ? "it holds" : "they hold"}, then start again with exo session-start.`, {
      hint: "exo doctor --fix",
      details: { sessions: all.map((s) => ({ id: s.id, actor: s.actor, status: s.status, ticket: s.ticket })), unreadable },
    });
  }
  // Another actor's suspended session (Claude Code's SessionEnd suspends the agent's): the person
  // who wraps it up resumes it as that actor, as exo alone says. Before, the message said "start one
  // with exo session-start" over a hint resuming that session (resume), or exo session-scan (finish).
  const theirs = mode === "resume" ? suspended : all.some((s) => s.status === "active") ? undefined : suspended;
  if (theirs) {
    const then = mode === "resume" ? "" : ", then finish it";
    throw new ExoError(ErrorCode.NO_ACTIVE_SESSION, `${ctx.actor} has no ${mode === "resume" ? "suspended" : "active"} session${closed}; ${theirs.actor}'s session ${theirs.id} on ${theirs.ticket} is suspended: resume it as ${theirs.actor}${then}.`, {
      hint: `exo session-resume --session-id ${theirs.id} --actor ${theirs.actor}`,
      details: { sessions: all.map((s) => ({ id: s.id, actor: s.actor, status: s.status, ticket: s.ticket })) },
    });
  }
  // Nothing ready to start on: say so and why, and not "start one with exo session-start", since
  // the hint then creates work (or names whose start it is) instead; before, the message said
  // "start one with exo session-start …, but nothing is ready (…): the hint comes first".
  const kind = mode === "resume" ? "suspended" : "active";
  // The reasons are worded after a colon; "; …" clauses alone (a claim waiting elsewhere) keep the
  // general wording below, over the hint that names that work.
  const nothing = start?.nothing;
  const text = nothing?.worded
    ? `${ctx.actor} has no ${kind} session${closed}, and nothing is ready to start ${last ? "another" : "one"} on${nothing.reasons}.`
    : `${ctx.actor} has no ${kind} session${closed}; start ${last ? "another" : "one"} with exo session-start (or ${ctx.harness === "mcp" ? "pass actor / session_id, for the session of another actor" : "set EXO_ACTOR / --session-id"}).`;
  throw new ExoError(ErrorCode.NO_ACTIVE_SESSION, text, {
    hint,
    details: { sessions: all.map((s) => ({ id: s.id, actor: s.actor, status: s.status, ticket: s.ticket })) },
  });
}

/** The actor's most recently closed session, from the ledger's closing records. */
async function lastClosed(repo: Repo, actor: string): Promise<{ session: string; ticket: string; how: string; ts: string } | null> {
  const how: Record<string, string> = { "session.finished": "finished", "session.handed_off": "was handed off", "session.crashed": "was recovered as crashed" };
  try {
    const { readAllRecords } = await import("../stdlib/ledger/read.js");
    let best: { session: string; ticket: string; how: string; ts: string } | null = null;
    for (const r of await readAllRecords(repo)) {
      const verb = how[r.type];
      if (!verb || !r.session || !r.ticket) continue;
      const owner = typeof r.data["session_actor"] === "string" ? r.data["session_actor"] : r.actor;
      if (owner !== actor || (best && best.ts > r.ts)) continue;
      best = { session: r.session, ticket: r.ticket, how: verb, ts: r.ts };
    }
    return best;
  } catch {
    return null;
  }
}

/** What a memento says about its session (front matter plus two body sections). */
export function mementoSummary(text: string): PreviousSession {
  const { front, body } = mementoParts(text);
  return summaryOf(front, body);
}

/** The summary from the front matter's values and the body's text. */
export function summaryOf(front: Record<string, unknown>, body: string): PreviousSession {
  const section = (title: string) => {
    const m = new RegExp(`## ${title}\\n([\\s\\S]*?)(\\n## |$)`).exec(body);
    return (m?.[1] ?? "").trim();
  };
  const steps = section("Next steps").split("\n").map((l) => l.replace(/^- /, "").trim()).filter((l) => l && l !== "None.");
  const drift = (front["drift"] as { score?: number } | null)?.score ?? null;
  return { session: String(front["session"]), actor: String(front["actor"]), outcome: String(front["outcome"]), finished_at: String(front["finished_at"]), drift, summary: section("Summary"), next_steps: steps };
}

interface MementoEntry {
  size: number;
  mtimeMs: number;
  /** A rewrite that keeps size and mtime (cp -p, rsync -t, touch -r) still changes the ctime. */
  ctimeMs: number;
  summary: PreviousSession;
}

/** cache/mementos/<ticket>.json: each memento's summary, used while its size, mtime and ctime match (made by this build). */
function mementoCacheFile(repo: Repo, ticket: string): string {
  return join(repo.cacheDir, "mementos", `${ticket}.json`);
}

function readMementoCache(repo: Repo, ticket: string): Record<string, MementoEntry> {
  try {
    const parsed = JSON.parse(readRegularTextSync(mementoCacheFile(repo, ticket))) as { build?: string; files?: Record<string, MementoEntry> };
    return parsed.build === BUILD_ID && parsed.files && typeof parsed.files === "object" ? parsed.files : {};
  } catch {
    return {};
  }
}

/**
 * A ticket's memento folder must be a real folder (or a symlink to one inside the repository): a
 * pull can bring `.exo/mementos/<ID>` as a symlink elsewhere (exo would write the memento there
 * and read files from there into bootstraps) or as a file (every close-out would fail half-way).
 * STATE_CORRUPT saying how to replace it; one lstat when all is well.
 */
export function checkMementoDir(repo: Repo, ticket: string): void {
  const dir = repo.mementoDir(ticket);
  const info = lstatSync(dir, { throwIfNoEntry: false });
  if (!info || info.isDirectory()) return;
  const rel = repo.relative(dir);
  // --ignore-unmatch: a link or file a hand or a sync tool made is in no commit, and git rm of it
  // failed "did not match any files", so the pasted hint stopped before its rm.
  const fix = { hint: `git rm -r --cached --quiet --ignore-unmatch -- ${shellWord(rel)} && rm -- ${shellWord(rel)}`, details: { path: rel } };
  if (info.isSymbolicLink()) {
    let target: string | null = null;
    try {
      target = realpathSync(dir);
    } catch {
      target = null;
    }
    let base = repo.mainRoot;
    try {
      base = realpathSync(repo.mainRoot);
    } catch {
      // the root as discovered
    }
    if (target !== null && (target === base || target.startsWith(`${base}${sep}`)) && statSync(target).isDirectory()) return;
    throw new ExoError(ErrorCode.STATE_CORRUPT, `${rel} is a symlink to ${target ?? "a missing target"}, not a folder inside the repository; exo does not read or write through it. Remove the link (and untrack it, if a commit brought it) and run the command again.`, fix);
  }
  throw new ExoError(ErrorCode.STATE_CORRUPT, `${rel} is not a folder; remove it (and untrack it, if a commit brought it) so exo can keep the ticket's mementos there, and run the command again.`, fix);
}

/**
 * Write a session's memento (atomic) and remember its summary for the next start on the ticket.
 * The summary comes from the front matter's object and the body the text was written from (the
 * YAML round trip gives back the same values), not from parsing the YAML just written.
 */
export async function writeMemento(repo: Repo, ticket: string, session: string, memento: { text: string; front: Record<string, unknown>; body: string }): Promise<void> {
  const file = repo.mementoFile(ticket, session);
  checkMementoDir(repo, ticket);
  await writeFileAtomic(file, memento.text); // makes the folder
  await rememberMemento(repo, ticket, file, memento.text, summaryOf(memento.front, memento.body));
}

/**
 * After exo wrote a memento: its summary goes into the cache, so the next session-start on the
 * ticket reads no YAML. Made only when the file still holds the text written (stat taken first).
 */
async function rememberMemento(repo: Repo, ticket: string, file: string, text: string, summary: PreviousSession): Promise<void> {
  try {
    const info = statSync(file);
    if (readRegularTextSync(file) !== text) return;
    const files = readMementoCache(repo, ticket);
    files[file.slice(file.lastIndexOf("/") + 1)] = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, summary };
    await writeCacheFile(mementoCacheFile(repo, ticket), JSON.stringify({ build: BUILD_ID, files }));
  } catch {
    // only a cache
  }
}

/** The latest memento of a ticket (greatest finished_at, then session id). */
export async function latestMemento(repo: Repo, ticket: string): Promise<PreviousSession | null> {
  // A start refuses at once rather than read files from elsewhere, or fail at its finish.
  checkMementoDir(repo, ticket);
  let names: string[] = [];
  try {
    names = readdirSync(repo.mementoDir(ticket)).filter((n) => n.endsWith(".md"));
  } catch {
    return null;
  }
  const cache = readMementoCache(repo, ticket);
  const fresh: Record<string, MementoEntry> = {};
  let misses = 0;
  let best: PreviousSession | null = null;
  for (const name of names) {
    try {
      const file = join(repo.mementoDir(ticket), name);
      const info = statSync(file);
      const hit = cache[name];
      let candidate: PreviousSession;
      if (hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs && hit.ctimeMs === info.ctimeMs) candidate = hit.summary;
      else {
        misses++;
        const { front, body } = mementoParts(readRegularTextSync(file));
        // Another ticket's memento in this ticket's folder (a copy, a sync tool): its summary and
        // next steps were handed to this ticket's session as its own previous session's.
        if (typeof front["ticket"] === "string" && front["ticket"] !== ticket) continue;
        candidate = summaryOf(front, body);
      }
      fresh[name] = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, summary: candidate };
      if (!best || candidate.finished_at > best.finished_at || (candidate.finished_at === best.finished_at && candidate.session > best.session)) best = candidate;
    } catch {
      // unreadable memento: doctor reports it
    }
  }
  if (misses > 0 || Object.keys(cache).length !== Object.keys(fresh).length) await writeCacheFile(mementoCacheFile(repo, ticket), JSON.stringify({ build: BUILD_ID, files: fresh }));
  return best;
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Active learnings for the bootstrap: global, this ticket or an ancestor; ≤ 10, sorted (§7.10). */
export async function bootstrapLearnings(repo: Repo, scopes: readonly string[]): Promise<Learning[]> {
  const { listLearnings } = await import("../stdlib/learnings/store.js");
  return (await listLearnings(repo))
    .filter((l) => l.status === "active" && (l.scope === "global" || scopes.includes(l.scope)))
    .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0) || (a.id < b.id ? -1 : 1))
    .slice(0, 10)
    .map((l) => ({ id: l.id, severity: l.severity, insight: l.insight, pattern: l.pattern }));
}

/**
 * The resume a suspended session needs before finish, handoff or suspend, as a line that runs:
 * its id, and its actor when that is not the caller (a person wrapping up an agent's session that
 * Claude Code's SessionEnd suspended). Before: a bare `exo session-resume`, which finds only the
 * caller's own sessions.
 */
export function resumeHint(ctx: Context, session: { id: string; actor: string }): string {
  return `exo session-resume --session-id ${session.id}${session.actor === ctx.actor ? "" : ` --actor ${session.actor}`}`;
}

/**
 * A session id the ledger knows (pulled from a teammate's clone) but this clone's state does not:
 * sessions are machine-local, so it is resumed, finished or handed off where it started.
 */
async function startedElsewhere(repo: Repo, id: string, host: string): Promise<ExoError | null> {
  const { readSessionRecords } = await import("../stdlib/ledger/read.js");
  const records = await readSessionRecords(repo, id).catch(() => []);
  const start = records.find((r) => r.type === "session.started");
  if (!start) return null;
  const { ownHost, ownWriters } = await import("../stdlib/ledger/store.js");
  const ticket = start.ticket ?? "<ID>";
  const begin = `exo session-start --ticket-id ${ticket}`;
  if (ownHost(start.writer, host)) {
    // Started in this checkout: its session file was lost (or moved aside), which the plain answer
    // covers. Started in another clone on this machine (its segment is none of this checkout's
    // writers, a pushed suspend pulled here): where it lives, as for another machine (before:
    // "No session … in this repository's state", hint exo session-scan, which does not list it).
    const mine = ownWriters(repo);
    if (mine.length === 0 || mine.includes(start.writer)) return null;
    const last = records[records.length - 1];
    const state = last?.type === "session.suspended" ? `${start.actor} suspended it` : `${start.actor} started it`;
    return new ExoError(ErrorCode.SESSION_NOT_FOUND, `Session ${id} on ${ticket} lives in another clone (ledger segment ${start.writer}), where ${state}; a session lives where it started: resume or hand it off there, then start here with ${begin}.`, {
      hint: begin,
      details: { session: id, ticket, writer: start.writer, last_event: last?.type ?? null, elsewhere: "clone" },
    });
  }
  return new ExoError(ErrorCode.SESSION_NOT_FOUND, `Session ${id} was started on another machine (ledger segment ${start.writer}); a session lives where it started: resume or hand it off there (exo session-handoff --to '<actor>' --summary "…"), then start here with ${begin}.`, {
    hint: begin,
    details: { session: id, ticket, writer: start.writer, last_event: records[records.length - 1]?.type ?? null },
  });
}
