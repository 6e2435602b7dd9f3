// A program's words as most programs read them (getopt's conventions), shared by the shell
// analysis (kernel/shell.ts) and the readers of folders (kernel/tree-reads.ts).
import type { Word } from "./shell.js";

/** Operands: words not starting with "-" (after "--", everything); `takesValue` options skip the word after them. */
export function operands(args: readonly Word[], takesValue: ReadonlySet<string> = new Set()): Word[] {
  const out: Word[] = [];
  let all = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Word;
    if (all || a.quoted || !a.text.startsWith("-") || a.text === "-") out.push(a);
    else if (a.text === "--") all = true;
    else if (takesValue.has(a.text)) i++;
  }
  return out;
}

/** One of `flags` is given (a long one also as `--flag=VALUE`). */
export function has(args: readonly Word[], ...flags: string[]): boolean {
  return args.some((a) => flags.includes(a.text) || flags.some((f) => f.startsWith("--") && a.text.startsWith(`${f}=`)));
}
