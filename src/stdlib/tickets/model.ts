// Tickets (SPEC §4.5), pure: parse and format the YAML file, mint new tickets, validate them
// against hierarchy, blockers, allowlist and ceiling, and the status state machine (§4.5.3).
import * as z from "zod";
import type { Issue } from "../../errors.js";
import { generateId, isTicketId, TICKET_TYPE } from "../../kernel/ids.js";
import { validateGlob } from "../../kernel/globs.js";
import { editDistance } from "../../kernel/edit-distance.js";
import type { Budgets } from "../constitution/model.js";
import { zodIssues } from "../zod-issues.js";
import { locate, readYaml } from "../yaml-doc.js";
import { toYaml } from "../yaml-emit.js";
import { plainTicket } from "./plain.js";
import type { Ticket, TicketKind, TicketStatus } from "./types.js";

export { ancestorsOf, reachesIntent, summary } from "./views.js";

export const STATUSES: readonly TicketStatus[] = ["todo", "active", "paused", "review", "done", "cancelled", "archived"];
/** Ticket keys in SPEC §4.5.1's order (files, and the field lists of ticket-update and its ledger record). */
export const KEY_ORDER = [
  "id", "kind", "title", "description", "type", "status", "priority", "parent", "scope", "boundaries", "budgets", "checks",
  "blockers", "labels", "resource_profile", "brain_dump", "success_conditions", "risk", "branch", "commits",
  "created_at", "created_by", "updated_at", "history",
] as const;

// Built on the first ticket that is not plain (./plain.ts): a command that reads no ticket file
// (most read the compiled index) or only files as exo writes them never builds it.
let ticketSchema: ReturnType<typeof buildTicketSchema> | undefined;

function buildTicketSchema() {
  const glob = z.string().superRefine((v, ctx) => {
    const p = validateGlob(v);
    if (p) ctx.addIssue({ code: "custom", message: p.message, params: { code: p.code } });
  });
  const ticketRef = z.string().refine(isTicketId, { message: "not a valid ticket id", params: { code: "id_invalid" } });
  return z.object({
    id: ticketRef,
    kind: z.enum(["intent", "epic", "task"]).default("task"),
    title: z.string().trim().min(1).max(200),
    description: z.string().default(""),
    type: z.string().regex(TICKET_TYPE).default("feature"),
    status: z.enum(STATUSES as [TicketStatus, ...TicketStatus[]]).default("todo"),
    priority: z.number().int().min(1).max(5).default(3),
    parent: ticketRef.nullable().default(null),
    scope: z.object({ allow: z.array(glob).max(500).default(["**"]), deny: z.array(glob).max(500).default([]) }).prefault({}),
    boundaries: z.array(glob).max(500).default([]),
    budgets: z.object({ max_files: z.number().int().min(1), max_loc: z.number().int().min(1) }),
    checks: z.array(z.string().trim().min(1)).default([]),
    blockers: z.array(ticketRef).default([]),
    labels: z.array(z.string().min(1)).default([]),
    resource_profile: z.enum(["light", "default", "heavy"]).default("default"),
    brain_dump: z.string().default(""),
    success_conditions: z.array(z.string()).default([]),
    risk: z.enum(["low", "medium", "high"]).default("medium"),
    branch: z.string().nullable().default(null),
    commits: z.array(z.string()).default([]),
    created_at: z.string(),
    created_by: z.string(),
    updated_at: z.string(),
    history: z
      .array(z.object({ at: z.string(), by: z.string(), from: z.enum(STATUSES as [TicketStatus, ...TicketStatus[]]), to: z.enum(STATUSES as [TicketStatus, ...TicketStatus[]]), reason: z.string() }))
      .default([]),
  });
}

function theTicketSchema() {
  return (ticketSchema ??= buildTicketSchema());
}

/** What the schema alone parses `raw` to (null when it does not): the reference plainTicket is held to (tests). */
export function ticketBySchema(raw: unknown): Ticket | null {
  const parsed = theTicketSchema().safeParse(raw);
  return parsed.success ? (parsed.data) : null;
}

/** Parse a ticket file; unknown keys are kept in `extra`. */
export function parseTicket(text: string, file: string): { value: Ticket | null; issues: Issue[] } {
  const read = readYaml(text, file);
  if (read.issues.length > 0) return { value: null, issues: read.issues };
  const raw = read.value;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { value: null, issues: [{ file, path: "", code: "type_invalid", message: "a ticket file must be a YAML mapping", severity: "error" }] };
  }
  const plain = plainTicket(raw as Record<string, unknown>);
  if (plain) return { value: withExtra(plain, raw as Record<string, unknown>), issues: [] };
  const parsed = theTicketSchema().safeParse(raw);
  if (!parsed.success) return { value: null, issues: locate(zodIssues(parsed.error, { input: raw }), read, file) };
  return { value: withExtra(parsed.data, raw as Record<string, unknown>), issues: [] };
}

function withExtra(ticket: Ticket, raw: Record<string, unknown>): Ticket {
  const known = new Set<string>(KEY_ORDER);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!known.has(k)) extra[k] = v;
  if (Object.keys(extra).length > 0) ticket.extra = extra;
  return ticket;
}

/** The mapping formatTicket writes: keys in SPEC order, unknown keys kept at the end. */
function orderedFields(ticket: Ticket): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER) out[key] = ticket[key];
  for (const [k, v] of Object.entries(ticket.extra ?? {})) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * A ticket as commands give it in their data: its file's keys, in SPEC §4.5.1's order, a hand's
 * unknown keys at the end as the file holds them (not exo's internal `extra`, a key no file has).
 */
export function ticketData(ticket: Ticket): Ticket {
  return ticket.extra ? (orderedFields(ticket) as unknown as Ticket) : ticket;
}

/** YAML text of a ticket: keys in SPEC order, unknown keys kept at the end. */
export function formatTicket(ticket: Ticket): string {
  return toYaml(orderedFields(ticket));
}

/**
 * The text exo would write for this ticket file's known fields, its unknown keys left out (null
 * when it does not parse). A file whose only change from exo's write is unknown keys (SPEC §4.5.1:
 * kept, doctor warns) gives back exo's bytes, so integrity checks can tell it from a real edit.
 */
export function knownFieldsText(text: string, file: string): string | null {
  const { value } = parseTicket(text, file);
  if (!value?.extra) return null;
  delete value.extra;
  return formatTicket(value);
}

/**
 * What parseTicket(formatTicket(ticket)) returns, without the YAML round trip (a JSON one: the
 * fields are JSON data): the ticket index entry of a file exo has just written. Null when invalid.
 */
export function writtenTicket(ticket: Ticket): Ticket | null {
  const raw = JSON.parse(JSON.stringify(orderedFields(ticket))) as Record<string, unknown>;
  const plain = plainTicket(raw);
  if (plain) return withExtra(plain, raw);
  const parsed = theTicketSchema().safeParse(raw);
  return parsed.success ? withExtra(parsed.data, raw) : null;
}

export interface TicketInput {
  title?: string;
  description?: string;
  type?: string;
  priority?: number;
  parent?: string | null;
  scope?: { allow?: string[]; deny?: string[] };
  boundaries?: string[];
  budgets?: Partial<Budgets>;
  checks?: string[];
  blockers?: string[];
  labels?: string[];
  resource_profile?: "light" | "default" | "heavy";
  brain_dump?: string;
  success_conditions?: string[];
  risk?: "low" | "medium" | "high";
}

const PREFIX: Record<TicketKind, "INT" | "EPIC" | "TKT"> = { intent: "INT", epic: "EPIC", task: "TKT" };

/** Create a normalised ticket with defaults and a fresh or given id (§4.5). */
export function mintTicket(input: {
  kind: "intent" | "epic" | "task";
  title: string;
  fields: TicketInput;
  id: string | null;
  now: Date;
  randomInt: (max: number) => number;
  createdBy: string;
  defaults: { budgets: Budgets; checks: readonly string[] };
}): Ticket {
  const f = input.fields;
  const at = input.now.toISOString();
  return {
    id: input.id ?? generateId(PREFIX[input.kind], input.now, input.randomInt),
    kind: input.kind,
    title: input.title.trim(),
    description: f.description ?? "",
    type: f.type ?? "feature",
    status: "todo",
    priority: f.priority ?? 3,
    parent: input.kind === "intent" ? null : (f.parent ?? null),
    scope: { allow: f.scope?.allow && f.scope.allow.length > 0 ? f.scope.allow.map((g) => g.trim()) : ["**"], deny: (f.scope?.deny ?? []).map((g) => g.trim()) },
    boundaries: (f.boundaries ?? []).map((g) => g.trim()),
    budgets: { max_files: f.budgets?.max_files ?? input.defaults.budgets.max_files, max_loc: f.budgets?.max_loc ?? input.defaults.budgets.max_loc },
    checks: f.checks ? f.checks.map((c) => c.trim()) : [...input.defaults.checks],
    blockers: f.blockers ?? [],
    labels: f.labels ?? [],
    resource_profile: f.resource_profile ?? "default",
    brain_dump: f.brain_dump ?? "",
    success_conditions: f.success_conditions ?? [],
    risk: f.risk ?? "medium",
    branch: null,
    commits: [],
    created_at: at,
    created_by: input.createdBy,
    updated_at: at,
    history: [],
  };
}

/** Validate a ticket against the schema, hierarchy, blockers, allowlist and ceiling. */
export function validateTicket(
  ticket: unknown,
  ctx: { tickets: ReadonlyMap<string, Ticket>; allowlist: readonly string[]; ceiling: Budgets | null },
): { value: Ticket | null; issues: Issue[] } {
  let data = typeof ticket === "object" && ticket !== null && !Array.isArray(ticket) ? plainTicket(ticket as Record<string, unknown>) : null;
  if (!data) {
    const parsed = theTicketSchema().safeParse(ticket);
    if (!parsed.success) return { value: null, issues: zodIssues(parsed.error, { input: ticket }) };
    data = parsed.data;
  }
  const t = { ...data, ...((ticket as Ticket).extra ? { extra: (ticket as Ticket).extra } : {}) };
  const issues: Issue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ path, code, message, severity: "error" });
  if (t.kind === "intent" && t.parent !== null) err("parent", "invalid_parent", "an intent has no parent");
  if (t.kind === "intent" && t.brain_dump.trim() === "") err("brain_dump", "required", "an intent needs a brain dump");
  if (t.parent !== null) {
    const parent = ctx.tickets.get(t.parent);
    if (!parent) err("parent", "ticket_not_found", `parent ${t.parent} does not exist`);
    else if (t.kind === "epic" && parent.kind !== "intent") err("parent", "invalid_parent", `an epic's parent must be an intent; ${t.parent} is ${parent.kind === "epic" ? "an epic" : "a task"}`);
    else if (t.kind === "task" && parent.kind === "task") err("parent", "invalid_parent", `a task's parent must be an intent or an epic; ${t.parent} is a task`);
    else if (t.parent === t.id) err("parent", "invalid_parent", "a ticket cannot be its own parent");
  }
  t.blockers.forEach((b, i) => {
    if (!ctx.tickets.has(b)) err(`blockers.${i}`, "ticket_not_found", `blocker ${b} does not exist`);
    else if (b === t.id) err(`blockers.${i}`, "blocker_cycle", `a ticket cannot block itself; leave ${t.id} out of its own blockers`);
  });
  // A ticket blocking itself is that one issue, not a second "cycle" one.
  if (!t.blockers.includes(t.id) && blockerCycle(t, ctx.tickets)) err("blockers", "blocker_cycle", `blockers of ${t.id} would form a cycle`);
  t.checks.forEach((c, i) => {
    if (!ctx.allowlist.includes(c)) {
      const meant = meantCheck(c, ctx.allowlist);
      err(`checks.${i}`, "check_not_allowed", `check ${JSON.stringify(c)} is not in checks.allowlist${meant ? `; did you mean ${JSON.stringify(meant)}?` : ""}`);
    }
  });
  if (ctx.ceiling) {
    if (t.budgets.max_files > ctx.ceiling.max_files) err("budgets.max_files", "budget_exceeds_ceiling", `max_files ${t.budgets.max_files} is above the ceiling ${ctx.ceiling.max_files}`);
    if (t.budgets.max_loc > ctx.ceiling.max_loc) err("budgets.max_loc", "budget_exceeds_ceiling", `max_loc ${t.budgets.max_loc} is above the ceiling ${ctx.ceiling.max_loc}`);
  }
  return { value: issues.length === 0 ? t : null, issues };
}

function blockerCycle(t: Ticket, tickets: ReadonlyMap<string, Ticket>): boolean {
  const seen = new Set<string>();
  const stack = [...t.blockers];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === t.id) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(tickets.get(id)?.blockers ?? []));
  }
  return false;
}

/**
 * The allowlisted check a check typed with a slip was meant as (`npm run tset` for `npm test`,
 * `npm run lnit` for `npm run lint`): compared with `run` dropped after npm, pnpm, yarn and bun.
 */
export function meantCheck(check: string, allowlist: readonly string[]): string | null {
  const plain = (c: string) => c.trim().replace(/^(npm|pnpm|yarn|bun) run /, "$1 ").replace(/\s+/g, " ");
  const near = allowlist.filter((a) => editDistance(plain(check), plain(a)) <= 2);
  return near.length === 1 ? (near[0] as string) : null;
}
