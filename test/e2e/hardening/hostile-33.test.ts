// Round 33 of hostile state and races: a folder where a ticket goes, and more (see
// docs/hardening.md). Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, rmSync } from "node:fs";
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

type Section = { name: string; status: string; message: string; hint: string | null };

test("a folder where a committed ticket goes (a hand's mkdir -p, a sync tool): doctor's tickets section names it with a git checkout that brings the ticket back, and exo next says a ticket file cannot be read (before: the folder was skipped unseen, doctor passed and exo next said 'there are no tickets yet')", async () => {
  const repo = await repoWithTicket();
  rmSync(join(repo, ".exo/tickets/T1.yaml"));
  mkdirSync(join(repo, ".exo/tickets/T1.yaml/notes"), { recursive: true });
  const check = await bounded(repo, ["doctor", "--section", "tickets"], 20_000);
  expect(check.code, check.stdout).toBe(1);
  const tickets = (envelope(check).data.sections as Section[]).find((s) => s.name === "tickets");
  expect(tickets?.status).toBe("fail");
  expect(tickets?.message).toContain(".exo/tickets/T1.yaml is a folder, not a ticket");
  expect(tickets?.hint).toBe("git checkout -- .exo/tickets/T1.yaml");
  const next = await bounded(repo, ["next", "--actor", "agent:a"], 15_000);
  expect(envelope(next).ok).toBe(false);
  expect(envelope(next).error?.message).toContain("1 ticket file(s) cannot be read (.exo/tickets/T1.yaml)");
  expect(envelope(next).error?.message).not.toContain("no tickets yet");
  execFileSync("sh", ["-c", tickets?.hint ?? "false"], { cwd: repo });
  expect(lstatSync(join(repo, ".exo/tickets/T1.yaml")).isFile()).toBe(true);
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(envelope(start).ok, start.stdout).toBe(true);
}, 60_000);
