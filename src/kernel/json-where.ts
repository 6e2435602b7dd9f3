// Where a JSON text goes wrong, as a person finds it in an editor: line, column and what was
// expected. JSON.parse on Node 20 often names neither ("Unexpected token ']', … is not valid JSON").
import { stripBom } from "./text.js";

export interface JsonProblem {
  line: number;
  column: number;
  /** What was found there and what was expected: `unexpected "]" (a value expected)`. */
  reason: string;
}

class Stop extends Error {
  readonly at: number;
  readonly expected: string;
  constructor(at: number, expected: string) {
    super(expected);
    this.at = at;
    this.expected = expected;
  }
}

/** The first syntax error of `text` (a BOM is allowed), or null when it parses. */
export function jsonProblem(text: string): JsonProblem | null {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i] as string)) i++;
  };
  const expect = (what: string, ok: boolean) => {
    if (!ok) throw new Stop(i, what);
  };
  const string = () => {
    expect('a "', text[i] === '"');
    i++;
    for (;;) {
      const ch = text[i];
      expect('a closing "', ch !== undefined && ch !== "\n");
      if (ch === '"') break;
      if (ch === "\\") i++;
      i++;
    }
    i++;
  };
  // The members of an object or an array: `item` each, comma-separated, up to `close`.
  const members = (close: string, item: () => void) => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (text[i] !== ",") break;
      i++;
      ws();
      expect("", text[i] !== close);
    }
    expect(`"," or "${close}"`, text[i] === close);
    i++;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      return members("}", () => {
        ws();
        expect('a "quoted" key', text[i] === '"');
        string();
        ws();
        expect('":"', text[i] === ":");
        i++;
        value();
      });
    }
    if (ch === "[") return members("]", value);
    if (ch === '"') return string();
    const word = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400))?.[0];
    expect("a value", word !== undefined);
    i += (word as string).length;
  };
  try {
    value();
    ws();
    expect("the end of the file", i >= text.length);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    // A check that passes here while JSON.parse fails (a control character in a string) still gets a place.
    const before = text.slice(0, error.at);
    const line = before.split("\n").length;
    const column = error.at - before.lastIndexOf("\n");
    const found = text[error.at];
    const what = found === undefined ? "the file ends" : `unexpected ${JSON.stringify(found)}`;
    // An empty expectation is a comma before } or ]: JSON has no trailing commas.
    return { line, column, reason: error.expected === "" ? `a trailing comma before ${JSON.stringify(found)} (JSON allows none)` : `${what}; ${error.expected} expected` };
  }
  try {
    JSON.parse(stripBom(text));
    return null;
  } catch (error) {
    return { line: 1, column: 1, reason: error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error) };
  }
}

/** `.claude/settings.json line 3, column 29: unexpected "]" (a value expected)`, or just the file when it parses. */
export function jsonWhere(rel: string, text: string): { where: string; line: number | null } {
  const problem = jsonProblem(text);
  if (!problem) return { where: rel, line: null };
  return { where: `${rel} line ${problem.line}, column ${problem.column}: ${problem.reason}`, line: problem.line };
}
