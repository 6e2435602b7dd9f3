// Compiled JSON forms of YAML sources (config.yaml; the ticket index has its own file): cached
// in the state dir's cache/, used only when they were made from byte-identical source text by
// this very build of exo, so a stale form is never used. A miss parses the YAML and rewrites it.
// A form holds the text it was made from and is compared with it whole (a few kilobytes): no
// hash, so a command that reads its configuration loads no node:crypto for it.
import { fnvHex } from "../kernel/fnv.js";
import { writeCacheFile } from "../io/fs-atomic.js";
import { readStateRecordSync } from "../io/state-links.js";
import { join } from "node:path";
import { EXO_VERSION } from "../version.js";

declare const __EXO_BUILD_ID__: string | undefined;

/** Identifies the code that compiled a form: a hash of exo's sources at build time. */
export const BUILD_ID = `${EXO_VERSION}+${typeof __EXO_BUILD_ID__ === "string" ? __EXO_BUILD_ID__ : "source"}`;

interface CompiledForm<T> {
  format: "exo.compiled/2";
  build: string;
  source: string;
  source_text: string;
  value: T;
}

function formFile(cacheDir: string, kind: string, source: string): string {
  return join(cacheDir, `${kind}-${fnvHex(source, 12)}.json`);
}

/** The value of a form's text when it was made from this source text by this build, else null. */
function currentValue<T>(formText: string, source: string, text: string): T | null {
  const form = JSON.parse(formText) as CompiledForm<T>;
  if (form.format !== "exo.compiled/2" || form.build !== BUILD_ID || form.source !== source || form.source_text !== text) return null;
  return form.value;
}

/** The compiled value of `source` when its form matches this text and this build, else null. */
export function readCompiled<T>(cacheDir: string, kind: string, source: string, text: string): Promise<T | null> {
  return Promise.resolve(readCompiledSync<T>(cacheDir, kind, source, text));
}

/** readCompiled without a promise (exo-mcp's start); a small file read synchronously. */
export function readCompiledSync<T>(cacheDir: string, kind: string, source: string, text: string): T | null {
  try {
    const file = formFile(cacheDir, kind, source);
    const form = readStateRecordSync(file);
    return form === null ? null : currentValue<T>(form, source, text);
  } catch {
    return null;
  }
}

/** Store the compiled value of this source text (temp file + rename; a cache, failures ignored). */
export async function writeCompiled<T>(cacheDir: string, kind: string, source: string, text: string, value: T): Promise<void> {
  const file = formFile(cacheDir, kind, source);
  const form: CompiledForm<T> = { format: "exo.compiled/2", build: BUILD_ID, source, source_text: text, value };
  await writeCacheFile(file, JSON.stringify(form));
}
