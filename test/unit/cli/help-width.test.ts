// Help fits an 80-column terminal: exo --help, every exo <command> --help and every group page
// (example command lines aside: they are copied whole).
import { expect, test } from "vitest";
import { commands } from "../../../src/commands/index.js";
import { commandHelp, groupHelp } from "../../../src/cli/help.js";
import { globalHelp } from "../../../src/cli/main.js";

function wide(text: string): string[] {
  let examples = false;
  return text.split("\n").filter((line) => {
    if (line === "Examples:") examples = true;
    else if (line === "") examples = false;
    return !examples && [...line].length > 80;
  });
}

test("exo --help fits 80 columns", () => {
  expect(wide(globalHelp())).toEqual([]);
});

test("every command's --help and every group page fit 80 columns", () => {
  const long = commands.flatMap((c) => wide(commandHelp(c)).map((l) => `${c.name}: ${l}`));
  expect(long).toEqual([]);
  for (const group of ["ledger", "session", "ticket", "lease", "worktree"]) expect(wide(groupHelp(group)), group).toEqual([]);
});
