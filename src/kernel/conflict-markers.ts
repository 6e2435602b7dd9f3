// git's conflict markers in a file's text: one place that knows them, for the readers that name
// the line (YAML and JSON state, SPEC §4 `conflict_markers`) and the checks that want a whole
// conflict (a lock or ticket committed mid-merge).

const MARKER_LINE = /^(<<<<<<< |=======\s*$|>>>>>>> )/m;
const CONFLICT = /^<{7}( |$)[\s\S]*^>{7}( |$)/m;

/** Line number (1-based) of the first git conflict marker line (`<<<<<<< `, `=======`, `>>>>>>> `), or null. */
export function conflictMarkerLine(text: string): number | null {
  const match = MARKER_LINE.exec(text);
  if (!match) return null;
  return text.slice(0, match.index).split("\n").length;
}

/** The text holds a whole conflict: a `<<<<<<<` line and, after it, a `>>>>>>>` line. */
export function hasConflict(text: string): boolean {
  return CONFLICT.test(text);
}
