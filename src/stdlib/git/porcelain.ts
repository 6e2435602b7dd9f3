// `git status --porcelain=v1 -z` read once, the same way everywhere (no imports: the hook uses it).

/** Each entry of one `git status --porcelain=v1 -z`: its two-letter code and path (renames by their new path). */
export function statusEntries(statusZ: string): { code: string; path: string }[] {
  const parts = statusZ.split("\0");
  const out: { code: string; path: string }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const e = parts[i] as string;
    if (e.length < 4) continue;
    out.push({ code: e.slice(0, 2), path: e.slice(3) });
    if (e[0] === "R" || e[0] === "C") i++;
  }
  return out;
}

/** Dirty and untracked paths from one `git status --porcelain=v1 -z` (renames by their new path). */
export function parseDirty(statusZ: string): string[] {
  return statusEntries(statusZ).map((e) => e.path);
}
