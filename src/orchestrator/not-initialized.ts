// NOT_INITIALIZED with a way forward that fits the repository: a clone of a sidecar repository
// (governance on its own branch, `.exo/` ignored) needs `exo sidecar-init`, not a fresh install;
// a `.exo/` deleted from the work tree while HEAD has it needs git's copy back, not a fresh
// install (whose new lock reads as tampering and whose empty ticket list hides the committed ones).
import { existsSync, readdirSync } from "node:fs";
import { ExoError, ErrorCode } from "../errors.js";
import { gitRaw } from "../io/git.js";
import type { Repo } from "../io/paths.js";
import { interruptedSidecarInit } from "../stdlib/git/sidecar.js";
import { readTextOrNull } from "../io/read.js";
import { shellLine } from "../kernel/quote.js";
import { plural } from "../kernel/plural.js";

export interface DeletedGovernance {
  /** The exo files HEAD has that the work tree lost. */
  deleted: string[];
  /** The pathspecs `git checkout HEAD --` takes to put them back (and nothing else). */
  paths: string[];
  /** That git line. */
  restore: string;
  message: string;
}

/** Governance committed at HEAD whose config.yaml is gone from the work tree, with the line that restores it; null otherwise. */
export async function deletedGovernance(repo: Repo): Promise<DeletedGovernance | null> {
  const dir = repo.relative(repo.exoDir);
  if (existsSync(repo.configFile) || !repo.exoDir.startsWith(`${repo.root}/`)) return null;
  const r = await gitRaw(repo.root, ["diff", "--no-renames", "--name-status", "-z", "HEAD", "--", dir]);
  if (r.code !== 0) return null; // no commit yet
  const fields = r.stdout.split("\0").filter(Boolean);
  const entries: [string, string][] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) entries.push([fields[i] ?? "", fields[i + 1] ?? ""]);
  const deleted = entries.filter(([s]) => s === "D").map(([, f]) => f);
  if (!deleted.includes(repo.relative(repo.configFile))) return null;
  // Checking out the whole folder would also undo edits to files still there: then only the deleted ones.
  const onlyDeletions = entries.every(([s]) => s === "D" || s === "A");
  const paths = onlyDeletions ? [dir] : deleted;
  const restore = shellLine(["git", "checkout", "HEAD", "--", ...paths]);
  return { deleted, paths, restore, message: `exo's governance is committed at HEAD but ${deleted.length} of its files (${dir}/config.yaml among them) are deleted from the work tree; restore them with ${restore}` };
}

export async function notInitialized(repo: Repo): Promise<ExoError> {
  // A sidecar-init killed after it moved .exo aside (before: HEAD's copy restored with git
  // checkout, or a fresh install, the state left in the moved-aside folder).
  const aside = await interruptedSidecarInit(repo.root);
  if (aside && repo.exoDir === `${repo.root}/.exo`) {
    return new ExoError(ErrorCode.NOT_INITIALIZED, `exo sidecar-init was interrupted after it moved .exo aside: the state is in ${aside}; run exo sidecar-init again, which finishes it from there.`, { hint: "exo sidecar-init", details: { sidecar: true, interrupted: aside } });
  }
  const gone = await deletedGovernance(repo);
  if (gone) return new ExoError(ErrorCode.NOT_INITIALIZED, `${gone.message}.`, { hint: gone.restore, details: { deleted: gone.deleted } });
  const sparse = await outsideSparseCheckout(repo);
  if (sparse) return sparse;
  const ignored = ((await readTextOrNull(`${repo.root}/.gitignore`)) ?? "").split("\n").some((l) => l.trim() === "/.exo/");
  const refs = await gitRaw(repo.root, ["for-each-ref", "--format=%(refname)", "refs/heads/exo-governance", "refs/remotes/*/exo-governance"]);
  const branch = refs.code === 0 && refs.stdout.trim() !== "";
  if (ignored || branch) {
    return new ExoError(ErrorCode.NOT_INITIALIZED, `No .exo/ in ${repo.root}: this repository keeps governance on the exo-governance branch; check it out with exo sidecar-init.`, {
      hint: branch ? "exo sidecar-init" : "exo sidecar-init --remote origin",
      details: { sidecar: true },
    });
  }
  const elsewhere = await governanceElsewhere(repo);
  if (elsewhere) return elsewhere;
  return new ExoError(ErrorCode.NOT_INITIALIZED, `No exo governance in ${repo.root}; run exo install (or exo init) first.`, { hint: "exo install" });
}

/**
 * HEAD is a commit from before exo (a checkout of an old commit, a branch made from one) while a
 * local branch has exo's governance committed: switching back is the way forward; an install here
 * would start a second governance (and its files would stop the switch back).
 */
async function governanceElsewhere(repo: Repo): Promise<ExoError | null> {
  const rel = repo.relative(repo.configFile);
  if (rel.startsWith("..")) return null;
  const refs = await gitRaw(repo.root, ["for-each-ref", "--sort=-committerdate", "--count=50", "--format=%(refname:short)", "refs/heads"]);
  if (refs.code !== 0) return null;
  const branches: string[] = [];
  for (const b of refs.stdout.split("\n").filter(Boolean)) {
    if ((await gitRaw(repo.root, ["cat-file", "-e", `refs/heads/${b}:${rel}`])).code === 0) branches.push(b);
  }
  if (branches.length === 0) return null;
  let sessions = 0;
  try {
    sessions = readdirSync(repo.sessionsDir).filter((n) => /^SES-.*\.json$/.test(n)).length;
  } catch {
    sessions = 0; // no state here
  }
  const current = await gitRaw(repo.root, ["symbolic-ref", "-q", "--short", "HEAD"]);
  const head = current.code === 0 && current.stdout.trim() ? `branch ${current.stdout.trim()}` : `detached at ${(await gitRaw(repo.root, ["rev-parse", "--short=12", "HEAD"])).stdout.trim()}`;
  const target = branches[0] as string;
  const switchLine = shellLine(["git", "switch", target]);
  const named = branches.length === 1 ? `branch ${target}` : `branches ${branches.slice(0, 3).join(", ")}${branches.length > 3 ? ", …" : ""}`;
  const open = sessions > 0 ? ` and ${plural(sessions, "open session")} here work${sessions === 1 ? "s" : ""} on it` : "";
  return new ExoError(ErrorCode.NOT_INITIALIZED, `HEAD (${head}) has no exo governance, but ${named} ${branches.length === 1 ? "has" : "have"} it${open}; switch back with ${switchLine} (exo install here would start a second, unrelated governance).`, {
    hint: switchLine,
    details: { branches, sessions },
  });
}

/**
 * HEAD has exo's governance but a sparse checkout leaves `.exo/` out of the work tree (its index
 * entries carry git's skip-worktree bit): adding the folder to the sparse checkout is the way
 * forward, not a switch to a branch that has it (this one does) or a second install.
 */
export async function outsideSparseCheckout(repo: Repo): Promise<ExoError | null> {
  const rel = repo.relative(repo.configFile);
  if (rel.startsWith("..")) return null;
  const r = await gitRaw(repo.root, ["ls-files", "-t", "--", rel]);
  if (r.code !== 0 || !r.stdout.startsWith("S ")) return null;
  const dir = repo.relative(repo.exoDir);
  const add = shellLine(["git", "sparse-checkout", "add", dir]);
  return new ExoError(ErrorCode.NOT_INITIALIZED, `exo's governance is committed here but ${dir}/ is outside this checkout's sparse-checkout patterns; add it with ${add}.`, {
    hint: add,
    details: { sparse: true },
  });
}

/**
 * Committed folders of `.exo/` that a sparse checkout leaves out of the work tree while its
 * governance is there (`git sparse-checkout set src .exo/ledger`, or a `--no-cone` pattern that
 * excludes `/.exo/tickets/`): exo cannot see the tickets, mementos or handoffs committed there and
 * answered as if there were none ("no tickets yet", TICKET_NOT_FOUND), and wrote new tickets beside
 * them. STATE_CORRUPT naming the folders, with the `git sparse-checkout add` that brings them
 * back (cone mode: the folder `.exo`; patterns: each folder, after the pattern that excludes it).
 * Null when nothing of `.exo/` is left out, or when the configuration itself is (NOT_INITIALIZED,
 * outsideSparseCheckout). Only called where git keeps sparse-checkout patterns for this work tree.
 */
export async function sparseExoFolders(repo: Repo): Promise<ExoError | null> {
  const dir = repo.relative(repo.exoDir);
  if (dir.startsWith("..")) return null;
  const r = await gitRaw(repo.root, ["ls-files", "-t", "-z", "--", dir]);
  if (r.code !== 0) return null;
  const folders = new Set<string>();
  for (const entry of r.stdout.split("\0")) {
    if (!entry.startsWith("S ")) continue;
    const inner = entry.slice(2 + dir.length + 1).split("/");
    if (inner.length < 2) return null; // a file of .exo/ itself (its configuration): outsideSparseCheckout's case
    folders.add(inner[0] as string);
  }
  if (folders.size === 0) return null;
  const list = [...folders].sort();
  const cone = await gitRaw(repo.root, ["config", "--type=bool", "--get", "core.sparseCheckoutCone"]);
  const add = cone.stdout.trim() === "true" ? shellLine(["git", "sparse-checkout", "add", dir]) : shellLine(["git", "sparse-checkout", "add", ...list.map((f) => `/${dir}/${f}/`)]);
  const named = list.map((f) => `${dir}/${f}/`).join(", ");
  return new ExoError(ErrorCode.STATE_CORRUPT, `${named} ${list.length === 1 ? "is" : "are"} committed but outside this checkout's sparse-checkout patterns: exo cannot see the tickets, mementos or handoffs there; add ${list.length === 1 ? "it" : "them"} with ${add}.`, {
    hint: add,
    details: { sparse: true, folders: list.map((f) => `${dir}/${f}`) },
  });
}

/**
 * Folders of `.exo/` a sparse checkout leaves out while nothing is committed in them yet (a
 * `--no-cone` pattern `!/.exo/mementos/` on a fresh install): exo sees its state, but git add
 * refuses what exo writes there ("outside of your sparse-checkout definition"), so every auto-commit
 * failed and the records never reached the team, while doctor passed (sparseExoFolders looks for
 * git's skip-worktree entries, and there are none). doctor's scaffold section: null when exo's
 * uncommitted records are all addable. Only called where git keeps sparse-checkout patterns.
 */
export async function sparseExoUnaddable(repo: Repo): Promise<{ message: string; hint: string; details: Record<string, unknown> } | null> {
  const dir = repo.relative(repo.exoDir);
  if (dir.startsWith("..")) return null;
  const others = await gitRaw(repo.root, ["ls-files", "--others", "--exclude-standard", "-z", "--", dir]);
  const files = others.code === 0 ? others.stdout.split("\0").filter((f) => f !== "") : [];
  if (files.length === 0) return null;
  const dry = await gitRaw(repo.root, ["add", "--dry-run", "--", ...files]);
  if (dry.code === 0) return null;
  // git (LC_ALL=C) lists the paths it refuses after "…sparse-checkout definition, so will not be
  // updated in the index:", up to its "hint:" lines.
  const lines = dry.stderr.split("\n");
  const at = lines.findIndex((l) => l.startsWith("updated in the index:"));
  if (at < 0 || !lines.slice(0, at).some((l) => l.includes("sparse-checkout definition"))) return null;
  const refused = lines.slice(at + 1).filter((l) => l !== "" && !l.startsWith("hint:") && files.includes(l));
  if (refused.length === 0) return null;
  const list = [...new Set(refused.map((f) => f.slice(dir.length + 1).split("/")[0] as string))].sort();
  const cone = await gitRaw(repo.root, ["config", "--type=bool", "--get", "core.sparseCheckoutCone"]);
  const hint = cone.stdout.trim() === "true" ? shellLine(["git", "sparse-checkout", "add", dir]) : shellLine(["git", "sparse-checkout", "add", ...list.map((f) => `/${dir}/${f}/`)]);
  const named = list.map((f) => `${dir}/${f}/`).join(", ");
  return {
    message: `${named} ${list.length === 1 ? "is" : "are"} outside this checkout's sparse-checkout patterns: git add refuses what exo writes there (${plural(refused.length, "file")}: ${refused.slice(0, 2).join(", ")}${refused.length > 2 ? ", …" : ""}), so exo's commits leave ${refused.length === 1 ? "it" : "them"} out and the team never gets ${refused.length === 1 ? "it" : "them"}; add ${list.length === 1 ? "it" : "them"} with ${hint}, and exo's next commit takes ${refused.length === 1 ? "it" : "them"}`,
    hint,
    details: { sparse: true, folders: list.map((f) => `${dir}/${f}`), unaddable: refused },
  };
}
