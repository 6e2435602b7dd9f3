// The hooks hash (SPEC §7.16.4): launcher bytes plus exo's own entries in each harness file.
import { join } from "node:path";
import { canon, sha256 } from "../../kernel/canon.js";
import { readTextOrNull } from "../../io/read.js";
import { stripBom } from "../../kernel/text.js";

export const LAUNCHER_MARK = ".exo/bin/exo-hook.mjs";

type Json = Record<string, unknown>;

function parseObject(text: string | null): Json | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(stripBom(text)) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

/** [event, group] pairs whose command mentions the launcher, in file order. */
export function exoEntries(settings: Json | null): [string, unknown][] {
  const hooks = settings?.["hooks"];
  if (typeof hooks !== "object" || hooks === null) return [];
  const out: [string, unknown][] = [];
  for (const [event, groups] of Object.entries(hooks as Json)) {
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      if (JSON.stringify(group ?? null).includes(LAUNCHER_MARK)) out.push([event, group]);
    }
  }
  return out;
}

export interface HooksState {
  sha256: string;
  installed: string[];
}

/**
 * Compute the hooks hash and which harnesses carry exo entries; `planned` (absolute path → text)
 * stands in for files a dry run would write, so it reports the hash they would give.
 */
export async function computeHooksState(root: string, exoDir: string, gitHooksDir: string | null, planned?: ReadonlyMap<string, string>): Promise<HooksState> {
  const read = (file: string) => (planned?.has(file) ? Promise.resolve(planned.get(file) ?? null) : readTextOrNull(file));
  const [launcher, claude, cursor, codex, windsurf, copilot] = await Promise.all([
    read(join(exoDir, "bin", "exo-hook.mjs")),
    read(join(root, ".claude", "settings.json")),
    read(join(root, ".cursor", "hooks.json")),
    read(join(root, ".codex", "hooks.json")),
    read(join(root, ".windsurf", "hooks.json")),
    read(join(root, ".github", "hooks", "exo.json")),
  ]);
  const value: Record<string, unknown> = {};
  const installed: string[] = [];
  if (launcher !== null) value["launcher"] = sha256(launcher);
  for (const [name, text] of [["claude", claude], ["cursor", cursor], ["codex", codex], ["windsurf", windsurf], ["copilot", copilot]] as const) {
    if (text === null) continue;
    const entries = exoEntries(parseObject(text));
    value[name] = entries;
    if (entries.length > 0) installed.push(name);
  }
  if (gitHooksDir !== null) {
    const preCommit = await readTextOrNull(join(gitHooksDir, "pre-commit"));
    if (preCommit?.includes(LAUNCHER_MARK)) installed.push("git");
  }
  return { sha256: sha256(canon(value)), installed };
}
