// The PostToolUse backstop (issue #19): after a tool call, record the files it actually changed
// against the session and flag out-of-scope changes at once (ledger `hook.warned`, and context the
// agent reads). File tools report their path; shell calls are compared with the working tree:
// dirty files modified since the session's last backstop mark, minus other live sessions' files.
import { touchedPaths } from "../stdlib/sessions/touched.js";
import { parseDirty } from "../stdlib/git/porcelain.js";
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { checkAction, type PolicyView } from "../kernel/check-action.js";
import { gitRaw } from "../io/git.js";
import { readJsonSync } from "../io/read.js";
import { caseInsensitiveAt } from "../io/fs-case.js";
import { joinRaw, resolvePhysical } from "../io/physical-path.js";
import { isExoPath } from "../stdlib/exo-managed.js";
import { appendTouched, recordHookEvent } from "./hook-io.js";
import { readSessions, resolveSession, type HookAnswer, type HookIO } from "./hook-entry.js";
import type { Located } from "../io/locate.js";

type Payload = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");

function reportedPath(harness: string, event: string, payload: Payload): string | null {
  const input = (payload["tool_input"] ?? {}) as Payload;
  const info = (payload["tool_info"] ?? {}) as Payload;
  if (harness === "windsurf") return event === "post_write_code" ? str(info["file_path"]) || null : null;
  const tool = str(payload["tool_name"]);
  // Copilot CLI's create/edit name their file `path`.
  if (["Write", "Edit", "MultiEdit"].includes(tool)) return str(input["file_path"]) || str(input["path"]) || null;
  if (tool === "NotebookEdit") return str(input["notebook_path"]) || null;
  return null;
}

/** Files sessions that closed since `since` left claimed in this worktree (stdlib/sessions/claims.ts). */
function closedClaimed(stateDir: string, root: string, since: string): string[] {
  const dir = join(stateDir, "sessions");
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /^SES-[0-9A-Z-]+\.closed$/.test(n));
  } catch {
    return out;
  }
  for (const n of names) {
    const claim = readJsonSync(join(dir, n)) as { worktree?: unknown; closed_at?: unknown; files?: unknown } | null | undefined;
    if (!claim || typeof claim !== "object" || claim.worktree !== root || typeof claim.closed_at !== "string" || claim.closed_at < since) continue;
    if (claim.files && typeof claim.files === "object") out.push(...Object.keys(claim.files));
  }
  return out;
}

function touchedBy(stateDir: string, id: string): Set<string> {
  try {
    return touchedPaths(readFileSync(join(stateDir, "sessions", `${id}.touched`), "utf8"));
  } catch {
    return new Set();
  }
}

export async function backstop(harness: string, event: string, where: Located, payload: Payload, io: HookIO): Promise<HookAnswer> {
  const quiet: HookAnswer = { stdout: harness === "cursor" ? "{}" : "", stderr: "", exitCode: 0 };
  const policy = readJsonSync(join(where.exoDir, "policy.sealed.json")) as PolicyView | null | undefined;
  if (!policy || typeof policy !== "object") return quiet;
  const sessions = readSessions(where.stateDir);
  const cwd = str(payload["cwd"]) || io.cwd;
  const reported = reportedPath(harness, event, payload);
  let changed: string[] = [];
  if (reported) {
    const abs = resolvePhysical(joinRaw(cwd, reported)).path;
    if (abs.startsWith(`${where.root}/`)) changed = [abs.slice(where.root.length + 1)];
  }
  const { session } = resolveSession(sessions, payload, io.env, where.root, changed, caseInsensitiveAt(where.stateDir));
  if (!session || session.status !== "active") return quiet;
  const mark = join(where.stateDir, "sessions", `${session.id}.backstop`);
  if (!reported) {
    // Compare the working tree: dirty files changed since the last mark (or the session start).
    let since = Date.parse(session.started_at);
    try {
      since = statSync(mark).mtimeMs;
    } catch {
      // first call
    }
    const status = await gitRaw(where.root, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]);
    const others = new Set<string>();
    for (const s of sessions) if (s.id !== session.id && s.status === "active") for (const p of touchedBy(where.stateDir, s.id)) others.add(p);
    // A sibling that closed meanwhile keeps its files: the finish decides by their content.
    for (const p of closedClaimed(where.stateDir, where.root, session.started_at)) others.add(p);
    for (const path of parseDirty(status.stdout)) {
      if (isExoPath(path) || path.startsWith(".exo/") || others.has(path)) continue;
      let mtime = 0;
      try {
        mtime = statSync(join(where.root, path)).mtimeMs;
      } catch {
        mtime = Date.now(); // deleted: changed now
      }
      if (mtime >= since - 1) changed.push(path);
    }
  }
  try {
    writeFileSync(mark, "", { flag: "a" });
    const now = new Date();
    utimesSync(mark, now, now);
  } catch {
    // the mark is an optimisation
  }
  if (changed.length === 0) return quiet;
  appendTouched(where, session, changed.map((p) => ({ path: p, action: "write" })), io.env);
  const flagged: string[] = [];
  for (const rel of changed) {
    const d = checkAction({ ...policy, require_lock: null }, { targets: [{ path: join(where.root, rel), action: "write" }], unknownWrites: [], agentGate: true, repoRoot: where.root, home: homedir(), tmpdir: tmpdir(), caseInsensitive: caseInsensitiveAt(where.stateDir) }, session, null, new Date());
    const violated = d.decision !== "allow" || d.enforced_from;
    if (!violated) continue;
    flagged.push(`${rel} (${d.code ?? "not allowed"})`);
    await recordHookEvent(where, { harness, event, tool: str(payload["tool_name"]) || event, type: "hook.warned", code: d.code, path: rel, action: "write", rule: d.rule, reason: `changed by a tool call: ${d.reason}`, session: session.id, ticket: session.ticket, actor: session.actor }, io.env, null);
  }
  if (flagged.length === 0) return quiet;
  const note = `exo: this tool call changed files outside the scope of ${session.ticket}: ${flagged.join(", ")}. Undo those changes (git checkout -- <file>) or ask a human to widen the scope; exo session-finish will count them.`;
  // Copilot CLI passes a top-level additionalContext to the model (as for SessionStart).
  if (harness === "copilot") return { stdout: JSON.stringify({ additionalContext: note }), stderr: "", exitCode: 0 };
  if (harness === "claude" || harness === "codex") return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: "PostToolUse", additionalContext: note } }), stderr: "", exitCode: 0 };
  return { ...quiet, stderr: `${note}\n` };
}
