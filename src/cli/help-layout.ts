// Help text at the terminal's width. The `exo --help` fast path (cli/bin.ts) renders the global
// help from lines built into cli/help.json, so it loads nothing else: this module imports nothing.

/** A line of help: prose (wrapped), or a term and its text, the text hung beside the term. */
export type HelpLine = string | readonly [string, string];

/** $COLUMNS when set to a number (as a shell exports it), else the terminal's width; from 40 to 80. */
export function fitColumns(env: string | undefined, terminal: number | undefined): number {
  const n = env !== undefined && /^\d+$/.test(env.trim()) ? Number(env) : terminal;
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.min(80, Math.max(40, Math.floor(n))) : 80;
}

/**
 * `first` then the words of `text` filled to `cols`, later lines led by `next`. A word longer than
 * a line (a path, a command) is never cut: it takes a line of its own.
 */
export function fill(first: string, text: string, next: string, cols: number): string[] {
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(" ").filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > cols) {
      out.push(line);
      line = next + word;
    } else line = empty ? line + word : `${line} ${word}`;
    empty = false;
  }
  out.push(line);
  return out;
}

/**
 * Help lines at `cols` columns: a term's text beside it while 30 columns are left for it, else on
 * the lines under the term, indented 6.
 */
export function renderHelp(lines: readonly HelpLine[], cols: number): string {
  const out: string[] = [];
  for (const line of lines) {
    if (typeof line === "string") {
      const indent = /^ */.exec(line)?.[0] ?? "";
      out.push(...fill(indent, line.slice(indent.length), indent, cols));
    } else {
      const [term, text] = line;
      if (cols - term.length >= 30) out.push(...fill(term, text, " ".repeat(term.length), cols));
      else out.push(term.trimEnd(), ...fill("      ", text, "      ", cols));
    }
  }
  return `${out.join("\n")}\n`;
}
