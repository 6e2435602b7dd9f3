// A demanding new user's first hour, eleventh pass: an existing project's husky hooks, a hand-broken
// config or actor name, and state doctor repaired half-way.
import { execFileSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { expect, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";

test("install where husky owns core.hooksPath says the git hooks are not in place, and the step it prints puts them there", async () => {
  const repo = await tempRepo({ ".husky/pre-commit": "#!/bin/sh\necho team-hook\n", "src/index.js": "1\n" });
  chmodSync(`${repo}/.husky/pre-commit`, 0o755);
  git(repo, "config", "core.hooksPath", ".husky");
  const install = envelope(await exo(repo, "install"));
  expect(install.ok).toBe(true);
  // Before: the summary said "hooks claude, git" and nothing else, while no git hook gated commits.
  const hooks = (install.data.steps as { name: string; message: string }[]).find((s) => s.name === "hooks");
  expect(hooks?.message).toBe("claude, git (husky: lines to add, see next steps)");
  expect(install.warnings?.map((w) => w.code)).toContain("HOOKS_ACTION_NEEDED");
  const first = (install.data.next_steps as string[])[0] ?? "";
  expect(first).toMatch(/^Gate commits through husky \(exo does not write in its folder\): printf /);
  const human = await exo(repo, "install", { json: false });
  expect(human.stdout).toContain("  hooks      claude, git (husky: lines to add, see next steps)\n");
  expect(human.stdout).toContain("  1. Gate commits through husky");
  // The printed step runs as printed; doctor then finds exo's lines.
  expect(envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0].status).toBe("warn");
  execFileSync("sh", ["-c", first.slice(first.indexOf(": printf ") + 2)], { cwd: repo });
  const doctor = envelope(await exo(repo, "doctor", "--section", "hooks"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "hooks", status: "pass" });
  const again = envelope(await exo(repo, "install"));
  expect((again.data.next_steps as string[]).some((s) => s.startsWith("Gate commits"))).toBe(false);
  expect(again.warnings ?? []).toEqual([]);
});
