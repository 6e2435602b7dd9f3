// Pre-commit self-protection (issue #19): a commit may not remove or change exo's hook entries,
// replace the hook launcher or carry a hand-edited sealed policy. Everything is read from the
// index (what the commit will contain), and the index's hooks hash must equal the one its seal
// records: `exo hook-install` / `exo compose` keep them equal, a hand edit cannot.
import { canon, hasValidSeal, sha256 } from "../kernel/canon.js";
import { gitRaw } from "../io/git.js";
import { exoEntries } from "../stdlib/hooks/hash.js";
import { SETTINGS_FILES } from "../stdlib/hooks/install.js";
import { LAUNCHER } from "../stdlib/hooks/launcher.js";
import { stripBom } from "../kernel/text.js";

type Json = Record<string, unknown>;

async function indexText(root: string, path: string): Promise<string | null> {
  const r = await gitRaw(root, ["show", `:${path}`]);
  return r.code === 0 ? r.stdout : null;
}

function parse(text: string | null): Json | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(stripBom(text)) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

/** Problems (one line each) for staged changes that would weaken exo's own enforcement. */
export async function selfProtection(root: string, exoRel: string, stagedPaths: string[]): Promise<string[]> {
  const launcherRel = `${exoRel}/bin/exo-hook.mjs`;
  const sealRel = `${exoRel}/policy.sealed.json`;
  const lockRel = `${exoRel}/governance.lock.json`;
  const settings = Object.values(SETTINGS_FILES);
  const watched = new Set([launcherRel, sealRel, lockRel, ...settings]);
  if (!stagedPaths.some((p) => watched.has(p))) return [];
  const problems: string[] = [];
  const seal = parse(await indexText(root, sealRel));
  if (stagedPaths.includes(sealRel)) {
    if (!seal) problems.push(`${sealRel}: the commit removes or breaks the sealed policy [GOVERNANCE_TAMPERED] (run exo compose and stage its output)`);
    else if (!hasValidSeal(seal, "seal_sha256")) problems.push(`${sealRel}: edited by hand, it no longer matches its seal [GOVERNANCE_TAMPERED] (run exo compose --repair)`);
    else {
      const lock = parse(await indexText(root, lockRel));
      if (!lock || lock["lock_sha256"] !== seal["lock_sha256"]) problems.push(`${sealRel}: does not belong to the staged ${lockRel} [GOVERNANCE_TAMPERED] (run exo compose and stage both)`);
    }
  }
  const launcher = await indexText(root, launcherRel);
  if (stagedPaths.includes(launcherRel) && launcher !== LAUNCHER) {
    problems.push(`${launcherRel}: the commit ${launcher === null ? "deletes" : "replaces"} exo's hook launcher [HOOKS_TAMPERED] (run exo hook-install)`);
  }
  if (!seal || typeof seal["hooks_sha256"] !== "string") return problems;
  // The hooks hash of the index (launcher + exo's entries per harness file), as §7.16.4 computes it.
  const value: Json = {};
  if (launcher !== null) value["launcher"] = sha256(launcher);
  const names = Object.keys(SETTINGS_FILES) as (keyof typeof SETTINGS_FILES)[];
  for (const name of names) {
    const text = await indexText(root, SETTINGS_FILES[name]);
    if (text === null) continue;
    value[name] = exoEntries(parse(text));
  }
  if (sha256(canon(value)) !== seal["hooks_sha256"]) {
    const touched = settings.filter((s) => stagedPaths.includes(s));
    problems.push(`${touched.join(", ") || launcherRel}: the commit removes or changes exo's hook entries [HOOKS_TAMPERED] (run exo hook-install, then stage the files it writes)`);
  }
  return problems;
}
