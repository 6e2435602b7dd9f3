// Distributed leases (SPEC §7.8): a ref refs/exo/leases/<ID> on the git remote whose commits
// (empty tree) carry the lease state; claims are compare-and-swap pushes (--force-with-lease).
import { mayHaveRefs } from "../../io/git-refs.js";
import { randomHex } from "../../io/random.js";
import { ExoError, ErrorCode } from "../../errors.js";
import { actorMatches, isActor } from "../../kernel/ids.js";
import { isRemoteName, remoteProblem } from "../../kernel/refs.js";
import { sha256 } from "../../kernel/canon.js";
import { gitRaw } from "../../io/git.js";
import type { Repo } from "../../io/paths.js";
import { appendLedger, hashesHostnames, hostMatches, publicHost } from "../ledger/store.js";
import { lockLost } from "./lost.js";
import { MAX_TOKEN, PLAUSIBLE_TOKEN } from "./shape.js";
import { laterExpiry, type DistributedLease, type LockState } from "./types.js";
import { isLeaseLive, MAX_LEASE_MS } from "../../kernel/lock-state.js";
import { crashPoint } from "../../io/crash.js";
import { clearPendingClaim, listPendingClaims, recordPendingClaim } from "./pending.js";

/** A lease on the remote: a lock's identity and times (no TTL, pid or branch), with its nonce. */
export interface LeaseState extends Pick<LockState, "ticket" | "state" | "owner" | "session" | "fencing_token" | "acquired_at" | "heartbeat_at" | "expires_at" | "host"> {
  nonce: string;
  /** On a released state: the ticket's status when it was released (closed in another clone). */
  ticket_status?: string | undefined;
  /**
   * The clone (state root) that claimed it (cloneId): two clones on one machine share a host
   * name, and one developer's agents often share an actor, so owner + host alone would let one
   * clone take over (or re-claim) another's live lease. Absent in leases of older versions.
   */
  clone?: string | undefined;
  /**
   * A state other than held or released (written by a newer exo): read as held until it expires,
   * never overwritten while live, and named in LEASE_HELD with the advice to upgrade exo.
   */
  unknown_state?: string | undefined;
}

/** This clone's token in lease states: sha256 of its state root's path, 12 hex. */
export function cloneId(repo: Repo): string {
  // kernel sha256: a short path is hashed in JavaScript, without loading node:crypto.
  return sha256(repo.stateDir).slice(0, 12);
}

export const leaseRef = (ticket: string) => `refs/exo/leases/${ticket}`;

/** The remote, refused unless it is a plain name or URL (it reaches git; issue #18). */
function safeRemote(remote: string): string {
  const problem = remoteProblem(remote);
  if (problem) throw new ExoError(ErrorCode.CONFIG_INVALID, `Remote ${JSON.stringify(remote)} ${problem}; set git.remote in .exo/config.yaml to a remote name such as origin.`, { hint: "exo config-validate", details: { remote } });
  return remote;
}

function unavailable(remote: string, what: string, stderr: string): ExoError {
  // No remote of that name in this clone (a repository never pushed anywhere): the step is adding
  // it, not git fetch, which fails the same way (before: hint git fetch, a dead end). The
  // placeholder stays bare: pasted unedited, nothing is added.
  if (stderr.includes(`'${remote}' does not appear to be a git repository`) && !/[/:\\]/.test(remote)) {
    return new ExoError(ErrorCode.REMOTE_UNAVAILABLE, `This clone has no remote named ${remote} (git.remote in .exo/config.yaml), so there is nowhere to keep leases; add it (git remote add ${remote} <url>), or work without remote leases (no --distributed or --remote, locks.distributed: false).`, { hint: `git remote add ${remote} <url>`, details: { remote, reason: "no_such_remote" } });
  }
  // A remote whose repository is gone from where its URL points (a bare repository on this disk or
  // a mounted one, moved or deleted): git fetch, the general hint, fails the same way. The step is
  // pointing the remote where the repository is now. A folder on this disk stays out of details
  // (SPEC §5.4: no absolute path outside the repository there; the message names it).
  const gone = /'([^'\n]+)' does not appear to be a git repository/.exec(stderr)?.[1];
  if (gone !== undefined && gone !== remote) {
    return new ExoError(ErrorCode.REMOTE_UNAVAILABLE, `Remote ${remote} points at ${gone}, where there is no git repository (moved or deleted), so there is nowhere to keep leases; point it where the repository is now (git remote set-url ${remote} <url>), or work without remote leases (no --distributed or --remote, locks.distributed: false).`, { hint: `git remote set-url ${remote} <url>`, details: { remote, ...(gone.startsWith("/") ? {} : { url: gone }), reason: "repository_gone" } });
  }
  return new ExoError(ErrorCode.REMOTE_UNAVAILABLE, `Remote ${remote} is unavailable (${what}: ${stderr.trim().split("\n")[0] ?? "failed"}); check the network and the remote (git remote -v), or work without remote leases (no --distributed or --remote).`, { details: { remote } });
}

export function formatLease(s: LeaseState): string {
  return `exo-lease/1\n\nticket: ${s.ticket}\nstate: ${s.state}\nowner: ${s.owner}\nsession: ${s.session ?? "-"}\nfencing_token: ${s.fencing_token}\nacquired_at: ${s.acquired_at}\nheartbeat_at: ${s.heartbeat_at}\nexpires_at: ${s.expires_at}\nhost: ${s.host}\nnonce: ${s.nonce}\n${s.ticket_status ? `ticket_status: ${s.ticket_status}\n` : ""}${s.clone ? `clone: ${s.clone}\n` : ""}`;
}


/**
 * Parse a lease commit message. `ticket` is the ref's ticket: a state naming another ticket, an
 * owner that is not an actor, a token that is not a whole number exo can count on from, or
 * times that are not dates (or that outlast the longest lease) are STATE_CORRUPT — another
 * clone (or a hand-made ref) wrote it, and its values must never decide who holds a ticket.
 */
export function parseLease(message: string, ticket?: string): LeaseState {
  const fields = new Map<string, string>();
  for (const line of message.split("\n")) {
    const m = /^([a-z_]+): (.*)$/.exec(line);
    if (m) fields.set(m[1] as string, m[2] as string);
  }
  const ref = leaseRef(ticket ?? fields.get("ticket") ?? "?");
  const corrupt = (why: string) =>
    new ExoError(ErrorCode.STATE_CORRUPT, `The remote lease ${ref} is unreadable (${why}); exo treats it as released, so the next claim replaces it.`, { hint: "exo gc-locks --remote", details: { ref, reason: why } });
  const need = ["ticket", "state", "owner", "fencing_token", "expires_at", "nonce"];
  for (const k of need) if (!fields.has(k)) throw corrupt(`lacks ${k}`);
  const session = fields.get("session") ?? "-";
  const raw = fields.get("state") as string;
  const state: LeaseState = {
    ticket: fields.get("ticket") as string,
    // A state this exo does not know (a newer exo's) counts as held: taking it as released would
    // let an older clone claim a ticket a newer one still holds (see docs/notes.md).
    state: raw === "released" ? "released" : "held",
    owner: fields.get("owner") as string,
    session: session === "-" ? null : session,
    fencing_token: Number(fields.get("fencing_token")),
    acquired_at: fields.get("acquired_at") ?? "",
    heartbeat_at: fields.get("heartbeat_at") ?? "",
    expires_at: fields.get("expires_at") as string,
    host: fields.get("host") ?? "",
    nonce: fields.get("nonce") as string,
    ...(fields.get("ticket_status") ? { ticket_status: fields.get("ticket_status") } : {}),
    ...(/^[0-9a-f]{12}$/.test(fields.get("clone") ?? "") ? { clone: fields.get("clone") } : {}),
    ...(raw !== "held" && raw !== "released" ? { unknown_state: raw.slice(0, 40) } : {}),
  };
  if (ticket !== undefined && state.ticket !== ticket) throw corrupt(`it names ticket ${JSON.stringify(state.ticket.slice(0, 40))}`);
  if (!isActor(state.owner)) throw corrupt(`owner ${JSON.stringify(state.owner.slice(0, 40))} is not an actor`);
  if (!/^\d+$/.test(fields.get("fencing_token") as string) || !(state.fencing_token <= MAX_TOKEN)) throw corrupt(`fencing_token ${JSON.stringify((fields.get("fencing_token") as string).slice(0, 40))} is not a whole number below 2^48`);
  const expires = Date.parse(state.expires_at);
  if (Number.isNaN(expires)) throw corrupt("expires_at is not a date");
  const renewed = Math.max(Date.parse(state.heartbeat_at) || 0, Date.parse(state.acquired_at) || 0);
  if (state.state === "held" && expires - renewed > MAX_LEASE_MS) throw corrupt("it outlasts the longest lease (168 hours past its heartbeat)");
  return state;
}

/** What a lease that does not parse counts as: released, its token the high-water mark. */
function unreadableLease(ticket: string, sha: string, highWater: number): LeaseState {
  return { ticket, state: "released", owner: "unknown:unreadable-lease", session: null, fencing_token: highWater, acquired_at: "", heartbeat_at: "", expires_at: new Date(0).toISOString(), host: "", nonce: `unreadable-${sha.slice(0, 12)}` };
}

/** One remote lease ref: its commit and parsed state. */
export interface LeaseEntry {
  sha: string;
  state: LeaseState;
  /** The ref names a blob, tree or tag (a hand-made ref): replaced by a commit without a parent. */
  notCommit?: true;
}

/** The parent of the commit that replaces `entry`: none when the ref names no commit (git commit-tree would refuse it). */
const parentOf = (entry: LeaseEntry | null): string | null => (entry && !entry.notCommit ? entry.sha : null);

/** A ticket id a lease ref can name (refs/exo/leases/<id>; a nested ref such as T3/x names none). */
const leaseTicket = (name: string): boolean => name !== "" && !name.includes("/");

/** Every lease on the remote and the fencing high-water mark, from one fetch. */
export interface LeaseSnapshot {
  remote: string;
  leases: Map<string, LeaseEntry>;
  highWater: number;
  highWaterSha: string | null;
  /** Tickets whose released (closed) lease ref was pruned, with the time of the prune. */
  pruned: Map<string, string>;
}

export const FENCING_REF = "refs/exo/fencing/high-water";
/**
 * The folder below refs/exo/remote-*s/ that holds `remote`'s fetched refs: its name, or for a URL
 * or path (git.remote may be one, and "/" or ":" make no ref) `url-` and a short hash of it.
 */
const tracking = (remote: string) => (isRemoteName(remote) ? remote : `url-${sha256(remote).slice(0, 16)}`);
const trackingLeases = (remote: string) => `refs/exo/remote-leases/${tracking(remote)}/`;
const trackingFencing = (remote: string) => `refs/exo/remote-fencing/${tracking(remote)}/`;

/** Whether this clone ever read leases from `remote` (their tracking refs live in .git, which git clean never touches). */
export async function hasTrackedLeases(repo: Repo, remote: string): Promise<boolean> {
  const r = await gitRaw(repo.root, ["for-each-ref", "--count=1", "--format=%(refname)", trackingLeases(safeRemote(remote))]);
  return r.code === 0 && r.stdout.trim() !== "";
}

/**
 * Same owner on the same host (§ identity): two machines claiming under one name are two owners;
 * and, when the lease names its clone, from that clone (two clones on one machine are two too).
 */
export function ownsLease(s: LeaseState, owner: string, host: string, clone?: string): boolean {
  return actorMatches(owner, s.owner) && sameHolder(s, host, clone);
}

/** The lease's host and clone are this one's (a transferred lease names neither: anyone's). */
function sameHolder(s: LeaseState, host: string, clone: string | undefined): boolean {
  return (s.host === "" || hostMatches(s.host, host)) && (s.clone === undefined || clone === undefined || s.clone === clone);
}

/**
 * A claim held here, bound to no session, whose remote lease another clone has written since (its
 * nonce differs) and nobody holds now (released or expired): a lock handed over with --keep-lock
 * that its receiver worked on and gave back elsewhere. The local file is all that is left of it.
 */
export function claimMovedOn(lock: LockState, s: LeaseState | undefined, now: Date): boolean {
  return lock.state === "held" && lock.session === null && !!lock.distributed && !!s && s.nonce !== lock.distributed.nonce && s.unknown_state === undefined && !isLeaseLive(s, now);
}

export { isLeaseLive } from "../../kernel/lock-state.js";

/**
 * How far ahead of `now` a held lease's own heartbeat lies, when further than any lease runs: the
 * clone that wrote it had a clock days ahead (or the ref was forged). Such a lease is not live —
 * a forged one must never hold a ticket — but whoever takes it over, or gc-locks --remote, says so
 * (`clock_suspect`): its holder may still be working, and learns of it only at its next heartbeat.
 */
export function clockAheadMs(s: LeaseState, now: Date): number | null {
  const ahead = Date.parse(s.heartbeat_at) - now.getTime();
  return s.state === "held" && ahead > MAX_LEASE_MS ? ahead : null;
}

function parseHighWater(message: string): number {
  const m = /^high_water: (\d+)$/m.exec(message);
  return m ? plausible(Number(m[1])) : 0;
}

/**
 * A token a claim may build on: a forged ref (a mark of 1e23, a lease at 2^48) would make the next
 * token one no clone can read back (imprecise, or past the cap), so the lease would count as
 * unreadable and be taken over while held. Real counts never come near PLAUSIBLE_TOKEN.
 */
function plausible(token: number): number {
  return Number.isSafeInteger(token) && token >= 0 && token <= PLAUSIBLE_TOKEN ? token : 0;
}

/** `pruned: T1@<time> T2@<time>`: closed tickets whose refs are gone (kept so stale clones skip them). */
function parsePruned(message: string): Map<string, string> {
  const m = /^pruned: (.*)$/m.exec(message);
  const out = new Map<string, string>();
  for (const item of (m?.[1] ?? "").split(" ").filter(Boolean)) {
    const at = item.indexOf("@");
    if (at > 0) out.set(item.slice(0, at), item.slice(at + 1));
  }
  return out;
}

/** Read the lease refs already fetched into refs/exo/remote-leases/<remote>/ (no network). */
export async function readTrackedLeases(repo: Repo, remote: string): Promise<LeaseSnapshot> {
  // No refs/exo/ at all (a clone that never fetched leases): nothing to list, no git process.
  if (!mayHaveRefs(repo, "refs/exo/")) return { remote, leases: new Map(), highWater: 0, highWaterSha: null, pruned: new Map() };
  const r = await gitRaw(repo.root, ["for-each-ref", "--format=%(objectname)%00%(objecttype)%00%(refname)%00%(contents)%1e", trackingLeases(remote), trackingFencing(remote)]);
  const out: LeaseSnapshot = { remote, leases: new Map(), highWater: 0, highWaterSha: null, pruned: new Map() };
  if (r.code !== 0) return out;
  const leases: { ticket: string; sha: string; type: string; message: string }[] = [];
  const marks: { sha: string; type: string; message: string }[] = [];
  for (const chunk of r.stdout.split("\x1e")) {
    const [sha = "", type = "", ref = "", message = ""] = chunk.replace(/^\n/, "").split("\0");
    if (!/^[0-9a-f]{40,64}$/.test(sha)) continue;
    if (ref === `${trackingFencing(remote)}high-water`) marks.push({ sha, type, message });
    if (!ref.startsWith(trackingLeases(remote))) continue;
    const ticket = ref.slice(trackingLeases(remote).length);
    if (!leaseTicket(ticket)) continue; // a nested ref (T3/x) holds no ticket; a claim of T3 names it
    leases.push({ ticket, sha, type, message });
  }
  for (const m of marks) {
    out.highWater = m.type === "commit" ? parseHighWater(m.message) : 0;
    out.highWaterSha = m.sha;
    out.pruned = m.type === "commit" ? parsePruned(m.message) : new Map<string, string>();
  }
  // A state that does not parse (or a ref naming no commit) counts as released with the
  // high-water token, as a single-ticket read counts it: the next claim replaces it.
  for (const l of leases) out.leases.set(l.ticket, leaseEntry(l.ticket, l.sha, l.type, l.message, out.highWater));
  return out;
}

/**
 * Another exo process of this clone fetching into the same tracking refs at the same moment makes
 * git give up on a local ref ("cannot lock ref '…': is at X but expected Y", or its .lock file
 * exists): the remote answered, so that is no REMOTE_UNAVAILABLE. Such a fetch is run again, a
 * few times after short pauses (before, `exo next` and `exo session-start` racing in one clone
 * could fail with REMOTE_UNAVAILABLE).
 */
export async function fetchRefs(repo: Pick<Repo, "root">, args: string[]): Promise<{ code: number; stderr: string }> {
  for (let attempt = 0; ; attempt++) {
    const r = await gitRaw(repo.root, ["fetch", "--no-tags", "-q", ...args]);
    if (r.code === 0 || attempt >= 5 || !/cannot lock ref|unable to update local ref|\.lock': File exists/i.test(r.stderr)) return r;
    await new Promise((done) => setTimeout(done, 20 + Math.floor(Math.random() * 60) * (attempt + 1)));
  }
}

/** One fetch of every lease ref and the fencing mark (§7.8.2 for all tickets at once). */
export async function fetchLeaseSnapshot(repo: Repo, remote: string): Promise<LeaseSnapshot> {
  const fetch = await fetchRefs(repo, ["--prune", "--no-write-fetch-head", "--", safeRemote(remote), `+refs/exo/leases/*:${trackingLeases(remote)}*`, `+refs/exo/fencing/*:${trackingFencing(remote)}*`]);
  if (fetch.code !== 0) throw unavailable(remote, "fetch", fetch.stderr);
  return readTrackedLeases(repo, remote);
}

/** The remote lease: {sha, state} or null when the ref does not exist. */
export async function readLease(repo: Repo, remote: string, ticket: string): Promise<LeaseEntry | null> {
  return (await readLeaseAndMark(repo, remote, ticket)).current;
}

/** The lease of one ticket and the fencing high-water mark, from one ls-remote (+ one fetch). */
export async function readLeaseAndMark(repo: Repo, remote: string, ticket: string): Promise<{ current: LeaseEntry | null; highWater: number; highWaterSha: string | null }> {
  const ls = await gitRaw(repo.root, ["ls-remote", "--", safeRemote(remote), leaseRef(ticket), FENCING_REF]);
  if (ls.code !== 0) throw unavailable(remote, "ls-remote", ls.stderr);
  const refs = new Map(ls.stdout.split("\n").filter(Boolean).map((l) => { const [sha = "", ref = ""] = l.split(/\s+/); return [ref, sha] as const; }));
  const sha = refs.get(leaseRef(ticket));
  const markSha = refs.get(FENCING_REF);
  const specs = [...(sha ? [`+${leaseRef(ticket)}:${trackingLeases(remote)}${ticket}`] : []), ...(markSha ? [`+${FENCING_REF}:${trackingFencing(remote)}high-water`] : [])];
  if (specs.length > 0) {
    const fetch = await fetchRefs(repo, ["--no-write-fetch-head", "--", safeRemote(remote), ...specs]);
    if (fetch.code !== 0) throw unavailable(remote, "fetch", fetch.stderr);
  }
  // The fetched objects' types first: `git cat-file commit` would read through a tag to its
  // commit, and a blob, tree or tag cannot parent the next state (git commit-tree refuses it).
  const types = await objectTypes(repo, [sha, markSha]);
  const message = async (commit: string) => {
    if ((types.get(commit) ?? "commit") !== "commit") return "";
    const c = await gitRaw(repo.root, ["cat-file", "commit", commit]);
    return c.stdout.slice(c.stdout.indexOf("\n\n") + 2);
  };
  const highWater = markSha ? parseHighWater(await message(markSha)) : 0;
  const current = sha ? leaseEntry(ticket, sha, types.get(sha) ?? "commit", await message(sha), highWater) : null;
  return { current, highWater, highWaterSha: markSha ?? null };
}

/** One lease ref read: its parsed state, or the unreadable state when it does not parse or names no commit. */
function leaseEntry(ticket: string, sha: string, type: string, message: string, highWater: number): LeaseEntry {
  if (type !== "commit") return { sha, state: unreadableLease(ticket, sha, highWater), notCommit: true };
  try {
    return { sha, state: parseLease(message, ticket) };
  } catch (error) {
    if (!(error instanceof ExoError) || error.code !== ErrorCode.STATE_CORRUPT) throw error;
    return { sha, state: unreadableLease(ticket, sha, highWater) };
  }
}

/** The object type of each sha (`git cat-file --batch-check`, one process); missing ones are left out. */
async function objectTypes(repo: Repo, shas: (string | undefined)[]): Promise<Map<string, string>> {
  const wanted = shas.filter((s): s is string => !!s && /^[0-9a-f]{40,64}$/.test(s));
  const out = new Map<string, string>();
  if (wanted.length === 0) return out;
  const r = await gitRaw(repo.root, ["cat-file", "--batch-check"], { input: `${wanted.join("\n")}\n` });
  for (const line of r.stdout.split("\n")) {
    const [sha = "", type = ""] = line.split(" ");
    if (wanted.includes(sha)) out.set(sha, type);
  }
  return out;
}

async function emptyTree(repo: Repo): Promise<string> {
  return (await gitRaw(repo.root, ["mktree"], { input: "" })).stdout.trim();
}

function commitEnv(now: Date): Record<string, string> {
  const date = `${Math.floor(now.getTime() / 1000)} +0000`;
  return { GIT_AUTHOR_NAME: "exo", GIT_AUTHOR_EMAIL: "exo@localhost.invalid", GIT_COMMITTER_NAME: "exo", GIT_COMMITTER_EMAIL: "exo@localhost.invalid", GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
}

async function commitState(repo: Repo, state: LeaseState, parent: string | null, now: Date): Promise<string> {
  const tree = await emptyTree(repo);
  const r = await gitRaw(repo.root, ["commit-tree", tree, ...(parent ? ["-p", parent] : []), "-F", "-"], { input: formatLease(state), env: commitEnv(now) });
  if (r.code !== 0) throw new ExoError(ErrorCode.GIT_FAILED, `git commit-tree failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Compare-and-swap push; "rejected" when the remote moved (a porcelain line starting with "!"). */
async function push(repo: Repo, remote: string, ticket: string, expected: string | null, commit: string): Promise<"ok" | "rejected"> {
  const r = await gitRaw(repo.root, ["push", "--porcelain", `--force-with-lease=${leaseRef(ticket)}:${expected ?? ""}`, "--", safeRemote(remote), `${commit}:${leaseRef(ticket)}`]);
  if (r.code === 0) return "ok";
  const refused = r.stdout.split("\n").filter((l) => l.startsWith("!"));
  // "[remote rejected]" by a hook or a rule is the server saying no: retrying cannot help,
  // and calling it a race (LEASE_CONFLICT "kept changing") sends the user after the wrong cause.
  // (A server's own ref-lock race, "failed to update ref" or "cannot lock ref", is a race.)
  const declined = refused.find((l) => l.includes("[remote rejected]") && /declined|denied|protected|not allowed|forbidden|permission/i.test(l));
  if (declined) {
    const why = /\[remote rejected\]\s*\(?([^)]*)\)?/.exec(declined)?.[1]?.trim() || "declined";
    throw new ExoError(ErrorCode.REMOTE_REFUSED, `Remote ${remote} refused the push of ${leaseRef(ticket)} (${why}); allow pushes to refs/exo/* on it, or work without remote leases (no --distributed or --remote).`, { details: { remote, ref: leaseRef(ticket), reason: why } });
  }
  // A ref nested below the lease's name (refs/exo/leases/T1/x, made by hand or another tool)
  // stops the lease ref from ever being created: no retry helps until it is deleted.
  if (refused.length > 0 && r.stderr.includes(`exists; cannot create '${leaseRef(ticket)}'`)) {
    // Named in the hint only when it is a plain name (a ref may hold $, ( or quotes).
    const named = /'(refs\/exo\/leases\/[A-Za-z0-9._/-]+)' exists; cannot create/.exec(r.stderr)?.[1];
    const blocking = named?.startsWith(`${leaseRef(ticket)}/`) ? named : null;
    const hint = `git ls-remote ${safeRemote(remote)} '${leaseRef(ticket)}/*'`;
    const how = blocking ? `git push ${safeRemote(remote)} --delete ${blocking}` : `${hint} lists them; git push ${safeRemote(remote)} --delete <ref>`;
    throw new ExoError(ErrorCode.REMOTE_REFUSED, `Remote ${remote} has ${blocking ?? `a ref below ${leaseRef(ticket)}/`}, which stops the lease ref of ${ticket} from being created; delete it (${how}) and run again.`, { hint: blocking ? `git push ${safeRemote(remote)} --delete ${blocking}` : hint, details: { remote, ref: leaseRef(ticket), reason: "ref_blocked", blocking_ref: blocking } });
  }
  if (refused.length > 0) return "rejected";
  throw unavailable(remote, "push", r.stderr || r.stdout);
}

export interface ClaimResult {
  block: DistributedLease;
  token: number;
  takenOver: boolean;
  previousOwner: string | null;
  previous: LeaseState | null;
}

export interface ClaimOptions {
  remote: string;
  ticket: string;
  owner: string;
  session: string | null;
  ttlSeconds: number;
  localToken: number;
}

export function leaseHeld(ticket: string, remote: string, s: LeaseState): ExoError {
  // SPEC §7.8.3's owner and expires_at first, then exo's.
  const details = { owner: s.owner, expires_at: s.expires_at, host: s.host, session: s.session, fencing_token: s.fencing_token };
  const by = `${s.owner} on ${s.host || "another host"}${s.session ? ` (session ${s.session})` : ""}`;
  if (s.unknown_state !== undefined) {
    return new ExoError(ErrorCode.LEASE_HELD, `The lease on ${ticket} is in state ${JSON.stringify(s.unknown_state)}, written by a newer exo (${by}, ${remote}, until ${s.expires_at}); this exo counts it as held: upgrade exo (npm install exoprotocol@latest) to work with it, or pick another ticket with exo next.`, {
      hint: "npm install exoprotocol@latest",
      details: { ...details, state: s.unknown_state, upgrade: true },
    });
  }
  return new ExoError(ErrorCode.LEASE_HELD, `The lease on ${ticket} is held by ${by} (${remote}) until ${s.expires_at}; pick another ticket with exo next.`, {
    hint: "exo next",
    details,
  });
}

/** One compare-and-swap claim against a known state (`expected`); "rejected" when the remote moved. */
export async function tryClaim(repo: Repo, who: { actor: string; host: string; now: Date }, opts: ClaimOptions, expected: LeaseEntry | null, highWater: number): Promise<ClaimResult | "rejected"> {
  const s = expected?.state ?? null;
  const live = s !== null && isLeaseLive(s, who.now);
  const clone = cloneId(repo);
  // A newer exo's live state is never overwritten here, even by its own owner.
  if (live && s && (s.unknown_state !== undefined || !ownsLease(s, opts.owner, who.host, clone))) throw leaseHeld(opts.ticket, opts.remote, s);
  // Our own live lease is taken again only when nothing here holds it: another process of this
  // clone (the same actor's `next` racing its `session-start`) that recorded it in its local
  // lock, or is about to (its pending record, its process alive), keeps it — re-claiming would
  // give it a new nonce that process never learns (LOCK_LOST to nobody).
  if (live && s && (await heldHere(repo, opts.ticket, s.nonce, who))) {
    const held = leaseHeld(opts.ticket, opts.remote, s);
    throw new ExoError(ErrorCode.LEASE_HELD, `The lease on ${opts.ticket} is held by ${s.owner} from this very clone (another exo process just claimed it, or its lock is live here); run the command again to join that claim, or pick another ticket with exo next.`, { hint: held.hint, details: { ...held.details, here: true } });
  }
  const at = who.now.toISOString();
  const next: LeaseState = {
    ticket: opts.ticket,
    state: "held",
    owner: opts.owner,
    session: opts.session,
    // Tokens never go back: the ref's own token, the local lock's, and (for a new ref) the
    // high-water mark that outlives pruned refs.
    fencing_token: Math.max(plausible(s?.fencing_token ?? 0), plausible(opts.localToken), s ? 0 : plausible(highWater)) + 1,
    acquired_at: at,
    heartbeat_at: at,
    expires_at: new Date(who.now.getTime() + opts.ttlSeconds * 1000).toISOString(),
    host: publicHost(who.host, hashesHostnames(repo)),
    nonce: randomHex(8),
    clone,
  };
  const commit = await commitState(repo, next, parentOf(expected), who.now);
  // Until the local lock records this claim, a record says the lease with this nonce is ours
  // (doctor --fix releases it when the claim dies in between; see pending.ts).
  recordPendingClaim(repo, { ticket: opts.ticket, remote: opts.remote, nonce: next.nonce, commit, owner: opts.owner, session: opts.session, host: who.host, pid: process.pid, at });
  const pushed = await push(repo, opts.remote, opts.ticket, expected?.sha ?? null, commit).catch((error: unknown) => {
    if (error instanceof ExoError && error.code === ErrorCode.REMOTE_REFUSED) clearPendingClaim(repo, opts.ticket, next.nonce);
    throw error;
  });
  if (pushed === "rejected") {
    clearPendingClaim(repo, opts.ticket, next.nonce);
    return "rejected";
  }
  crashPoint("lease-claim", "pushed");
  const takenOver = s !== null && s.state === "held" && !live && !ownsLease(s, opts.owner, who.host, clone);
  await appendLedger(repo, who, [{ type: takenOver ? "lease.taken_over" : "lease.claimed", ticket: opts.ticket, session: opts.session, data: { remote: opts.remote, ref: leaseRef(opts.ticket), commit, fencing_token: next.fencing_token, owner: opts.owner, host: who.host, ...(takenOver && s ? { previous_owner: s.owner, previous_host: s.host, previous_token: s.fencing_token } : {}) } }]);
  const block: DistributedLease = { remote: opts.remote, ref: leaseRef(opts.ticket), commit, nonce: next.nonce };
  if (takenOver && s) block.taken_over_from = { owner: s.owner, host: s.host, session: s.session, fencing_token: s.fencing_token };
  return { block, token: next.fencing_token, takenOver, previousOwner: s?.owner ?? null, previous: s };
}

/** Whether a live local lock, or a claim in progress in this clone, holds the lease state `nonce`. */
async function heldHere(repo: Repo, ticket: string, nonce: string, who: { host: string; now: Date }): Promise<boolean> {
  const [{ readLock }, { isLockLive }, { isPidDead }] = await Promise.all([import("./store.js"), import("./types.js"), import("../../io/guard.js")]);
  const lock = await readLock(repo, ticket).catch(() => null);
  if (lock && isLockLive(lock, who.now) && lock.distributed?.nonce === nonce) return true;
  return listPendingClaims(repo).some((p) => p.claim?.ticket === ticket && p.claim.nonce === nonce && p.claim.host === who.host && !isPidDead(p.claim.pid) && p.claim.pid !== process.pid);
}

/** Claim the remote lease for `owner` (§7.8.3); the token never goes back. */
export async function claimLease(repo: Repo, who: { actor: string; host: string; now: Date }, opts: ClaimOptions): Promise<ClaimResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { current, highWater } = await readLeaseAndMark(repo, opts.remote, opts.ticket);
    const r = await tryClaim(repo, who, opts, current, highWater);
    if (r !== "rejected") return r;
  }
  throw new ExoError(ErrorCode.LEASE_CONFLICT, `The lease on ${opts.ticket} kept changing on ${opts.remote}; try again.`);
}

/** The holder lost its lease: someone else claimed it since (the nonce changed). */
export function leaseLost(ticket: string, remote: string, s: LeaseState, extra: Record<string, unknown> = {}): ExoError {
  return lockLost({
    ticket,
    cause: { kind: "taken", owner: s.owner, host: s.host, session: s.session, fencing_token: s.fencing_token, remote },
    next: "push it and tell them, or pick another ticket with exo next",
    hint: "exo next",
    details: { ticket, holder: s.owner, host: s.host, session: s.session, fencing_token: s.fencing_token, state: s.state, expires_at: s.expires_at, remote: true, ...extra },
  });
}

/**
 * Heartbeat, renew or release the remote lease (§7.8.4). With `nonce` (the holder's last known
 * state) a lease someone else has claimed since is LOCK_LOST naming the new holder.
 */
export async function updateLease(repo: Repo, who: { actor: string; host: string; now: Date }, opts: { remote: string; ticket: string; mode: "heartbeat" | "renew" | "release" | "expire" | "transfer"; ttlSeconds: number; owner: string; nonce?: string | undefined; commit?: string | undefined; ticketStatus?: string | undefined; to?: string | undefined }): Promise<{ block: DistributedLease; token: number } | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = opts.nonce !== undefined ? await readOwnLease(repo, opts.remote, opts.ticket, opts.nonce, opts.commit) : await readLease(repo, opts.remote, opts.ticket);
    if (!current) return null;
    const s = current.state;
    if (opts.mode === "expire" && !(s.state === "held" && !isLeaseLive(s, who.now))) return null;
    if (opts.mode !== "expire") {
      if (opts.nonce !== undefined && s.nonce !== opts.nonce) {
        if (opts.mode === "release") return null; // nothing of ours left to release
        throw leaseLost(opts.ticket, opts.remote, s);
      }
      // The holder's own nonce proves the clone (a checkout moved to another folder keeps it).
      const clone = opts.nonce !== undefined && s.nonce === opts.nonce ? undefined : cloneId(repo);
      if (!ownsLease(s, opts.owner, who.host, clone) && !(actorMatches(who.actor, s.owner) && sameHolder(s, who.host, clone))) {
        if (opts.nonce !== undefined && s.nonce === opts.nonce && opts.mode !== "transfer") {
          // This clone's own lease state (its nonce), still naming the sender of a handoff
          // --keep-lock whose transfer failed: doctor --fix completes it.
          throw new ExoError(ErrorCode.LOCK_OWNER_MISMATCH, `The remote lease on ${opts.ticket} still names ${s.owner}: a handoff --keep-lock could not transfer it to ${opts.owner}; run exo doctor --fix --section locks to transfer it.`, { hint: "exo doctor --fix --section locks", details: { owner: s.owner, host: s.host, untransferred: true } });
        }
        throw new ExoError(ErrorCode.LOCK_OWNER_MISMATCH, `The remote lease on ${opts.ticket} belongs to ${s.owner} on ${s.host || "another host"}.`, { details: { owner: s.owner, host: s.host } });
      }
      if (opts.mode === "release" && s.state === "released") return null;
      // A newer exo's live state (the same nonce: that exo ran in this clone) is left to it.
      if (s.unknown_state !== undefined && isLeaseLive(s, who.now)) throw leaseHeld(opts.ticket, opts.remote, s);
    }
    const at = who.now.toISOString();
    const next: LeaseState =
      opts.mode === "release" || opts.mode === "expire"
        ? { ...s, state: "released", heartbeat_at: at, ticket_status: opts.mode === "release" ? opts.ticketStatus : undefined }
        : opts.mode === "transfer"
          ? { ...s, state: "held", ticket_status: undefined, owner: opts.to ?? s.owner, host: "", clone: undefined, session: null, heartbeat_at: at, expires_at: laterExpiry(s.expires_at, who.now, opts.ttlSeconds), fencing_token: s.fencing_token + 1, nonce: randomHex(8) }
          : { ...s, state: "held", ticket_status: undefined, heartbeat_at: at, expires_at: new Date(who.now.getTime() + opts.ttlSeconds * 1000).toISOString(), fencing_token: opts.mode === "renew" ? s.fencing_token + 1 : s.fencing_token, ...(opts.mode === "renew" ? { nonce: randomHex(8) } : {}) };
    const commit = await commitState(repo, next, parentOf(current), who.now);
    // A renewal (or a handoff's transfer) draws a new nonce: until the local lock records it, a
    // record says it is ours.
    const renewal = (opts.mode === "renew" || opts.mode === "transfer") && opts.nonce !== undefined;
    if (renewal) recordPendingClaim(repo, { ticket: opts.ticket, remote: opts.remote, nonce: next.nonce, commit, owner: next.owner, session: next.session, host: who.host, pid: process.pid, at, previous: s.nonce });
    const pushed = await push(repo, opts.remote, opts.ticket, current.sha, commit).catch((error: unknown) => {
      // Refused outright: nothing landed, so the record of the new nonce names nothing.
      if (renewal && error instanceof ExoError && error.code === ErrorCode.REMOTE_REFUSED) clearPendingClaim(repo, opts.ticket, next.nonce);
      throw error;
    });
    if (pushed === "rejected") {
      if (renewal) clearPendingClaim(repo, opts.ticket, next.nonce);
      continue;
    }
    if (opts.mode === "renew") crashPoint("lease-renew", "pushed");
    // A heartbeat keeps token and nonce: like the local lock's heartbeat it records nothing (it is
    // not a renewal, and a ledger line per beat would bury the events that matter).
    const type = opts.mode === "release" ? "lease.released" : opts.mode === "expire" ? "lease.expired" : opts.mode === "transfer" ? "lease.transferred" : opts.mode === "renew" ? "lease.renewed" : null;
    if (type) await appendLedger(repo, who, [{ type, ticket: opts.ticket, data: { remote: opts.remote, ref: leaseRef(opts.ticket), commit, fencing_token: next.fencing_token, owner: next.owner } }]);
    return { block: { remote: opts.remote, ref: leaseRef(opts.ticket), commit, nonce: next.nonce }, token: next.fencing_token };
  }
  throw new ExoError(ErrorCode.LEASE_CONFLICT, `The lease on ${opts.ticket} kept changing on ${opts.remote}; try again.`);
}

/**
 * The remote lease as its holder reads it: when the remote state is an older one of the holder's
 * own chain (an ancestor of the commit its local lock recorded, another nonce) the ref was rewound
 * (a server restored from a backup, a `git push --mirror` or force-push of an old ref by a
 * teammate): nobody claimed the ticket since, so the holder's state is pushed back (compare-and-swap
 * on the rewound one) and read as current. Before, the holder was told LOCK_LOST "taken over by"
 * itself with an older token, its finish ended the session as superseded and the rewound lease held
 * the ticket against every other clone until it expired. Costs a git process only when the nonce
 * differs.
 */
async function readOwnLease(repo: Repo, remote: string, ticket: string, nonce: string, commit: string | undefined): Promise<LeaseEntry | null> {
  const current = await readLease(repo, remote, ticket);
  if (!current || current.state.nonce === nonce || !commit || current.sha === commit || current.notCommit) return current;
  const own = await localLeaseEntry(repo, ticket, commit);
  if (!own || own.state.nonce !== nonce) return current;
  const ancestor = await gitRaw(repo.root, ["merge-base", "--is-ancestor", current.sha, commit]);
  if (ancestor.code !== 0) return current;
  const pushed = await push(repo, remote, ticket, current.sha, commit).catch(() => "rejected" as const);
  return pushed === "ok" ? own : await readLease(repo, remote, ticket);
}

/** Check that the holder's lease (its last nonce) is still the remote's state; LOCK_LOST otherwise. */
export async function verifyLease(repo: Repo, remote: string, ticket: string, nonce: string, who?: { actor: string; host: string; now: Date }, commit?: string): Promise<LeaseEntry | null> {
  const current = await readOwnLease(repo, remote, ticket, nonce, commit);
  if (current && current.state.nonce !== nonce) {
    // This clone's own renewal that was pushed but never recorded locally (killed in between):
    // the local lock takes the remote state over instead of losing the lease to itself.
    const own = listPendingClaims(repo).find((p) => p.claim?.ticket === ticket && p.claim.previous === nonce && p.claim.nonce === current.state.nonce);
    if (own && who) {
      const { adoptRenewal } = await import("./store.js");
      if (await adoptRenewal(repo, who, ticket, nonce, { remote, ref: leaseRef(ticket), commit: current.sha, nonce: current.state.nonce }, current.state.fencing_token)) return current;
    }
    throw leaseLost(ticket, remote, current.state);
  }
  return current;
}

/**
 * Name `session` in this clone's remote lease (a claim `exo next` made, now bound by a session
 * start or resume), so another clone's LEASE_HELD says which session works on the ticket. One
 * compare-and-swap push on the commit the local lock last recorded (its object is local, so no
 * fetch): that it lands proves the lease is still this claim's, which is what the read it
 * replaces checked. When the remote moved (a heartbeat of another process here, someone else's
 * claim) the lease is read: another nonce is LOCK_LOST as before; the same one is tried once more.
 * A remote that refuses the update (a rule on refs/exo/*) only leaves the session unnamed.
 * Returns the block to record (its new commit) and the session the lease named before.
 */
export async function bindLeaseSession(repo: Repo, who: { actor: string; host: string; now: Date }, ticket: string, block: DistributedLease, session: string | null): Promise<{ block: DistributedLease; previous: string | null; pushed: boolean }> {
  let base: LeaseEntry | null = await localLeaseEntry(repo, ticket, block.commit);
  let read = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!base || base.state.nonce !== block.nonce) {
      base = await verifyLease(repo, block.remote, ticket, block.nonce, who, block.commit);
      read = true;
    }
    // No ref (pruned by hand), not held, or a newer exo's state: nothing of this claim to name.
    if (!base || base.state.state !== "held" || base.state.unknown_state) return { block, previous: null, pushed: false };
    const previous = base.state.session;
    if (previous === session) {
      // Nothing to push, but the lease must still be checked (a resume of a kept lock).
      if (read) return { block: { ...block, commit: base.sha }, previous, pushed: false };
      base = null;
      continue;
    }
    const commit = await commitState(repo, { ...base.state, session }, parentOf(base), who.now);
    let pushed: "ok" | "rejected";
    try {
      pushed = await push(repo, block.remote, ticket, base.sha, commit);
    } catch (error) {
      if (!(error instanceof ExoError) || error.code !== ErrorCode.REMOTE_REFUSED) throw error;
      // The update is refused: still make sure the lease is this claim's, as a plain read did.
      await verifyLease(repo, block.remote, ticket, block.nonce, who, block.commit);
      return { block, previous, pushed: false };
    }
    if (pushed === "ok") return { block: { ...block, commit }, previous, pushed: true };
    base = null;
  }
  // Still moving after three reads that found it ours: it is ours, unnamed.
  return { block, previous: null, pushed: false };
}

/** The lease state in a commit already in this clone's object store (the last one it wrote), or null. */
async function localLeaseEntry(repo: Repo, ticket: string, sha: string): Promise<LeaseEntry | null> {
  if (!/^[0-9a-f]{40,64}$/.test(sha)) return null;
  const c = await gitRaw(repo.root, ["cat-file", "commit", sha]);
  if (c.code !== 0) return null;
  try {
    return { sha, state: parseLease(c.stdout.slice(c.stdout.indexOf("\n\n") + 2), ticket) };
  } catch {
    return null;
  }
}

/** The state of whoever claimed the lease since the holder's `nonce`, or null when it is still the holder's. */
export async function leaseSupersededBy(repo: Repo, remote: string, ticket: string, nonce: string, commit?: string): Promise<LeaseState | null> {
  const current = await readOwnLease(repo, remote, ticket, nonce, commit);
  return current && current.state.nonce !== nonce ? current.state : null;
}

/** Every lease ref on the remote, by ticket id. */
export async function listLeaseRefs(repo: Repo, remote: string): Promise<string[]> {
  const ls = await gitRaw(repo.root, ["ls-remote", "--", safeRemote(remote), "refs/exo/leases/*"]);
  if (ls.code !== 0) throw unavailable(remote, "ls-remote", ls.stderr);
  return ls.stdout.split("\n").map((l) => l.split(/\s+/)[1] ?? "").filter((r) => r.startsWith("refs/exo/leases/")).map((r) => r.slice("refs/exo/leases/".length)).sort();
}

/**
 * Delete a released lease ref (gc-locks --prune-released), only if it still points at `sha`, and
 * raise the fencing high-water mark in the same atomic push so a later claim never reuses a token.
 */
export async function pruneLease(repo: Repo, remote: string, ticket: string, sha: string, token: number, now: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { current, highWater, highWaterSha } = await readLeaseAndMark(repo, remote, ticket);
    if (!current || current.sha !== sha) return false;
    const markSha = highWaterSha ?? "";
    const markParent = markSha && ((await objectTypes(repo, [markSha])).get(markSha) ?? "commit") === "commit" ? markSha : "";
    const mark = Math.max(highWater, token, current.state.fencing_token);
    const previous = markSha ? parsePruned((await gitRaw(repo.root, ["log", "-1", "--format=%B", markSha])).stdout) : new Map<string, string>();
    previous.delete(ticket);
    const list = [...previous.entries(), [ticket, now.toISOString()] as const].slice(-500).map(([t, at]) => `${t}@${at}`).join(" ");
    const tree = await emptyTree(repo);
    const c = await gitRaw(repo.root, ["commit-tree", tree, ...(markParent ? ["-p", markParent] : []), "-F", "-"], { input: `exo-fencing/1\n\nhigh_water: ${mark}\npruned: ${list}\n`, env: commitEnv(now) });
    if (c.code !== 0) throw new ExoError(ErrorCode.GIT_FAILED, `git commit-tree failed: ${c.stderr.trim()}`);
    const r = await gitRaw(repo.root, ["push", "--atomic", "--porcelain", `--force-with-lease=${leaseRef(ticket)}:${sha}`, `--force-with-lease=${FENCING_REF}:${markSha}`, "--", safeRemote(remote), `:${leaseRef(ticket)}`, `${c.stdout.trim()}:${FENCING_REF}`]);
    if (r.code === 0) return true;
    if (!r.stdout.split("\n").some((l) => l.startsWith("!"))) throw unavailable(remote, "push", r.stderr || r.stdout);
  }
  return false;
}
