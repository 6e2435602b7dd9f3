// The ticket zod's schema (./model.ts) gives for a ticket exactly as exo writes it, without
// building that schema: building it (a few dozen schema objects, with their checks and defaults)
// cost more than a whole session-start's own ticket work. Anything else, a missing key, a value
// out of range, a title with spaces around it, is the schema's to parse and to word.
import { validateGlob } from "../../kernel/globs.js";
import { isTicketId, TICKET_TYPE } from "../../kernel/ids.js";
import type { HistoryEntry, Ticket, TicketKind, TicketStatus } from "./types.js";

const KINDS: ReadonlySet<unknown> = new Set<TicketKind>(["intent", "epic", "task"]);
const STATUS_SET: ReadonlySet<unknown> = new Set<TicketStatus>(["todo", "active", "paused", "review", "done", "cancelled", "archived"]);
const PROFILES: ReadonlySet<unknown> = new Set(["light", "default", "heavy"]);
const RISKS: ReadonlySet<unknown> = new Set(["low", "medium", "high"]);
const MAX_GLOBS = 500;

const isString = (v: unknown): v is string => typeof v === "string";
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const ticketRef = (v: unknown): v is string => isString(v) && isTicketId(v);
const glob = (v: unknown): v is string => isString(v) && validateGlob(v) === null;
const trimmed = (v: unknown): v is string => isString(v) && v.length > 0 && v.trim() === v;
const between = (v: unknown, min: number, max: number): v is number => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

/** A copy of `v` when it is an array (of at most `max`) whose every item passes `item`; else null. */
function list<T>(v: unknown, item: (x: unknown) => x is T, max = Infinity): T[] | null {
  if (!Array.isArray(v) || v.length > max) return null;
  for (const x of v) if (!item(x)) return null;
  return v.slice() as T[];
}

function historyEntry(v: unknown): HistoryEntry | null {
  if (!isRecord(v) || !isString(v["at"]) || !isString(v["by"]) || !STATUS_SET.has(v["from"]) || !STATUS_SET.has(v["to"]) || !isString(v["reason"])) return null;
  return { at: v["at"], by: v["by"], from: v["from"] as TicketStatus, to: v["to"] as TicketStatus, reason: v["reason"] };
}

/**
 * The ticket the schema parses `raw` to (keys in its order, unknown keys left out, arrays and
 * objects copied), when every key is present and already valid, so that no default, trim or
 * coercion applies; null otherwise. test/property/ticket-plain.test.ts holds the two to the
 * same output.
 */
export function plainTicket(raw: Record<string, unknown>): Ticket | null {
  const r = raw;
  if (!ticketRef(r["id"]) || !KINDS.has(r["kind"]) || !trimmed(r["title"]) || r["title"].length > 200) return null;
  if (!isString(r["description"]) || !isString(r["type"]) || !TICKET_TYPE.test(r["type"]) || !STATUS_SET.has(r["status"]) || !between(r["priority"], 1, 5)) return null;
  if (r["parent"] !== null && !ticketRef(r["parent"])) return null;
  const scope = r["scope"];
  const budgets = r["budgets"];
  if (!isRecord(scope) || !isRecord(budgets) || !between(budgets["max_files"], 1, Infinity) || !between(budgets["max_loc"], 1, Infinity)) return null;
  const allow = list(scope["allow"], glob, MAX_GLOBS);
  const deny = list(scope["deny"], glob, MAX_GLOBS);
  const boundaries = list(r["boundaries"], glob, MAX_GLOBS);
  const checks = list(r["checks"], trimmed);
  const blockers = list(r["blockers"], ticketRef);
  const labels = list(r["labels"], (x): x is string => isString(x) && x.length > 0);
  const success = list(r["success_conditions"], isString);
  const commits = list(r["commits"], isString);
  if (!allow || !deny || !boundaries || !checks || !blockers || !labels || !success || !commits) return null;
  if (!PROFILES.has(r["resource_profile"]) || !isString(r["brain_dump"]) || !RISKS.has(r["risk"]) || (r["branch"] !== null && !isString(r["branch"]))) return null;
  if (!isString(r["created_at"]) || !isString(r["created_by"]) || !isString(r["updated_at"]) || !Array.isArray(r["history"])) return null;
  const history: HistoryEntry[] = [];
  for (const h of r["history"]) {
    const entry = historyEntry(h);
    if (!entry) return null;
    history.push(entry);
  }
  return {
    id: r["id"],
    kind: r["kind"] as TicketKind,
    title: r["title"],
    description: r["description"],
    type: r["type"],
    status: r["status"] as TicketStatus,
    priority: r["priority"],
    parent: r["parent"],
    scope: { allow, deny },
    boundaries,
    budgets: { max_files: budgets["max_files"], max_loc: budgets["max_loc"] },
    checks,
    blockers,
    labels,
    resource_profile: r["resource_profile"] as Ticket["resource_profile"],
    brain_dump: r["brain_dump"],
    success_conditions: success,
    risk: r["risk"] as Ticket["risk"],
    branch: r["branch"],
    commits,
    created_at: r["created_at"],
    created_by: r["created_by"],
    updated_at: r["updated_at"],
    history,
  };
}
