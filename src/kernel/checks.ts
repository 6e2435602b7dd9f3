// Check command lines (SPEC §7.18): shell-word splitting without a shell, and the operator test.

const OPERATORS = new Set([";", "&", "|", "<", ">", "$", "`", "(", ")", "\n"]);

/** Split a command line into argv; `problem` names an unquoted shell operator or bad quoting. */
export function splitCommandLine(line: string): { argv: string[]; problem: string | null } {
  const argv: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) word += line[++i];
      else if (ch === "$" || ch === "`") return { argv, problem: `unquoted ${ch} in ${JSON.stringify(line)}` };
      else word += ch;
      continue;
    }
    if (ch === "\\") {
      if (i + 1 < line.length) word += line[++i];
      inWord = true;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
      continue;
    }
    if (OPERATORS.has(ch)) return { argv, problem: `shell operator ${JSON.stringify(ch)} in ${JSON.stringify(line)}` };
    if (ch === " " || ch === "\t") {
      if (inWord) argv.push(word);
      word = "";
      inWord = false;
      continue;
    }
    word += ch;
    inWord = true;
  }
  if (quote) return { argv, problem: `unterminated quote in ${JSON.stringify(line)}` };
  if (inWord) argv.push(word);
  if (argv.length === 0) return { argv, problem: "empty command" };
  return { argv, problem: null };
}

/** Failed check results named for a message: a check that never ran says why (not allowlisted, timed out). */
export function failedChecksText(results: readonly { command: string; passed: boolean; not_allowed: boolean; timed_out: boolean }[]): string {
  return results
    .filter((r) => !r.passed)
    .map((r) => `${r.command}${r.not_allowed ? " (not in checks.allowlist)" : r.timed_out ? " (timed out)" : ""}`)
    .join(", ");
}
