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
