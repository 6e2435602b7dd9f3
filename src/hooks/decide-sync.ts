// The synchronous decision of the library API (SPEC §9.3 `exo.decide`): the hook's inputs,
// read the hook's way (compiled JSON only), for one path.
import { existsSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { checkAction, type Action, type PolicyView } from "../kernel/check-action.js";
import { realpathLongestPrefix } from "../io/repo.js";
import { readJsonSync } from "../io/read.js";
import { locateRepo, readSessions, resolveSession } from "./hook-entry.js";

export function decideSync(cwd: string, path: string, action: Action, env: Readonly<Record<string, string | undefined>>): { decision: "allow" | "deny" | "ask"; code: string | null; reason: string; rule: string | null } {
  const where = locateRepo(cwd, env);
  if (!where || !existsSync(join(where.exoDir, "config.yaml"))) return { decision: "allow", code: null, reason: "not a governed repository", rule: null };
  const policy = readJsonSync(join(where.exoDir, "policy.sealed.json")) as PolicyView | null | undefined;
  if (!policy || typeof policy !== "object") return { decision: "deny", code: "GOVERNANCE_MISSING", reason: "no sealed policy; run exo compose", rule: null };
  const home = homedir();
  const absolute = realpathLongestPrefix(resolve(cwd, path.startsWith("~/") ? home + path.slice(1) : path));
  const inside = absolute.startsWith(`${where.root}/`) ? [absolute.slice(where.root.length + 1)] : [];
  const { session } = resolveSession(readSessions(where.stateDir), {}, env, where.root, action === "read" ? [] : inside, false);
  type LockView = Parameters<typeof checkAction>[3];
  const lock: LockView = session ? ((readJsonSync(join(where.stateDir, "locks", `${session.ticket}.json`)) as LockView | undefined) ?? null) : null;
  const d = checkAction(policy, { targets: [{ path: absolute, action }], unknownWrites: [], repoRoot: where.root, home, tmpdir: tmpdir(), caseInsensitive: false }, session, lock, new Date());
  return { decision: d.decision, code: d.code, reason: d.reason, rule: d.rule };
}
