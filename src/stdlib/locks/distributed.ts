// Distributed leases (SPEC §7.8): a ref refs/exo/leases/<ID> on the git remote whose commits
// (empty tree) carry the lease state; claims are compare-and-swap pushes (--force-with-lease).
import { randomBytes } from "node:crypto";
import { ExoError, ErrorCode } from "../../errors.js";
import { actorMatches } from "../../kernel/ids.js";
import { remoteProblem } from "../../kernel/refs.js";
import { gitRaw } from "../../io/git.js";
import type { Repo } from "../../io/paths.js";
import { appendLedger } from "../ledger/store.js";
import type { DistributedLease } from "./types.js";

export interface LeaseState {
  ticket: string;
  state: "held" | "released";
  owner: string;
  session: string | null;
  fencing_token: number;
  acquired_at: string;
  heartbeat_at: string;
  expires_at: string;
  host: string;
  nonce: string;
}

export const leaseRef = (ticket: string) => `refs/exo/leases/${ticket}`;

/** The remote, refused unless it is a plain name or URL (it reaches git; issue #18). */
function safeRemote(remote: string): string {
  const problem = remoteProblem(remote);
  if (problem) throw new ExoError(ErrorCode.CONFIG_INVALID, `Remote ${JSON.stringify(remote)} ${problem}; set git.remote in .exo/config.yaml to a remote name such as origin.`, { hint: "exo config-validate", details: { remote } });
  return remote;
}

function unavailable(remote: string, what: string, stderr: string): ExoError {
  return new ExoError(ErrorCode.REMOTE_UNAVAILABLE, `Remote ${remote} is unavailable (${what}: ${stderr.trim().split("\n")[0] ?? "failed"}); check the network or run without --distributed.`, { details: { remote } });
}

export function formatLease(s: LeaseState): string {
  return `exo-lease/1\n\nticket: ${s.ticket}\nstate: ${s.state}\nowner: ${s.owner}\nsession: ${s.session ?? "-"}\nfencing_token: ${s.fencing_token}\nacquired_at: ${s.acquired_at}\nheartbeat_at: ${s.heartbeat_at}\nexpires_at: ${s.expires_at}\nhost: ${s.host}\nnonce: ${s.nonce}\n`;
}

export function parseLease(message: string): LeaseState {
  const fields = new Map<string, string>();
  for (const line of message.split("\n")) {
    const m = /^([a-z_]+): (.*)$/.exec(line);
    if (m) fields.set(m[1] as string, m[2] as string);
  }
  const need = ["ticket", "state", "owner", "fencing_token", "expires_at", "nonce"];
  for (const k of need) if (!fields.has(k)) throw new ExoError(ErrorCode.STATE_CORRUPT, `Lease state lacks ${k}; run exo gc-locks --remote or inspect ${leaseRef(fields.get("ticket") ?? "?")}.`);
  const session = fields.get("session") ?? "-";
  return {
    ticket: fields.get("ticket") as string,
    state: fields.get("state") === "held" ? "held" : "released",
    owner: fields.get("owner") as string,
    session: session === "-" ? null : session,
    fencing_token: Number(fields.get("fencing_token")),
    acquired_at: fields.get("acquired_at") ?? "",
    heartbeat_at: fields.get("heartbeat_at") ?? "",
    expires_at: fields.get("expires_at") as string,
    host: fields.get("host") ?? "",
    nonce: fields.get("nonce") as string,
  };
}

/** The remote lease: {sha, state} or null when the ref does not exist. */
export async function readLease(repo: Repo, remote: string, ticket: string): Promise<{ sha: string; state: LeaseState } | null> {
  const ls = await gitRaw(repo.root, ["ls-remote", "--", safeRemote(remote), leaseRef(ticket)]);
  if (ls.code !== 0) throw unavailable(remote, "ls-remote", ls.stderr);
  const sha = ls.stdout.trim().split(/\s+/)[0];
  if (!sha) return null;
  const fetch = await gitRaw(repo.root, ["fetch", "--no-tags", "-q", "--", safeRemote(remote), `+${leaseRef(ticket)}:refs/exo/remote-leases/${remote}/${ticket}`]);
  if (fetch.code !== 0) throw unavailable(remote, "fetch", fetch.stderr);
  const commit = await gitRaw(repo.root, ["cat-file", "commit", sha]);
  const message = commit.stdout.slice(commit.stdout.indexOf("\n\n") + 2);
  return { sha, state: parseLease(message) };
}

async function commitState(repo: Repo, state: LeaseState, parent: string | null, now: Date): Promise<string> {
  const tree = (await gitRaw(repo.root, ["mktree"], { input: "" })).stdout.trim();
  const date = `${Math.floor(now.getTime() / 1000)} +0000`;
  const env = { GIT_AUTHOR_NAME: "exo", GIT_AUTHOR_EMAIL: "exo@localhost.invalid", GIT_COMMITTER_NAME: "exo", GIT_COMMITTER_EMAIL: "exo@localhost.invalid", GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  const r = await gitRaw(repo.root, ["commit-tree", tree, ...(parent ? ["-p", parent] : []), "-F", "-"], { input: formatLease(state), env });
  if (r.code !== 0) throw new ExoError(ErrorCode.GIT_FAILED, `git commit-tree failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Compare-and-swap push; "rejected" when the remote moved (a porcelain line starting with "!"). */
async function push(repo: Repo, remote: string, ticket: string, expected: string | null, commit: string): Promise<"ok" | "rejected"> {
  const r = await gitRaw(repo.root, ["push", "--porcelain", `--force-with-lease=${leaseRef(ticket)}:${expected ?? ""}`, "--", safeRemote(remote), `${commit}:${leaseRef(ticket)}`]);
  if (r.code === 0) return "ok";
  if (r.stdout.split("\n").some((l) => l.startsWith("!"))) return "rejected";
  throw unavailable(remote, "push", r.stderr || r.stdout);
}

export interface ClaimResult {
  block: DistributedLease;
  token: number;
  takenOver: boolean;
  previousOwner: string | null;
}

/** Claim the remote lease for `owner` (§7.8.3); the token never goes back. */
export async function claimLease(repo: Repo, who: { actor: string; host: string; now: Date }, opts: { remote: string; ticket: string; owner: string; session: string | null; ttlSeconds: number; localToken: number }): Promise<ClaimResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await readLease(repo, opts.remote, opts.ticket);
    const s = current?.state ?? null;
    const live = s !== null && s.state === "held" && Date.parse(s.expires_at) > who.now.getTime();
    if (live && s && !actorMatches(opts.owner, s.owner)) {
      throw new ExoError(ErrorCode.LEASE_HELD, `The lease on ${opts.ticket} is held by ${s.owner} on ${opts.remote} until ${s.expires_at}.`, { details: { owner: s.owner, expires_at: s.expires_at } });
    }
    const at = who.now.toISOString();
    const next: LeaseState = {
      ticket: opts.ticket,
      state: "held",
      owner: opts.owner,
      session: opts.session,
      fencing_token: Math.max(s?.fencing_token ?? 0, opts.localToken) + 1,
      acquired_at: at,
      heartbeat_at: at,
      expires_at: new Date(who.now.getTime() + opts.ttlSeconds * 1000).toISOString(),
      host: who.host,
      nonce: randomBytes(8).toString("hex"),
    };
    const commit = await commitState(repo, next, current?.sha ?? null, who.now);
    if ((await push(repo, opts.remote, opts.ticket, current?.sha ?? null, commit)) === "rejected") continue;
    const takenOver = s !== null && s.state === "held" && !live && s.owner !== opts.owner;
    await appendLedger(repo, who, [{ type: takenOver ? "lease.taken_over" : "lease.claimed", ticket: opts.ticket, session: opts.session, data: { remote: opts.remote, ref: leaseRef(opts.ticket), commit, fencing_token: next.fencing_token, owner: opts.owner } }]);
    return { block: { remote: opts.remote, ref: leaseRef(opts.ticket), commit, nonce: next.nonce }, token: next.fencing_token, takenOver, previousOwner: s?.owner ?? null };
  }
  throw new ExoError(ErrorCode.LEASE_CONFLICT, `The lease on ${opts.ticket} kept changing on ${opts.remote}; try again.`);
}

/** Heartbeat, renew or release the remote lease (§7.8.4). */
export async function updateLease(repo: Repo, who: { actor: string; host: string; now: Date }, opts: { remote: string; ticket: string; mode: "heartbeat" | "renew" | "release" | "expire"; ttlSeconds: number; owner: string }): Promise<{ block: DistributedLease; token: number } | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await readLease(repo, opts.remote, opts.ticket);
    if (!current) return null;
    const s = current.state;
    if (opts.mode === "expire" && !(s.state === "held" && Date.parse(s.expires_at) <= who.now.getTime())) return null;
    if (opts.mode !== "expire" && !actorMatches(who.actor, s.owner) && !actorMatches(opts.owner, s.owner)) {
      throw new ExoError(ErrorCode.LOCK_OWNER_MISMATCH, `The remote lease on ${opts.ticket} belongs to ${s.owner}.`, { details: { owner: s.owner } });
    }
    const at = who.now.toISOString();
    const next: LeaseState =
      opts.mode === "release" || opts.mode === "expire"
        ? { ...s, state: "released", heartbeat_at: at }
        : { ...s, heartbeat_at: at, expires_at: new Date(who.now.getTime() + opts.ttlSeconds * 1000).toISOString(), fencing_token: opts.mode === "renew" ? s.fencing_token + 1 : s.fencing_token, ...(opts.mode === "renew" ? { nonce: randomBytes(8).toString("hex") } : {}) };
    const commit = await commitState(repo, next, current.sha, who.now);
    if ((await push(repo, opts.remote, opts.ticket, current.sha, commit)) === "rejected") continue;
    const type = opts.mode === "release" ? "lease.released" : opts.mode === "expire" ? "lease.expired" : "lease.renewed";
    await appendLedger(repo, who, [{ type, ticket: opts.ticket, data: { remote: opts.remote, ref: leaseRef(opts.ticket), commit, fencing_token: next.fencing_token, owner: next.owner } }]);
    return { block: { remote: opts.remote, ref: leaseRef(opts.ticket), commit, nonce: next.nonce }, token: next.fencing_token };
  }
  throw new ExoError(ErrorCode.LEASE_CONFLICT, `The lease on ${opts.ticket} kept changing on ${opts.remote}; try again.`);
}

/** Every lease ref on the remote, by ticket id. */
export async function listLeaseRefs(repo: Repo, remote: string): Promise<string[]> {
  const ls = await gitRaw(repo.root, ["ls-remote", "--", safeRemote(remote), "refs/exo/leases/*"]);
  if (ls.code !== 0) throw unavailable(remote, "ls-remote", ls.stderr);
  return ls.stdout.split("\n").map((l) => l.split(/\s+/)[1] ?? "").filter((r) => r.startsWith("refs/exo/leases/")).map((r) => r.slice("refs/exo/leases/".length)).sort();
}

/** Delete a released lease ref (gc-locks --prune-released), only if it still points at `sha`. */
export async function pruneLease(repo: Repo, remote: string, ticket: string, sha: string): Promise<boolean> {
  const r = await gitRaw(repo.root, ["push", "--porcelain", `--force-with-lease=${leaseRef(ticket)}:${sha}`, "--", safeRemote(remote), `:${leaseRef(ticket)}`]);
  return r.code === 0;
}
