// The synchronous decision of the library API (SPEC §9.3 `exo.decide`): the hook's own evaluation
// (compiled JSON only, symlinks resolved before `..`), for one path.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Action, TargetDecision } from "../kernel/check-action.js";
import { joinRaw } from "../io/physical-path.js";
import { readSeal } from "./sealed-policy.js";
import { evaluateTargets, newerSealFormat, type Seal } from "./hook-entry.js";
import { locateRepo } from "../io/locate.js";

/** SPEC §9.2's Decision: the call's verdict and each target's. */
export interface LibraryDecision {
  decision: "allow" | "deny" | "ask";
  code: string | null;
  reason: string;
  rule: string | null;
  targets: TargetDecision[];
}

export function decideSync(cwd: string, path: string, action: Action, env: Readonly<Record<string, string | undefined>>): LibraryDecision {
  const where = locateRepo(cwd, env);
  if (!where || !existsSync(join(where.exoDir, "config.yaml"))) return { decision: "allow", code: null, reason: "not a governed repository", rule: null, targets: [] };
  const policy = readSeal(where) as Seal | null | undefined;
  if (!policy || typeof policy !== "object") return { decision: "deny", code: "GOVERNANCE_MISSING", reason: "no sealed policy; run exo compose", rule: null, targets: [] };
  // A newer exo's seal, as the gating hook reads it (SPEC §4, §8.1): not applied as an old one.
  const newer = newerSealFormat(policy);
  if (newer) return { decision: "deny", code: "FORMAT_UNSUPPORTED", reason: `.exo/policy.sealed.json has format ${newer}, newer than this exo understands; upgrade exo`, rule: null, targets: [] };
  const home = homedir();
  const target = joinRaw(cwd, path === "~" || path.startsWith("~/") ? home + path.slice(1) : path);
  const ev = evaluateTargets({ targets: [{ path: target, action }], unknown: [], maybe: [], readOnly: action === "read" }, { cwd }, { stdin: "", env: { ...env }, cwd }, where, policy);
  const d = ev.decision;
  return { decision: d.decision, code: d.code, reason: d.reason, rule: d.rule, targets: d.targets.map((t) => ({ path: t.path, action: t.action, inside_repo: t.inside_repo, decision: t.decision, code: t.code, rule: t.rule })) };
}
