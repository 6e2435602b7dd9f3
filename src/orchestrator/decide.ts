// exo decide (SPEC §6.1): the §7.2 decision with the same inputs the hooks use.
import { readFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { checkAction, type Action } from "../kernel/check-action.js";
import { patchTargets, shellTargets } from "../kernel/shell.js";
import { realpathLongestPrefix } from "../io/paths.js";
import { readJsonSync } from "../io/read.js";
import type { Context } from "../commands/context.js";
import { readSealedPolicy } from "../stdlib/config/store.js";
import { readLock } from "../stdlib/locks/store.js";
import { listSessions, readSession } from "../stdlib/sessions/store.js";
import { resolveSession } from "../hooks/hook-entry.js";

export async function decideCommand(ctx: Context, input: { path: string[]; action: Action; bash?: string | undefined; apply_patch?: string | undefined; session_id?: string | undefined; cwd?: string | undefined }) {
  const repo = await ctx.governed();
  const policy = await readSealedPolicy(repo);
  if (!policy) throw new ExoError(ErrorCode.GOVERNANCE_MISSING, "No sealed policy; run exo compose.", { hint: "exo compose" });
  const cwd = input.cwd ? resolve(ctx.cwd, input.cwd) : ctx.cwd;
  const home = homedir();
  const guardReads = policy.hooks.guard_reads && policy.deny.some((r) => r.actions.includes("read"));
  let targets: { path: string; action: Action }[] = input.path.map((p) => ({ path: resolve(cwd, p === "~" || p.startsWith("~/") ? home + p.slice(1) : p), action: input.action }));
  let unknown: string[] = [];
  if (input.bash) {
    const r = shellTargets(input.bash, { cwd, home, vars: { CLAUDE_PROJECT_DIR: repo.root }, guardReads });
    targets = [...targets, ...r.targets];
    unknown = r.unknown;
  }
  if (input.apply_patch) targets = [...targets, ...patchTargets(readFileSync(resolve(ctx.cwd, input.apply_patch), "utf8"), cwd)];
  if (targets.length === 0 && unknown.length === 0) {
    throw new ExoError(ErrorCode.INVALID_INPUT, "Give --path, --bash or --apply-patch to decide about.", { details: { issues: [{ path: "path", code: "required", message: "nothing to decide", severity: "error" }] } });
  }
  const resolved = targets.map((t) => ({ path: realpathLongestPrefix(t.path), action: t.action }));
  let session = input.session_id ? await readSession(repo, input.session_id) : null;
  if (input.session_id && !session) throw new ExoError(ErrorCode.SESSION_NOT_FOUND, `No session ${input.session_id}.`);
  if (!session) {
    const inside = resolved.filter((t) => t.action !== "read" && t.path.startsWith(`${repo.root}/`)).map((t) => t.path.slice(repo.root.length + 1));
    session = (resolveSession((await listSessions(repo)), {}, ctx.env, repo.root, inside, false).session as never) ?? null;
  }
  const lock = session ? await readLock(repo, session.ticket) : null;
  const fsInfo = readJsonSync(`${repo.cacheDir}/fs.json`) as { case_insensitive?: boolean } | null | undefined;
  let tmp = tmpdir();
  try {
    tmp = realpathSync(tmp);
  } catch {
    // keep
  }
  const d = checkAction(policy, { targets: resolved, unknownWrites: unknown, repoRoot: repo.root, home, tmpdir: tmp, caseInsensitive: fsInfo?.case_insensitive ?? process.platform === "darwin" }, session, lock, ctx.now());
  if (d.enforced_from) ctx.warn(WarningCode.HOOK_ADVISORY, `Advisory mode: the hooks would ${d.enforced_from} this (${d.code}) but let it through.`);
  return { decision: d.decision, code: d.code, reason: d.reason, rule: d.rule, session: session?.id ?? null, targets: d.targets, unknown_writes: unknown };
}
