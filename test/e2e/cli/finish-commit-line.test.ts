// finish's `commit:` line (the session's uncommitted work, committed with its Exo-Session trailer)
// stays a line a person can read and run when the session leaves thousands of files: before, each
// file was named, a line of tens of kilobytes for a generated tree.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";

async function session(files: Record<string, string>) {
  const repo = await initRepo(files);
  await exo(repo, "ticket-create", "t", "--id", "T1");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  return repo;
}

const run = (repo: string, line: string) => spawnSync("sh", ["-c", line.replace('-m "…"', '-m "work"')], { cwd: repo, encoding: "utf8" });

test("a folder of the session's files is named once; a folder that also holds other uncommitted work is named file by file", async () => {
  const repo = await session({ "src/a.ts": "a\n", "src/b.ts": "b\n" });
  writeFileSync(join(repo, "src/b.ts"), "someone's edit\n"); // dirty before the session: not its work
  expect((await exo(repo, "session-start", "--ticket-id", "T1")).code).toBe(0);
  mkdirSync(join(repo, "gen/out"), { recursive: true });
  for (let i = 0; i < 500; i++) writeFileSync(join(repo, `gen/out/f${i}.txt`), `${i}\n`);
  writeFileSync(join(repo, "src/a.ts"), "a2\n");
  const done = envelope(await exo(repo, "session-finish", "--summary", "generated"));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  expect(done.data.commit_command).toBe(`git add -- gen/ src/a.ts && git commit -m "…" -m "Exo-Session: ${done.data.session}"`);
  expect(run(repo, done.data.commit_command).status).toBe(0);
  expect(git(repo, "status", "--porcelain").trim()).toBe("M src/b.ts");
});

test("past forty pathspecs the list goes to a pathspec file the line names, and running it commits exactly the session's files", async () => {
  const repo = await session({ "keep.txt": "k\n" });
  writeFileSync(join(repo, "keep.txt"), "someone's edit\n");
  expect((await exo(repo, "session-start", "--ticket-id", "T1")).code).toBe(0);
  for (let i = 0; i < 60; i++) writeFileSync(join(repo, `r${i}.txt`), `${i}\n`);
  const done = envelope(await exo(repo, "session-finish", "--summary", "many files"));
  const line: string = done.data.commit_command;
  expect(line).toMatch(/^git add --pathspec-from-file=\S+\.pathspec --pathspec-file-nul && git commit -m "…" -m "Exo-Session: SES-[^"]+"$/);
  expect(line.length).toBeLessThan(300);
  expect(run(repo, line).status).toBe(0);
  expect(git(repo, "status", "--porcelain").trim()).toBe("M keep.txt");
  expect(git(repo, "show", "--name-only", "--format=", "HEAD").trim().split("\n")).toHaveLength(60);
});
