// Human views of ticket commands: lists, the intent tree (SPEC §6.2), dispatch and locks.
import type { TreeNode } from "../../orchestrator/tree.js";
import type { DispatchResult } from "../../orchestrator/dispatch.js";
import type { LockState } from "../../stdlib/locks/types.js";
import type { Ticket } from "../../stdlib/tickets/types.js";

const isDefault = (allow: string[]) => allow.length === 1 && allow[0] === "**";

function nodeLine(node: TreeNode, parentAllow: string[] | null): string {
  const scope = !isDefault(node.scope.allow) && JSON.stringify(node.scope.allow) !== JSON.stringify(parentAllow) ? ` scope: ${node.scope.allow.join(", ")}` : "";
  const drift = node.drift !== null ? ` drift: ${node.drift.toFixed(2)}` : "";
  return `${node.id} ${JSON.stringify(node.title)}${scope}${drift}`;
}

function renderChildren(children: TreeNode[], prefix: string, parentAllow: string[] | null, out: string[]): void {
  children.forEach((child, i) => {
    const last = i === children.length - 1;
    out.push(`${prefix}${last ? "└── " : "├── "}${nodeLine(child, parentAllow)}`);
    renderChildren(child.children, `${prefix}${last ? "    " : "│   "}`, isDefault(child.scope.allow) ? parentAllow : child.scope.allow, out);
  });
}

export function renderTree(d: { roots: TreeNode[]; orphans: TreeNode[]; stale?: string[] }): string {
  const out: string[] = [];
  for (const root of d.roots) {
    out.push(nodeLine(root, null));
    renderChildren(root.children, "", isDefault(root.scope.allow) ? null : root.scope.allow, out);
  }
  if (d.orphans.length > 0) {
    out.push("Orphans (no intent above them):");
    renderChildren(d.orphans, "", null, out);
  }
  if (d.stale && d.stale.length > 0) out.push(`Stale intents (no activity for 5 days): ${d.stale.join(", ")}`);
  return out.length > 0 ? out.join("\n") : "no tickets";
}

interface ListRow {
  id: string;
  kind: string;
  title: string;
  status: string;
  priority: number;
  type: string;
  locked: boolean;
}

export function renderTickets(d: { tickets?: ListRow[]; total?: number; roots?: TreeNode[]; orphans?: TreeNode[] }): string {
  if (d.roots) return renderTree({ roots: d.roots, orphans: d.orphans ?? [] });
  const rows = d.tickets ?? [];
  if (rows.length === 0) return "no tickets";
  const idw = Math.max(...rows.map((r) => r.id.length));
  return [
    ...rows.map((r) => `${r.id.padEnd(idw)}  P${r.priority}  ${r.kind.padEnd(6)}  ${r.status.padEnd(9)}${r.locked ? " 🔒" : "   "} ${r.title}`),
    `${d.total ?? rows.length} ticket(s)`,
  ].join("\n");
}

export function renderTicketCreated(d: { ticket: Ticket; path: string }): string {
  const t = d.ticket;
  return `created ${t.kind} ${t.id} ${JSON.stringify(t.title)}${t.parent ? ` under ${t.parent}` : ""} (${d.path})`;
}

export function renderTicketUpdated(d: { ticket: Ticket; changed: string[] }): string {
  return d.changed.length === 0 ? `${d.ticket.id}: nothing changed` : `${d.ticket.id}: updated ${d.changed.join(", ")} (status ${d.ticket.status})`;
}

export function renderNext(d: DispatchResult): string {
  const r = d.reasoning;
  const lines = [
    `${d.dry_run ? "would claim" : "claimed"} ${d.ticket.id} ${JSON.stringify(d.ticket.title)} (priority ${d.ticket.priority}, score ${d.score})`,
    `  score = ${r.formula} = ${r.components.priority_points} + ${r.components.unblocks_points} + ${r.components.age_points}`,
    `  considered ${r.considered} ready task(s); ${r.skipped.length} skipped${r.lane ? `; lane ${r.lane}` : ""}`,
  ];
  if (d.lock) lines.push(`  lock: owner ${d.lock.owner}, fencing token ${d.lock.fencing_token}, expires ${d.lock.expires_at}`);
  lines.push(`next: ${d.next_command}`);
  return lines.join("\n");
}

export function renderLease(d: { lock: LockState | null; previous_fencing_token: number | null; ticket_status: string | null }): string {
  if (!d.lock) return "no lock";
  const l = d.lock;
  return `${l.ticket}: ${l.state}, owner ${l.owner}, fencing token ${l.fencing_token}${l.state === "held" ? `, expires ${l.expires_at}` : ""}${d.ticket_status ? ` (ticket ${d.ticket_status})` : ""}`;
}
