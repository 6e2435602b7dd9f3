// The light hook bundle (`dist/hook-git.cjs`): git's pre-commit and prepare-commit-msg, and the
// after-edit events that run on every agent edit (PostToolUse's backstop, Cursor's afterFileEdit),
// without the lifecycle bundle's weight (no YAML parser, no CLI spawning).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterFileEdit, preCommit, prepareCommitMsg } from "./git-hooks.js";
import { backstop } from "./backstop.js";
import { AFTER_EVENTS } from "./routes.js";
import type { HookAnswer, HookIO } from "./hook-entry.js";
import { locateRepo, type Located } from "../io/locate.js";
import { saveGlobCache, useGlobCache } from "./glob-cache.js";

type Payload = Record<string, unknown>;

export async function gitHook(event: string, io: HookIO): Promise<HookAnswer> {
  const quiet: HookAnswer = { stdout: "", stderr: "", exitCode: 0 };
  const where = locateRepo(io.cwd, io.env);
  if (!where || !existsSync(join(where.exoDir, "config.yaml"))) return quiet;
  useGlobCache(where.stateDir);
  try {
    if (event === "pre-commit") return await preCommit(where, io);
    if (event === "prepare-commit-msg") return await prepareCommitMsg(where, io);
    return quiet;
  } catch (error) {
    return { ...quiet, stderr: `exo hook (git ${event}): ${error instanceof Error ? error.message : String(error)}\n` };
  }
}

export interface EventContext {
  payload: Payload;
  /** The governed repository the call happened in, or null (not a repository, or no .exo/config.yaml). */
  where: Located | null;
  /** The answer that changes nothing for this harness. */
  quiet: HookAnswer;
}

/** Payload and repository of a non-gating harness event: the payload's cwd (or first workspace root), else the process cwd. */
export function eventContext(harness: string, io: HookIO): EventContext {
  let payload: Payload = {};
  try {
    payload = io.stdin.trim() ? (JSON.parse(io.stdin) as Payload) : {};
  } catch {
    payload = {};
  }
  if (payload === null || typeof payload !== "object") payload = {};
  const roots = payload["workspace_roots"];
  const cwd = typeof payload["cwd"] === "string" ? payload["cwd"] : Array.isArray(roots) && typeof roots[0] === "string" ? roots[0] : io.cwd;
  const found = locateRepo(cwd, io.env);
  const where = found && existsSync(join(found.exoDir, "config.yaml")) ? found : null;
  return { payload, where, quiet: { stdout: harness === "cursor" ? "{}" : "", stderr: "", exitCode: 0 } };
}

/** The after-edit events: the backstop checks what a tool call changed; Cursor's afterFileEdit records the edit. */
export async function afterEvent(harness: string, event: string, io: HookIO): Promise<HookAnswer> {
  const { payload, where, quiet } = eventContext(harness, io);
  if (!where || !AFTER_EVENTS.has(event)) return quiet;
  useGlobCache(where.stateDir);
  try {
    if (event === "afterFileEdit") return await afterFileEdit(where, payload, io);
    return await backstop(harness, event, where, payload, io);
  } catch (error) {
    return { ...quiet, stderr: `exo hook (${harness} ${event}): ${error instanceof Error ? error.message : String(error)}\n` };
  }
}

/** The bundle's entry points for hook-main.ts: git hooks and after-edit events, then the globs they compiled. */
export function handle(harness: string, event: string, io: HookIO): Promise<HookAnswer> {
  return harness === "git" ? gitHook(event, io) : afterEvent(harness, event, io);
}
export const afterAnswer = saveGlobCache;
