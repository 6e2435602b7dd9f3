// Words of a shell line exo prints for a person to run (hints, repairs, commands it builds): a plain
// word as it is, anything else in single quotes. No imports: the hook, the CLI and the kernel use it.

/** One word: plain (letters, digits, `_ . / @ % + = : , -`) as it is, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** Words as one shell line. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellWord).join(" ");
}

/**
 * The line that commits exo's files as exo's own (`Exo-Generated: true`, so exo pr-check counts the
 * commit as governed) and names them, so what else was staged stays out; during a stopped merge,
 * which git concludes whole, without the names (git refuses a partial commit then).
 */
export function exoCommitLine(paths: readonly string[], subject: string, merging: boolean): string {
  return `git add -- ${shellLine(paths)} && git commit -m "${subject}" -m "Exo-Generated: true"${merging ? "" : ` -- ${shellLine(paths)}`}`;
}

/**
 * A git line exo printed with paths from the top of the work tree (`git add -- .exo/tickets …`,
 * finish's `commit:`), as run from a folder `up` below it (`../..`): each git of the line runs
 * there (`git -C ../.. add -- …`), since git reads a pathspec from the folder it runs in (before,
 * pasted in packages/api, `pathspec '.exo/tickets' did not match any files`), and the shell stays
 * where it was. Any other line (an exo command, `git -C …`, a git line without paths such as `git
 * push`) is returned as it is. So are the editor line's file and the .husky/ files of a printf, chmod
 * or sed line, given from here (`"${EDITOR:-vi}" +3 ../../.claude/settings.json`).
 */
export function fromTopLine(line: string, up: string): string {
  if (up === "") return line;
  // The file an editor line opens (a settings file, CLAUDE.md) and husky's hook files that a
  // printf, chmod or sed line writes: the path from here (before, in packages/api, the editor
  // opened a new empty packages/api/.claude/settings.json, and printf made packages/api/.husky/…).
  const editor = /^("\$\{EDITOR:-vi\}" (?:\+\d+ )?)(\S+)/.exec(line);
  if (editor) return `${editor[1] as string}${shellWord(up)}/${line.slice((editor[1] as string).length)}`;
  if (/^(printf|chmod|sed) /.test(line)) return line.replace(/(^|\s)\.husky\//g, `$1${shellWord(up)}/.husky/`);
  if (!line.startsWith("git ") || line.startsWith("git -C ")) return line;
  if (!/(^|&& )git (add|rm|mv|status|diff|checkout|restore|stash)\b| -- /.test(line)) return line;
  // doctor's `git rm --cached … -- F && rm -- F`: the shell's rm names F from here too.
  return line.replace(/(^|&& )git (?!-C )/g, `$1git -C ${shellWord(up)} `).replace(/(&& rm -- )(?=\S)/g, `$1${shellWord(up)}/`);
}
