// SPEC §5.2: git ≥ 2.30 is required (ENVIRONMENT_UNSUPPORTED). `git version` runs once per git
// program: the answer is kept in cache/git-version.json with the program's path and signature,
// so a command whose git is unchanged spawns nothing for it.
import type { Env } from "./env.js";
import { join } from "node:path";
import { ErrorCode, ExoError } from "../errors.js";
import { writeCacheFile } from "./fs-atomic.js";
import { fileSig, gitProgram } from "./git-config.js";
import { gitRaw } from "./git.js";
import { readCacheJsonSync } from "./read.js";
import type { Repo } from "./repo.js";

export const MIN_GIT: readonly [number, number] = [2, 30];

/** major.minor of `git version` output, null when it says no version. */
export function parseGitVersion(text: string): [number, number] | null {
  const m = /(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export function gitTooOld(v: readonly [number, number]): boolean {
  return v[0] < MIN_GIT[0] || (v[0] === MIN_GIT[0] && v[1] < MIN_GIT[1]);
}

/** ENVIRONMENT_UNSUPPORTED when the git on PATH is older than 2.30. */
export async function assertGitVersion(repo: Repo, env: Env): Promise<void> {
  const program = gitProgram(env);
  const sig = program ? fileSig(program) : null;
  const memo = join(repo.cacheDir, "git-version.json");
  const kept = readCacheJsonSync(memo) as { program?: unknown; sig?: unknown; version?: unknown } | null | undefined;
  let version: [number, number] | null = null;
  if (program && sig && kept && kept.program === program && kept.sig === sig && Array.isArray(kept.version)) version = kept.version as [number, number];
  else {
    const r = await gitRaw(repo.root, ["version"]);
    version = r.code === 0 ? parseGitVersion(r.stdout) : null;
    if (version === null) return; // git answered nothing usable: the git calls that follow say what is wrong
    if (program && sig && sig !== "-" && repo.isInitialised) await writeCacheFile(memo, JSON.stringify({ program, sig, version })).catch(() => undefined);
  }
  if (gitTooOld(version)) {
    throw new ExoError(ErrorCode.ENVIRONMENT_UNSUPPORTED, `git ${version[0]}.${version[1]} is too old; exo needs git ${MIN_GIT[0]}.${MIN_GIT[1]} or later.`, { hint: "git --version", details: { git: `${version[0]}.${version[1]}`, required: `${MIN_GIT[0]}.${MIN_GIT[1]}` } });
  }
}
