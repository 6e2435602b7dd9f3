// Human view of `exo ticket-close`.
export function renderTicketClosed(d: { ticket: { id: string; status: string }; from: string; changed: boolean; lock_released: boolean; next_command?: string; next_reason?: string; commit_command?: string; commit_reason?: string }): string {
  if (!d.changed) return `${d.ticket.id} is ${d.ticket.status} already; nothing changed`;
  const head = `${d.ticket.id}: ${d.from} → ${d.ticket.status}${d.lock_released ? "; lock released" : ""}`;
  // The change itself left uncommitted: finish's commit: line again, first.
  const work = d.commit_command ? `\n${d.commit_reason ?? ""}\ncommit: ${d.commit_command}` : "";
  // The close's files wait for a commit: say so, with the line (before: nothing, and a push left teammates' clones in review).
  return d.next_command ? `${head}${work}\n${d.next_reason ?? ""}\nnext: ${d.next_command}` : `${head}${work}`;
}

/** Human view of `exo merge-ticket` (run by git as a merge driver; people rarely see it). */
export function renderTicketMerged(d: { path: string; ticket: string; status: string; history: number }): string {
  return `merged ${d.path}: ${d.ticket} is ${d.status} (${d.history} history entries)`;
}
