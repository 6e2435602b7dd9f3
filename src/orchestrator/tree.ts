// The intent tree (SPEC §7.21): roots, orphans, stale intents and drift per node.
import type { LedgerRecord } from "../kernel/ledger.js";
import { CLOSED_STATUSES, type Ticket } from "../stdlib/tickets/types.js";
import { reachesIntent } from "../stdlib/tickets/model.js";

export interface TreeNode {
  id: string;
  kind: string;
  title: string;
  status: string;
  priority: number;
  scope: { allow: string[]; deny: string[] };
  drift: number | null;
  sessions: number;
  children: TreeNode[];
  /**
   * An open intent or epic all of whose tasks and epics are closed (done, cancelled, archived): it
   * reads todo until a person closes it (exo ticket-close ID), which the tree says.
   */
  closable: boolean;
}

const SETTLED = new Set(["done", "cancelled", "archived"]);

/** Open intents and epics whose children (tasks and epics, at least one) are all closed. */
export function closableContainers(tickets: Iterable<Pick<Ticket, "id" | "kind" | "status" | "parent">>): Set<string> {
  const list = [...tickets];
  const open = new Map<string, boolean>();
  for (const t of list) {
    if (!t.parent || t.kind === "intent") continue;
    open.set(t.parent, (open.get(t.parent) ?? false) || !SETTLED.has(t.status));
  }
  return new Set(list.filter((t) => t.kind !== "task" && !SETTLED.has(t.status) && open.get(t.id) === false).map((t) => t.id));
}

const CLOSING = new Set(["session.finished", "session.handed_off", "session.crashed"]);

/** Drift scores of closing records, by ticket. */
export function closingDrifts(records: readonly LedgerRecord[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of records) {
    if (!CLOSING.has(r.type) || !r.ticket) continue;
    const drift = (r.data["drift"] as { score?: unknown } | null | undefined)?.score;
    const list = out.get(r.ticket) ?? [];
    if (typeof drift === "number") list.push(drift);
    out.set(r.ticket, list);
  }
  return out;
}

const order = (a: Ticket, b: Ticket) => a.priority - b.priority || (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0) || (a.id < b.id ? -1 : 1);

export interface TreeOptions {
  statuses: readonly string[];
  driftAbove: number | null;
  /** Further filters (kind, type, label): a ticket failing one shows only as the way to one that passes. */
  matches?: (t: Ticket) => boolean;
  /** Show only this ticket's subtree (tickets --parent): it is the one root, shown whatever the filters. */
  root?: string;
}

export function buildTree(tickets: Map<string, Ticket>, drifts: Map<string, number[]>, opts: TreeOptions): { roots: TreeNode[]; orphans: TreeNode[] } {
  const visible = (t: Ticket) => (opts.statuses.length > 0 ? opts.statuses.includes(t.status) : t.status !== "archived" && t.status !== "cancelled") && (opts.matches?.(t) ?? true);
  const children = new Map<string, Ticket[]>();
  for (const t of tickets.values()) {
    if (!t.parent) continue;
    const list = children.get(t.parent) ?? [];
    list.push(t);
    children.set(t.parent, list);
  }
  const closable = closableContainers(tickets.values());
  const build = (t: Ticket, seen: Set<string>): { node: TreeNode; scores: number[] } => {
    const own = drifts.get(t.id) ?? [];
    const kids: TreeNode[] = [];
    const scores = [...own];
    for (const c of (children.get(t.id) ?? []).sort(order)) {
      if (seen.has(c.id) || c.kind === "intent") continue;
      const sub = build(c, new Set([...seen, c.id]));
      scores.push(...sub.scores);
      if (visible(c) || sub.node.children.length > 0) kids.push(sub.node);
    }
    const mean = (xs: number[]) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000 + 1e-9) / 1000);
    const drift = t.kind === "task" ? mean(own) : mean(scores);
    return {
      node: { id: t.id, kind: t.kind, title: t.title, status: t.status, priority: t.priority, scope: { allow: t.scope.allow, deny: t.scope.deny }, drift, sessions: t.kind === "task" ? own.length : scores.length, children: kids, closable: closable.has(t.id) },
      scores,
    };
  };
  const keep = (node: TreeNode): TreeNode | null => {
    if (opts.driftAbove === null) return node;
    const kids = node.children.map(keep).filter((n): n is TreeNode => n !== null);
    if ((node.drift !== null && node.drift > opts.driftAbove) || kids.length > 0) return { ...node, children: kids };
    return null;
  };
  if (opts.root !== undefined) {
    const top = tickets.get(opts.root);
    const node = top ? build(top, new Set([top.id])).node : null;
    // The ticket named is the frame of what is listed: it shows even when it fails the filters.
    const kept = node && (opts.driftAbove === null ? node : (keep(node) ?? { ...node, children: [] }));
    return { roots: kept ? [kept] : [], orphans: [] };
  }
  const all = [...tickets.values()].sort(order);
  // A hidden (cancelled, archived, filtered-out) ticket stays in the tree while it has shown
  // descendants, as an epic does under its intent: open work under a cancelled intent is not lost.
  const shown = (t: Ticket): TreeNode | null => {
    const node = build(t, new Set([t.id])).node;
    return visible(t) || node.children.length > 0 ? keep(node) : null;
  };
  const roots = all.filter((t) => t.kind === "intent").map(shown).filter((n): n is TreeNode => n !== null);
  // Orphans: tasks and epics whose chain reaches no intent; nested orphans show under their orphan parent.
  const orphanIds = new Set(all.filter((t) => t.kind !== "intent" && !reachesIntent(tickets, t)).map((t) => t.id));
  // Epics whose parents form a cycle each sit under another orphan epic: the cycle is listed once,
  // from its first ticket in tree order (before: none of it was, nor what was below it).
  const headsCycle = (t: Ticket): boolean => {
    const members = [t];
    let p = t.parent ? tickets.get(t.parent) : undefined;
    for (; p !== undefined && p.id !== t.id; p = p.parent ? tickets.get(p.parent) : undefined) {
      if (members.includes(p)) return false;
      members.push(p);
    }
    // Only a cycle whose every member sits under an epic hides them all (a task in it is listed as usual).
    return p !== undefined && members.every((m) => tickets.get(m.parent ?? "")?.kind === "epic" && all.indexOf(t) <= all.indexOf(m));
  };
  const orphans = all
    .filter((t) => orphanIds.has(t.id) && (!(t.parent && orphanIds.has(t.parent) && tickets.get(t.parent)?.kind === "epic") || headsCycle(t)))
    .map(shown)
    .filter((n): n is TreeNode => n !== null);
  return { roots, orphans };
}

/** Intents not closed, with no ledger activity and no ticket creation in the subtree for > 120 h. */
export function staleIntents(tickets: Map<string, Ticket>, records: readonly LedgerRecord[], now: Date): string[] {
  const lastActivity = new Map<string, string>();
  for (const r of records) if (r.ticket) lastActivity.set(r.ticket, r.ts > (lastActivity.get(r.ticket) ?? "") ? r.ts : (lastActivity.get(r.ticket) as string));
  const limit = now.getTime() - 120 * 3_600_000;
  const subtree = (id: string, seen = new Set<string>()): Ticket[] => {
    const out: Ticket[] = [];
    for (const t of tickets.values()) {
      if (t.parent === id && !seen.has(t.id)) {
        seen.add(t.id);
        out.push(t, ...subtree(t.id, seen));
      }
    }
    return out;
  };
  return [...tickets.values()]
    .filter((t) => t.kind === "intent" && !CLOSED_STATUSES.has(t.status))
    .filter((t) => {
      const members = [t, ...subtree(t.id)];
      const latest = members.reduce((acc, m) => {
        const last = [lastActivity.get(m.id) ?? "", m.created_at].sort().pop() as string;
        return last > acc ? last : acc;
      }, "");
      return Date.parse(latest) < limit;
    })
    .map((t) => t.id)
    .sort();
}
