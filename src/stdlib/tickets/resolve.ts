// Ticket lookup as people type it: the exact id, else the same id in any case, else a unique
// prefix (any case). Ambiguous prefixes fail listing the candidates.
import { accessSync } from "node:fs";
import { ExoError, ErrorCode } from "../../errors.js";
import { editDistance } from "../../kernel/edit-distance.js";
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

/** An id's letters (upper case, no separators) and its numbers as numbers: TICKET-001 → TICKET, 1. */
function idShape(id: string): { letters: string; numbers: string } {
  return { letters: id.toUpperCase().replace(/[^A-Z]/g, ""), numbers: (id.match(/\d+/g) ?? []).map((n) => String(Number(n))).join(",") };
}

/**
 * The one existing id a typed id that matches none was meant as, or null: the same numbers
 * (TICKET-01, TICKET-0001, T4 and T-4 are TICKET-001 and T-4), letters at most two edits apart
 * (TIKCET-001). Ids are numbered in sequence, so a different number is another ticket, never a typo.
 */
export function nearTicketId(typed: string, ids: readonly string[]): string | null {
  const want = idShape(typed);
  if (want.letters === "" && want.numbers === "") return null;
  const close = ids.filter((id) => {
    const have = idShape(id);
    if (have.numbers !== want.numbers) return false;
    return have.letters === want.letters || (Math.min(have.letters.length, want.letters.length) >= 3 && editDistance(have.letters, want.letters) <= 2);
  });
  return close.length === 1 ? (close[0] as string) : null;
}

/** nearTicketId among the repository's tickets (an error path: reads the ticket index). */
export async function suggestTicketId(repo: Repo, typed: string, besides: readonly string[] = []): Promise<string | null> {
  const index = await listTickets(repo);
  if (index.tickets.has(typed)) return null;
  return nearTicketId(typed, [...index.tickets.keys()].filter((id) => !besides.includes(id)));
}
