// A demanding new user's first ten minutes, sixteenth pass: every refusal names what to do with a
// line that runs, and human output fits the terminal it is printed on.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";

const wide = (text: string, cols: number) => text.split("\n").filter((l) => [...l].length > cols);

test("a harness settings file with a trailing comma: install names line and column, and its only next step opens the file there and reruns install", async () => {
  const repo = await tempRepo({ ".claude/settings.json": '{\n  "permissions": {\n    "allow": ["Bash(ls)",]\n  }\n}\n', "app.py": "print(1)\n" });
  const run = envelope(await exo(repo, "install"));
  expect(run.error?.code).toBe("INSTALL_INCOMPLETE");
  // Before: ".claude/settings.json is not valid JSON; fix it", then "Create work", "Start a session"
  // and "restart your agent" as if exo governed the repository.
  expect(run.error?.message).toContain('.claude/settings.json line 3, column 26: a trailing comma before "]" (JSON allows none)');
  expect(run.error?.hint).toBe('"${EDITOR:-vi}" +3 .claude/settings.json && exo install');
  expect(run.data.next_steps).toHaveLength(1);
  expect(run.data.next_steps[0]).toMatch(/: "\$\{EDITOR:-vi\}" \+3 \.claude\/settings\.json && exo install$/);
  // The file is left as it was; the hint works once the comma is gone (EDITOR=true stands in for the fix).
  writeFileSync(join(repo, ".claude/settings.json"), '{ "permissions": { "allow": ["Bash(ls)"] } }\n');
  expect(envelope(await exo(repo, "install")).ok).toBe(true);
  // hook-install and doctor say the same of a file broken later.
  writeFileSync(join(repo, ".claude/settings.json"), '{"a": 1');
  const hooks = envelope(await exo(repo, "hook-install"));
  expect(hooks.error?.code).toBe("SETTINGS_INVALID");
  expect(hooks.error?.message).toContain('.claude/settings.json line 1, column 8: the file ends; "," or "}" expected');
  expect(hooks.error?.hint).toBe('"${EDITOR:-vi}" +1 .claude/settings.json && exo hook-install');
  const doctor = envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0];
  expect(doctor.hint).toBe('"${EDITOR:-vi}" +1 .claude/settings.json && exo hook-install');
});

test("human output honours $COLUMNS from 40 to 80: install, its next steps and the home view fit a 50-column terminal", async () => {
  const repo = await tempRepo({ "package.json": JSON.stringify({ name: "shop", scripts: { test: "node -e 0" } }), ".cursor/rules/team.mdc": "be nice\n" });
  const run = await exo(repo, "install", { json: false, env: { COLUMNS: "50" } });
  expect(run.code).toBe(0);
  const [summary = "", steps = ""] = run.stdout.split("\nNext steps:\n");
  // Before: 80 columns whatever the terminal.
  expect(wide(summary, 50)).toEqual([]);
  // Only a command longer than a line passes the width, alone on its line.
  for (const line of wide(steps, 50)) expect(line).toMatch(/^ {5}(exo|git) /);
  const home = await exo(repo, { json: false, env: { COLUMNS: "50" } });
  expect(wide(home.stdout, 50)).toEqual([]);
  // Narrower than 40 is taken as 40; nonsense as 80.
  expect(wide((await exo(repo, "install", "--dry-run", { json: false, env: { COLUMNS: "20" } })).stdout, 40)).toEqual([]);
  expect(wide((await exo(repo, "install", "--dry-run", { json: false, env: { COLUMNS: "wide" } })).stdout, 80)).toEqual([]);
  expect(git(repo, "status", "--porcelain")).toBe("");
  expect(readFileSync(join(repo, ".cursor/rules/team.mdc"), "utf8")).toBe("be nice\n");
});
