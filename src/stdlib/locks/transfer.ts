// Handoff with --keep-lock (SPEC §7.13): the lock goes to the named actor, unbound, token + 1.
import { withGuard } from "../../io/guard.js";
import type { Repo } from "../../io/paths.js";
import { appendLedger } from "../ledger/store.js";
import { readLock, type Who } from "./store.js";
import { laterExpiry, type LockState } from "./types.js";
import { writeLockFile } from "./file.js";

export async function transferLock(repo: Repo, who: Who, opts: { ticket: string; session: string; to: string }): Promise<{ lock: LockState; remote_not_transferred?: string } | null> {
  const out = await withGuard(repo.stateDir, `lock-${opts.ticket}`, { host: who.host }, async () => {
    const lock = await readLock(repo, opts.ticket);
    if (!lock || lock.state !== "held" || lock.session !== opts.session) return null;
    const next: LockState = { ...lock, owner: opts.to, session: null, fencing_token: lock.fencing_token + 1, renewed_at: who.now.toISOString(), expires_at: laterExpiry(lock.expires_at, who.now, lock.ttl_seconds) };
    await writeLockFile(repo, who, opts.ticket, next);
    return { next, previous: lock };
  });
  if (!out) return null;
  let failed: string | undefined;
  if (out.next.distributed) {
    // The remote lease follows the lock to its new owner (same CAS rules, token + 1).
    const { updateLease } = await import("./distributed.js");
    const remote = out.next.distributed.remote;
    // A transfer the remote refuses or cannot take leaves the lease naming the sender: said at
    // once, and doctor (untransferred_leases) finishes it once the remote accepts pushes.
    const r = await updateLease(repo, who, { remote, ticket: opts.ticket, mode: "transfer", ttlSeconds: out.next.ttl_seconds, owner: out.previous.owner, nonce: out.next.distributed.nonce, to: opts.to }).catch((error: unknown) => {
      const why = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
      failed = `The remote lease of ${opts.ticket} on ${remote} still names ${out.previous.owner} (${why}); run exo doctor --fix once the remote accepts pushes.`;
      return null;
    });
    if (r) {
      out.next = { ...out.next, fencing_token: Math.max(out.next.fencing_token, r.token), distributed: r.block };
      await withGuard(repo.stateDir, `lock-${opts.ticket}`, { host: who.host }, () => writeLockFile(repo, who, opts.ticket, out.next));
      const { clearPendingClaim } = await import("./pending.js");
      clearPendingClaim(repo, opts.ticket, r.block.nonce);
    }
  }
  await appendLedger(repo, who, [{ type: "lock.transferred", ticket: opts.ticket, session: opts.session, data: { owner: opts.to, fencing_token: out.next.fencing_token, expires_at: out.next.expires_at, previous_owner: out.previous.owner, previous_token: out.previous.fencing_token } }]);
  return failed === undefined ? { lock: out.next } : { lock: out.next, remote_not_transferred: failed };
}

/**
 * Finish with the lock kept (`--set-status keep`, `--no-release-lock`, SPEC §7.12 step 10): the
 * owner keeps holding it, same token, but no session is bound any more (a lock bound to a session
 * that no longer exists counts as unbound, §7.7, and doctor would call it orphaned).
 */
export async function unbindLock(repo: Repo, who: Who, opts: { ticket: string; session: string }): Promise<void> {
  await withGuard(repo.stateDir, `lock-${opts.ticket}`, { host: who.host }, async () => {
    const lock = await readLock(repo, opts.ticket);
    if (!lock || lock.state !== "held" || lock.session !== opts.session) return;
    await writeLockFile(repo, who, opts.ticket, { ...lock, session: null });
  });
}
