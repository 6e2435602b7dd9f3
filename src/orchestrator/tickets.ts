// Ticket creation and editing (SPEC §6.2): validation, defaults, warnings, ledger events.
import { existsSync, realpathSync } from "node:fs";
import { relative, sep } from "node:path";
import { randomInt } from "../io/random.js";
import { ExoError, ErrorCode, WarningCode, type Issue } from "../errors.js";
import { isContained } from "../kernel/scope.js";
import { shellWord } from "../kernel/quote.js";
import { isLiteralPattern, normalizeGlob } from "../kernel/globs.js";
import { readGovernedTextOrNull } from "../io/read.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import { loadConfig } from "../stdlib/config/store.js";
import { DEFAULT_BUDGETS, parseConstitution, type Budgets } from "../stdlib/constitution/model.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { ancestorsOf, KEY_ORDER, mintTicket, ticketData, validateTicket, type TicketInput } from "../stdlib/tickets/model.js";
import { effectiveScope } from "../kernel/scope.js";
import { createTicketFile, listTickets, notFound, readTicket, setTicketStatus, transitionError, updateTicket } from "../stdlib/tickets/store.js";
import { nearTicketId } from "../stdlib/tickets/resolve.js";
import { CLOSED, checkTransition } from "../stdlib/tickets/transitions.js";
import { sessionFirst } from "./ticket-close.js";
import type { Ticket, TicketKind, TicketStatus } from "../stdlib/tickets/types.js";
import { plural } from "../kernel/plural.js";

const ISSUE_CODES: Record<string, ErrorCode> = {
  ticket_not_found: ErrorCode.TICKET_NOT_FOUND,
  invalid_parent: ErrorCode.INVALID_PARENT,
  blocker_cycle: ErrorCode.BLOCKER_CYCLE,
  check_not_allowed: ErrorCode.CHECK_NOT_ALLOWED,
  budget_exceeds_ceiling: ErrorCode.BUDGET_EXCEEDS_CEILING,
};

/** The first issue as an ExoError; `creating` names the create command when the ticket does not exist yet. */
export function validationError(issues: Issue[], creating?: "ticket-create" | "intent-create", target?: { id?: string }): ExoError {
  const first = issues[0] as Issue;
  const code = ISSUE_CODES[first.code] ?? ErrorCode.INVALID_INPUT;
  // A budget above the ceiling: the same command with the ceiling's figures (the message names them).
  // Each hint is written out whole, so the printed-commands test parses it with its flags.
  const ceiling = (field: string) => issues.map((i) => (i.code === "budget_exceeds_ceiling" ? new RegExp(`^${field} \\d+ is above the ceiling (\\d+)`).exec(i.message)?.[1] : undefined)).find((v) => v !== undefined);
  const files = ceiling("max_files");
  const loc = ceiling("max_loc");
  const id = target?.id;
  const budgetHint = (): string | undefined => {
    if (files === undefined && loc === undefined) return creating ? `exo ${creating} "…" --max-files N --max-loc N` : undefined;
    if (creating) return files !== undefined && loc !== undefined ? `exo ${creating} "…" --max-files ${files} --max-loc ${loc}` : files !== undefined ? `exo ${creating} "…" --max-files ${files}` : `exo ${creating} "…" --max-loc ${loc}`;
    if (id === undefined) return undefined;
    return files !== undefined && loc !== undefined ? `exo ticket-update ${id} --max-files ${files} --max-loc ${loc}` : files !== undefined ? `exo ticket-update ${id} --max-files ${files}` : `exo ticket-update ${id} --max-loc ${loc}`;
  };
  const hint = code === ErrorCode.CHECK_NOT_ALLOWED ? "add the command to checks.allowlist in .exo/config.yaml, then exo compose" : code === ErrorCode.BUDGET_EXCEEDS_CEILING ? budgetHint() : undefined;
  // A check typed with a slip: details typed and meant give the CLI the line typed with it corrected.
  const slip = code === ErrorCode.CHECK_NOT_ALLOWED ? /^check ("(?:[^"\\]|\\.)*") is not in checks\.allowlist; did you mean ("(?:[^"\\]|\\.)*")\?$/.exec(first.message) : null;
  const meant = slip ? { typed: JSON.parse(slip[1] as string) as string, meant: JSON.parse(slip[2] as string) as string } : {};
  // The others named when they fit on the line (before: "(and 1 more)", found only after fixing the first).
  const others = issues.slice(1).map((i) => i.message);
  const named = others.join("; ");
  const more = others.length === 0 ? "" : named.length <= 160 ? ` (also: ${named})` : ` (and ${others.length} more)`;
  return new ExoError(code, `${first.message}${more}${first.message.endsWith("?") && more === "" ? "" : "."}`, { hint, details: { issues, ...meant } });
}

/**
 * A task given a task as --parent: the parent meant is most likely that task's own (its epic or
 * intent). The message names it and details carry `typed` and `meant`, so the CLI's hint is the
 * line typed with it (before: `exo intents`, and the person had to find the id there).
 */
function withParentMeant(error: ExoError, ticket: Ticket, tickets: ReadonlyMap<string, Ticket>, command: string): ExoError {
  // An intent takes no parent at all: no other ticket is the one meant.
  if ((error.code !== ErrorCode.INVALID_PARENT && error.code !== ErrorCode.TICKET_NOT_FOUND) || ticket.parent === null || ticket.kind === "intent") return error;
  const given = tickets.get(ticket.parent);
  // Its parent's own parent, else the one ticket that can be a parent here.
  const fits = (t: Ticket) => t.id !== ticket.id && (ticket.kind === "epic" ? t.kind === "intent" : t.kind !== "task") && t.status !== "archived" && t.status !== "cancelled";
  const only = [...tickets.values()].filter(fits);
  if (error.code === ErrorCode.TICKET_NOT_FOUND) return parentMissing(error, ticket.parent, only, command, [...tickets.keys()]);
  const meant = given?.parent ? tickets.get(given.parent) : only.length === 1 ? only[0] : undefined;
  if (!given || !meant || !fits(meant)) return error;
  return new ExoError(error.code, `${error.message.replace(/\.$/, "")}; did you mean ${meant.id === given.parent ? "its parent" : "the " + meant.kind} ${meant.id}?`, {
    hint: `exo ${command} --parent ${meant.id}`,
    details: { ...(error.details as Record<string, unknown>), typed: given.id, meant: meant.id },
  });
}

/**
 * A --parent that names no ticket (the README tour's `--parent INT-001` after `exo install
 * --example`, whose intent has a generated id): the one ticket that can be the parent, with the
 * line typed with it (details `typed`, `meant`); several, named with their titles; none, the
 * intent to create under that id. Before: `parent INT-001 does not exist.` and `exo tickets --all`.
 */
function parentMissing(error: ExoError, typed: string, fits: readonly Ticket[], command: string, ids: readonly string[]): ExoError {
  // A slip (`--parent int01`: the command's did-you-mean names INT-001), or other problems named on the line: as it is.
  const details = error.details as { issues?: unknown[] };
  if (nearTicketId(typed, ids) !== null || (details.issues?.length ?? 0) > 1) return error;
  const message = error.message.replace(/\.$/, "");
  const [one] = fits;
  if (fits.length === 1 && one) {
    return new ExoError(error.code, `${message}; did you mean the ${one.kind} ${one.id} (${JSON.stringify(one.title)})?`, {
      hint: `exo ${command} --parent ${one.id}`,
      details: { ...(error.details as Record<string, unknown>), typed, meant: one.id },
    });
  }
  if (fits.length > 1) {
    const sorted = [...fits].sort((a, b) => (a.id < b.id ? -1 : 1));
    const named = sorted.slice(0, 3).map((t) => `${t.id} (${JSON.stringify(t.title)})`).join(", ");
    return new ExoError(error.code, `${message}; parents here: ${named}${sorted.length > 3 ? ` and ${sorted.length - 3} more` : ""}.`, { hint: "exo intents", details: error.details });
  }
  return new ExoError(error.code, `${message}, and there is no intent yet: create it first.`, { hint: `exo intent-create "Goal" --brain-dump "…" --id ${typed}`, details: error.details });
}

export async function governanceDefaults(repo: Repo): Promise<{ budgets: Budgets; ceiling: Budgets | null; allowlist: string[]; defaultChecks: string[] }> {
  const config = await loadConfig(repo);
  const text = await readGovernedTextOrNull(repo.constitutionFile, [repo.mainRoot, repo.root]);
  const constitution = text ? parseConstitution(text).value : null;
  return {
    budgets: constitution?.budgets.default ?? DEFAULT_BUDGETS,
    ceiling: constitution?.budgets.ceiling ?? null,
    allowlist: config.checks.allowlist,
    defaultChecks: config.checks.default_ticket_checks,
  };
}

export interface CreateInput extends TicketInput {
  title: string;
  id?: string | undefined;
}

/** SCOPE_WIDENS_PARENT (SPEC §6.2): an own scope that is not inside the parent's effective scope. */
function warnIfWidens(ctx: Context, ticket: Ticket, tickets: ReadonlyMap<string, Ticket>): void {
  const parent = ticket.parent ? tickets.get(ticket.parent) : undefined;
  if (!parent) return;
  const parentScope = effectiveScope(parent, ancestorsOf(tickets, parent));
  if (!(ticket.scope.allow.length === 1 && ticket.scope.allow[0] === "**") && !isContained(ticket.scope.allow, parentScope.allow)) {
    ctx.warn(WarningCode.SCOPE_WIDENS_PARENT, `The scope of ${ticket.id} (${ticket.scope.allow.join(", ")}) is not inside its parent's (${parentScope.allow.join(", ")}).`);
  }
}

/**
 * SCOPE_ROOT_RELATIVE: run from a subfolder (a monorepo package), `--scope-allow src/**` means the
 * root's src/, not this folder's. Warn when a glob's leading folder is missing at the root.
 */
function warnIfRootRelative(ctx: Context, repo: Repo, globs: readonly string[] | undefined): void {
  if (!globs || globs.length === 0) return;
  let here: string;
  try {
    here = relative(repo.root, realpathSync(ctx.cwd)).split(sep).join("/");
  } catch {
    return;
  }
  if (here === "" || here.startsWith("..")) return;
  for (const raw of globs) {
    const glob = normalizeGlob(raw);
    const base = glob.split("/")[0] ?? "";
    if (base === "" || !isLiteralPattern(base) || glob === here || glob.startsWith(`${here}/`)) continue;
    if (existsSync(`${repo.root}/${base}`)) continue;
    ctx.warn(
      WarningCode.SCOPE_ROOT_RELATIVE,
      `Scope ${glob} is relative to the repository root (${repo.root}), where ${base} does not exist; you are in ${here}: for this folder use ${here}/${glob}.`,
    );
  }
}

/** `scopeFromExo`: the scope is exo's own (the --example starter's root globs), not typed in the folder run from. */
export async function createTicket(ctx: Context, kind: TicketKind, input: CreateInput, opts: { scopeFromExo?: boolean } = {}): Promise<{ ticket: Ticket; path: string }> {
  const repo = await ctx.governed();
  // The ticket this writes will be merged: this clone needs exo's merge driver (git config is not cloned).
  await (await import("../stdlib/git/team.js")).registerMergeDriverQuietly(repo);
  const defaults = await governanceDefaults(repo);
  const index = await listTickets(repo);
  const taken = input.id ? [...index.tickets.keys()].find((k) => k.toLowerCase() === input.id?.toLowerCase()) : undefined;
  if (taken !== undefined) {
    // Name the ticket that holds the id, as it is spelled (the id typed may differ in case).
    const same = taken === input.id ? "" : ` (${input.id} is the same id: ids are unique ignoring case)`;
    throw new ExoError(ErrorCode.ID_EXISTS, `A ticket ${taken} exists already${same}; pick another id.`, { hint: `exo ticket-show ${taken}` });
  }
  const now = ctx.now();
  let attempt = 0;
  for (;;) {
    const ticket = mintTicket({ kind, title: input.title, fields: input, id: input.id ?? null, now, randomInt, createdBy: ctx.actor, defaults: { budgets: defaults.budgets, checks: defaults.defaultChecks } });
    const { value, issues } = validateTicket(ticket, { tickets: index.tickets, allowlist: defaults.allowlist, ceiling: defaults.ceiling });
    if (!value) throw withParentMeant(validationError(issues, kind === "intent" ? "intent-create" : "ticket-create"), ticket, index.tickets, `ticket-create ${shellWord(ticket.title)}${ticket.kind === "epic" ? " --kind epic" : ""}`);
    warnIfWidens(ctx, ticket, index.tickets);
    if (attempt === 0 && !opts.scopeFromExo) warnIfRootRelative(ctx, repo, input.scope?.allow);
    try {
      await createTicketFile(repo, ticket, ctx.host);
    } catch (error) {
      if (error instanceof ExoError && error.code === ErrorCode.ID_EXISTS && !input.id && ++attempt < 5) continue;
      throw error;
    }
    await appendLedger(repo, { actor: ctx.actor, host: ctx.host, now }, [{ type: "ticket.created", ticket: ticket.id, data: { kind, parent: ticket.parent, title: ticket.title, priority: ticket.priority } }]);
    await (await import("../stdlib/git/sidecar.js")).sidecarStep(repo.exoDir, "create", ticket.id, (c, m) => ctx.warn(c, m));
    return { ticket, path: repo.relative(repo.ticketFile(ticket.id)) };
  }
}

export interface UpdateInput {
  title?: string | undefined;
  description?: string | undefined;
  status?: TicketStatus | undefined;
  reason?: string | undefined;
  priority?: number | undefined;
  type?: string | undefined;
  /** null removes the parent (`--clear-parent`). */
  parent?: string | null | undefined;
  add_blocker?: string[];
  remove_blocker?: string[];
  add_label?: string[];
  remove_label?: string[];
  scope_allow?: string[] | undefined;
  scope_deny?: string[] | undefined;
  boundary?: string[] | undefined;
  max_files?: number | undefined;
  max_loc?: number | undefined;
  check?: string[] | undefined;
  brain_dump?: string | undefined;
  success_condition?: string[] | undefined;
  risk?: "low" | "medium" | "high" | undefined;
}

/** Ticket fields a session takes in at start and resume. */
const FENCE_FIELDS = ["scope", "boundaries", "budgets", "checks", "parent"];

export async function editTicket(ctx: Context, id: string, input: UpdateInput): Promise<{ ticket: Ticket; changed: string[] }> {
  const repo = await ctx.governed();
  // The ticket this writes will be merged: this clone needs exo's merge driver (git config is not cloned).
  await (await import("../stdlib/git/team.js")).registerMergeDriverQuietly(repo);
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  const defaults = await governanceDefaults(repo);
  const index = await listTickets(repo);
  if (!index.tickets.has(id)) {
    await readTicket(repo, id); // TICKET_INVALID for a broken file, else not found
    throw notFound(id);
  }
  const changed: string[] = [];
  // A session open on the ticket is what stands between it and done or cancelled: the refusal names
  // the step that clears it (before: a hint to ticket-close, which then refused with TICKET_IN_USE).
  const closing = input.status === "done" || input.status === "cancelled" ? input.status : null;
  const holder = closing ? (await (await import("../stdlib/sessions/store.js")).listSessions(repo)).find((s) => s.ticket === id) : undefined;
  // A close of a task handed to a teammate names that handoff (an unreadable one is doctor's).
  const handoff = closing && !holder ? await (await import("../stdlib/sessions/state-files.js")).readHandoff(repo, id).catch(() => null) : null;
  const { after } = await updateTicket(repo, who, id, (t) => {
    const set = <K extends keyof Ticket>(key: K, value: Ticket[K] | undefined) => {
      if (value === undefined || JSON.stringify(t[key]) === JSON.stringify(value)) return;
      t[key] = value;
      changed.push(key);
    };
    set("title", input.title?.trim());
    set("description", input.description);
    set("priority", input.priority);
    set("type", input.type);
    set("parent", input.parent);
    set("brain_dump", input.brain_dump);
    set("risk", input.risk);
    set("success_conditions", input.success_condition);
    set("boundaries", input.boundary);
    set("checks", input.check);
    if (input.scope_allow !== undefined || input.scope_deny !== undefined) {
      set("scope", { allow: input.scope_allow ?? t.scope.allow, deny: input.scope_deny ?? t.scope.deny });
    }
    if (input.max_files !== undefined || input.max_loc !== undefined) {
      set("budgets", { max_files: input.max_files ?? t.budgets.max_files, max_loc: input.max_loc ?? t.budgets.max_loc });
    }
    if ((input.add_blocker?.length ?? 0) + (input.remove_blocker?.length ?? 0) > 0) {
      const blockers = [...new Set([...t.blockers, ...(input.add_blocker ?? [])])].filter((b) => !(input.remove_blocker ?? []).includes(b));
      set("blockers", blockers);
    }
    if ((input.add_label?.length ?? 0) + (input.remove_label?.length ?? 0) > 0) {
      const labels = [...new Set([...t.labels, ...(input.add_label ?? [])])].filter((l) => !(input.remove_label ?? []).includes(l));
      set("labels", labels);
    }
    const others = new Map(index.tickets);
    others.set(t.id, t);
    const { issues } = validateTicket(t, { tickets: others, allowlist: changed.includes("checks") ? defaults.allowlist : [...defaults.allowlist, ...t.checks], ceiling: defaults.ceiling });
    if (issues.length > 0) {
      const error = withParentMeant(validationError(issues, undefined, { id: t.id }), t, others, `ticket-update ${t.id}`);
      // A parent the file already had (a pull, a hand edit) and this edit did not name: every edit
      // of the ticket is refused until it goes, so the way on is removing it (before: `exo intents`).
      if (error.code === ErrorCode.INVALID_PARENT && input.parent === undefined && !("meant" in error.details)) {
        throw new ExoError(error.code, `${t.id}'s file has parent ${t.parent}: ${error.message}`, { hint: `exo ticket-update ${t.id} --clear-parent`, details: error.details });
      }
      throw error;
    }
    if (input.status === "active" && t.kind === "task" && t.status === "active") {
      // SPEC §4.5.3: ticket-update never sets active on a task, not even as a no-op.
      throw new ExoError(ErrorCode.INVALID_TRANSITION, `ticket-update never sets a task active; ${t.id} is active through its claim or session (allowed: todo).`, {
        hint: `exo ticket-show ${t.id}`,
        details: { from: t.status, to: input.status, allowed: ["todo"] },
      });
    }
    if (input.status !== undefined && input.status !== t.status) {
      const verdict = checkTransition(t.kind, t.status, input.status, "ticket-update", input.reason ?? null);
      if (!verdict.ok) {
        const refused = transitionError(t, input.status, verdict);
        if (closing && holder && verdict.reason !== "reason_required") {
          const way = sessionFirst(holder, t.id, ctx.actor, closing);
          throw new ExoError(ErrorCode.INVALID_TRANSITION, `${refused.message.slice(0, -1)}: session ${holder.id} of ${holder.actor} (${holder.status}) works on it; ${way.step}.`, {
            hint: way.hint,
            details: { ...refused.details, session: holder.id },
          });
        }
        // A task handed to a teammate (paused, a handoff pending): the close ends that handoff,
        // so say whose it is before the hint closes it (before: the close, with no word of it).
        if (closing && handoff && t.status === "paused" && verdict.reason !== "reason_required") {
          const handed = handoff.to_actor;
          const to = handed ?? "any actor";
          throw new ExoError(ErrorCode.INVALID_TRANSITION, `${refused.message.slice(0, -1)}: it is handed to ${to}, who would take it with exo next; exo ticket-close ${t.id} closes it as ${closing} in that handoff's place.`, {
            hint: refused.hint,
            details: { ...refused.details, handed_to: handed },
          });
        }
        throw refused;
      }
      if (t.kind !== "task" && input.status === "done") {
        const open = [...index.tickets.values()].filter((c) => c.parent === t.id && !CLOSED.includes(c.status)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        if (open.length > 0) {
          throw new ExoError(ErrorCode.TICKET_OPEN_CHILDREN, `${t.id} has ${plural(open.length, "open child ticket")} (${open.map((c) => c.id).slice(0, 5).join(", ")}); finish or cancel them first.`, { details: { children: open.map((c) => c.id) } });
        }
      }
    }
    return changed.length > 0 ? t : null;
  });
  let ticket = after;
  // Field names in SPEC §4.5.1's order, whatever order the flags came in.
  changed.sort((a, b) => KEY_ORDER.indexOf(a as (typeof KEY_ORDER)[number]) - KEY_ORDER.indexOf(b as (typeof KEY_ORDER)[number]));
  if (changed.includes("scope") || changed.includes("parent")) warnIfWidens(ctx, after, index.tickets);
  if (changed.includes("scope")) warnIfRootRelative(ctx, repo, input.scope_allow);
  if (changed.length > 0) await appendLedger(repo, who, [{ type: "ticket.updated", ticket: id, data: { fields: changed } }]);
  // A session keeps the scope, budgets and checks it started with (SPEC §7.2): say so when the
  // edit touches an open session's ticket or one of its ancestors.
  if (changed.some((f) => FENCE_FIELDS.includes(f))) {
    const { listSessions } = await import("../stdlib/sessions/store.js");
    const tickets = new Map(index.tickets);
    tickets.set(id, after);
    const under = (t: string | null | undefined, depth = 0): boolean => !!t && depth < 20 && (t === id || under(tickets.get(t)?.parent, depth + 1));
    const open = (await listSessions(repo)).filter((s) => (s.status === "active" || s.status === "suspended") && under(s.ticket));
    for (const s of open) {
      ctx.warn(
        WarningCode.SESSION_KEEPS_SCOPE,
        s.status === "active"
          ? `Session ${s.id} of ${s.actor} on ${s.ticket} keeps the scope it started with; the change applies once it is suspended and resumed (exo session-suspend, then exo session-resume) or to its next session.`
          : `Session ${s.id} of ${s.actor} on ${s.ticket} is suspended; the change applies when it resumes.`,
      );
    }
  }
  if (input.status !== undefined && input.status !== ticket.status) {
    ticket = (await setTicketStatus(repo, who, id, input.status, input.reason ?? "updated", "ticket-update")).ticket;
    if (closing && handoff) await (await import("./ticket-close.js")).endHandoff(repo, who, id, closing);
    changed.splice(changed.filter((f) => KEY_ORDER.indexOf(f as (typeof KEY_ORDER)[number]) < KEY_ORDER.indexOf("status")).length, 0, "status");
  }
  if (changed.length > 0) await (await import("../stdlib/git/sidecar.js")).sidecarStep(repo.exoDir, "update", id, (c, m) => ctx.warn(c, m));
  return { ticket: ticketData(ticket), changed };
}

