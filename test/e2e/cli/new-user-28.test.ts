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

test("metrics and fleet-drift say which sessions their drift average covers, in the human view and JSON: closed ones in the window, or the last closed plus the live (before: avg 0.018 vs 0.152 on one repository, neither saying over what)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", "src/a.ts": "x\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const empty = (await exo(repo, "metrics", { json: false })).stdout.replace(/\s+/g, " ");
  expect(empty).toContain("drift none: no closed session in the window (live ones are not counted: exo fleet-drift)");
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await appendFile(join(repo, "README.md"), "a change\n");
  expect(envelope(await exo(repo, "session-finish", "--summary", "done")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "work");
  const intent = (envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  expect((await exo(repo, "ticket-create", "second", "--parent", intent, "--id", "TICKET-002")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-002")).code).toBe(0);
  await appendFile(join(repo, "src/a.ts"), "y\n");
  await writeFile(join(repo, "src/b.ts"), "z\n");
  const m = envelope(await exo(repo, "metrics")).data.drift;
  expect(m.covers).toEqual({ closed: 1, live: 0, sessions: "closed sessions in the window; live ones are not counted (exo fleet-drift adds them)" });
  const f = envelope(await exo(repo, "fleet-drift")).data.summary;
  expect(f.covers).toEqual({ closed: 1, live: 1, sessions: "the last 50 closed sessions and the live (active or suspended) ones, at their drift so far" });
  expect(f.avg).not.toBe(m.avg);
  const mh = (await exo(repo, "metrics", { json: false })).stdout.replace(/\s+/g, " ");
  expect(mh).toContain(`drift avg ${m.avg} over 1 closed session in the window (live ones not counted: exo fleet-drift), p50`);
  const fh = (await exo(repo, "fleet-drift", { json: false })).stdout.replace(/\s+/g, " ");
  expect(fh).toContain(`2 sessions: drift avg ${f.avg} over 2 sessions (1 closed, 1 live), max`);
  const since = envelope(await exo(repo, "fleet-drift", "--since", "2020-01-01T00:00:00.000Z", "--include-finished", "5")).data.summary;
  expect(since.covers.sessions).toBe("the last 5 closed sessions (closed since 2020-01-01T00:00:00.000Z) and the live (active or suspended) ones, at their drift so far");
});
