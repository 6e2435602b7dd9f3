// Which of .exo/'s changed files exo's own commit takes (SPEC §7.26): committed-kind files always,
// a governance source only once compiled into the governance lock, never ephemeral state.
import { appendFile, realpath } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { Repo } from "../../../../src/io/repo.js";
import { exoCommitPaths } from "../../../../src/stdlib/git/autocommit.js";
import { exo, initRepo, writeFiles } from "../../../helpers/repo.js";

test("a changed governance source is taken only once compiled; tickets and mementos always; caches and the user's files never", async () => {
  const root = await realpath(await initRepo());
  const repo = new Repo({ root, exoDir: join(root, ".exo"), stateDir: join(root, ".exo"), mainRoot: root, gitDir: join(root, ".git"), commonDir: join(root, ".git") });
  const taken = async () => (await exoCommitPaths(repo)).filter((p) => !p.startsWith(".exo/ledger/"));
  expect(await taken()).toEqual([]);
  await writeFiles(root, { ".exo/tickets/T9.yaml": "id: T9\n", ".exo/mementos/T9/a.md": "m\n", ".exo/cache/x.json": "{}\n", "src/a.ts": "a\n" });
  await appendFile(join(root, ".exo/constitution.yaml"), "# edited\n");
  expect(await taken()).toEqual([".exo/mementos/T9/a.md", ".exo/tickets/T9.yaml"]);
  expect((await exo(root, "compose")).code).toBe(0);
  const compiled = await taken();
  expect(compiled).toEqual(expect.arrayContaining([".exo/constitution.yaml", ".exo/governance.lock.json", ".exo/mementos/T9/a.md", ".exo/tickets/T9.yaml"]));
  expect(compiled.filter((p) => !/^\.exo\/(tickets\/|mementos\/|governance\.lock\.json$|policy\.sealed\.json$|constitution\.yaml$|generated\.json$)/.test(p))).toEqual([]);
  expect(compiled).toEqual([...compiled].sort());
});
