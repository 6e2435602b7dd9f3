// Human view of `exo ticket-close`.
export function renderTicketClosed(d: { ticket: { id: string; status: string }; from: string; changed: boolean; lock_released: boolean }): string {
  if (!d.changed) return `${d.ticket.id} is ${d.ticket.status} already; nothing changed`;
  return `${d.ticket.id}: ${d.from} → ${d.ticket.status}${d.lock_released ? "; lock released" : ""}`;
}

/** Human view of `exo merge-ticket` (run by git as a merge driver; people rarely see it). */
export function renderTicketMerged(d: { path: string; ticket: string; status: string; history: number }): string {
  return `merged ${d.path}: ${d.ticket} is ${d.status} (${d.history} history entries)`;
}
