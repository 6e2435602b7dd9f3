// doctor (git_tracking): exo's files outside .exo/ (hook entries, MCP servers, instruction blocks)
// and its launchers, when exo's part of them is in no commit. An install left uncommitted
// (--no-commit, or a CLAUDE.md the person was editing) passed doctor before, while a teammate's
// clone got no hooks: only the four governance files were checked.
import { join } from "node:path";
import type { Repo } from "../io/paths.js";
import { gitRaw } from "../io/git.js";
import { readTextOrNull } from "../io/read.js";
import { shellLine } from "../kernel/quote.js";
import { EXO_MANAGED_FILES } from "../stdlib/exo-managed.js";

/** Text that only exo's part of such a file holds: a hook or MCP entry, an instruction block, the CI workflow. */
const EXO_PART = /exo-hook\.mjs|exo-mcp|<!-- exo:begin -->|exoprotocol/;

/** The files whose exo part a teammate's clone would not get (untracked, or HEAD's version has none), sorted. */
export async function uncommittedAgentFiles(repo: Repo): Promise<string[]> {
  const launchers = ["exo-hook.mjs", "exo-mcp.mjs"].map((f) => repo.relative(join(repo.exoDir, "bin", f)));
  // A file of the person's own an instruction file links to (CLAUDE.md -> docs/AI.md) holds that
  // file's block (before: only CLAUDE.md itself was looked at, unchanged as a link).
  const { linkedHomes } = await import("../stdlib/adapters/store.js");
  const status = await gitRaw(repo.root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", ...EXO_MANAGED_FILES, ...launchers, ...linkedHomes(repo)]);
  if (status.code !== 0) return [];
  const out: string[] = [];
  for (const entry of status.stdout.split("\0").filter(Boolean)) {
    const path = entry.slice(3);
    if (entry[0] === "D" || entry[1] === "D") continue;
    const text = await readTextOrNull(join(repo.root, path));
    if (text === null || !EXO_PART.test(text)) continue;
    const untracked = entry.startsWith("??") || entry[0] === "A";
    if (!untracked) {
      const head = await gitRaw(repo.root, ["show", `HEAD:${path}`]);
      if (head.code === 0 && EXO_PART.test(head.stdout)) continue;
    }
    out.push(path);
  }
  return out.sort();
}

/** The warning for those files, or null when there are none. */
export function agentFilesSection(files: readonly string[], alsoAdd: readonly string[] = []): { name: "git_tracking"; status: "warn"; message: string; hint: string; fixable: false; details: { agent_files: string[] } } | null {
  if (files.length === 0) return null;
  return {
    name: "git_tracking",
    status: "warn",
    message: `exo's files for the agents are not committed: ${files.join(", ")}${alsoAdd.length > 0 ? ` (nor the changes under ${alsoAdd.join(", ")})` : ""}; until they are, a teammate's clone gets no exo hooks, MCP server or instructions`,
    hint: `${shellLine(["git", "add", "--", ...alsoAdd, ...files])} && git commit -m "chore(exo): share exo's agent files"`,
    fixable: false,
    details: { agent_files: [...files] },
  };
}
