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
