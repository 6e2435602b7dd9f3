// Reading human-written YAML with positions: parse errors and schema issues name file, line
// and column; git conflict markers are reported as `conflict_markers` (SPEC §4).
import { LineCounter, parseDocument, type Document } from "yaml";
import type { Issue } from "../errors.js";

export interface YamlRead {
  value: unknown;
  issues: Issue[];
  /** Line and column (1-based) of the node at a YAML path, when it exists. */
  position(path: readonly (string | number)[]): { line: number; column: number } | null;
}

const CONFLICT = /^(<<<<<<< |=======\s*$|>>>>>>> )/m;

/** Line number (1-based) of the first git conflict marker, or null. */
export function conflictMarkerLine(text: string): number | null {
  const match = CONFLICT.exec(text);
  if (!match) return null;
  return text.slice(0, match.index).split("\n").length;
}

export function readYaml(text: string, file: string): YamlRead {
  const markerLine = conflictMarkerLine(text);
  if (markerLine !== null) {
    return {
      value: null,
      issues: [{ file, path: "", code: "conflict_markers", message: `git conflict markers at line ${markerLine}; resolve the merge first`, severity: "error", line: markerLine, column: 1 }],
      position: () => null,
    };
  }
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues: Issue[] = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    const first = error.message.split("\n")[0] ?? error.message;
    return { file, path: "", code: "yaml_syntax", message: `${first.replace(/ at line \d+, column \d+.*$/, "")} at line ${pos.line}, column ${pos.col}`, severity: "error" as const, line: pos.line, column: pos.col };
  });
  const position = (path: readonly (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset === undefined) return null;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return { value: issues.length > 0 ? null : (doc.toJS() as unknown), issues, position };
}

/** Attach positions and the file name to issues whose path is a dotted YAML path. */
export function locate(issues: Issue[], read: YamlRead, file: string): Issue[] {
  return issues.map((issue) => {
    const path = issue.path === "" ? [] : issue.path.split(".").map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
    let pos = read.position(path);
    for (let cut = path.length - 1; pos === null && cut > 0; cut--) pos = read.position(path.slice(0, cut));
    const located: Issue = { ...issue, file };
    if (pos) {
      located.line = pos.line;
      located.column = pos.column;
    }
    return located;
  });
}
