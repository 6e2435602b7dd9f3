// A finish while a `git pull` (or merge, or cherry-pick) waits on a conflict: git has staged the
// teammate's side, which is not the session's work. Before, every file the other side brought was
// charged to the session (drift, out-of-scope files, memento).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";

async function conflicted(op: "merge" | "cherry-pick") {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  git(repo, "checkout", "-q", "-b", "mate");
  for (const n of [1, 2, 3]) writeFileSync(join(repo, `mate${n}.txt`), `${n}\n`);
  writeFileSync(join(repo, "src/a.ts"), "mate\n");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "mate");
  git(repo, "checkout", "-q", "-");
  expect((await exo(repo, "session-start", "--ticket-id", "T1")).code).toBe(0);
  writeFileSync(join(repo, "src/a.ts"), "mine\n");
  git(repo, "commit", "-qam", "mine");
  expect(spawnSync("git", [op, "mate"], { cwd: repo }).status).not.toBe(0); // stops on src/a.ts
  writeFileSync(join(repo, "src/a.ts"), "mine and mate\n");
  writeFileSync(join(repo, "src/b.ts"), "b\n");
  return repo;
}

test.each(["merge", "cherry-pick"] as const)("a %s stopped on a conflict: the other side's files are not charged to the session", async (op) => {
  const repo = await conflicted(op);
  const done = envelope(await exo(repo, "session-finish", "--summary", "resolved"));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  expect(done.data.changed_files.map((f: { path: string }) => f.path)).toEqual(["src/a.ts", "src/b.ts"]);
  expect(done.data.drift.out_of_scope).toEqual([]);
  expect(done.data.attribution.excluded_merging).toEqual(["mate1.txt", "mate2.txt", "mate3.txt"]);
});

test("the human finish says which files the merge brings", async () => {
  const repo = await conflicted("merge");
  const done = await exo(repo, "session-finish", "--summary", "resolved", { json: false });
  expect(done.stdout).toContain("not counted: 3 files the merge in progress brings");
});
