// Human view of `exo install`: what it did in a few lines, the commit, numbered next steps.
import { COLUMNS, width, wrap } from "./style.js";
interface StepView {
  name: string;
  status: string;
  message: string;
  files: string[];
  code?: string;
}

interface InstallView {
  steps: StepView[];
  scan: { languages: string[]; checks: string[] } | null;
  files_written: string[];
  committed: string | null;
  left_uncommitted: string[];
  left_untracked?: string[];
  left_linked?: string[];
  example?: StepView & { ticket: string | null };
  mcp?: StepView;
  next_steps?: string[];
  status: string;
}

const list = (items: string[], max = 6) => (items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`);

export function renderInstall(d: InstallView): string {
  const step = (name: string) => d.steps.find((s) => s.name === name);
  const dry = d.steps.some((s) => s.status === "planned");
  const lines: string[] = [];
  const failed = [...d.steps, ...(d.example ? [{ ...d.example, name: "example" }] : []), ...(d.mcp ? [{ ...d.mcp, name: "mcp" }] : [])].filter((s) => s.status === "failed");
  if (dry) lines.push(COLUMNS < 54 ? "Dry run: nothing was written. The plan:" : "exo install --dry-run: nothing was written. The plan:");
  else if (failed.length > 0) lines.push("exo install stopped part way:");
  else if (d.files_written.length === 0 && d.committed === null) lines.push("exo is already installed here; nothing changed.");
  else lines.push("exo is installed in this repository.");
  if (dry) {
    for (const s of d.steps) {
      lines.push(`  ${s.name.padEnd(10)} ${s.status}${s.message ? `: ${s.message}` : ""}`);
      // The steps with their own entries: the starter ticket after compose, MCP after the hooks.
      if (s.name === "compose" && d.example && d.example.status !== "skipped") lines.push(`  example    ${d.example.status}: ${d.example.message}`);
      if (s.name === "hooks" && d.mcp && d.mcp.status !== "skipped") lines.push(`  mcp        ${d.mcp.status}: ${mcpLine(d.mcp)}`);
    }
  } else {
    if (d.scan) lines.push(`  scanned    ${d.scan.languages.join(", ") || "no known language"}; checks: ${d.scan.checks.join(", ") || "none"}`);
    if (d.files_written.length > 0) lines.push(...wrap(list(d.files_written), 13).map((l, i) => (i === 0 ? `  wrote      ${l.trimStart()}` : l)));
    const hooks = step("hooks");
    if (hooks && hooks.status !== "skipped" && hooks.status !== "failed") lines.push(`  hooks      ${hooks.message}`);
    if (d.mcp && (d.mcp.status === "done" || d.mcp.status === "unchanged")) lines.push(`  mcp        ${d.mcp.message}`);
    if (d.example && d.example.status !== "skipped" && d.example.status !== "failed") lines.push(`  example    ${d.example.message}`);
  }
  for (const s of failed) lines.push(`  FAILED     ${s.name}: ${s.message}${s.code ? ` [${s.code}]` : ""}`);
  if (d.committed) lines.push(`  committed  ${d.committed.slice(0, 8)} chore(exo): install governance`);
  // What is true of each: modified before this install, or untracked (in no commit). Before: all
  // "changed before this install", of a CLAUDE.md git had never tracked too.
  const untracked = d.left_uncommitted.filter((f) => d.left_untracked?.includes(f));
  const linked = d.left_uncommitted.filter((f) => d.left_linked?.includes(f));
  const modified = d.left_uncommitted.filter((f) => !untracked.includes(f) && !linked.includes(f));
  if (modified.length > 0) lines.push(`  left uncommitted (modified before this install): ${modified.join(", ")}`);
  if (untracked.length > 0) lines.push(`  left uncommitted (untracked before this install, in no commit): ${untracked.join(", ")}`);
  if (linked.length > 0) lines.push(`  left uncommitted (yours, linked from an instruction file): ${linked.join(", ")}`);
  // A summary line longer than the terminal wraps under its value (the MCP line of a Cursor and
  // Codex install, a dry run's plan line: up to 105 columns before).
  const summary = lines.flatMap((l) => (width(l) > COLUMNS && /^ {2}[A-Za-z]+ +\S/.test(l) ? wrap(l.slice(13), 13).map((w, i) => (i === 0 ? l.slice(0, 13) + w.trimStart() : w)) : [l]));
  lines.splice(0, lines.length, ...summary);
  const next = d.next_steps ?? [];
  if (!dry && next.length > 0) {
    lines.push("", "Next steps:");
    next.forEach((s, i) => lines.push(...stepLines(i + 1, s)));
  }
  return lines.join("\n");
}

/** What the MCP registration writes: the harnesses' files, and the launcher their entries run. */
function mcpLine(mcp: { files: string[]; message: string }): string {
  const launcher = ".exo/bin/exo-mcp.mjs";
  const configs = mcp.files.filter((f) => f !== launcher);
  const withLauncher = mcp.files.includes(launcher);
  if (configs.length > 0) return `register exo-mcp in ${configs.join(", ")}${withLauncher ? ` (via ${launcher})` : ""}`;
  return withLauncher ? `update ${launcher}` : mcp.message;
}

const STARTS = new Set(["exo", "git", "printf", "codex", "node", "npm", "npx", '"${EDITOR:-vi}"']);

/**
 * Words of a step, a command (from `exo`, `git`, `printf`, … after a colon or `then`, or
 * `(or`, or `(node …)`) kept as one unit: quoted words stay whole, and the command ends at a word ending in
 * `,`, `)`, `):` or `;`, or before `then` / `(…`.
 */
function units(text: string): { text: string; command: boolean }[] {
  const words: string[] = [];
  for (const word of text.split(" ").filter(Boolean)) {
    const open = words.at(-1);
    // A quoted argument with spaces ('…', "…") is one word; an apostrophe inside a word is no quote.
    if (open !== undefined && /^['"]/.test(open) && open.split(open.charAt(0)).length % 2 === 0) words[words.length - 1] = `${open} ${word}`;
    else words.push(word);
  }
  const out: { text: string; command: boolean }[] = [];
  let command: string[] | null = null;
  const end = () => {
    if (command) out.push({ text: command.join(" "), command: true });
    command = null;
  };
  words.forEach((word, i) => {
    const prev = words[i - 1];
    if (command && (word === "then" || word.startsWith("("))) end();
    if (!command && STARTS.has(word.replace(/^\(/, "")) && (prev === undefined || prev.endsWith(":") || prev === "then" || prev === "(or" || word.startsWith("("))) command = [];
    if (!command) return void out.push({ text: word, command: false });
    command.push(word);
    if (/[,);]:?$/.test(word)) end();
  });
  end();
  return out;
}

/**
 * One numbered next step within 80 columns: prose wraps under its text, and a command is never
 * split (one longer than a line gets a line of its own, its trailing comma dropped there), so it
 * can be copied whole. Before, a step was one line of up to 200 columns.
 */
function stepLines(n: number, text: string): string[] {
  const first = `  ${n}. `;
  const indent = " ".repeat(first.length);
  if (width(first + text) <= COLUMNS) return [first + text];
  const lines: string[] = [];
  let line = "";
  const flush = () => {
    if (line) lines.push((lines.length === 0 ? first : indent) + line);
    line = "";
  };
  for (const u of units(text)) {
    if (u.command && first.length + width(u.text) > COLUMNS) {
      flush();
      const own = u.text.replace(/,$/, "");
      lines.push((lines.length === 0 ? first : indent) + own);
      continue;
    }
    if (line && first.length + width(line) + 1 + width(u.text) > COLUMNS) flush();
    line = line ? `${line} ${u.text}` : u.text;
  }
  flush();
  return lines;
}
