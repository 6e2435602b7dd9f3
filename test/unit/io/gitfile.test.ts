import { join, resolve } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { gitfileTarget } from "../../../src/io/gitfile.js";

test("a gitfile names its git dir absolute or relative to its own folder, as git reads it", () => {
  expect(gitfileTarget("gitdir: /r/main/.git/worktrees/wt\n", "/r/wt")).toBe("/r/main/.git/worktrees/wt");
  // git 2.48+ (worktree.useRelativePaths): relative to the folder holding .git, not to the process.
  expect(gitfileTarget("gitdir: ../main/.git/worktrees/wt\n", "/r/wt")).toBe("/r/main/.git/worktrees/wt");
  expect(gitfileTarget("gitdir: ../main/.git/worktrees/wt\r\n", "/r/wt")).toBe("/r/main/.git/worktrees/wt");
  for (const text of ["", "gitdir:", "gitdir: ", "gitdir: \n", "gitdir:/abs\n", "GITDIR: /abs\n", " gitdir: /abs\n", "gitdir: /a\nb\n", "ref: refs/heads/main\n"]) {
    expect(gitfileTarget(text, "/r/wt"), JSON.stringify(text)).toBeNull();
  }
});

test("any one-line path reads back resolved from the file's folder, whatever line end follows", () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9._ -]{1,12}$/);
  fc.assert(
    fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.constantFrom("", "\n", "\r\n", "\n\n"), (parts, absolute, end) => {
      const path = (absolute ? "/" : "") + join(...parts);
      expect(gitfileTarget(`gitdir: ${path}${end}`, "/base/wt")).toBe(resolve("/base/wt", path));
    }),
  );
});
