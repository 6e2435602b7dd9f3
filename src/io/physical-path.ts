// Physical path resolution for write targets (SPEC §7.1 step 4, hardened): symlinks are followed
// segment by segment *before* `..` is applied (as the kernel does), dangling links are followed to
// the file they would create, and the walk stops touching the filesystem at the first missing
// segment, so the cost is linear in the path length. Hook hot path: node:fs only.
import { lstatSync, readlinkSync, statSync } from "node:fs";

export interface PhysicalPath {
  /** Absolute path with every existing symlink resolved and `.`/`..` applied physically. */
  path: string;
  /** The final file exists and has more than one hard link (a write changes the other names). */
  hardLinks: number;
  /** More than 40 link hops (a loop): the target cannot be trusted. */
  loop: boolean;
}

const MAX_HOPS = 40;

/** Join without lexical normalisation (so `link/..` keeps its physical meaning). */
export function joinRaw(cwd: string, path: string): string {
  if (path.startsWith("/")) return path;
  return `${cwd.replace(/\/+$/, "")}/${path}`;
}

/** Resolve an absolute path physically (see the file comment). */
export function resolvePhysical(absolute: string): PhysicalPath {
  const pending = absolute.split("/").filter((s) => s !== "" && s !== ".").reverse();
  const done: string[] = [];
  let exists = true;
  let hops = 0;
  let loop = false;
  while (pending.length > 0) {
    const seg = pending.pop() as string;
    if (seg === "..") {
      done.pop();
      continue;
    }
    done.push(seg);
    if (!exists) continue;
    const here = `/${done.join("/")}`;
    let link: string | null = null;
    try {
      const st = lstatSync(here);
      if (st.isSymbolicLink()) link = readlinkSync(here);
    } catch {
      exists = false;
      continue;
    }
    if (link === null) continue;
    if (++hops > MAX_HOPS) {
      loop = true;
      exists = false;
      continue;
    }
    done.pop();
    if (link.startsWith("/")) done.length = 0;
    const parts = link.split("/").filter((s) => s !== "" && s !== ".");
    for (let i = parts.length - 1; i >= 0; i--) pending.push(parts[i] as string);
  }
  const path = `/${done.join("/")}`;
  let hardLinks = 0;
  if (exists) {
    try {
      const st = statSync(path);
      if (st.isFile()) hardLinks = st.nlink;
    } catch {
      hardLinks = 0;
    }
  }
  return { path, hardLinks, loop };
}
