// A lefthook repository as a teammate meets it after an older exo: exo's git hook chained
// lefthook's (moved to pre-commit.pre-exo), then a lefthook.yml that runs exo's commands too.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { exo, git, tempRepo } from "./repo.js";

/** lefthook's own hook, as a stand-in that does nothing. */
export const LEFTHOOK_HOOK = "#!/bin/sh\n# lefthook (stand-in)\nexit 0\n";

/** lefthook.yml's entry that runs exo's hook for one git hook, as exo install writes it. */
export const EXO_IN_LEFTHOOK = (name: string) => `${name}:\n  commands:\n    exo:\n      run: node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git ${name} {0}\n`;

/**
 * A repository installed (--example) over lefthook's pre-commit with no lefthook configuration, so
 * exo's hook chains lefthook's as an older exo did; then lefthook.yml running exo's commands is committed.
 */
export async function lefthookChainedRepo(): Promise<string> {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  writeFileSync(join(repo, ".git/hooks/pre-commit"), LEFTHOOK_HOOK, { mode: 0o755 });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect(readFileSync(join(repo, ".git/hooks/pre-commit.pre-exo"), "utf8")).toBe(LEFTHOOK_HOOK);
  writeFileSync(join(repo, "lefthook.yml"), EXO_IN_LEFTHOOK("pre-commit") + EXO_IN_LEFTHOOK("prepare-commit-msg"));
  git(repo, "add", "lefthook.yml");
  git(repo, "commit", "-qm", "lefthook runs exo");
  return repo;
}
