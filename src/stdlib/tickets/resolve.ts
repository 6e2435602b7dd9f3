// Ticket lookup: exact (SPEC §4.5.2). The same id in another case, or a unique prefix, is only
// offered in the not-found error; ambiguous prefixes list the candidates.
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

/**
 * The ticket id a command was given, looked up exactly (SPEC §4.5.2: an id that differs from a
 * ticket's only in case is TICKET_NOT_FOUND, on every filesystem). When the id is not a ticket
 * but names one in another case or by a unique prefix, the not-found error says which, so the
 * person can retype it; exo never acts on a ticket it was not given exactly.
 */
export async function resolveTicketId(repo: Repo, typed: string): Promise<string> {
  try {
    // The common case without reading the index. On a case-insensitive filesystem this also finds
    // the file of another case; the caller's readTicket then reports TICKET_NOT_FOUND.
    accessSync(repo.ticketFile(typed));
    return typed;
  } catch {
    // not a ticket file: maybe another case or a prefix of one, said in the error
  }
  const index = await listTickets(repo);
  if (index.tickets.has(typed)) return typed;
  const { id, candidates } = matchTicketId(typed, [...index.tickets.keys()]);
  if (id !== null) {
    throw new ExoError(ErrorCode.TICKET_NOT_FOUND, `No ticket ${typed}; did you mean ${id}? Ticket ids are matched exactly, case included.`, { hint: `exo ticket-show ${id}`, details: { candidates: [id] } });
  }
  if (candidates.length > 1) {
    const shown = candidates.slice(0, 5).join(", ") + (candidates.length > 5 ? ` … ${candidates.length - 5} more` : "");
    throw new ExoError(ErrorCode.TICKET_NOT_FOUND, `No ticket ${typed}; ${candidates.length} tickets start with it (${shown}). Ticket ids are matched exactly.`, { hint: "exo tickets", details: { candidates: candidates.slice(0, 20) } });
  }
  return typed; // the caller's own not-found error names it
}
