// What the sender does after handing a task to a teammate: a person works in a clone of their own,
// so the step is the push that brings them the handoff (before: `EXO_ACTOR=human:bob exo
// session-start …`, a line that, pasted, started the session here as bob).
import { readdirSync } from "node:fs";
import type { Repo } from "../io/paths.js";
import { actorMatches, isPerson } from "../kernel/ids.js";
import { shellWord } from "../kernel/quote.js";

/** Whether `to` is a person other than `actor` (an agent is started here, by whoever runs it). */
export function handedToPerson(actor: string, to: string | null): to is string {
  return to !== null && isPerson(to) && !actorMatches(actor, to);
}

/**
 * What `actor` does next about `ticket` handed to `to` (null: anyone), the one answer the handoff,
 * exo alone and exo ready give: for another person, the commit and push that bring it to their
 * clone (pushStep; `next_command` null once pushed); else the session-start here, as `to` when `to`
 * is someone else.
 */
export async function senderStep(repo: Repo, actor: string, ticket: string, to: string | null, opts: { commitFirst?: boolean } = {}): Promise<{ next_command: string | null; next_reason: string }> {
  const step = handedToPerson(actor, to) ? await pushStep(repo, ticket, to, opts) : null;
  if (step) return step;
  const start = `exo session-start --ticket-id ${ticket}`;
  if (to === null || actorMatches(actor, to)) return { next_command: start, next_reason: `${ticket} waits for ${to === null ? "anyone's" : "your"} session-start` };
  return { next_command: `EXO_ACTOR=${shellWord(to)} ${start}`, next_reason: `${ticket} was handed to ${to}` };
}

/**
 * For a handed-off `ticket` whose lock this clone holds: the handoff's sender when the lock is this
 * clone's own earlier claim (exo next) rather than the one the handing session transferred
 * (--keep-lock, same fencing token), null when the lock came with the handoff or either file is
 * missing. A handoff pulled from another clone finds the receiver's own claim holding the lock,
 * which exo alone words apart from "handed to you with its lock".
 */
export async function handedOverOwnClaim(repo: Repo, ticket: string): Promise<string | null> {
  const record = await (await import("../stdlib/sessions/state-files.js")).readHandoff(repo, ticket).catch(() => null);
  if (!record) return null;
  const lock = await (await import("../stdlib/locks/store.js")).readLock(repo, ticket).catch(() => null);
  if (!lock) return null;
  const records = await (await import("../stdlib/ledger/read.js")).readTicketRecords(repo, ticket).catch(() => []);
  const transferred = records.some((r) => r.type === "lock.transferred" && r.session === record.from_session && r.data["fencing_token"] === lock.fencing_token);
  return transferred ? null : record.from_actor;
}

/**
 * The sender's next step for a task handed to another person: `git push` while this branch has
 * commits its upstream lacks (or none, or a remote without one; null for a repository without a
 * remote, where the receiver can only work here), with why in words.
 */
export async function pushStep(repo: Repo, ticket: string, to: string, opts: { commitFirst?: boolean } = {}): Promise<{ next_command: string | null; next_reason: string } | null> {
  const push = await pushLine(repo, null);
  if (push === null) return null;
  const { gitRaw } = await import("../io/git.js");
  // The handed session's work still uncommitted here: a push would not bring it, so its commit
  // comes first (before: exo alone named only the receiver, and the work stayed in this clone).
  const left = opts.commitFirst ? await handedWorkLeft(repo, ticket) : null;
  if (left) {
    const what = left.files.length === 1 ? left.files[0] as string : `${left.files.length} files`;
    return { next_command: commitWork(left), next_reason: `${ticket} was handed to ${to} with ${what} of ${left.session} uncommitted: commit, then push, so their clone gets the work` };
  }
  const ahead = await gitRaw(repo.root, ["rev-list", "--count", "@{upstream}..HEAD"]);
  const start = `exo session-start --ticket-id ${ticket}`;
  // Commits ahead that hold neither the handoff nor its session's work (a teammate's clone that
  // pulled the handoff, then committed its own install): a push brings the receiver nothing (before:
  // `git push` for everyone but the receiver, as if they had sent it).
  if (ahead.code === 0 && (ahead.stdout.trim() === "0" || !(await handoffAhead(repo, ticket)))) {
    return { next_command: null, next_reason: `${ticket} was handed to ${to}: they start it in their clone once they pull (${start})` };
  }
  return { next_command: push, next_reason: `${ticket} was handed to ${to}: push, and they start it in their clone once they pull (${start})` };
}

/**
 * The push that publishes this branch to `remote` (null: the first remote configured): `git push`
 * where git's configuration gives the branch an upstream (branch.<name>.merge), else `git push -u
 * <remote> HEAD`; null when there is no such remote. Read from the command's git config listing
 * and HEAD's file, so no git process is started (before: `git remote` and `git rev-parse
 * @{upstream}`, for every finish in a clone with a remote).
 */
export async function pushLine(repo: Repo, remote: string | null): Promise<string | null> {
  const { configValue, gitConfig } = await import("../io/git-config.js");
  const entries = (await gitConfig(repo).catch(() => null)) ?? [];
  const name = remote ?? entries.map((e) => /^remote\.(.+)\.url$/s.exec(e.key)?.[1]).find((n) => n !== undefined);
  if (name === undefined || !entries.some((e) => e.key === `remote.${name}.url`)) return null;
  const { branch } = await (await import("../stdlib/git/facts.js")).headState(repo.root, repo);
  return branch !== null && configValue(entries, `branch.${branch}.merge`) !== undefined ? "git push" : `git push -u ${shellWord(name)} HEAD`;
}

/**
 * Whether the commits this branch has and its upstream lacks bring the handoff of `ticket`: its
 * record differs there, or one of them is the work of the session that handed it (its
 * `Exo-Session` trailer). True when git cannot tell.
 */
async function handoffAhead(repo: Repo, ticket: string): Promise<boolean> {
  const { gitRaw } = await import("../io/git.js");
  const record = repo.relative(repo.handoffFile(ticket));
  const differs = await gitRaw(repo.root, ["diff", "--quiet", "@{upstream}", "HEAD", "--", record]);
  if (differs.code !== 0) return true;
  // A record not committed here yet (an auto-commit that failed): as before, the push is the step.
  const loose = await gitRaw(repo.root, ["status", "--porcelain", "--", record]);
  if (loose.code !== 0 || loose.stdout.trim() !== "") return true;
  const { readRegularTextSync } = await import("../io/read.js");
  let from: unknown;
  try {
    from = (JSON.parse(readRegularTextSync(repo.handoffFile(ticket))) as { from_session?: unknown }).from_session;
  } catch {
    return true;
  }
  if (typeof from !== "string") return true;
  const work = await gitRaw(repo.root, ["log", "--format=%H", "-F", `--grep=Exo-Session: ${from}`, "@{upstream}..HEAD"]);
  return work.code !== 0 || work.stdout.trim() !== "";
}

/**
 * The files the session that handed `ticket` on changed and did not commit (its memento's
 * `changed_files`, its `commits` empty of them), still uncommitted in this work tree; null when none
 * or when the handoff or memento cannot be read.
 */
async function handedWorkLeft(repo: Repo, ticket: string): Promise<{ session: string; files: string[] } | null> {
  const { readRegularTextSync } = await import("../io/read.js");
  try {
    const record = JSON.parse(readRegularTextSync(repo.handoffFile(ticket))) as { from_session?: unknown };
    return typeof record.from_session === "string" ? await sessionWorkLeft(repo, ticket, record.from_session) : null;
  } catch {
    return null;
  }
}

/**
 * The last session that closed on `ticket` (its newest memento) and the files it changed and left
 * uncommitted, still so here; null when none. A task in review whose work was never committed:
 * exo alone offers finish's `commit:` line again before the close (before: only the close, and the
 * work committed afterwards by hand was an ungoverned_commit).
 */
export async function finishedWorkLeft(repo: Repo, ticket: string): Promise<{ session: string; files: string[]; command: string } | null> {
  let names: string[];
  try {
    names = readdirSync(repo.mementoDir(ticket)).filter((n) => /^SES-[A-Za-z0-9-]+\.md$/.test(n)).sort();
  } catch {
    return null;
  }
  const last = names.at(-1);
  const left = last ? await sessionWorkLeft(repo, ticket, last.slice(0, -3)).catch(() => null) : null;
  return left ? { ...left, command: commitWork(left) } : null;
}

function commitWork(left: { session: string; files: string[] }): string {
  return `git add -- ${left.files.map(shellWord).join(" ")} && git commit -m "…" -m "Exo-Session: ${left.session}"`;
}

/** The files session `session` on `ticket` changed (its memento's `changed_files`) still uncommitted here. */
async function sessionWorkLeft(repo: Repo, ticket: string, session: string): Promise<{ session: string; files: string[] } | null> {
  const { readRegularTextSync } = await import("../io/read.js");
  let memento: string;
  try {
    memento = readRegularTextSync(repo.mementoFile(ticket, session));
  } catch {
    return null;
  }
  const { mementoChangedPaths, mementoParts } = await import("../stdlib/sessions/memento-text.js");
  // Another ticket's memento in this ticket's folder (a copy, a sync tool) names no work of this one.
  const named = mementoParts(memento).front["ticket"];
  if (typeof named === "string" && named !== ticket) return null;
  const paths = mementoChangedPaths(memento);
  if (paths.length === 0) return null;
  const { gitRaw } = await import("../io/git.js");
  const { statusEntries } = await import("../stdlib/git/porcelain.js");
  const out = await gitRaw(repo.root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...paths.map((p) => `:(literal)${p}`)]);
  if (out.code !== 0) return null;
  const dirty = new Set(statusEntries(out.stdout).map((e) => e.path));
  const files = paths.filter((p) => dirty.has(p)).sort();
  return files.length > 0 ? { session, files } : null;
}
