// SPEC §5.4: an error's `details` never holds absolute paths outside the repository except in
// the `~` form, and data paths are repository-relative (§2.2). Runtime errors carry what git or
// the filesystem said (git's stderr, its arguments, a file name), which names absolute paths:
// those are rewritten here, once, for every front end.
import { relative } from "node:path";
import { ExoError } from "../errors.js";

// An absolute path token: a "/" not inside a word, a URL or a relative path, then no spaces or quotes.
const ABSOLUTE = /(?<![\w.~:/@-])\/[^\s'"`,;()<>[\]{}]+/g;

/** `path` as the repository-relative form, `~/…` under home, else relative to the repository. */
export function portablePath(path: string, root: string, home: string | null): string {
  const p = path.replace(/\/+$/, "") || "/";
  if (p === root) return ".";
  if (p.startsWith(`${root}/`)) return p.slice(root.length + 1);
  if (home && home !== "/" && (p === home || p.startsWith(`${home}/`))) return `~${p.slice(home.length)}`;
  return relative(root, p) || ".";
}

function rewrite(value: unknown, root: string, home: string | null): unknown {
  if (typeof value === "string") return value.replace(ABSOLUTE, (m) => portablePath(m, root, home));
  if (Array.isArray(value)) return value.map((v) => rewrite(v, root, home));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, root, home)]));
  return value;
}

/** The error with its details' absolute paths made portable. */
export function withPortableDetails(error: ExoError, root: string | null, home: string | null): ExoError {
  if (root === null || Object.keys(error.details).length === 0) return error;
  const details = rewrite(error.details, root, home) as Record<string, unknown>;
  return new ExoError(error.code, error.message, { hint: error.hint, details, cause: error });
}
