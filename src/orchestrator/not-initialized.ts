// NOT_INITIALIZED with a way forward that fits the repository: a clone of a sidecar repository
// (governance on its own branch, `.exo/` ignored) needs `exo sidecar-init`, not a fresh install.
import { ExoError, ErrorCode } from "../errors.js";
import { gitRaw } from "../io/git.js";
import type { Repo } from "../io/paths.js";
import { readTextOrNull } from "../io/read.js";

export async function notInitialized(repo: Repo): Promise<ExoError> {
  const ignored = ((await readTextOrNull(`${repo.root}/.gitignore`)) ?? "").split("\n").some((l) => l.trim() === "/.exo/");
  const refs = await gitRaw(repo.root, ["for-each-ref", "--format=%(refname)", "refs/heads/exo-governance", "refs/remotes/*/exo-governance"]);
  const branch = refs.code === 0 && refs.stdout.trim() !== "";
  if (ignored || branch) {
    return new ExoError(ErrorCode.NOT_INITIALIZED, `No .exo/ in ${repo.root}: this repository keeps governance on the exo-governance branch; check it out with exo sidecar-init.`, {
      hint: branch ? "exo sidecar-init" : "exo sidecar-init --remote origin",
      details: { sidecar: true },
    });
  }
  return new ExoError(ErrorCode.NOT_INITIALIZED, `No exo governance in ${repo.root}; run exo install (or exo init) first.`, { hint: "exo install" });
}
