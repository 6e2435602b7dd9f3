// Functions the committed launchers share (.exo/bin/exo-hook.mjs and .exo/bin/exo-mcp.mjs): each
// launcher is one self-contained file, so the text is spliced into both. Changing it changes the
// hook launcher's bytes, which the sealed hooks hash covers.
export const READ_JSON = `function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}
`;

export const STATE_DIR = `// The state folder of the main checkout (linked worktrees share it), found without git.
function stateDir() {
  if (process.env.EXO_STATE_DIR && process.env.EXO_STATE_DIR.startsWith("/")) return process.env.EXO_STATE_DIR;
  try {
    const m = /^gitdir:\\s*(.+)$/m.exec(readFileSync(join(repo, ".git"), "utf8"));
    if (m) {
      const gitDir = resolve(repo, m[1].trim());
      const common = resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim());
      return join(dirname(common), ".exo");
    }
  } catch {
    // a plain checkout (.git is a folder) or an unreadable link: this checkout's .exo
  }
  return exoDir;
}
`;
