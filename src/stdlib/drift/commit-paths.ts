// The pathspecs of finish's `commit:` line: the session's uncommitted files, with each folder that
// holds no other uncommitted file named once instead of file by file (a generated tree of
// thousands of files made a line of tens of kilobytes). Pure: paths are repository-relative, `/`.

/**
 * The shortest list of pathspecs that stages every path of `own` and no other path of `dirty`: a
 * folder (`dir/`) where every uncommitted path under it is the session's, the file itself
 * otherwise. exo's own folder `.exo/` is never named (finish commits it itself).
 */
export function commitPathspecs(own: readonly string[], dirty: readonly string[]): string[] {
  const mine = new Set(own);
  // Folders holding an uncommitted path that is not the session's: never staged as a whole.
  const blocked = new Set<string>();
  for (const p of dirty) {
    if (mine.has(p)) continue;
    for (let i = p.indexOf("/"); i > 0; i = p.indexOf("/", i + 1)) blocked.add(p.slice(0, i));
  }
  const out = new Set<string>();
  for (const p of [...mine].sort()) {
    let spec = p;
    for (let i = p.indexOf("/"); i > 0; i = p.indexOf("/", i + 1)) {
      const dir = p.slice(0, i);
      if (dir === ".exo") break;
      if (!blocked.has(dir)) {
        spec = `${dir}/`;
        break;
      }
    }
    out.add(spec);
  }
  return [...out];
}
