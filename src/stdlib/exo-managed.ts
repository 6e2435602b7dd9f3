// Files exo manages outside .exo/ (SPEC §3.4): exempt from drift, pre-commit and pr-check scope.
export const EXO_MANAGED_FILES: readonly string[] = [
  "CLAUDE.md",
  "AGENTS.md",
  "GEMINI.md",
  ".github/copilot-instructions.md",
  ".cursorrules",
  ".cursor/rules/exo.mdc",
  ".windsurf/rules/exo.md",
  ".github/workflows/exo-governance.yml",
  ".claude/settings.json",
  ".cursor/hooks.json",
  ".codex/hooks.json",
  ".windsurf/hooks.json",
  ".github/hooks/exo.json",
  ".mcp.json",
  ".cursor/mcp.json",
  ".codex/config.toml",
];

/** True for `.exo/` state and the exo-managed files. */
export function isExoPath(path: string): boolean {
  return path === ".exo" || path.startsWith(".exo/") || EXO_MANAGED_FILES.includes(path);
}

/** The folders of `.exo/` that hold one machine's own state (`.exo/.gitignore`): never committed. */
export const EPHEMERAL_DIRS: readonly string[] = ["sessions", "locks", "cache", "logs", "traces"];

/** True when `path` (repository-relative) lies in one of those folders of the `.exo` at `exoRel`. */
export function isEphemeralPath(path: string, exoRel = ".exo"): boolean {
  // The folder's own name too: a file committed there replaces the folder in a teammate's pull.
  return EPHEMERAL_DIRS.some((d) => path === `${exoRel}/${d}` || path.startsWith(`${exoRel}/${d}/`));
}
