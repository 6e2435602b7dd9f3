// Codex hook trust (issue #19): Codex skips a hooks.json handler silently unless the user config
// (`$CODEX_HOME/config.toml`, default ~/.codex) holds a trust record for it:
//   [hooks.state."<abs path of hooks.json>:<event_snake>:<group>:<handler>"]
//   trusted_hash = "sha256:…"      (and not enabled = false)
// exo never writes those records itself (that would approve its own code); doctor reads them.
import { homedir } from "node:os";
import { join } from "node:path";
import { readTextOrNull } from "../../io/read.js";
import { exoEntries } from "./hash.js";

export const CODEX_TRUST_HINT = "start codex in this repository and run /hooks to review and trust exo's hooks";

function snake(event: string): string {
  return event.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Tables of a TOML text by header (enough for `[hooks.state."…"]` records). */
function tables(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let header: string | null = null;
  let body: string[] = [];
  const flush = () => {
    if (header !== null) out.set(header, body.join("\n"));
  };
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$/.exec(line);
    if (m && !line.trim().startsWith("[[")) {
      flush();
      header = (m[1] as string).replace(/\s*\.\s*/g, ".");
      body = [];
    } else body.push(line);
  }
  flush();
  return out;
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
    settings = JSON.parse(text.replace(/^\uFEFF/, "")) as Record<string, unknown>;
  } catch {
    return null;
  }
  const mine = exoEntries(settings);
  if (mine.length === 0) return null;
  const home = env["CODEX_HOME"] || join(env["HOME"] || homedir(), ".codex");
  const config = join(home, "config.toml");
  const t = tables((await readTextOrNull(config)) ?? "");
  const hooks = (settings["hooks"] ?? {}) as Record<string, unknown[]>;
  const trusted: string[] = [];
  const untrusted: string[] = [];
  for (const [event, group] of mine) {
    const groupIndex = (hooks[event] ?? []).indexOf(group);
    const handlers = Array.isArray((group as { hooks?: unknown[] }).hooks) ? ((group as { hooks: unknown[] }).hooks) : [];
    for (let h = 0; h < Math.max(1, handlers.length); h++) {
      const key = `${hooksFile}:${snake(event)}:${groupIndex}:${h}`;
      const body = t.get(`hooks.state."${key}"`) ?? t.get(`hooks.state.'${key}'`) ?? null;
      const ok = body !== null && /^\s*trusted_hash\s*=\s*["']sha256:[0-9a-f]{16,}["']/m.test(body) && !/^\s*enabled\s*=\s*false/m.test(body);
      (ok ? trusted : untrusted).push(`${event}#${groupIndex}.${h}`);
    }
  }
  return { config, trusted, untrusted };
}
