// Round 32 of hostile state and races: pipes where git reads its ignore and attribute files
// outside .exo/, and more (see docs/hardening.md). Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { expectPipeRefused, pipeAt } from "../../helpers/pipes.js";
import { bounded, envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

test("a pipe at the work tree's .gitignore or .gitattributes, or at .git/info/exclude or attributes (a hand's mkfifo, a bad sync): every command says so, STATE_CORRUPT with hint exo doctor --fix, which removes it and restores git's copy of a committed one (before: git waits on the pipe for a writer, so exo status, session-start and doctor hung for ever)", async () => {
  for (const name of [".gitignore", ".gitattributes", ".git/info/exclude", ".git/info/attributes"]) {
    const repo = await repoWithTicket();
    const file = join(repo, name);
    const committed = name.startsWith(".git/") ? null : "*.log\n";
    if (committed !== null) {
      writeFileSync(file, committed);
      git(repo, "add", "--", name);
      git(repo, "commit", "--quiet", "--message", name);
    }
    pipeAt(repo, name);
    await expectPipeRefused(repo, name);
    const fix = await bounded(repo, ["doctor", "--fix"], 30_000);
    expect(fix.code, `${name}: ${fix.stderr}`).not.toBe(-1);
    expect(JSON.stringify(envelope(fix).data.fixed)).toContain(`removed ${name}`);
    if (committed === null) expect(existsSync(file)).toBe(false);
    else {
      expect(lstatSync(file).isFile()).toBe(true);
      expect(readFileSync(file, "utf8")).toBe(committed);
    }
    const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
    expect(envelope(start).ok, `${name}: ${start.stdout}`).toBe(true);
  }
}, 180_000);

test("a pipe in .exo/mementos or .exo/learnings (a hand's mkfifo, a bad sync): doctor's state section names it and doctor --fix removes it (before: every reader skipped it and doctor passed)", async () => {
  const repo = await repoWithTicket();
  execFileSync("mkdir", ["-p", join(repo, ".exo/mementos/T1")]);
  execFileSync("mkfifo", [join(repo, ".exo/mementos/T1/x.md")]);
  execFileSync("mkfifo", [join(repo, ".exo/learnings/L-1.yaml")]);
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect(check.code, check.stderr).toBe(1);
  const state = (envelope(check).data.sections as { name: string; status: string; message: string; hint?: string; details?: { not_files?: string[] } }[]).find((s) => s.name === "state");
  expect(state?.status).toBe("fail");
  expect(state?.message).toContain(".exo/mementos/T1/x.md is a named pipe");
  expect(state?.message).toContain(".exo/learnings/L-1.yaml is a named pipe");
  expect(state?.details?.not_files).toEqual([".exo/mementos/T1/x.md", ".exo/learnings/L-1.yaml"]);
  expect(state?.hint).toBe("exo doctor --fix");
  const fix = await bounded(repo, ["doctor", "--fix", "--section", "state"], 20_000);
  expect(JSON.stringify(envelope(fix).data.fixed)).toContain("removed .exo/mementos/T1/x.md (a named pipe)");
  expect(existsSync(join(repo, ".exo/mementos/T1/x.md"))).toBe(false);
  expect(existsSync(join(repo, ".exo/learnings/L-1.yaml"))).toBe(false);
  const again = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect((envelope(again).data.sections as { name: string; status: string }[]).find((s) => s.name === "state")?.status).toBe("pass");
}, 60_000);

test("a pipe at .exo/handoffs/<T>.json: session-start says STATE_CORRUPT with hint exo doctor --fix, which sets it aside, and the next start works (before: IO_ERROR 'git rm or git checkout it' with hint exo doctor, one more step, and git refuses both for a file it never tracks)", async () => {
  const repo = await repoWithTicket();
  execFileSync("mkfifo", [join(repo, ".exo/handoffs/T1.json")]);
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(start.code, start.stderr).toBe(1);
  const error = envelope(start).error;
  expect(error?.code).toBe("STATE_CORRUPT");
  expect(error?.message).toContain(".exo/handoffs/T1.json");
  expect(error?.message).toContain("pipe");
  expect(error?.hint).toMatch(/^exo doctor --fix( --actor agent:a)?$/);
  const fix = await bounded(repo, (error?.hint ?? "").split(" ").slice(1), 30_000);
  expect(fix.code, fix.stderr).not.toBe(-1);
  const again = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(envelope(again).ok, again.stdout).toBe(true);
}, 60_000);

test("a config.yaml or constitution.yaml a crash emptied or zeroed, or left with a merge's conflict markers: the message says so and the hint repairs it when pasted (git checkout HEAD -- <file>, git mergetool -- <file>) (before: an empty config was 'version must be 1', and every case had hint exo config-validate, which only says the same again)", async () => {
  const cases: { file: string; bytes: string; said: string; hint: string }[] = [
    { file: ".exo/config.yaml", bytes: "", said: "the file is empty", hint: "git checkout HEAD -- .exo/config.yaml" },
    { file: ".exo/config.yaml", bytes: "\0".repeat(300), said: "300 NUL bytes", hint: "git checkout HEAD -- .exo/config.yaml" },
    { file: ".exo/constitution.yaml", bytes: "  \n", said: "the file is blank", hint: "git checkout HEAD -- .exo/constitution.yaml" },
    { file: ".exo/constitution.yaml", bytes: "\0".repeat(64), said: "64 NUL bytes", hint: "git checkout HEAD -- .exo/constitution.yaml" },
  ];
  for (const c of cases) {
    const repo = await repoWithTicket();
    writeFileSync(join(repo, c.file), c.bytes);
    for (const args of [["session-start", "--ticket-id", "T1", "--actor", "agent:a"], ["doctor", "--section", "config"]]) {
      const run = await bounded(repo, args, 15_000);
      const error = envelope(run).error;
      expect(error?.message, `${c.file} ${args[0]}`).toContain(c.said);
      expect(error?.message).not.toContain("version must be 1");
      expect(error?.hint, `${c.file} ${args[0]}`).toBe(c.hint);
    }
    execFileSync("sh", ["-c", c.hint], { cwd: repo });
    const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
    expect(envelope(start).ok, start.stdout).toBe(true);
  }
  // Conflict markers from a merge: git's mergetool, not exo config-validate.
  const repo = await repoWithTicket();
  const config = join(repo, ".exo/config.yaml");
  const text = readFileSync(config, "utf8");
  git(repo, "checkout", "--quiet", "-b", "other");
  writeFileSync(config, text.replace("version: 1\n", "version: 1\n# other\n"));
  git(repo, "commit", "--quiet", "-am", "other");
  git(repo, "checkout", "--quiet", "main");
  writeFileSync(config, text.replace("version: 1\n", "version: 1\n# main\n"));
  git(repo, "commit", "--quiet", "-am", "main");
  expect(() => git(repo, "merge", "other")).toThrow();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(envelope(start).error?.message).toContain("git conflict markers at line 2");
  expect(envelope(start).error?.hint).toBe("git mergetool -- .exo/config.yaml");
}, 120_000);

test("a ticket's memento folder that is a symlink out of the repository, made by a hand or a sync tool (in no commit): session-start refuses it and leaves the ticket todo, and its hint works when pasted (before: the start left the ticket active with no session and its lock released, and the hint's git rm --cached stopped with 'did not match any files' before its rm)", async () => {
  const repo = await repoWithTicket();
  const outside = await initRepo();
  execFileSync("mkdir", ["-p", join(repo, ".exo/mementos")]);
  execFileSync("ln", ["-s", outside, join(repo, ".exo/mementos/T1")]);
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(start.code, start.stderr).toBe(1);
  const error = envelope(start).error;
  expect(error?.code).toBe("STATE_CORRUPT");
  expect(error?.message).toContain(".exo/mementos/T1 is a symlink to");
  expect(readFileSync(join(repo, ".exo/tickets/T1.yaml"), "utf8")).toMatch(/^status: todo$/m);
  expect(envelope(await exo(repo, "status")).data.sessions).toEqual([]);
  execFileSync("sh", ["-c", error?.hint ?? "false"], { cwd: repo });
  expect(existsSync(join(repo, ".exo/mementos/T1"))).toBe(false);
  const again = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(envelope(again).ok, again.stdout).toBe(true);
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
}, 60_000);
