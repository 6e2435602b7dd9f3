// A new user's first hours and a small team's first day, twenty-seventh pass: help pages that name
// what an option takes, work discarded with a worktree, hints an MCP caller could not follow, and
// the first minutes from the packed tarball.
import { expect, test } from "vitest";
import { envelope, exo, tempRepo } from "../../helpers/repo.js";

/** Options whose value is prose: the only ones a help page shows as `<text>`. */
const PROSE = new Set(["--title", "--description", "--brain-dump", "--success-condition", "--reason", "--summary", "--next-step", "--blocker", "--pattern", "--insight", "--task", "--break-glass-reason"]);

test("every --help names what its options take: worktree-create --path <path> --base <ref> --branch <branch>, <text> only for prose (before: <text> for all three, and 60 more)", async () => {
  const repo = await tempRepo();
  const page = (await exo(repo, "worktree-create", "--help", { json: false })).stdout;
  expect(page).toMatch(/--path <path> +Folder/);
  expect(page).toMatch(/--base <ref> +Start point/);
  expect(page).toMatch(/--branch <branch> +Branch/);
  expect(page).not.toContain("<text>");
  const names = (envelope(await exo(repo, "help")).data.commands as { name: string }[]).map((c) => c.name);
  expect(names.length).toBeGreaterThan(40);
  for (const name of names) {
    const data = envelope(await exo(repo, "help", name)).data as { usage: string; options: { flag: string; value: string | null; kind: string }[] };
    for (const o of data.options) {
      // JSON carries the placeholder the page shows (before: the page only).
      if (o.kind === "boolean") expect(o.value, `${name} ${o.flag}`).toBeNull();
      else expect(o.value, `${name} ${o.flag}`).toMatch(/^<.+>$/);
      if (o.value === "<text>") expect(PROSE, `${name} ${o.flag}`).toContain(o.flag);
    }
  }
  expect(envelope(await exo(repo, "help", "session-handoff")).data.usage).toBe("exo session-handoff --to <actor> --summary <text> [options]");
});
