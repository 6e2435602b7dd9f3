// doctor names what round 40 of the hostile-state pass found and left (docs/hardening.md): exo's
// records a rule of the project's ignore files takes in (git_tracking), and an .exo/.gitattributes
// from before exo unset git filters (scaffold). Both fail before this change: doctor passed.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, git, tempRepo } from "../../helpers/repo.js";

interface Section { name: string; status: string; message: string; hint?: string; fixable: boolean; details: Record<string, unknown> }
const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as Section[]).find((s) => s.name === name);

test("doctor's git_tracking names exo's records a project ignore rule keeps out of every commit (*.jsonl, .exo/), with the rule and the lines that let them in; a fresh install passes", async () => {
  const clean = await tempRepo({ ".gitignore": "node_modules/\n" });
  expect(envelope(await bounded(clean, ["install", "--harness", "git"], 60_000)).ok).toBe(true);
  expect(section(await bounded(clean, ["doctor", "--section", "git_tracking"], 30_000), "git_tracking")?.status).toBe("pass");
  for (const rule of ["*.jsonl", ".exo/"]) {
    const repo = await tempRepo({ ".gitignore": `${rule}\n` });
    envelope(await bounded(repo, ["install", "--harness", "git"], 60_000));
    const s = section(await bounded(repo, ["doctor", "--section", "git_tracking"], 30_000), "git_tracking");
    expect(s).toMatchObject({ status: "fail", fixable: false });
    expect(s?.message).toMatch(new RegExp(`git ignores (it|them) by the rule ${rule.replace(/[.*/]/g, "\\$&")} \\(\\.gitignore:1\\)`));
    expect(s?.message).toMatch(/add the lines !\/\.exo\/ and !\/\.exo\/\*\* below it in \.gitignore/);
    expect(Object.values(s?.details["ignored"] as Record<string, string>)).toEqual(expect.arrayContaining([`.gitignore:1:${rule}`]));
  }
}, 240_000);

test("an .exo/.gitattributes from before exo unset filters (* -text only): doctor's scaffold warns, --fix adds '* -filter' and keeps the rest", async () => {
  const repo = await tempRepo({});
  envelope(await bounded(repo, ["install", "--harness", "git"], 60_000));
  expect(section(await bounded(repo, ["doctor", "--section", "scaffold"], 30_000), "scaffold")?.status).toBe("pass");
  const file = join(repo, ".exo/.gitattributes");
  writeFileSync(file, "* -text\ntickets/*.yaml merge=exo-ticket\n");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "old attributes", "--no-verify");
  const s = section(await bounded(repo, ["doctor", "--section", "scaffold"], 30_000), "scaffold");
  expect(s).toMatchObject({ status: "warn", fixable: true, hint: "exo doctor --fix --section scaffold" });
  expect(s?.message).toMatch(/--fix adds '\* -filter'/);
  const fixed = envelope(await bounded(repo, ["doctor", "--fix", "--section", "scaffold"], 30_000));
  expect(JSON.stringify(fixed.data.fixed)).toContain("added '* -filter' to .exo/.gitattributes");
  const text = readFileSync(file, "utf8");
  expect(text).toMatch(/^\* -filter$/m);
  expect(text).toMatch(/^\* -text$/m);
  expect(text).toContain("tickets/*.yaml merge=exo-ticket");
  expect(section(await bounded(repo, ["doctor", "--section", "scaffold"], 30_000), "scaffold")?.status).toBe("pass");
}, 180_000);
