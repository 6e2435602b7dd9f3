// Codex's config.toml, read and parsed in one place (kill switches and hook trust both look at the
// user's file): parsed with a TOML parser, never pattern-matched, and parsed once per process for
// the same text.
import { homedir } from "node:os";
import { join } from "node:path";
import { readTextOrNull } from "../../io/read.js";
import { stripBom } from "../../kernel/text.js";

type Env = Readonly<Record<string, string | undefined>>;

/** `$CODEX_HOME`, else `~/.codex`. */
export function codexHome(env: Env): string {
  return env["CODEX_HOME"] || join(env["HOME"] || homedir(), ".codex");
}

const parsed = new Map<string, { text: string; doc: Record<string, unknown> | null }>();

/** The parsed document of a config.toml: null when the file is missing or not valid TOML. */
export async function readCodexConfig(file: string): Promise<Record<string, unknown> | null> {
  const text = await readTextOrNull(file);
  if (text === null) return null;
  const known = parsed.get(file);
  if (known && known.text === text) return known.doc;
  const doc = await parseCodexConfig(text);
  parsed.set(file, { text, doc });
  return doc;
}

/** A config.toml's text parsed (a byte order mark read past): null when it is not valid TOML, which Codex refuses too. */
export async function parseCodexConfig(text: string): Promise<Record<string, unknown> | null> {
  const { parse } = await import("smol-toml");
  try {
    return parse(stripBom(text));
  } catch {
    return null;
  }
}
