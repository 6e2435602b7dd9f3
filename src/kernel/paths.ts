// Lexical half of path normalisation (SPEC §7.1 steps 1–3 and 5): pure, shared with the hook.
import { posix } from "node:path";

export type RepoPathResult =
  | { inside: true; path: string; absolute: string }
  | { inside: false; path: string; absolute: string }
  | { problem: "path_invalid"; message: string };

export interface PathContext {
  repoRoot: string;
  cwd: string;
  home: string;
}

/** Expand `~`, resolve against cwd and collapse `.`/`..`; no filesystem access. */
export function toAbsolutePath(
  input: string,
  ctx: { cwd: string; home: string },
): { absolute: string } | { problem: "path_invalid"; message: string } {
  if (input.length === 0) return { problem: "path_invalid", message: "empty path" };
  if (input.includes("\0")) return { problem: "path_invalid", message: "path contains NUL" };
  let path = input;
  if (path === "~" || path.startsWith("~/")) path = ctx.home + path.slice(1);
  else if (path.startsWith("~")) return { problem: "path_invalid", message: `unsupported ~ form in ${input}` };
  const absolute = posix.resolve(ctx.cwd, path);
  return { absolute: absolute.length > 1 ? absolute.replace(/\/+$/, "") : absolute };
}

/** Classify an absolute, normalised path against the repository root. */
export function classifyAbsolute(absolute: string, repoRoot: string): { inside: boolean; path: string; absolute: string } {
  if (absolute === repoRoot) return { inside: true, path: ".", absolute };
  if (absolute.startsWith(repoRoot.endsWith("/") ? repoRoot : `${repoRoot}/`)) {
    return { inside: true, path: absolute.slice(repoRoot.length).replace(/^\/+/, ""), absolute };
  }
  return { inside: false, path: absolute, absolute };
}

/** Lexical toRepoPath: steps 1–3 and 5 of §7.1 (the caller does the symlink step 4). */
export function toRepoPath(input: string, ctx: PathContext): RepoPathResult {
  const abs = toAbsolutePath(input, ctx);
  if ("problem" in abs) return abs;
  return classifyAbsolute(abs.absolute, ctx.repoRoot);
}

/** Show a path outside the repository with the home directory as `~`. */
export function displayOutside(absolute: string, home: string): string {
  if (home && (absolute === home || absolute.startsWith(`${home}/`))) {
    return `~${absolute.slice(home.length)}`;
  }
  return absolute;
}

/** True when a repo-relative path is safe: relative, no `.`/`..` segments, no NUL or backslash. */
export function isSafeRelativePath(path: string): boolean {
  if (path.length === 0 || path.includes("\0") || path.includes("\\")) return false;
  if (path.startsWith("/")) return false;
  return path.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..");
}
