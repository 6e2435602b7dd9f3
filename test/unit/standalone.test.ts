// The repository stands alone: no tracked file (code, tests, docs, scripts, CI) points at the
// workspace outside it, so a clone with nothing beside it builds and passes its tests.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

// Built from parts so this file does not match itself.
const OUTSIDE = [["..", "shared"].join("/"), ["", "work", "shared"].join("/"), ["", "work", "wt", ""].join("/"), ["", "work", "main"].join("/")];

test("no tracked file references folders outside the repository", () => {
  const files = execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean);
  expect(files.length).toBeGreaterThan(50);
  const hits: string[] = [];
  for (const file of files) {
    if (/\.(png|jpg|gif|ico|tgz)$/.test(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue; // listed but deleted in the work tree
    }
    for (const needle of OUTSIDE) if (text.includes(needle)) hits.push(`${file}: ${needle}`);
  }
  expect(hits).toEqual([]);
});

test("test fixtures live inside the repository", () => {
  const helper = readFileSync("test/helpers/hooks.ts", "utf8");
  expect(helper).toMatch(/resolve\("test\/fixtures\/hooks"\)/);
  expect(execFileSync("git", ["ls-files", "test/fixtures/hooks"], { encoding: "utf8" }).split("\n").filter(Boolean).length).toBeGreaterThan(5);
});
