// docs/adoption.md lists install's --harness values as the command accepts them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { findCommand } from "../../src/commands/index.js";
import { fieldsOf } from "../../src/cli/fields.js";

test("adoption.md's --harness list matches exo install --harness", () => {
  const doc = readFileSync(join(import.meta.dirname, "../../docs/adoption.md"), "utf8");
  const listed = /`--harness ([a-z|]+)`/.exec(doc)?.[1]?.split("|");
  const install = findCommand("install");
  const choices = install ? fieldsOf(install).find((f) => f.key === "harness")?.choices : undefined;
  expect(listed?.slice().sort()).toEqual(choices?.slice().sort());
});
