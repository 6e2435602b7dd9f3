// Lock file shape (issue #18): a lock that parses but lacks the fields exo relies on is corrupt.

/** A fencing token exo can add 1 to without losing precision (far above any real count). */
export const MAX_TOKEN = 2 ** 48;

/** The largest token a lock file may hold (above MAX_TOKEN by more renewals than ever happen). */
const LOCK_MAX_TOKEN = 2 ** 52;

/**
 * The largest token the ledger or a session record may raise a ticket's next token to: far above
 * any real count, far below MAX_TOKEN, so a forged record (the ledger is pulled from other
 * clones) cannot push a ticket's tokens to where the next + 1 would be a corrupt lock.
 */
export const PLAUSIBLE_TOKEN = 2 ** 32;

/** Why a parsed lock file is unusable, or null. */
export function lockShapeProblem(value: unknown, ticket: string): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const v = value as Record<string, unknown>;
  if (v["ticket"] !== ticket) return `ticket is not ${ticket}`;
  if (v["state"] !== "held" && v["state"] !== "released") return "state is neither held nor released";
  if (typeof v["owner"] !== "string") return "owner is not a string";
  if (v["session"] !== null && v["session"] !== undefined && typeof v["session"] !== "string") return "session is not a string or null";
  if (!Number.isSafeInteger(v["fencing_token"]) || (v["fencing_token"] as number) < 0) return "fencing_token is not a non-negative integer";
  // A forged 2^53 - 1 would pass, and the next token (+ 1) would lose precision. Remote leases stop
  // at MAX_TOKEN, so a lock taking a remote token (+ its renewals) stays far below this.
  if ((v["fencing_token"] as number) > LOCK_MAX_TOKEN) return "fencing_token is above 2^52";
  if (typeof v["expires_at"] !== "string" || Number.isNaN(Date.parse(v["expires_at"]))) return "expires_at is not a timestamp";
  // The remote lease a distributed claim holds: a heartbeat, a suspend or a release pushes to it.
  const d = v["distributed"];
  if (d !== null && d !== undefined && (typeof d !== "object" || Array.isArray(d) || !["remote", "ref", "commit", "nonce"].every((k) => typeof (d as Record<string, unknown>)[k] === "string"))) return "distributed is not a remote lease {remote, ref, commit, nonce} or null";
  return null;
}
