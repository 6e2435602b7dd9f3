// exo decide (SPEC §6.1): the §7.2 decision computed by the very code the hooks run (evaluate in
// src/hooks/hook-entry.ts), so `exo decide --bash "…"` and the hook always agree.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import type { Action } from "../kernel/check-action.js";
import { patchTargets, patchUnknown, saveShellCache } from "../kernel/shell.js";
import type { Context } from "../commands/context.js";
import type { Repo } from "../io/paths.js";
import { readSealedPolicy } from "../stdlib/config/store.js";
import { assertKnownFormat } from "../stdlib/state-format.js";
import { readSession } from "../stdlib/sessions/store.js";
import { evaluateTargets, fileToolPaths, gatingTargets, guardsReads, type Gathered, type Seal } from "../hooks/hook-entry.js";

export type DecideHarness = "claude" | "codex" | "cursor" | "windsurf" | "copilot";

export async function decideCommand(ctx: Context, input: { path: string[]; action: Action; bash?: string | undefined; apply_patch?: string | undefined; session_id?: string | undefined; cwd?: string | undefined; harness?: DecideHarness | undefined }) {
  if (input.path.length === 0 && input.bash === undefined && input.apply_patch === undefined) {
    // A missing required flag (one of the three) is USAGE_ERROR (SPEC §5.1).
    throw new ExoError(ErrorCode.USAGE_ERROR, "exo decide needs --path, --bash or --apply-patch to decide about.", { hint: 'exo decide --bash "echo hi > src/x.ts"' });
  }
  const repo = await ctx.governed();
  const policy = await readSealedPolicy(repo);
  if (!policy) throw new ExoError(ErrorCode.GOVERNANCE_MISSING, "No sealed policy; run exo compose.", { hint: "exo compose" });
  // A newer exo's seal: the hooks cannot read it (they deny gated writes), so decide does not explain it as an old one (SPEC §4).
  assertKnownFormat(policy, "sealed-policy", repo.relative(repo.sealFile));
  if (input.session_id && !(await readSession(repo, input.session_id))) throw new ExoError(ErrorCode.SESSION_NOT_FOUND, `No session ${input.session_id}.`, { hint: "exo status" });
  const cwd = input.cwd ? resolve(ctx.cwd, input.cwd) : ctx.cwd;
  const home = homedir();
  const seal = policy as unknown as Seal;
  const harness = input.harness ?? "claude";
  const gathered: Gathered = { targets: [], unknown: [], maybe: [], readOnly: input.action === "read" };
  // The hooks make read targets only while hooks.guard_reads is on (SPEC §7.2, §4.2): with it off,
  // a read of a path is what they would allow, whatever the deny rules say about reads.
  const paths = input.action === "read" && !guardsReads(seal) ? [] : input.path;
  for (const p of paths) {
    // Every spelling the hook judges for a file tool's path (kernel's and Claude Code's); a path
    // §7.1 finds unusable (~user/…) is a target denied PATH_INVALID, in the report like any deny.
    for (const path of fileToolPaths(p, cwd, home)) gathered.targets.push({ path, action: input.action });
  }
  if (input.bash !== undefined) {
    const r = gatingTargets("claude", "PreToolUse", { tool_name: "Bash", tool_input: { command: input.bash } }, cwd, home, guardsReads(seal), repo.root);
    gathered.targets.push(...r.targets);
    gathered.unknown.push(...r.unknown);
    gathered.maybe.push(...r.maybe);
    if (r.forbidden) gathered.forbidden = r.forbidden;
    if (r.fences) gathered.fences = r.fences;
    if (r.trees) gathered.trees = r.trees;
    gathered.readOnly = false;
  }
  if (input.apply_patch !== undefined) {
    let patch: string;
    try {
      const file = ctx.harness === "mcp" ? (await import("../io/report-target.js")).insideRepoFile((await ctx.repo()).root, ctx.cwd, input.apply_patch, "--apply-patch", "exo decide --apply-patch <patch file in the repository>") : resolve(ctx.cwd, input.apply_patch);
      patch = readFileSync(file, "utf8");
    } catch (error) {
      if (error instanceof ExoError) throw error;
      const errno = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new ExoError(ErrorCode.INVALID_INPUT, `--apply-patch ${input.apply_patch}: cannot read the patch file (${errno}); give the path of a file in Codex apply_patch format.`, { details: { issues: [{ path: "apply_patch", code: "unreadable", message: `cannot read ${input.apply_patch} (${errno})`, severity: "error" }] } });
    }
    const targets = patchTargets(patch, cwd);
    gathered.targets.push(...targets);
    gathered.unknown.push(...patchUnknown(patch, targets));
    gathered.readOnly = false;
  }
  const env = { ...ctx.env, ...(input.session_id ? { EXO_SESSION_ID: input.session_id } : {}) } as NodeJS.ProcessEnv;
  const where = { root: repo.root, exoDir: repo.exoDir, stateDir: repo.stateDir };
  const ev = evaluateTargets(gathered, { cwd }, { stdin: "", env, cwd }, where, seal, { previewRevival: true });
  const d = ev.decision;
  // The hook takes the session's lapsed lock back before it decides (SPEC §7.14): say so, since
  // exo status shows the lock expired until then.
  if (ev.revivedFrom !== undefined && ev.session) ctx.warn(WarningCode.LOCK_EXPIRED_DURING_SESSION, `The lock on ${ev.session.ticket} expired at ${ev.revivedFrom}; the hook's next gated call of session ${ev.session.id} takes it back (same token) before deciding, which is the answer given here.`);
  // The shell analysis's code cache (dist/cli/hook-shell.cjs, loaded only for a command line or a
  // patch) grows by the way this call took, as the hook's does: the next decide runs from bytecode.
  if (input.bash !== undefined || input.apply_patch !== undefined) saveShellCache(`decide-${input.bash !== undefined ? "bash" : "patch"}-${d.decision}`);
  if (d.enforced_from) ctx.warn(WarningCode.HOOK_ADVISORY, `Advisory mode: the hooks would ${d.enforced_from} this (${d.code}) but let it through.`);
  // Codex and Windsurf have no "ask": their hooks block instead (docs/hooks.md).
  const decision = d.decision === "ask" && (harness === "codex" || harness === "windsurf") ? "deny" : d.decision;
  const allowsNow = d.code === "OUT_OF_SCOPE" && ev.session ? await ticketAllowsNow(repo, ev.session.ticket, d.targets) : false;
  // SPEC §6.1's keys first, in its order; exo's additions after them.
  return { decision, code: d.code, reason: d.reason, rule: d.rule, session: ev.session?.id ?? null, targets: d.targets.map(({ path, action, inside_repo, decision, code, rule, ...more }) => ({ path, action, inside_repo, decision, code, rule, ...more })), unknown_writes: ev.unknown, kernel_decision: d.decision, harness, session_actor: ev.session?.actor ?? null, ticket: ev.session?.ticket ?? null, ticket_allows_now: allowsNow, maybe_writes: gathered.maybe.map((m) => ({ path: m.path, action: m.action, label: m.label })) };
}

/**
 * OUT_OF_SCOPE for paths the ticket's scope allows now: it was widened (exo ticket-update, as the
 * denial says) after the session started, and a session keeps the scope it started with until it
 * is suspended and resumed (SPEC §7.2). Then the way forward is the resume, not another widening.
 */
async function ticketAllowsNow(repo: Repo, ticketId: string, targets: readonly { path: string; code: string | null; inside_repo?: boolean }[]): Promise<boolean> {
  const out = targets.filter((t) => t.code === "OUT_OF_SCOPE");
  if (out.length === 0 || out.some((t) => t.inside_repo === false || t.path.startsWith("/"))) return false;
  const { readTicket, readAncestors } = await import("../stdlib/tickets/store.js");
  const ticket = await readTicket(repo, ticketId).catch(() => null);
  if (!ticket) return false;
  const { effectiveScope } = await import("../kernel/scope.js");
  const { matchesAny } = await import("../kernel/globs.js");
  const scope = effectiveScope(ticket, await readAncestors(repo, ticket));
  return out.every((t) => matchesAny(scope.allow, t.path) !== null && matchesAny(scope.deny, t.path) === null && matchesAny(scope.boundaries, t.path) === null);
}

/**
 * A report file an agent names over MCP (`pr-check --markdown`, `dashboard --out`, `export-traces
 * --out`) is a write the agent has exo make: it is judged as the hooks judge the agent's own writes
 * (SPEC §7.2, §12), so a report cannot replace a secret, a harness's settings or a file outside the
 * session's scope. Before, any file of the repository but .exo/, .git and exo's own files could be
 * overwritten through exo. From a shell the person's choice stands. Returns the path.
 */
export async function judgedReportTarget(ctx: Context, path: string, flag: string): Promise<string> {
  if (ctx.harness !== "mcp") return path;
  const d = await decideCommand(ctx, { path: [path], action: "write" });
  if (d.decision === "allow") return path;
  const code = (d.code ?? "OUT_OF_SCOPE") as ErrorCode;
  throw new ExoError(code, `${flag} ${path.startsWith(`${ctx.cwd}/`) ? path.slice(ctx.cwd.length + 1) : path}: ${d.reason}`, { details: { path: d.targets[0]?.path ?? path, rule: d.rule } });
}
