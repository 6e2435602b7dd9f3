// `exo` alone during a merge stopped on conflicts in exo's files: the first step says how to get
// out of it, as doctor does. Before, it said "governance valid" and offered the next task.
import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";
import { exo, git, initRepo } from "../../helpers/repo.js";

test("both branches regenerated the instruction files: exo alone leads with adapter-generate --force", async () => {
  const repo = await initRepo();
  git(repo, "checkout", "-q", "-b", "other");
  for (const [branch, scope] of [["other", "lib/**"], ["-", "src/**"]] as const) {
    if (branch === "-") git(repo, "checkout", "-q", "-");
    expect((await exo(repo, "intent-create", `work in ${scope}`, "--brain-dump", "why", "--scope-allow", scope)).code).toBe(0);
    expect((await exo(repo, "adapter-generate")).code).toBe(0);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", scope);
  }
  expect(spawnSync("git", ["merge", "other"], { cwd: repo }).status).not.toBe(0);
  const home = await exo(repo, { json: false });
  expect(home.code).toBe(0);
  const steps = home.stdout.slice(home.stdout.indexOf("Next:"));
  expect(steps.split("\n")[1]?.trim()).toBe("exo adapter-generate --force");
  expect(steps).toContain("a git merge left exo's generated instruction files in conflict");
});
