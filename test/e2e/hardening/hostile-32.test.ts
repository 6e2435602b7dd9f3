// Round 32 of hostile state and races: pipes where git reads its ignore and attribute files
// outside .exo/, and more (see docs/hardening.md). Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, exo, git, initRepo } from "../../helpers/repo.js";

async function repoWithTicket(): Promise<string> {
  const repo = await initRepo();
  expect(envelope(await exo(repo, "ticket-create", "do x", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "T1");
  return repo;
}

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
    rmSync(file, { force: true });
    execFileSync("mkfifo", [file]);
    for (const args of [["status"], ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], ["doctor"]]) {
      const run = await bounded(repo, args, 15_000);
      expect(run.code, `${name} ${args[0]}: ${run.stderr}`).toBe(1);
      const error = envelope(run).error;
      expect(error?.code).toBe("STATE_CORRUPT");
      expect(error?.message).toContain(`${name} is a named pipe`);
      expect(error?.hint).toMatch(/^exo doctor --fix( --actor agent:a)?$/);
    }
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
