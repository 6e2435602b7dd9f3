// Team git setup (issue: team scale): the `exo-ticket` merge driver for .exo/tickets/*.yaml and
// fetch refspecs that bring the remote's lease refs along with every `git fetch`/`git pull`.
// The attributes file is committed (.exo/.gitattributes); the driver and refspecs live in the
// clone's own config, so every clone registers them (exo install, and again on next/start).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gitRaw } from "../../io/git.js";
import { forgetGitConfig, gitConfig } from "../../io/git-config.js";
import type { Repo } from "../../io/paths.js";

export const EXO_GITATTRIBUTES = "# exo: files stay byte for byte as exo wrote them (ledger hashes, source hashes): no CR LF conversion, no filter (git-lfs)\n* -text -filter\n# exo: ticket state merges by meaning across clones (exo merge-ticket)\ntickets/*.yaml merge=exo-ticket\n";
export const MERGE_DRIVER = "exo-ticket";

/**
 * The CLI entry next to this module (dist/cli/bin.js). `dist/cli` is looked for before a `bin.js`
 * beside this module: bundled into exo-mcp (dist/mcp/bin.js), that one is the MCP server, and
 * before, an agent's session-start or next over MCP registered it as the merge driver, which
 * answered `unknown option merge-ticket` and left every ticket merge of the next pull conflicted.
 */
export function cliBin(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const c of [join(here, "cli", "bin.js"), join(here, "..", "cli", "bin.js"), join(here, "bin.js"), join(here, "..", "..", "cli", "bin.js"), join(here, "..", "..", "..", "dist", "cli", "bin.js")]) if (existsSync(c)) return c;
  return process.argv[1] ?? "exo";
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export function driverCommand(): string {
  return `${quote(process.execPath)} ${quote(cliBin())} merge-ticket %O %A %B %P`;
}

export function leaseRefspecs(remote: string): string[] {
  return [`+refs/exo/leases/*:refs/exo/remote-leases/${remote}/*`, `+refs/exo/fencing/*:refs/exo/remote-fencing/${remote}/*`];
}

/** Register the merge driver and the lease fetch refspecs in this clone's config; returns what changed. */
export async function registerTeamConfig(repo: Repo, remote: string, opts: { driverOnly?: boolean } = {}): Promise<string[]> {
  const changed: string[] = [];
  const lines = await teamConfigLines(repo, remote);
  const driver = driverCommand();
  if (!lines.includes(`merge.${MERGE_DRIVER}.driver ${driver}`)) {
    await gitRaw(repo.root, ["config", `merge.${MERGE_DRIVER}.name`, "exo ticket state merge"]);
    await gitRaw(repo.root, ["config", `merge.${MERGE_DRIVER}.driver`, driver]);
    changed.push(`merge.${MERGE_DRIVER}.driver`);
  }
  if (!opts.driverOnly && lines.some((l) => l.startsWith(`remote.${remote}.url `))) {
    for (const spec of leaseRefspecs(remote)) {
      if (lines.includes(`remote.${remote}.fetch ${spec}`)) continue;
      await gitRaw(repo.root, ["config", "--add", `remote.${remote}.fetch`, spec]);
      changed.push(`remote.${remote}.fetch ${spec}`);
    }
  }
  if (changed.length > 0) forgetGitConfig(repo);
  return changed;
}

/** `<key> <value>` of the merge driver and the remote's url and fetch refspecs, as `git config --get-regexp` prints them. */
async function teamConfigLines(repo: Repo, remote: string): Promise<string[]> {
  const keys = new Set([`merge.${MERGE_DRIVER}.driver`, `remote.${remote}.fetch`, `remote.${remote}.url`]);
  // Unreadable config (git could not list it): nothing registered yet, as `git config --get-regexp` would say.
  return ((await gitConfig(repo)) ?? []).filter((e) => keys.has(e.key)).map((e) => (e.value === null ? e.key : `${e.key} ${e.value}`));
}

/** Whether git config names a url for `remote` (teammates' clones may then claim the same tickets). */
export async function hasRemote(repo: Repo, remote: string): Promise<boolean> {
  return ((await gitConfig(repo)) ?? []).some((e) => e.key === `remote.${remote}.url`);
}

/** The merge driver alone, for a command that writes tickets (a teammate's first exo command may be one); never failing. */
export async function registerMergeDriverQuietly(repo: Repo): Promise<void> {
  await registerTeamConfig(repo, "origin", { driverOnly: true }).catch(() => []);
}
