// Reading a memento (SPEC §4.9): YAML front matter between `---` lines, then a Markdown body.
import { parse } from "yaml";

/** A memento's front matter (an empty record when it is not a mapping) and its body; throws on YAML that does not parse. */
export function mementoParts(text: string): { front: Record<string, unknown>; body: string } {
  const end = text.indexOf("\n---\n", 4);
  const front: unknown = parse(text.slice(4, end));
  return { front: front !== null && typeof front === "object" && !Array.isArray(front) ? (front as Record<string, unknown>) : {}, body: text.slice(end + 5) };
}

/** The paths a memento's `changed_files` names (none when it names none or cannot be read). */
export function mementoChangedPaths(text: string): string[] {
  let changed: unknown;
  try {
    changed = mementoParts(text).front["changed_files"];
  } catch {
    return [];
  }
  if (!Array.isArray(changed)) return [];
  return changed.flatMap((e: unknown) => {
    const path = e !== null && typeof e === "object" ? (e as { path?: unknown }).path : undefined;
    return typeof path === "string" ? [path] : [];
  });
}
