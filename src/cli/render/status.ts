// Human view of `exo status`.
import type { StatusData } from "../../orchestrator/status.js";
import { SETTLED_STATUSES } from "../../stdlib/tickets/types.js";
import { c, clip, COLUMNS, hanging, plural, tone, width } from "./style.js";

export function renderStatus(data: StatusData): string {
  const lines: string[] = [];
  lines.push(`repo        ${data.repo.root} (${data.repo.branch ?? "detached"}${data.repo.head ? ` @ ${data.repo.head.slice(0, 8)}` : ", no commits"})`);
  const gov = data.governance;
  // Not valid: the command that deals with it, as the adapters and next lines give theirs.
  const fix = gov.status === "valid" ? "" : gov.status === "stale" || gov.status === "missing" ? " (exo compose)" : " (exo doctor)";
  lines.push(`governance  ${tone(gov.status)}${gov.version !== null ? ` · lock v${gov.version} ${gov.lock_sha256?.slice(0, 16)}` : ""}${fix}`);
  lines.push(`tickets     ${ticketCounts(data, KEEP)}`);
  lines.push(`sessions    ${data.sessions.length === 0 ? "none" : sessionCounts(data.sessions)}`);
  for (const s of data.sessions) lines.push(`  ${s.id} ${s.actor} on ${s.ticket} ${s.status}${s.stale ? c.red(" [stale]") : ""}`);
  const held = data.locks.filter((l) => l.live).length;
  lines.push(`locks       ${held === 0 ? "none held" : `${held} held`}`);
  // A label and its value are one piece when the line wraps (before: "… session" and, under it, the id).
  // A claim on a ticket in review or closed since (a handoff --keep-lock the receiver finished in
  // their clone, pulled here) says so: nobody starts on it.
  const settled = (l: StatusData["locks"][number]) => l.ticket_status !== undefined && l.ticket_status !== null && SETTLED_STATUSES.has(l.ticket_status);
  for (const l of data.locks.filter((x) => x.live)) lines.push(`  ${l.ticket} owner${KEEP}${l.owner}${l.session ? ` session${KEEP}${l.session}` : ""} until${KEEP}${l.expires_at}${!l.session && settled(l) ? ` (ticket${KEEP}${l.ticket_status})` : ""}`);
  // Nothing to dispatch but a claim with no session (exo next, then no session-start): that is next
  // (not for a ticket in review or closed, which a session would reopen: before, "TICKET-002 is
  // claimed with no session (exo session-start …)" for a task a teammate had finished). The claim
  // this actor starts, with the --actor it needs (before: the first claim, whoever's, without it).
  const waiting = data.claimed;
  // No tickets at all: "exo ready says why" sent a newcomer to a command that only says to create one.
  const none = Object.keys(data.tickets.by_status).length === 0;
  // Your own session open: its finish (or resume), as exo ready and exo alone give it (before:
  // "exo ready says why", one more command to learn that).
  const own = data.own_session;
  const step = waiting ? { say: `nothing ready; ${waiting.ticket} is claimed with no session`, run: waiting.next_command } : own ? { say: `nothing ready; your session on ${own.ticket} is ${own.status === "active" ? "open" : "suspended"}`, run: own.next_command } : data.ready_next ? { say: "nothing ready; exo ready's next step", run: data.ready_next } : null;
  const idle = step ? `${step.say} (${step.run})` : none ? 'no tickets yet (exo intent-create "Goal" --brain-dump "…")' : "nothing ready (exo ready says why)";
  const room = data.next ? COLUMNS - width(`next        ${data.next.ticket} "" score ${data.next.score} (exo next)`) : 0;
  const nextLine = `next        ${data.next ? `${data.next.ticket} "${clip(data.next.title, Math.max(12, room))}" score ${data.next.score} (exo next)` : idle}`;
  // A narrow terminal: the command goes on a line of its own under the sentence, whole.
  if (step && !data.next && width(nextLine) > COLUMNS) lines.push(`next        ${step.say}:`, `              ${step.run}`);
  // Too narrow for 12 columns of title beside the score: the score and its command go under it.
  else if (data.next && room < 12) {
    const title = clip(data.next.title, Math.max(12, COLUMNS - width(`next        ${data.next.ticket} ""`)));
    lines.push(`next        ${data.next.ticket} "${title}"`, `            score ${data.next.score} (exo next)`);
  } else lines.push(nextLine);
  // A fresh clone has no git hooks (git does not copy them): say so, as exo alone and doctor do
  // (before: nothing here, while commits went unchecked).
  if (data.hooks?.fix) lines.push(`hooks       ${data.hooks.missing.join(", ")} hooks missing in this clone (${data.hooks.fix})`);
  // Ticket files waiting for a commit: why, then the line that commits them, whole on its own line.
  if (data.uncommitted) lines.push(`uncommitted ${data.uncommitted.next_reason}`, `  ${data.uncommitted.next_command}`);
  if (data.adapters.length > 0) lines.push(`adapters    ${data.adapters.map((a) => `${a.target} ${a.status}`).join(", ")} (exo adapter-generate)`);
  lines.push(`ledger      ${data.ledger.records} records in ${plural(data.ledger.segments, "segment")}`);
  // Narrower than a line (COLUMNS=40): its value wraps under itself, words (paths, ids) whole.
  return lines.flatMap((line) => {
    // (The sentence over a command on a line of its own wraps as any value, the command whole under it.)
    // (And a command on a line of its own, to copy whole: the uncommitted tickets' git line, the next row's step.)
    if (width(line.replaceAll(KEEP, " ")) <= COLUMNS || line.startsWith("  git ") || line.startsWith(" ".repeat(14))) return [line.replaceAll(KEEP, " ")];
    const label = /^(?:[a-z]+ +| {2})/.exec(line)?.[0] ?? "";
    return hanging(label, line.slice(label.length), label === "  " ? "    " : " ".repeat(label.length)).map((l) => l.replaceAll(KEEP, " "));
  }).join("\n");
}

/** Stands for a space that a wrapped line keeps (ASCII: the bundle must be). */
const KEEP = "\u0001";

const TASK_STATUSES: readonly [string, string][] = [["todo", "todo"], ["active", "active"], ["paused", "paused"], ["review", "in review"], ["done", "done"], ["cancelled", "cancelled"], ["archived", "archived"]];

/**
 * The tickets line of exo status and of exo alone, one form for both: the tasks by status (the
 * work exo hands out), then how many intents and epics there are, then files that do not read.
 * "1 task todo; 1 intent", "4 tasks: 2 todo, 1 paused, 1 done; 1 epic, 1 intent". Before, status
 * said "todo 2 (intent 1, task 1)" and exo alone "2 todo, 0 active, 0 in review, 0 done (counting
 * 1 intent)": two forms, and both counted the example's intent as todo work. `keep` joins a count
 * to its word when the line wraps; `red` paints the unreadable count.
 */
export function ticketCounts(data: Pick<StatusData, "tickets" | "tasks_by_status"> & { tasks_blocked?: number }, keep = " ", red: (s: string) => string = (s) => s): string {
  const t = { ...data.tickets, tasks_by_status: data.tasks_by_status };
  // The todo tasks waiting for a blocker, as exo ready says (before: plain todo, as if ready).
  const blocked = (word: string) => (word === "todo" && (data.tasks_blocked ?? 0) > 0 ? `${word} (${data.tasks_blocked ?? 0}${keep}blocked)` : word);
  const tasks = t.by_kind["task"] ?? 0;
  const n = (count: number, word: string) => plural(count, word).replace(" ", keep);
  const byStatus = TASK_STATUSES.filter(([k]) => t.tasks_by_status[k]);
  const [only] = byStatus;
  const work = tasks === 0 ? "no tasks" : byStatus.length === 1 && only ? `${n(tasks, "task")} ${blocked(only[1])}` : `${n(tasks, "task")}: ${byStatus.map(([k, word]) => `${t.tasks_by_status[k]}${keep}${blocked(word)}`).join(", ")}`;
  const parents = ["epic", "intent"].flatMap((k) => (t.by_kind[k] ? [n(t.by_kind[k], k)] : []));
  const unreadable = t.by_status["unreadable"] ?? 0;
  if (tasks === 0 && parents.length === 0 && unreadable === 0) return "none";
  return `${work}${parents.length > 0 ? `; ${parents.join(", ")}` : ""}${unreadable > 0 ? `; ${red(`${n(unreadable, "ticket file")} unreadable`)}` : ""}`;
}

/**
 * The open sessions by status: "1 active, 1 suspended". A suspended session was "1 open" before,
 * read as someone at work; exo alone says the same.
 */
export function sessionCounts(sessions: readonly { status: string }[]): string {
  const by = new Map<string, number>();
  for (const s of [...sessions].sort((a, b) => (a.status === "active" ? 0 : 1) - (b.status === "active" ? 0 : 1))) by.set(s.status, (by.get(s.status) ?? 0) + 1);
  return [...by].map(([k, v]) => `${v} ${k}`).join(", ");
}
