// A new user's first hours and a small team's first day, twenty-eighth pass: what install says of
// files it left out of its commit, which sessions a drift average covers, and two clones sharing a
// bare remote through the whole loop.
import { execFileSync } from "node:child_process";
import { appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";

/** A hint that is a shell line (`a && b`), run as pasted. */
function sh(cwd: string, line: string): void {
  execFileSync("sh", ["-c", line], { cwd, stdio: "pipe" });
}

test("install beside a CLAUDE.md never committed says it is untracked, not changed, and a modified AGENTS.md modified; JSON lists the untracked ones (before: 'left uncommitted (changed before this install): AGENTS.md, CLAUDE.md')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", "AGENTS.md": "# agents\n" });
  await writeFile(join(repo, "CLAUDE.md"), "# Our rules\n");
  await appendFile(join(repo, "AGENTS.md"), "more\n");
  const human = (await exo(repo, "install", "--example", { json: false })).stdout;
  expect(human).toContain("  left uncommitted (modified before this install): AGENTS.md\n");
  expect(human).toContain("  left uncommitted (untracked before this install, in no commit): CLAUDE.md\n");
  expect(human).not.toContain("changed before this install");
  const other = await tempRepo({ "README.md": "# app\n" });
  await writeFile(join(other, "CLAUDE.md"), "# Our rules\n");
  const installed = envelope(await exo(other, "install", "--example"));
  expect(installed.data.left_uncommitted).toEqual(["CLAUDE.md"]);
  expect(installed.data.left_untracked).toEqual(["CLAUDE.md"]);
  const step = (installed.data.next_steps as string[])[0] ?? "";
  expect(step).toBe(`Commit CLAUDE.md once your own text there is ready (untracked: in no commit yet, so exo's part of it reaches teammates only once committed): git add -- CLAUDE.md && git commit -m "chore: exo setup"`);
  sh(other, step.slice(step.indexOf("): ") + 3));
  expect(git(other, "show", "HEAD:CLAUDE.md")).toContain("<!-- exo:begin -->");
  expect(git(other, "status", "--porcelain")).toBe("");
});
