// Three-way merge of one ticket file (the git merge driver `exo-ticket`, registered by exo
// install): volatile state (status, history, branch, commits, updated_at) merges by meaning, so
// clones that claim and finish tickets never leave conflict markers in .exo/tickets/.
import { CLOSED_STATUSES, type HistoryEntry, type Ticket } from "./types.js";

const key = (h: HistoryEntry) => `${h.at}\u0000${h.by}\u0000${h.from}\u0000${h.to}\u0000${h.reason}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** History of both sides, each transition once, in time order. */
export function mergeHistory(ours: HistoryEntry[], theirs: HistoryEntry[]): HistoryEntry[] {
  const seen = new Map<string, HistoryEntry>();
  for (const h of [...ours, ...theirs]) if (!seen.has(key(h))) seen.set(key(h), h);
  return [...seen.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : key(a) < key(b) ? -1 : 1));
}

/**
 * A set both sides edited (labels, blockers: `--add-…`/`--remove-…`): what either side added, less
 * what either side removed from the base, ours first. The later writer's list alone would drop the
 * other side's additions (a blocker one teammate added, gone without a word).
 */
function mergeSet(base: readonly string[], ours: readonly string[], theirs: readonly string[]): string[] {
  const removed = new Set(base.filter((x) => !ours.includes(x) || !theirs.includes(x)));
  return [...new Set([...ours, ...theirs])].filter((x) => !removed.has(x));
}

/**
 * Merge `ours` and `theirs` against `base` (null when both sides added the file). Fields one
 * side changed take that side; history is the union; status follows the latest transition (a
 * close stands unless the other side reopened it after);
 * commits are the union; labels and blockers both sides changed merge as sets; any other field
 * both sides changed takes the later writer (updated_at).
 */

export function mergeTickets(base: Ticket | null, ours: Ticket, theirs: Ticket): Ticket {
  const later = theirs.updated_at > ours.updated_at ? theirs : ours;
  const out = structuredClone(ours) as unknown as Record<string, unknown>;
  const o = ours as unknown as Record<string, unknown>;
  const t = theirs as unknown as Record<string, unknown>;
  const b = (base ?? {}) as unknown as Record<string, unknown>;
  const l = later as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(o), ...Object.keys(t)])) {
    if (same(o[k], t[k])) continue;
    if (base && same(o[k], b[k])) out[k] = structuredClone(t[k]);
    else if (base && same(t[k], b[k])) out[k] = structuredClone(o[k]);
    else out[k] = structuredClone(l[k]);
  }
  const merged = out as unknown as Ticket;
  merged.history = mergeHistory(ours.history, theirs.history);
  merged.commits = [...new Set([...ours.commits, ...theirs.commits])];
  merged.labels = mergeSet(base?.labels ?? [], ours.labels, theirs.labels);
  merged.blockers = mergeSet(base?.blockers ?? [], ours.blockers, theirs.blockers);
  merged.updated_at = ours.updated_at > theirs.updated_at ? ours.updated_at : theirs.updated_at;
  const last = merged.history[merged.history.length - 1];
  if (ours.status !== theirs.status) {
    // Both moved: the latest recorded transition decides; without history, the later writer.
    const candidates = [ours.status, theirs.status];
    merged.status = last && candidates.includes(last.to) ? last.to : later.status;
    // Except that a close (done, cancelled, archived) stands against a side that never saw it: a
    // session finishing later in another clone (review) undid a person's ticket-close. Only a
    // reopening on the other side (a transition out of a closed status after the close) wins.
    const closed = CLOSED_STATUSES.has(ours.status) !== CLOSED_STATUSES.has(theirs.status) ? (CLOSED_STATUSES.has(ours.status) ? ours : theirs) : null;
    if (closed) {
      const open = closed === ours ? theirs : ours;
      const closedAt = [...closed.history].reverse().find((e) => e.to === closed.status)?.at ?? closed.updated_at;
      const reopened = open.history.some((e) => CLOSED_STATUSES.has(e.from) && !CLOSED_STATUSES.has(e.to) && e.at >= closedAt);
      merged.status = reopened ? open.status : closed.status;
    }
  }
  return merged;
}
