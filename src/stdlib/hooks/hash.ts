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

/** Each harness's hook file, in the order the hash takes them. */
function harnessFiles(root: string): [string, string][] {
  return [
    ["claude", join(root, ".claude", "settings.json")],
    ["cursor", join(root, ".cursor", "hooks.json")],
    ["codex", join(root, ".codex", "hooks.json")],
    ["windsurf", join(root, ".windsurf", "hooks.json")],
    ["copilot", join(root, ".github", "hooks", "exo.json")],
  ];
}

/** Whether git's pre-commit hook in `gitHooksDir` is exo's. */
async function gitHookInstalled(gitHooksDir: string | null): Promise<boolean> {
  if (gitHooksDir === null) return false;
  return (await readTextOrNull(join(gitHooksDir, "pre-commit")))?.includes(LAUNCHER_MARK) ?? false;
}

/**
 * Compute the hooks hash and which harnesses carry exo entries; `planned` (absolute path → text)
 * stands in for files a dry run would write, so it reports the hash they would give.
 */
export async function computeHooksState(root: string, exoDir: string, gitHooksDir: string | null, planned?: ReadonlyMap<string, string>): Promise<HooksState> {
  const read = (file: string) => (planned?.has(file) ? Promise.resolve(planned.get(file) ?? null) : readTextOrNull(file));
  const files = harnessFiles(root);
  const [launcher, ...texts] = await Promise.all([read(join(exoDir, "bin", "exo-hook.mjs")), ...files.map(([, file]) => read(file))]);
  const value: Record<string, unknown> = {};
  const installed: string[] = [];
  if (launcher !== null && launcher !== undefined) value["launcher"] = sha256(launcher);
  files.forEach(([name], i) => {
    const text = texts[i] ?? null;
    if (text === null) return;
    const entries = exoEntries(parseObject(text));
    value[name] = entries;
    if (entries.length > 0) installed.push(name);
  });
  if (await gitHookInstalled(gitHooksDir)) installed.push("git");
  return { sha256: sha256(canon(value)), installed };
}

/**
 * Which harnesses carry exo's hook entries here (as computeHooksState's `installed`), without
 * reading the launcher or hashing: `exo status` asks only this, and hashing would load node:crypto.
 */
export async function installedHooks(root: string, gitHooksDir: string | null): Promise<string[]> {
  const files = harnessFiles(root);
  const texts = await Promise.all(files.map(([, file]) => readTextOrNull(file)));
  const installed = files.filter((_, i) => exoEntries(parseObject(texts[i] ?? null)).length > 0).map(([name]) => name);
  if (await gitHookInstalled(gitHooksDir)) installed.push("git");
  return installed;
}
