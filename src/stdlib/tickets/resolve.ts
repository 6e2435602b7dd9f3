// Ticket lookup as people type it: the exact id, else the same id in any case, else a unique
// prefix (any case). Ambiguous prefixes fail listing the candidates.
import { accessSync } from "node:fs";
import { ExoError, ErrorCode } from "../../errors.js";
import type { Repo } from "../../io/paths.js";
import { listTickets } from "./store.js";

/** Pure part: pick the id `typed` means among `ids` (null when none matches). */
export function matchTicketId(typed: string, ids: readonly string[]): { id: string | null; candidates: string[] } {
  if (ids.includes(typed)) return { id: typed, candidates: [typed] };
  const lower = typed.toLowerCase();
  const same = ids.filter((i) => i.toLowerCase() === lower);
  if (same.length === 1) return { id: same[0] as string, candidates: same };
  const prefixed = ids.filter((i) => i.toLowerCase().startsWith(lower)).sort();
  if (prefixed.length === 1) return { id: prefixed[0] as string, candidates: prefixed };
  return { id: null, candidates: prefixed };
}

export async function resolveTicketId(repo: Repo, typed: string): Promise<string> {
  try {
    accessSync(repo.ticketFile(typed));
    return typed;
  } catch {
    // not an exact file name: try case and prefix
  }
  const index = await listTickets(repo);
  const { id, candidates } = matchTicketId(typed, [...index.tickets.keys()]);
  if (id !== null) return id;
  if (candidates.length > 1) {
    const shown = candidates.slice(0, 5).join(", ") + (candidates.length > 5 ? ` … ${candidates.length - 5} more` : "");
    throw new ExoError(ErrorCode.TICKET_NOT_FOUND, `${typed} matches ${candidates.length} tickets (${shown}); type more of the id.`, { hint: "exo tickets", details: { candidates: candidates.slice(0, 20) } });
  }
  return typed; // the caller's own not-found error names it
}
