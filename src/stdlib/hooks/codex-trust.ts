// Codex hook trust (issue #19): Codex skips a hooks.json handler silently unless the user config
// (`$CODEX_HOME/config.toml`, default ~/.codex) holds a trust record for it:
//   [hooks.state."<abs path of hooks.json>:<event_snake>:<group>:<handler>"]
//   trusted_hash = "sha256:…"      (and not enabled = false)
// exo never writes those records itself (that would approve its own code); doctor reads them.
import { join } from "node:path";
import { readTextOrNull } from "../../io/read.js";
import { codexHome, readCodexConfig } from "./codex-config.js";
import { exoEntries } from "./hash.js";
import { stripBom } from "../../kernel/text.js";

export const CODEX_TRUST_HINT = "start codex in this repository and run /hooks to review and trust exo's hooks";

function snake(event: string): string {
  return event.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The `[hooks.state]` records of the user's config.toml (parsed with a TOML parser; none when unreadable). */
async function trustRecords(file: string): Promise<Record<string, unknown>> {
  const doc = (await readCodexConfig(file)) as { hooks?: { state?: unknown } } | null;
  const state = doc?.hooks?.state;
  return typeof state === "object" && state !== null ? (state as Record<string, unknown>) : {};
}

function isTrusted(record: unknown): boolean {
  if (typeof record !== "object" || record === null) return false;
  const r = record as { trusted_hash?: unknown; enabled?: unknown };
  return typeof r.trusted_hash === "string" && /^sha256:[0-9a-f]{16,}$/.test(r.trusted_hash) && r.enabled !== false;
}

export interface CodexTrust {
  config: string;
  trusted: string[];
  untrusted: string[];
}

/** Which of exo's Codex hook handlers Codex has trust records for. */
export async function codexTrust(root: string, env: Readonly<Record<string, string | undefined>>): Promise<CodexTrust | null> {
  const hooksFile = join(root, ".codex", "hooks.json");
  const text = await readTextOrNull(hooksFile);
  if (text === null) return null;
  let settings: Record<string, unknown> | null = null;
  try {
    settings = JSON.parse(stripBom(text)) as Record<string, unknown>;
  } catch {
    return null;
  }
  const mine = exoEntries(settings);
  if (mine.length === 0) return null;
  const config = join(codexHome(env), "config.toml");
  const records = await trustRecords(config);
  const hooks = (settings["hooks"] ?? {}) as Record<string, unknown[]>;
  const trusted: string[] = [];
  const untrusted: string[] = [];
  for (const [event, group] of mine) {
    const groupIndex = (hooks[event] ?? []).indexOf(group);
    const handlers = Array.isArray((group as { hooks?: unknown[] }).hooks) ? ((group as { hooks: unknown[] }).hooks) : [];
    for (let h = 0; h < Math.max(1, handlers.length); h++) {
      const key = `${hooksFile}:${snake(event)}:${groupIndex}:${h}`;
      (isTrusted(records[key]) ? trusted : untrusted).push(`${event}#${groupIndex}.${h}`);
    }
  }
  return { config, trusted, untrusted };
}
