// doctor (locks section): remote leases this clone pushed but never recorded in a local lock — a
// distributed claim killed (or failed) between its push and its lock file — and leases whose
// local lock was released here while the remote release failed. The pending record
// the claim wrote before pushing (stdlib/locks/pending.ts) names the lease's nonce, so only a
// lease that is provably this clone's is reported and released; another clone's live lease on
// the same host (same host name, same owner) never is.
import { isPidDead } from "../io/guard.js";
import type { Repo } from "../io/paths.js";
import { ExoError } from "../errors.js";
import { adoptRenewal, listLocks, readLock } from "../stdlib/locks/store.js";
import type { LockState } from "../stdlib/locks/types.js";
import { readTicket } from "../stdlib/tickets/store.js";
import { MAX_LEASE_MS } from "../kernel/lock-state.js";
import { clearPendingClaim, listPendingClaims } from "../stdlib/locks/pending.js";

type Who = { actor: string; host: string; now: Date };

export interface OrphanLease {
  ticket: string;
  remote: string;
  owner: string;
  session: string | null;
  expires_at: string;
  commit: string;
}

/** A live remote lease naming another owner than this clone's held lock with the same nonce: a handoff --keep-lock whose transfer the remote refused. */
export interface UntransferredLease {
  ticket: string;
  remote: string;
  lease_owner: string;
  lock_owner: string;
  expires_at: string;
  commit: string;
}

/** A claim younger than this whose process runs on this host is still in progress. */
const IN_PROGRESS_MS = 10 * 60_000;

/**
 * `lost`: this clone has no lock file at all (`git clean -fdX` deleted `.exo/locks` and
 * `.exo/cache` with the records above) and may have claimed leases on `remote`; its live leases
 * there that name this very clone and host are then orphans too (a clone's id is its state
 * folder's path, which survives the clean).
 */
export async function orphanLeases(repo: Repo, who: Who, fix: boolean, lost: { remote: string } | null = null): Promise<{ orphans: OrphanLease[]; released: OrphanLease[]; untransferred: UntransferredLease[]; transferred: UntransferredLease[]; unchecked: { ticket: string; remote: string; reason: string }[]; cleared: number }> {
  const pending = listPendingClaims(repo);
  const out = { orphans: [] as OrphanLease[], released: [] as OrphanLease[], untransferred: [] as UntransferredLease[], transferred: [] as UntransferredLease[], unchecked: [] as { ticket: string; remote: string; reason: string }[], cleared: 0 };
  if (lost && pending.length === 0) await lostRecords(repo, who, fix, lost.remote, out);
  // Locks released here (finish, suspend, handoff, lease-release) whose remote release failed —
  // the remote was unreachable, or the process was killed in between: their remote lease may
  // still be held with the very nonce the local lock records. Only releases recent enough for
  // the lease to be live are looked at (one fetch per remote).
  const all = await listLocks(repo);
  const releasedHere = all.filter((l) => l.distributed && l.state === "released" && who.now.getTime() - (Date.parse(l.released_at ?? "") || 0) < MAX_LEASE_MS);
  // Locks handed over with --keep-lock whose remote transfer failed: the lease, same nonce, still
  // names the sender, so the receiver's heartbeat is refused and the lease lapses under it.
  const heldHere = all.filter((l) => l.distributed && l.state === "held");
  if (pending.length === 0 && releasedHere.length === 0 && heldHere.length === 0) return out;
  const { readLease, isLeaseLive, updateLease, fetchLeaseSnapshot, cloneId } = await import("../stdlib/locks/distributed.js");
  const clone = cloneId(repo);
  const byRemote = new Map<string, LockState[]>();
  for (const l of [...releasedHere, ...heldHere]) byRemote.set(l.distributed?.remote as string, [...(byRemote.get(l.distributed?.remote as string) ?? []), l]);
  for (const [remote, locks] of byRemote) {
    let snapshot;
    try {
      snapshot = await fetchLeaseSnapshot(repo, remote);
    } catch (error) {
      for (const l of locks) out.unchecked.push({ ticket: l.ticket, remote, reason: error instanceof ExoError ? error.code : String(error) });
      continue;
    }
    for (const l of locks) {
      const current = snapshot.leases.get(l.ticket);
      if (!current || current.state.nonce !== l.distributed?.nonce || !isLeaseLive(current.state, who.now)) continue;
      if (l.state === "held") {
        if (current.state.owner === l.owner) continue;
        const left: UntransferredLease = { ticket: l.ticket, remote, lease_owner: current.state.owner, lock_owner: l.owner, expires_at: current.state.expires_at, commit: current.sha };
        if (!fix) {
          out.untransferred.push(left);
          continue;
        }
        try {
          // The same compare-and-swap the handoff ran: on this very nonce, as the lease's owner.
          const r = await updateLease(repo, who, { remote, ticket: l.ticket, mode: "transfer", ttlSeconds: l.ttl_seconds, owner: current.state.owner, nonce: current.state.nonce, to: l.owner });
          if (r) await adoptRenewal(repo, who, l.ticket, current.state.nonce, r.block, r.token);
          out.transferred.push(left);
        } catch (error) {
          out.untransferred.push(left);
          out.unchecked.push({ ticket: l.ticket, remote, reason: error instanceof ExoError ? error.code : String(error) });
        }
        continue;
      }
      const orphan: OrphanLease = { ticket: l.ticket, remote, owner: current.state.owner, session: current.state.session, expires_at: current.state.expires_at, commit: current.sha };
      await settleOrphan(out, orphan, fix, async () => {
        const ticketStatus = (await readTicket(repo, l.ticket).catch(() => null))?.status;
        await updateLease(repo, who, { remote, ticket: l.ticket, mode: "release", ttlSeconds: 0, owner: l.owner, nonce: l.distributed?.nonce, ticketStatus });
      });
    }
  }
  const settle = (ticket: string, nonce: string) => {
    if (!fix) return;
    clearPendingClaim(repo, ticket, nonce);
    out.cleared++;
  };
  for (const { claim, name } of pending) {
    if (!claim) {
      const m = /^(.+)\.([0-9a-f]{16})\.json$/.exec(name);
      if (m) settle(m[1] as string, m[2] as string);
      continue;
    }
    const running = claim.host === who.host && !isPidDead(claim.pid) && who.now.getTime() - (Date.parse(claim.at) || 0) < IN_PROGRESS_MS;
    if (running) continue;
    const lock = await readLock(repo, claim.ticket).catch(() => null);
    if (claim.previous !== undefined) {
      // A renewal of a lease held here: never released; the holder's next verify adopts it.
      if (lock?.distributed?.nonce !== claim.previous) settle(claim.ticket, claim.nonce);
      continue;
    }
    if (lock?.distributed?.nonce === claim.nonce) {
      settle(claim.ticket, claim.nonce); // recorded: the claim completed
      continue;
    }
    let current;
    try {
      current = await readLease(repo, claim.remote, claim.ticket);
    } catch (error) {
      out.unchecked.push({ ticket: claim.ticket, remote: claim.remote, reason: error instanceof ExoError ? error.code : String(error) });
      continue;
    }
    // (A record naming another clone's lease — its nonce is public in the lease — is not ours.)
    if (!current || current.state.nonce !== claim.nonce || !isLeaseLive(current.state, who.now) || (current.state.clone !== undefined && current.state.clone !== clone)) {
      settle(claim.ticket, claim.nonce); // never pushed, replaced since, or no longer held
      continue;
    }
    const orphan: OrphanLease = { ticket: claim.ticket, remote: claim.remote, owner: current.state.owner, session: current.state.session, expires_at: current.state.expires_at, commit: current.sha };
    const released = await settleOrphan(out, orphan, fix, () => updateLease(repo, who, { remote: claim.remote, ticket: claim.ticket, mode: "release", ttlSeconds: 0, owner: claim.owner, nonce: claim.nonce }));
    if (released) settle(claim.ticket, claim.nonce);
  }
  return out;
}

/** Live leases on `remote` claimed by this clone on this host, when no local record of them is left. */
async function lostRecords(repo: Repo, who: Who, fix: boolean, remote: string, out: { orphans: OrphanLease[]; released: OrphanLease[]; unchecked: { ticket: string; remote: string; reason: string }[] }): Promise<void> {
  const { isLeaseLive, updateLease, fetchLeaseSnapshot, cloneId } = await import("../stdlib/locks/distributed.js");
  const { hostMatches } = await import("../stdlib/ledger/store.js");
  let snapshot;
  try {
    snapshot = await fetchLeaseSnapshot(repo, remote);
  } catch (error) {
    out.unchecked.push({ ticket: "*", remote, reason: error instanceof ExoError ? error.code : String(error) });
    return;
  }
  const clone = cloneId(repo);
  for (const [ticket, current] of snapshot.leases) {
    const s = current.state;
    if (s.clone !== clone || s.host === "" || !hostMatches(s.host, who.host) || !isLeaseLive(s, who.now)) continue;
    if (await readLock(repo, ticket).catch(() => null)) continue; // a lock written since
    const orphan: OrphanLease = { ticket, remote, owner: s.owner, session: s.session, expires_at: s.expires_at, commit: current.sha };
    await settleOrphan(out, orphan, fix, async () => {
      const ticketStatus = (await readTicket(repo, ticket).catch(() => null))?.status;
      await updateLease(repo, who, { remote, ticket, mode: "release", ttlSeconds: 0, owner: s.owner, nonce: s.nonce, ticketStatus });
    });
  }
}

/**
 * An orphaned lease: reported, or with --fix released by `release` (a compare-and-swap on its very
 * nonce, so a claim that replaced it since wins) — reported still, with why, when that fails.
 */
async function settleOrphan(out: { orphans: OrphanLease[]; released: OrphanLease[]; unchecked: { ticket: string; remote: string; reason: string }[] }, orphan: OrphanLease, fix: boolean, release: () => Promise<unknown>): Promise<boolean> {
  if (!fix) {
    out.orphans.push(orphan);
    return false;
  }
  try {
    await release();
    out.released.push(orphan);
    return true;
  } catch (error) {
    out.orphans.push(orphan);
    out.unchecked.push({ ticket: orphan.ticket, remote: orphan.remote, reason: error instanceof ExoError ? error.code : String(error) });
    return false;
  }
}
