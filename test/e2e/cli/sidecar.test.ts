import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";

test("sidecar-init moves .exo/ to the exo-governance worktree; later lifecycle steps commit there", async () => {
  const repo = await tempRepo({ "src/a.ts": "a\n" });
  expect((await exo(repo, "install", "--no-hooks")).code).toBe(0);
  const env = envelope(await exo(repo, "sidecar-init", "--no-fetch"));
  expect(env.data).toMatchObject({ branch: "exo-governance", path: ".exo", created_branch: true });
  expect(env.data.migrated).toEqual(expect.arrayContaining([".exo/constitution.yaml", ".exo/governance.lock.json", ".exo/ledger"]));
  expect(existsSync(join(repo, ".exo/.git"))).toBe(true);
  expect(git(repo, "ls-files", ".exo").trim()).toBe("");
  expect(await readFile(join(repo, ".gitignore"), "utf8")).toMatch(/^\/\.exo\/$/m);
  expect(git(join(repo, ".exo"), "ls-files")).toMatch(/governance\.lock\.json/);
  expect(envelope(await exo(repo, "status")).data).toMatchObject({ sidecar: true, governance: { status: "valid" } });
  await exo(repo, "ticket-create", "t", "--id", "T1");
  await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:s" } });
  const before = git(join(repo, ".exo"), "rev-list", "--count", "HEAD").trim();
  const fin = envelope(await exo(repo, "session-finish", "--summary", "done", { env: { EXO_ACTOR: "agent:s" } }));
  expect(fin.data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
  expect(Number(git(join(repo, ".exo"), "rev-list", "--count", "HEAD").trim())).toBe(Number(before) + 1);
  expect(git(join(repo, ".exo"), "log", "-1", "--format=%s")).toMatch(/chore\(exo\): finish SES-/);
  expect(git(join(repo, ".exo"), "ls-files")).toMatch(/mementos\/T1\//);
  // A second run is a no-op.
  expect(envelope(await exo(repo, "sidecar-init", "--no-fetch")).data.commits).toEqual([]);
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
});

test("sidecar-init refuses when tracked .exo/ files have uncommitted changes", async () => {
  const repo = await tempRepo();
  await exo(repo, "install", "--no-hooks");
  const file = join(repo, ".exo/config.yaml");
  await import("node:fs/promises").then((fs) => fs.appendFile(file, "\n"));
  const run = await exo(repo, "sidecar-init", "--no-fetch");
  expect(run.code).toBe(1);
  expect(envelope(run).error).toMatchObject({ code: "DIRTY_WORKTREE", details: { paths: [".exo/config.yaml"] } });
});
