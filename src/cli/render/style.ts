// Colour and layout helpers for human output. Colour goes through node:util styleText and is on
// only when the CLI says so (a TTY without NO_COLOR, or FORCE_COLOR); MCP text never has it.
import { styleText } from "node:util";
import { fill, fitColumns } from "../help-layout.js";

type Format = Parameters<typeof styleText>[0];

let enabled = false;

/** Colour decision of SPEC §5.5 plus FORCE_COLOR: NO_COLOR wins, then FORCE_COLOR, then the TTY. */
export function colorWanted(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env["TERM"] === "dumb") return false;
  return isTTY;
}

export function setColor(on: boolean): void {
  enabled = on;
}

function paint(format: Format, text: string): string {
  if (!enabled || text === "") return text;
  // validateStream: false (Node ≥ 22) — the decision above is ours; Node 20 ignores the option.
  return (styleText as (f: Format, t: string, o?: { validateStream?: boolean }) => string)(format, text, { validateStream: false });
}

export const c = {
  red: (t: string) => paint("red", t),
  green: (t: string) => paint("green", t),
  yellow: (t: string) => paint("yellow", t),
  cyan: (t: string) => paint("cyan", t),
  dim: (t: string) => paint("dim", t),
  bold: (t: string) => paint("bold", t),
};

/** Colour a verdict word: red for deny/fail/error, yellow for warn/ask/high, green for pass/ok/allow. */
export function tone(word: string, text: string = word): string {
  const w = word.toLowerCase();
  if (["fail", "failed", "deny", "denied", "error", "invalid", "tampered", "crashed", "missing", "stale", "unhealthy", "critical"].includes(w)) return c.red(text);
  if (["warn", "warning", "ask", "high", "degraded", "edited", "skipped", "medium", "superseded", "paused", "review"].includes(w)) return c.yellow(text);
  if (["pass", "passed", "ok", "allow", "valid", "fresh", "healthy", "done", "finished", "held", "active", "unchanged"].includes(w)) return c.green(text);
  return text;
}

/** Visible width (escape codes do not count). */
export function width(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, "")].length;
}

export function pad(text: string, n: number): string {
  return text + " ".repeat(Math.max(0, n - width(text)));
}

/** Shorten plain text to n columns with an ellipsis. */
export function clip(text: string, n: number): string {
  const chars = [...text];
  return chars.length <= n ? text : `${chars.slice(0, Math.max(1, n - 1)).join("")}…`;
}

/** The width human output fits: 80, or a narrower terminal's (40 at least). */
export let COLUMNS = 80;

/** $COLUMNS when set (as a shell exports it), else the terminal's width; from 40 to 80. */
export function setColumns(env: string | undefined, terminal: number | undefined): void {
  COLUMNS = fitColumns(env, terminal);
}

/**
 * Aligned columns, two spaces apart. The last column is clipped so rows fit in 80 columns, or
 * with `wrapLast` (label/value blocks, where the value is the point) wrapped onto lines aligned
 * under it; `paint` colours a cell after alignment is computed. The id column (`id`, the first
 * unless told) is never clipped, since ids are copied: a cell too long for its row to fit goes on
 * a line of its own, whole, and the rest of the row on the next line, aligned as the others.
 */
export function table(rows: string[][], opts: { header?: string[]; indent?: number; wrapLast?: boolean; id?: number; lastMin?: number; stack?: boolean; paint?: (row: number, col: number, cell: string) => string } = {}): string[] {
  // A cell is one line: line breaks and other control characters in titles would break the rows.
  // eslint-disable-next-line no-control-regex
  const flat = (cell: string) => cell.replace(/\r?\n|\r/g, " ⏎ ").replace(/[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/g, "");
  const all = (opts.header ? [opts.header, ...rows] : rows).map((r) => r.map(flat));
  if (all.length === 0) return [];
  const cols = Math.max(...all.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) => Math.max(...all.map((r) => width(r[i] ?? ""))));
  const indent = " ".repeat(opts.indent ?? 0);
  // `stack` (tables of numbers, which have nothing to clip): too wide for the terminal, each row is
  // `header value` pairs, the first cell's on a line of its own, the rest packed under it.
  const header = opts.header;
  if (opts.stack && header && indent.length + widths.reduce((sum, w) => sum + w + 2, -2) > COLUMNS) {
    return all.slice(1).flatMap((row, ri) => {
      const cell = (ci: number) => (opts.paint ? opts.paint(ri, ci, row[ci] ?? "") : (row[ci] ?? ""));
      const pairs = row.slice(1).map((_, i) => `${c.dim((header[i + 1] ?? "").toLowerCase())} ${cell(i + 1)}`);
      const lines = [`${indent}  `];
      for (const pair of pairs) {
        const last = lines[lines.length - 1] as string;
        if (last.trim() === "") lines[lines.length - 1] = `${last}${pair}`;
        else if (width(`${last}  ${pair}`) <= COLUMNS) lines[lines.length - 1] = `${last}  ${pair}`;
        else lines.push(`${indent}  ${pair}`);
      }
      return [`${indent}${c.dim((header[0] ?? "").toLowerCase())} ${cell(0)}`, ...lines];
    });
  }
  const id = opts.id ?? 0;
  if (id < cols - 1) {
    // What the id column may take for the last one to keep its least (10 columns, 20 wrapped, or `lastMin`).
    const others = widths.reduce((sum, w, i) => (i === id || i === cols - 1 ? sum : sum + w + 2), 0);
    const least = (min: number) => COLUMNS - indent.length - others - 2 - Math.min(widths[cols - 1] ?? 0, min);
    const floor = Math.max(1, width(opts.header?.[id] ?? ""));
    let room = least(opts.lastMin ?? (opts.wrapLast ? 20 : 10));
    // A `lastMin` that leaves the id no room (a terminal of 40 columns) gives way to the usual least.
    if (room < floor && opts.lastMin !== undefined) room = least(opts.wrapLast ? 20 : 10);
    // Ids that fit whole with 16 columns left for the last one stay whole (TICKET-002 at 60 columns
    // beside exo ready's `unblocks N`; before, each id on a line of its own for a title of 24).
    if (opts.lastMin !== undefined && (widths[id] ?? 0) <= least(Math.min(opts.lastMin, 16))) room = Math.max(room, widths[id] ?? 0);
    // Only when that helps: other columns too wide for the header's room leave the table as it is.
    if ((widths[id] ?? 0) > room && room >= floor) widths[id] = Math.max(1, ...all.map((r) => width(r[id] ?? "")).filter((w) => w <= room));
  }
  const line = (row: string[], ri: number): string[] => {
    const dataRow = opts.header ? ri - 1 : ri;
    let used = indent.length;
    let more: string[] = [];
    const cells = row.map((cell, ci) => {
      const last = ci === row.length - 1;
      let text = cell;
      if (last && opts.wrapLast && width(cell) > COLUMNS - used) {
        const room = Math.max(20, COLUMNS - used);
        [text = "", ...more] = wrap(cell, 0, room);
        more = more.map((l) => " ".repeat(used) + l);
      } else if (last) text = clip(cell, Math.max(10, COLUMNS - used));
      const padded = last ? text : pad(text, widths[ci] ?? 0);
      used += (widths[ci] ?? 0) + 2;
      const painter = opts.paint;
      if (ri === 0 && opts.header) return c.dim(padded);
      return painter && dataRow >= 0 ? paintPadded(padded, (s) => painter(dataRow, ci, s)) : padded;
    });
    return [`${indent}${cells.join("  ")}`.trimEnd(), ...more];
  };
  return all.flatMap((row, ri) => {
    if (id >= row.length - 1 || width(row[id] ?? "") <= (widths[id] ?? 0)) return line(row, ri);
    // The long id on its own line (after the cells before it), the rest of the row under it.
    const head = line([...row.slice(0, id + 1), ""], ri)[0] ?? "";
    return [head, ...line(row.map((cell, ci) => (ci <= id ? "" : cell)), ri)];
  });
}

function paintPadded(padded: string, fn: (s: string) => string): string {
  const trimmed = padded.trimEnd();
  return trimmed === "" ? padded : fn(trimmed) + padded.slice(trimmed.length);
}

/** First `limit` items, then "… N more (use --all / --format json)". */
export function truncated<T>(items: readonly T[], limit: number, line: (item: T) => string, more = "--format json"): string[] {
  const lines = items.slice(0, limit).map(line);
  if (items.length > limit) lines.push(c.dim(`  … ${items.length - limit} more (use ${more})`));
  return lines;
}

export { plural } from "../../kernel/plural.js";

/** Wrap prose to the terminal width with an indent. */
export function wrap(text: string, indent = 2, cols = COLUMNS): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && indent + line.length + 1 + word.length > cols) {
        out.push(" ".repeat(indent) + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(" ".repeat(indent) + line);
  }
  return out;
}

/**
 * `first` then `text` wrapped to COLUMNS, later lines led by `next` (spaces as wide as `first`
 * unless told). Words are never cut: an id or a path longer than a line stays whole on its own.
 */
export function hanging(first: string, text: string, next: string = " ".repeat(width(first))): string[] {
  return fill(first, text, next, COLUMNS);
}

export const short = (sha: string | null | undefined): string => (sha ? sha.slice(0, 8) : "-");

export function ms(duration: number): string {
  return duration < 1000 ? `${duration} ms` : `${(duration / 1000).toFixed(1)} s`;
}

// Control characters that a terminal acts on (escape sequences: clear the screen, set the title,
// hyperlinks, concealed text) or that reorder what is shown (bidirectional overrides), as a
// teammate's ticket title, a pulled file name or a forged record may carry them. exo's own colours
// (the styleText codes above, only while colour is on) are the one escape sequence let through.
// eslint-disable-next-line no-control-regex
const UNSAFE = /\u001b(?:\[(?:1|2|22|31|32|33|36|39)m)?|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Human output made inert: every such character shown as its \uXXXX escape, exo's colours kept. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (m) => (m.length > 1 && enabled ? m : `\\u${m.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/**
 * A view's lines wider than a narrow terminal (COLUMNS below 80), wrapped: prose fills the width
 * under its indent plus two, an `exo …` command after a colon (`next: exo …`) goes whole on a line
 * of its own, and `(exo …)` asides stay in one piece, so what is copied runs. Table rows (cells two
 * spaces apart), single words and lines that are a command are left as they are. Views that fit
 * already are untouched; at 80 columns nothing changes.
 */
export function fitLines(text: string, isCommand: (word: string) => boolean): string {
  if (COLUMNS >= 80) return text;
  return text.split("\n").flatMap((line) => fitLine(line, isCommand)).join("\n");
}

/** Stands for a space inside a piece kept whole while lines are filled (ASCII: the bundle must be). */
const NBSP = "\u0001";

function fitLine(line: string, isCommand: (word: string) => boolean): string[] {
  if (width(line) <= COLUMNS) return [line];
  const indent = /^ */.exec(line)?.[0] ?? "";
  const body = line.slice(indent.length);
  // `exo blocked write to …` is a sentence; `exo session-resume …` a command.
  const runs = (text: string) => /^git /.test(text) || isCommand(/^(?:EXO_ACTOR=\S+ )?exo (\S+)/.exec(text)?.[1] ?? "");
  if (/\S {2,}\S/.test(body.replace(/ {2,}# .*$/, "")) || !/\s/.test(body) || runs(body.replace(/^\u2192 /, ""))) return [line];
  const next = `${indent}  `;
  // (A `git …` command too: finish's `commit: git add -- … && git commit …`.)
  const found = /^(.*?:) +((?:EXO_ACTOR=\S+ )?(?:exo|git) \S.*)$/.exec(body);
  const command = found && runs(found[2] as string) ? found : null;
  const prose = command ? (command[1] as string) : body;
  // `(exo next)`, `(exo session-start --ticket-id T-1)`: an aside that is a command, kept whole.
  const glued = prose.replace(/\((?:exo|git) [^()]*\)/g, (m) => m.replaceAll(" ", NBSP));
  const lines = fill(indent, glued, next, COLUMNS).map((l) => l.replaceAll(NBSP, " "));
  return command ? [...lines, `${next}${command[2] as string}`] : lines;
}
