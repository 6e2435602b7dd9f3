// Block YAML for the files exo writes on every lifecycle step (tickets, mementos), without the
// YAML library when the data is plain. `emitYaml(value)` returns exactly the text of
// `stringify(value, { indent: 2, lineWidth: 0 })` from `yaml` (test/unit/stdlib/yaml-emit.test.ts
// compares the two on generated data), or null for anything it does not render as the library
// would: a multi-line or non-ASCII string, a backslash, a nested sequence, a key that needs quotes.
// `toYaml` then uses the library, so exo's files read the same either way; next, session-start
// and finish no longer load and compile the library (about 14 ms) for a ticket or a memento.
import { stringify } from "yaml";

// Where the library will not write a string plain (its plain-scalar rules for one line): an
// indicator first, "- " or "? " first, ": " or " #" inside, a space or ":" last.
const NOT_PLAIN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;
// Strings the YAML 1.2 core schema reads as null, a boolean or a number: the library quotes them.
const CORE_TYPED = /^(?:~|[Nn]ull|NULL|)$|^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$|^0o[0-7]+$|^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$|^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$|^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
// A line the library would take for a document marker or directive.
const MARKER = /^(%|---|\.\.\.)/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A one-line scalar as the library writes it, or null. */
function scalar(value: unknown): string | null {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0) ? JSON.stringify(value) : null;
    case "string":
      return text(value);
    default:
      return null;
  }
}

function text(s: string): string | null {
  if (!PRINTABLE_ASCII.test(s) || s.includes("\\") || MARKER.test(s)) return null;
  if (NOT_PLAIN.test(s) || CORE_TYPED.test(s)) {
    const double = s.includes('"');
    if (double && s.includes("'")) return null;
    return double ? `'${s}'` : `"${s}"`;
  }
  return s;
}

const isMap = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

function emitMap(map: Record<string, unknown>, indent: string, out: string[]): boolean {
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue; // the library leaves undefined members out
    if (!KEY.test(key) || CORE_TYPED.test(key)) return false;
    if (!emitMember(`${indent}${key}:`, value, `${indent}  `, out)) return false;
  }
  return true;
}

function emitSeq(items: unknown[], indent: string, out: string[]): boolean {
  for (const item of items) {
    if (isMap(item) && Object.values(item).some((v) => v !== undefined)) {
      // A mapping in a sequence: its first member follows the dash, the rest line up under it.
      const at = out.length;
      if (!emitMap(item, `${indent}  `, out)) return false;
      out[at] = `${indent}- ${(out[at] as string).slice(indent.length + 2)}`;
    } else if (Array.isArray(item) && item.length > 0) {
      return false;
    } else if (!emitMember(`${indent}-`, item, `${indent}  `, out)) {
      return false;
    }
  }
  return true;
}

/** `head` (a key and its colon, or a dash) with a scalar or an empty collection after it, or a block below. */
function emitMember(head: string, value: unknown, inner: string, out: string[]): boolean {
  if (Array.isArray(value)) {
    if (value.length === 0) return out.push(`${head} []`), true;
    out.push(head);
    return emitSeq(value, inner, out);
  }
  if (isMap(value)) {
    if (Object.values(value).every((v) => v === undefined)) return out.push(`${head} {}`), true;
    out.push(head);
    return emitMap(value, inner, out);
  }
  const s = scalar(value);
  if (s === null) return false;
  out.push(`${head} ${s}`);
  return true;
}

/** The library's block YAML for a non-empty mapping of plain data, or null. */
export function emitYaml(value: Record<string, unknown>): string | null {
  if (!isMap(value) || Object.values(value).every((v) => v === undefined)) return null;
  const out: string[] = [];
  return emitMap(value, "", out) ? `${out.join("\n")}\n` : null;
}

/** Block YAML of a mapping exo writes (tickets, mementos, learnings): the library's text, made without it when the data is plain. */
export function toYaml(value: Record<string, unknown>): string {
  return emitYaml(value) ?? stringify(value, { indent: 2, lineWidth: 0 });
}
