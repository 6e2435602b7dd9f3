// Human views of `exo ready` and `exo brief`.
import type { BriefData, ReadyData } from "../../orchestrator/ready.js";
import { c, clip, COLUMNS, hanging, plural, table, tone, width, wrap } from "./style.js";

export function renderReady(d: ReadyData): string {
  const out: string[] = [];
  // Past the first 20 ready and 15 waiting, the line names the view with the rest (before: "use
  // --format json", with no human view of them, 30 tasks read as 20).
  const [most, waiting] = d.all ? [Infinity, Infinity] : [20, 15];
  // Whole command lines, so test/unit/cli/printed-commands.test.ts parses each as printed.
  const all = d.lane ? `exo ready --all --lane ${d.lane}` : "exo ready --all";
  const more = (n: number) => c.dim(`  … ${n} more (${all} lists them)`);
  if (d.ready.length === 0) {
    out.push(tone("warn", `nothing is ready${d.lane ? ` in lane ${d.lane}` : ""}`) + (d.capacity_blocked ? `: the concurrency limit is reached (${d.global.active}/${d.global.limit ?? "∞"} active)` : ""));
  } else {
    out.push(`${plural(d.ready.length, "task")} ready${d.lane ? ` in lane ${d.lane}` : ""}, in dispatch order (exo next takes the first):`);
    // On a narrow terminal a long id goes on a line of its own, so the title keeps 24 columns
    // (before: at 60 columns every title of 34 generated-id tasks read "task numbe…").
    out.push(...table(d.ready.slice(0, most).map((r, i) => [`${i + 1}.`, r.id, `P${r.priority}`, r.score.toFixed(1), r.unblocks > 0 ? `unblocks ${r.unblocks}` : "", r.title]), { header: ["#", "ID", "PRI", "SCORE", "", "TITLE"], indent: 2, id: 1, lastMin: 24 }));
    if (d.ready.length > most) out.push(more(d.ready.length - most));
  }
  if (d.not_ready.length > 0) {
    out.push("", `Not ready (${d.not_ready.length}):`);
    const shown = d.not_ready.slice(0, waiting);
    // The reason wraps under itself: it names sessions and commands, copied whole (before: clipped
    // at 80 columns, "… works on it (SES-20261206-054102-8DY…").
    out.push(...table(shown.map((n) => [n.id, n.status, n.detail]), { indent: 2, wrapLast: true, paint: (i, col, cell) => (col === 1 ? tone(shown[i]?.status ?? "", cell) : cell) }));
    if (d.not_ready.length > waiting) out.push(more(d.not_ready.length - waiting));
  }
  if (d.next_command) out.push("", `next: ${d.next_command}`);
  return out.join("\n");
}

export function renderBrief(d: BriefData): string {
  const out = [`${c.bold("exo brief")} · governance ${tone(d.governance.status)}${d.governance.version !== null ? ` (lock v${d.governance.version})` : ""}`];
  out.push("", "Rules:");
  if (d.rules.length === 0) out.push("  none");
  for (const r of d.rules) out.push(...wrap(`${r.id}: ${r.text}`, 4).map((l, i) => (i === 0 ? `  - ${l.trimStart()}` : l)));
  out.push(...hanging("  ", `checks required at finish: ${d.checks.required.join(", ") || "none"}${d.budgets ? `; default budget ${d.budgets.max_files} files, ${d.budgets.max_loc} lines` : ""}`, "    "));
  // The first --limit of many: how many there are, and where the rest are (before: three tasks
  // described and nothing said of the 29 others, as if they were all).
  const rest = d.ready_total !== null && d.ready_total > d.ready.length && d.ready.length > 0 ? ` (${d.ready.length} of ${d.ready_total}; exo ready lists them all)` : "";
  out.push("", `Ready work${rest}:`);
  if (d.ready.length === 0) out.push("  nothing ready (exo ready says why)");
  for (const r of d.ready) {
    // Within COLUMNS: the id whole (the title under it when they do not fit together), the
    // scope wrapped under itself (before: one line of any length, the title clipped at 77).
    out.push(...idLine(`  ${c.bold(r.id)}`, r.title));
    out.push(...hanging("    scope  ", `${r.scope.allow.join(", ")}${r.scope.deny.length ? `; never ${r.scope.deny.join(", ")}` : ""}`));
    if (r.scope.boundaries.length) out.push(...hanging("    bounds ", r.scope.boundaries.join(", ")));
    out.push(...hanging("    checks ", `${r.checks.join(", ") || "none"}; budget ${r.budgets.max_files} files, ${r.budgets.max_loc} lines`));
  }
  if (d.intents.length > 0) {
    out.push("", "Open intents:");
    for (const i of d.intents.slice(0, 8)) {
      out.push(...idLine(`  ${i.id}`, i.title, ` ${c.dim(`(${i.status}, ${plural(i.open_tasks, "open task")})`)}`));
      for (const s of i.success_conditions.slice(0, 3)) out.push(`    done when: ${clip(s, Math.max(12, COLUMNS - 15))}`);
    }
    if (d.intents.length > 8) out.push(c.dim(`  … ${d.intents.length - 8} more (use --format json)`));
  }
  if (d.sessions.length > 0) {
    out.push("", "Open sessions:", ...d.sessions.flatMap((s) => hanging(`  ${s.id} `, ` ${s.actor} on ${s.ticket} (${s.status})`, "    ")));
  }
  if (d.learnings.length > 0) {
    out.push("", "Learnings:", ...d.learnings.map((l) => {
      // The insight takes what is left of 80 columns (before: 40 whatever the rest, up to 84).
      const head = `  [${l.severity}] ${clip(l.pattern, 30)} → `;
      return `${head}${clip(l.insight, Math.max(12, COLUMNS - [...head].length))}`;
    }));
  }
  out.push("", "Commands:", ...d.commands.map((x) => `  ${x}`));
  return out.join("\n");
}

/**
 * `head` (an id), the title clipped to what is left of COLUMNS and `tail`; when fewer than 12
 * columns are left, the title and tail go on the next line: the id is never the part cut.
 */
function idLine(head: string, title: string, tail = ""): string[] {
  const room = COLUMNS - width(head) - width(tail) - 1;
  if (room >= Math.min(12, width(title))) return [`${head} ${clip(title, Math.max(1, room))}${tail}`];
  return [head, `    ${clip(title, Math.max(12, COLUMNS - 4 - width(tail)))}${tail}`];
}
