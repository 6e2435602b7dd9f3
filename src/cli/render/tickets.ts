// Human views of ticket commands: lists, the intent tree (SPEC §6.2), dispatch and locks.
import type { TreeNode } from "../../orchestrator/tree.js";
import type { DispatchResult } from "../../orchestrator/dispatch.js";
import type { LockState } from "../../stdlib/locks/types.js";
import type { Ticket } from "../../stdlib/tickets/types.js";
import { c, clip, COLUMNS, hanging, plural, table, tone, truncated, width, wrap } from "./style.js";
import { verifyWords } from "./sessions.js";

const isDefault = (allow: string[]) => allow.length === 1 && allow[0] === "**";

/**
 * A node of the tree: `ID "title" (status) scope: … drift: …` on one line of COLUMNS. When that
 * does not fit with 12 columns of title, the scope and drift go to lines of their own under it
 * (`cont` leads them), then the title too; the id is never cut (it is what a user copies).
 */
function nodeLines(node: TreeNode, parentAllow: string[] | null, lead: string, cont: string): string[] {
  const scope = !isDefault(node.scope.allow) && JSON.stringify(node.scope.allow) !== JSON.stringify(parentAllow) ? `scope: ${node.scope.allow.join(", ")}` : "";
  const drift = node.drift !== null ? `drift: ${node.drift.toFixed(2)}` : "";
  const extra = [scope, drift].filter(Boolean).join(" ");
  // The status too: a tree of titles alone does not tell what is done, in review or waiting.
  // A long title is clipped so the line fits (ticket-show has it whole); before, a sentence-long
  // title ran the line to 120.
  const title = (room: number) => JSON.stringify(clip(node.title, room));
  const room = COLUMNS - width(`${lead}${node.id} "" (${node.status})${extra ? ` ${extra}` : ""}`);
  if (room >= 12 || !extra && room >= width(node.title)) return [`${node.id} ${title(Math.max(12, room))} (${node.status})${extra ? ` ${extra}` : ""}`];
  const bare = COLUMNS - width(`${lead}${node.id} "" (${node.status})`);
  const out = bare >= Math.min(12, width(node.title)) ? [`${node.id} ${title(bare)} (${node.status})`] : [`${node.id} (${node.status})`, `${cont}${title(Math.max(12, COLUMNS - width(cont) - 2))}`];
  for (const part of [scope, drift].filter(Boolean)) out.push(...hanging(cont, part, `${cont}  `));
  return out;
}

/** Under an open intent or epic whose work is all closed: the close it waits for (before: todo, nothing said). */
function closableLine(node: TreeNode, cont: string): string[] {
  return node.closable ? hanging(cont, `all its work is closed: exo ticket-close ${node.id}`, `${cont}  `) : [];
}

function renderChildren(children: TreeNode[], prefix: string, parentAllow: string[] | null, out: string[]): void {
  children.forEach((child, i) => {
    const last = i === children.length - 1;
    const under = `${prefix}${last ? "    " : "│   "}`;
    const cont = `${under}${child.children.length > 0 ? "│ " : "  "}`;
    const [first = "", ...rest] = nodeLines(child, parentAllow, `${prefix}└── `, cont);
    out.push(`${prefix}${last ? "└── " : "├── "}${first}`, ...rest, ...closableLine(child, cont));
    renderChildren(child.children, under, isDefault(child.scope.allow) ? parentAllow : child.scope.allow, out);
  });
}

export function renderTree(d: { roots: TreeNode[]; orphans: TreeNode[]; stale?: string[]; in_repo?: number }): string {
  const out: string[] = [];
  for (const root of d.roots) {
    out.push(...nodeLines(root, null, "", root.children.length > 0 ? "│ " : "  "), ...closableLine(root, root.children.length > 0 ? "│ " : "  "));
    renderChildren(root.children, "", isDefault(root.scope.allow) ? null : root.scope.allow, out);
  }
  if (d.orphans.length > 0) {
    if (out.length > 0) out.push("");
    out.push("Orphans (no intent above them):");
    renderChildren(d.orphans, "", null, out);
  }
  // No tree: the filters are empty (tickets there are), or the repository is.
  if (out.length === 0) out.push((d.in_repo ?? 0) > 0 ? `no ticket matches these filters (${plural(d.in_repo ?? 0, "ticket")} in all)` : 'no tickets here; new work starts with: exo intent-create "Goal" --brain-dump "why"');
  if (d.stale && d.stale.length > 0) out.push(`Stale intents (no activity for 5 days): ${d.stale.join(", ")}`);
  return out.join("\n");
}

interface ListRow {
  id: string;
  kind: string;
  title: string;
  status: string;
  priority: number;
  type: string;
  locked: boolean;
  waiting_for?: string[];
}

export function renderTickets(d: { tickets?: ListRow[]; total?: number; in_repo?: number; roots?: TreeNode[]; orphans?: TreeNode[] }): string {
  if (d.roots) return renderTree({ roots: d.roots, orphans: d.orphans ?? [], ...(d.in_repo !== undefined ? { in_repo: d.in_repo } : {}) });
  const rows = d.tickets ?? [];
  // Tickets there are, none of them matching: the filters are empty, not the repository.
  if (rows.length === 0 && (d.in_repo ?? 0) > 0) return `no ticket matches these filters (${plural(d.in_repo ?? 0, "ticket")} in all; exo tickets --all lists them)`;
  if (rows.length === 0) return 'no tickets here (exo tickets --all adds archived and cancelled ones)\nnew work starts with: exo intent-create "Goal" --brain-dump "why"';
  const lines = table(
    rows.map((r) => [r.id, `P${r.priority}`, r.kind, r.status + ((r.waiting_for?.length ?? 0) > 0 ? ", blocked" : "") + (r.locked ? " 🔒" : ""), r.title]),
    { header: ["ID", "PRI", "KIND", "STATUS", "TITLE"], paint: (i, col, cell) => (col === 3 ? tone(rows[i]?.status ?? "", cell) : cell) },
  );
  // The count says what it holds: intents and epics are tickets too, not tasks to work on (before:
  // "4 tickets" beside 2 tasks, read as four things to do).
  const kinds = ["task", "epic", "intent"].map((k) => [k, rows.filter((r) => r.kind === k).length] as const).filter(([, n]) => n > 0);
  const split = kinds.length > 1 && (d.total ?? rows.length) === rows.length ? `: ${kinds.map(([k, n]) => plural(n, k)).join(", ")}` : "";
  // A todo that waits for its blockers says so (before: plain todo, as if ready): how many, and where it says for what.
  const blocked = rows.filter((r) => (r.waiting_for?.length ?? 0) > 0).length;
  lines.push(c.dim(`${plural(d.total ?? rows.length, "ticket")}${split}${blocked > 0 ? `; ${blocked} blocked (exo ready says by what)` : ""}`));
  return lines.join("\n");
}

export function renderTicketCreated(d: { ticket: Ticket; path: string; next_command?: string; next_reason?: string }): string {
  const t = d.ticket;
  // Within 80 columns: a long title is clipped here (the file and ticket-show have it whole), and
  // the path goes to a line of its own when the line is still too long (before: up to 142 columns).
  const head = `created ${t.kind} ${t.id} `;
  const under = t.parent ? ` under ${t.parent}` : "";
  const title = JSON.stringify(clip(t.title, Math.max(12, COLUMNS - width(head + under) - 2)));
  const line = `${head}${title}${under}`;
  const made = width(`${line} (${d.path})`) <= COLUMNS ? `${line} (${d.path})` : `${line}\n  ${d.path}`;
  // Not committed yet: the line that commits the new tickets as exo's own, as ticket-close gives its own.
  return d.next_command ? `${made}\n${d.next_reason ?? ""}\nnext: ${d.next_command}` : made;
}

export function renderTicketUpdated(d: { ticket: Ticket; changed: string[]; next_command?: string; next_reason?: string }): string {
  const head = d.changed.length === 0 ? `${d.ticket.id}: nothing changed` : `${d.ticket.id}: updated ${d.changed.join(", ")} (status ${d.ticket.status})`;
  // Not committed yet: the line that commits the edit as exo's own, as create and close give theirs.
  return d.next_command ? `${head}\n${d.next_reason ?? ""}\nnext: ${d.next_command}` : head;
}

/** `claimed T-1 "title" (priority 3, score 300)` within 80 columns: a long title is clipped. */
function claimedLine(d: DispatchResult): string {
  const head = `${d.dry_run ? "would claim" : "claimed"} ${d.ticket.id} `;
  const tail = ` (priority ${d.ticket.priority}, score ${d.score})`;
  return `${head}${JSON.stringify(clip(d.ticket.title, Math.max(12, COLUMNS - width(head + tail) - 2)))}${tail}`;
}

export function renderNext(d: DispatchResult): string {
  const r = d.reasoning;
  const lines = [
    claimedLine(d),
    `  score = ${r.formula} = ${r.components.priority_points} + ${r.components.unblocks_points} + ${r.components.age_points}`,
    `  considered ${plural(r.considered, "ready task")}${skippedWhy(r)}${r.lane ? `; lane ${r.lane}` : ""}`,
  ];
  const waiting = r.skipped.filter((s) => s.reason !== "not_todo");
  // As many as fit in the columns, then how many more and where they are (before: four, clipped
  // at 80 columns with the "… 17 more (exo ready)" cut off).
  const total = waiting.length + Math.max(0, Object.entries(r.skipped_by_reason ?? {}).filter(([k]) => k !== "not_todo").reduce((a, [, n]) => a + n, 0) - waiting.length);
  const named = waiting.map((s) => `${s.id} (${s.reason.replaceAll("_", " ")})`);
  let shown = Math.min(named.length, 4);
  const notReady = (k: number) => `  not ready: ${named.slice(0, k).join(", ")}${total > k ? ` … ${total - k} more (exo ready)` : ""}`;
  while (shown > 1 && width(notReady(shown)) > COLUMNS) shown--;
  if (waiting.length > 0) lines.push(c.dim(clip(notReady(shown), COLUMNS)));
  if (d.lock) lines.push(...hanging("  lock: ", `owner ${d.lock.owner}, fencing token ${d.lock.fencing_token}, expires ${d.lock.expires_at}`, "    "));
  // Whole, to copy: a claim teammates' clones cannot see yet, and the line that shows it to them.
  if (d.commit_command) lines.push(...wrap(d.commit_reason ?? "", 0), `commit: ${d.commit_command}`);
  lines.push(`next: ${d.next_command}`);
  return lines.join("\n");
}

/** "; skipped 1 blocked, 3 not todo": every skipped task by its reason, most first. */
function skippedWhy(r: DispatchResult["reasoning"]): string {
  const by = r.skipped_by_reason ?? r.skipped.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x.reason]: (acc[x.reason] ?? 0) + 1 }), {});
  const parts = Object.entries(by).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${n} ${k.replaceAll("_", " ")}`);
  return parts.length > 0 ? `; skipped ${parts.join(", ")}` : "";
}

export function renderLease(d: { lock: LockState | null; previous_fencing_token: number | null; ticket_status: string | null; reacquired?: boolean; forced?: { previous_owner: string; session: string | null; session_actor: string | null } | null }): string {
  if (!d.lock) return "no lock";
  const l = d.lock;
  const until = l.state === "held" ? ` · until ${l.expires_at.slice(0, 16).replace("T", " ")}Z` : "";
  // "released by bob" read as bob releasing it; the owner is whose lock it was.
  const whose = l.state === "held" ? `by ${l.owner}` : `(${l.owner}'s lock)`;
  const line = `${l.ticket} ${tone(l.state)} ${whose} · token ${l.fencing_token}${until}${d.ticket_status ? ` · ticket ${d.ticket_status}` : ""}`;
  const out = [line];
  if (d.reacquired) out.push(c.dim(`re-took the expired lock (token ${d.previous_fencing_token ?? "?"} → ${l.fencing_token}); writes are allowed again`));
  if (d.forced) out.push(c.dim(`forced: taken from ${d.forced.previous_owner}${d.forced.session ? `; session ${d.forced.session}${d.forced.session_actor ? ` of ${d.forced.session_actor}` : ""} lost its lock` : ""}`));
  return out.join("\n");
}

interface ShowView {
  ticket: Ticket;
  ancestors: { id: string; kind: string; title: string; status: string }[];
  children: { id: string; kind: string; title: string; status: string; priority: number }[];
  blockers: { id: string; status: string }[];
  unblocks: string[];
  effective_scope: { allow: string[]; deny: string[]; boundaries: string[]; source: string | null };
  lock: LockState | null;
  sessions: { session: string | null; actor: string; outcome: string; verify: string | null; drift: number | null; finished_at: string }[];
  open_sessions?: { session: string; actor: string; status: string; elsewhere?: boolean }[];
  drift: { avg: number | null; last: number | null };
  handoff: { to_actor?: string | null; from_actor?: string; summary?: string } | null;
}

/** `first` and the pieces two spaces apart, a piece that would pass COLUMNS on a line after `next`. */
function packed(first: string, pieces: string[], next: string): string {
  const lines = [first];
  for (const piece of pieces) {
    const at = lines.length - 1;
    const line = lines[at] as string;
    if (line.trim() === "" || width(`${line}  ${piece}`) <= COLUMNS) lines[at] = line.trim() === "" ? `${line}${piece}` : `${line}  ${piece}`;
    else lines.push(`${next}${piece}`);
  }
  return lines.join("\n");
}

export function renderTicketShow(d: ShowView): string {
  const t = d.ticket;
  // A long title wraps under itself, whole (before: one line of up to 120 columns).
  const title = wrap(t.title, width(t.id) + 2, COLUMNS);
  const out = [`${c.bold(t.id)}  ${(title[0] ?? "").trimStart()}${title.length > 1 ? `\n${title.slice(1).join("\n")}` : ""}`, `${t.kind} · ${tone(t.status)} · P${t.priority} · ${t.type}${t.labels.length ? ` · ${t.labels.join(", ")}` : ""}`];
  // Label/value lines wrap under their value at the terminal's width, ids and paths whole (before:
  // the path, scope and lock lines ran to 75 columns at COLUMNS=40).
  const field = (label: string, value: string) => out.push(...hanging(label.padEnd(9), value));
  if (d.ancestors.length) field("path", [...d.ancestors].reverse().map((a) => a.id).concat(t.id).join(" › "));
  const scope = d.effective_scope;
  const from = scope.source && scope.source !== t.id ? `(from ${scope.source})` : "";
  const scoped = hanging("scope    ", `allow ${scope.allow.join(", ") || "(nothing)"}${scope.deny.length ? `; deny ${scope.deny.join(", ")}` : ""}${from ? ` ${from}` : ""}`);
  out.push(...scoped.map((l) => (from && l.endsWith(from) ? `${l.slice(0, -from.length)}${c.dim(from)}` : l)));
  if (scope.boundaries.length) field("bounds", `never ${scope.boundaries.join(", ")}`);
  field("budget", `${t.budgets.max_files} files, ${t.budgets.max_loc} lines${t.checks.length ? `; checks ${t.checks.join(", ")}` : ""}`);
  // Every blocker done: nothing blocks it any more, and the line says so (before: "blocked  by T (done)").
  const cleared = d.blockers.every((b) => b.status === "done");
  if (d.blockers.length) field(cleared ? "blockers" : "blocked", `${cleared ? "" : "by "}${d.blockers.map((b) => `${b.id} (${tone(b.status === "done" ? "done" : b.status === "missing" ? "missing" : "warn", b.status)})`).join(", ")}`);
  if (d.unblocks.length) field("unblocks", d.unblocks.join(", "));
  const lock = d.lock;
  if (lock) field("lock", `${lock.state} by ${lock.owner}, token ${lock.fencing_token}${lock.state === "held" ? `, until ${lock.expires_at}` : ""}`);
  for (const s of d.open_sessions ?? []) field("session", `${s.session} ${s.actor}, ${tone(s.status)}${s.elsewhere ? " in another clone" : ""}`);
  if (d.drift.last !== null) field("drift", `last ${d.drift.last.toFixed(3)}, average ${d.drift.avg?.toFixed(3) ?? "-"}`);
  if (d.handoff) field("handoff", `to ${d.handoff.to_actor ?? "anyone"}${d.handoff.summary ? `: ${clip(d.handoff.summary, 60)}` : ""}`);
  const text = t.description || t.brain_dump;
  if (text) out.push("", ...wrap(text, 2).slice(0, 8));
  if (t.success_conditions.length) out.push("", "Done when:", ...t.success_conditions.flatMap((s) => hanging("  - ", s)));
  if (d.children.length) {
    out.push("", `Children (${d.children.length}):`);
    out.push(...table(d.children.slice(0, 15).map((ch) => [ch.id, ch.kind, ch.status, ch.title]), { indent: 2, paint: (i, col, cell) => (col === 2 ? tone(d.children[i]?.status ?? "", cell) : cell) }));
    if (d.children.length > 15) out.push(c.dim(`  … ${d.children.length - 15} more (use exo tickets --parent ${t.id})`));
  }
  if (d.sessions.length) {
    out.push("", `Sessions (${d.sessions.length}):`);
    // One line while it fits; narrower, the actor and the outcome go under the session id.
    const row = (s: ShowView["sessions"][number]) => packed(`  ${s.finished_at.slice(0, 16).replace("T", " ")}`, [s.session ?? "-", s.actor, `${tone(s.outcome)}${s.verify ? ` ${verifyWords(s.verify)}` : ""}${s.drift !== null ? ` drift ${s.drift.toFixed(3)}` : ""}`], "    ");
    out.push(...truncated(d.sessions.slice().reverse(), 5, row, "--format json"));
  }
  return out.join("\n");
}
