// A session's touched log (<state>/sessions/<id>.touched): one "path\taction\tat" line per write
// its hooks allowed. No imports: the hook reads it too.

/** The paths in a touched log, first-seen order, each once. */
export function touchedPaths(text: string | null): Set<string> {
  const out = new Set<string>();
  for (const line of (text ?? "").split("\n")) {
    const path = line.split("\t")[0];
    if (path) out.add(path);
  }
  return out;
}
