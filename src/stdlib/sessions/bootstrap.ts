// The bootstrap prompt (SPEC §7.10): Markdown the agent reads first. Deterministic: the same
// inputs give the same bytes.
import type { SealedPolicy } from "../governance/model.js";
import type { LockState } from "../locks/types.js";
import type { Ticket } from "../tickets/types.js";
import type { Advisory, SessionRecord } from "./types.js";
import { plural } from "../../kernel/plural.js";

export interface Machine {
  cores: number;
  load1: number | null;
  free_mb: number;
  total_mb: number;
  sessions_on_host: number;
}

export interface Learning {
  id: string;
  severity: string;
  insight: string;
  pattern: string;
}

export interface PreviousSession {
  session: string;
  actor: string;
  outcome: string;
  finished_at: string;
  drift: number | null;
  summary: string;
  next_steps: string[];
}

export interface BootstrapInput {
  session: SessionRecord;
  ticket: Ticket;
  ancestors: Ticket[];
  lock: LockState | null;
  policy: SealedPolicy | null;
  siblings: { session: SessionRecord; stale: boolean }[];
  /** Live leases of other clones (fetched lease refs). */
  remote?: { id: string | null; actor: string; host: string; ticket: string; ticket_title: string; since: string; scope: string[] }[];
  advisories: Advisory[];
  machine: Machine;
  learnings: Learning[];
  previous: PreviousSession | null;
  handoff: { from_actor: string; from_session: string; created_at: string; reason: string; summary: string; next_steps: string[]; branch: string | null; head_commit: string | null } | null;
  resumed: { suspended_at: string; reason: string } | null;
}

const code = (s: string) => `\`${s}\``;
const list = (items: readonly string[]) => items.map(code).join(", ");
const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export function renderBootstrap(b: BootstrapInput): string {
  const s = b.session;
  const t = b.ticket;
  const out: string[] = [];
  out.push(`# exo session ${s.id}`, "");
  out.push(`- ticket: ${t.id} ${JSON.stringify(t.title)} (${t.kind}, ${t.type}, priority ${t.priority}, status ${t.status})`);
  out.push(`- actor: ${s.actor} · vendor: ${s.vendor} · model: ${s.model} · harness: ${s.harness}`);
  out.push(`- branch: ${s.branch ?? "(detached)"} · base: ${s.base_branch}${s.merge_base ? ` (merge base ${s.merge_base.slice(0, 8)})` : ""}`);
  out.push(b.lock ? `- lock: owner ${b.lock.owner}, fencing token ${b.lock.fencing_token}, expires ${b.lock.expires_at}` : "- lock: none");
  out.push(b.policy ? `- governance: lock v${b.policy.lock_version} sha256 ${b.policy.lock_sha256.slice(0, 16)}` : "- governance: not compiled");
  out.push("", "## Task", s.task && s.task.trim() ? s.task.trim() : "No task text was given; work from the ticket.");

  out.push("", "## Ticket");
  if (t.description.trim()) out.push(t.description.trim());
  const chain = [...b.ancestors].reverse();
  out.push(chain.length > 0 ? `Parents: ${chain.map((a) => `${a.id} ${JSON.stringify(a.title)}`).join(" > ")}` : "Parents: None: this ticket has no intent.");
  const intent = b.ancestors.find((a) => a.kind === "intent");
  if (intent) {
    if (intent.brain_dump.trim()) out.push(`Brain dump: ${intent.brain_dump.trim()}`);
    if (intent.success_conditions.length > 0) out.push("Success conditions:", ...intent.success_conditions.map((c) => `- ${c}`));
    out.push(`Risk: ${intent.risk}`);
  }
  if (t.success_conditions.length > 0) out.push("Done when:", ...t.success_conditions.map((c) => `- ${c}`));

  out.push("", "## Scope");
  out.push(`- allow: ${list(s.scope.allow)}`);
  out.push(s.scope.deny.length ? `- deny: ${list(s.scope.deny)}` : "- deny: none");
  out.push(s.scope.boundaries.length ? `- boundaries: ${list(s.scope.boundaries)}` : "- boundaries: none");
  out.push(s.scope.source === t.id ? "- scope source: this ticket" : `- scope source: ${s.scope.source} (inherited)`);
  out.push(`- budget: at most ${s.budgets.max_files} files and ${s.budgets.max_loc} changed lines`);
  out.push("Writes outside this scope are blocked where exo hooks are installed and always count as drift at finish.");

  out.push("", "## Rules");
  const rules: string[] = [];
  for (const r of b.policy?.deny ?? []) rules.push(`- ${r.id}: no ${r.actions.join(", ")} on ${list(r.patterns)} — ${r.message}`);
  if (b.policy?.require_lock) rules.push("- Writes require holding this ticket's lock.");
  if (b.policy?.drift_gate !== null && b.policy?.drift_gate !== undefined) rules.push(`- Finish fails when drift exceeds ${b.policy.drift_gate} (drift gate).`);
  if (b.policy?.budget_gate) rules.push("- Finish fails when the budget is exceeded (budget gate).");
  out.push(...(rules.length ? rules : ["None."]));

  out.push("", "## Checks");
  out.push(...(s.checks.length ? s.checks.map((c) => `- ${code(c)}`) : ["No checks run at finish for this ticket."]));

  if (b.handoff) {
    const h = b.handoff;
    out.push("", "## Handoff", `From ${h.from_actor} (${h.from_session}) at ${h.created_at}: ${h.reason}`, h.summary);
    if (h.next_steps.length) out.push("Next steps:", ...h.next_steps.map((n) => `- ${n}`));
    if (h.branch) out.push(`Continue from branch ${h.branch}${h.head_commit ? ` at ${h.head_commit.slice(0, 8)}` : ""}.`);
  }
  if (b.resumed) out.push("", "## Resumed", `Suspended at ${b.resumed.suspended_at} because: ${b.resumed.reason}`);

  out.push("", "## Previous session");
  if (b.previous) {
    const p = b.previous;
    const steps = p.next_steps.length ? ` Next steps: ${p.next_steps.map((n) => `- ${n}`).join(" ")}` : "";
    out.push(`${p.session} by ${p.actor}, ${p.outcome} at ${p.finished_at}, drift ${p.drift === null ? "n/a" : p.drift.toFixed(3)}: ${p.summary}${steps}`);
  } else out.push("None.");

  out.push("", "## Other sessions");
  const remote = b.remote ?? [];
  out.push(
    ...(b.siblings.length + remote.length
      ? [
          ...b.siblings.map(({ session: o, stale }) => `- ${o.id} ${o.actor} on ${o.ticket} ${JSON.stringify(o.ticket_title)} since ${o.started_at} — scope ${list(o.scope.allow)}${o.status === "suspended" ? " [suspended]" : ""}${stale ? " [stale]" : ""}`),
          ...remote.map((o) => `- ${o.id ?? "(claimed)"} ${o.actor} on ${o.ticket} ${JSON.stringify(o.ticket_title)} since ${o.since} — scope ${list(o.scope)} [remote: ${o.host || "another host"}]`),
        ]
      : ["None."]),
  );

  out.push("", "## Advisories");
  out.push(...(b.advisories.length ? b.advisories.map((a) => `- [${a.severity}] ${a.kind}: ${a.message}`) : ["None."]));

  out.push("", "## Machine");
  const m = b.machine;
  out.push(`${m.cores} cores · load ${m.load1 === null ? "n/a" : m.load1.toFixed(2)} · ${m.free_mb} MiB free of ${m.total_mb} MiB · ${plural(m.sessions_on_host, "exo session")} on this host`);

  out.push("", "## Learnings");
  out.push(...(b.learnings.length ? b.learnings.map((l) => `- [${l.severity}] ${l.insight} (${l.id})`) : ["None."]));

  out.push("", "## Commands");
  const who = `EXO_ACTOR=${q(s.actor)}`;
  out.push(`- heartbeat: \`${who} exo lease-heartbeat\``);
  out.push(`- suspend: \`${who} exo session-suspend --reason "…"\``);
  out.push(`- finish: \`${who} exo session-finish --summary "…"\``);
  // The placeholder is quoted: pasted as printed, a bare `<actor>` is the shell's redirect from a file.
  out.push(`- hand off: \`${who} exo session-handoff --to '<actor>' --summary "…"\``);
  out.push(`- record a lesson: \`exo reflect --pattern "…" --insight "…"\``);
  return `${out.join("\n")}\n`;
}

/** Advisories ordered as §7.10 says: warnings before infos, then kind, then message. */
export function sortAdvisories(advisories: Advisory[]): Advisory[] {
  const rank = (a: Advisory) => (a.severity === "warning" ? 0 : 1);
  return [...advisories].sort((a, b) => rank(a) - rank(b) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}
