// Round 34 of hostile state and races: a folder where a ticket goes, repaired without loss, and
// more (see docs/hardening.md). Each case failed before its fix.
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope } from "../../helpers/repo.js";
import { pipeAt } from "../../helpers/pipes.js";
import { repoWithTicket } from "../../helpers/tickets.js";

type Section = { name: string; status: string; message: string; hint: string | null; fixable: boolean };

test("a folder holding files where a committed ticket goes (a hand's mkdir -p and notes, a sync tool): start's hint, exo doctor --fix, keeps what the folder held in the quarantine and restores the ticket; doctor's tickets section says so (before: both hints were a git checkout, which deleted the folder's files without a word, and --fix did nothing)", async () => {
  const repo = await repoWithTicket();
  rmSync(join(repo, ".exo/tickets/T1.yaml"));
  mkdirSync(join(repo, ".exo/tickets/T1.yaml/notes"), { recursive: true });
  writeFileSync(join(repo, ".exo/tickets/T1.yaml/notes/plan.md"), "my plan\n");
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const error = envelope(start).error;
  expect(error?.message).toContain(".exo/tickets/T1.yaml is a folder");
  expect(error?.hint).toMatch(/^exo doctor --fix( --actor agent:a)?$/);
  const check = await bounded(repo, ["doctor", "--section", "tickets"], 20_000);
  const tickets = (envelope(check).data.sections as Section[]).find((s) => s.name === "tickets");
  expect(tickets?.status).toBe("fail");
  expect(tickets?.fixable).toBe(true);
  expect(tickets?.hint).toBe("exo doctor --fix --section tickets");
  const fix = await bounded(repo, (error?.hint ?? "").split(" ").slice(1), 60_000);
  expect(fix.code, fix.stdout).toBe(0);
  expect(JSON.stringify(envelope(fix).data.fixed)).toContain("moved .exo/tickets/T1.yaml (a folder, not a ticket) to .exo/cache/quarantine/");
  expect(lstatSync(join(repo, ".exo/tickets/T1.yaml")).isFile()).toBe(true);
  const kept = readdirSync(join(repo, ".exo/cache/quarantine")).find((n) => n.endsWith("-T1.yaml"));
  expect(readFileSync(join(repo, ".exo/cache/quarantine", kept ?? "none", "notes/plan.md"), "utf8")).toBe("my plan\n");
  const again = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(envelope(again).ok, again.stdout).toBe(true);
}, 120_000);

test("a folder holding files where a governance file goes (.exo/config.yaml): every command's hint is exo doctor --fix, which keeps the folder's files in the quarantine (before: the hint was git checkout HEAD -- .exo/config.yaml, which deleted them)", async () => {
  const repo = await repoWithTicket();
  rmSync(join(repo, ".exo/config.yaml"));
  mkdirSync(join(repo, ".exo/config.yaml/drafts"), { recursive: true });
  writeFileSync(join(repo, ".exo/config.yaml/drafts/new.yaml"), "version: 1\n");
  const status = await bounded(repo, ["status"], 15_000);
  expect(envelope(status).error?.hint).toBe("exo doctor --fix");
  expect(envelope(status).error?.message).toContain("what it holds is kept");
  const fix = await bounded(repo, ["doctor", "--fix"], 60_000);
  expect(fix.code, fix.stdout).toBe(0);
  const kept = readdirSync(join(repo, ".exo/cache/quarantine")).find((n) => n.endsWith("-config.yaml"));
  expect(readFileSync(join(repo, ".exo/cache/quarantine", kept ?? "none", "drafts/new.yaml"), "utf8")).toBe("version: 1\n");
  expect(envelope(await bounded(repo, ["status"], 15_000)).ok).toBe(true);
}, 120_000);

test("a named pipe where one of exo's folders goes (.exo/mementos, a hand's mkfifo): doctor --fix says it moved a named pipe aside (before: '(a file, not a folder)')", async () => {
  const repo = await repoWithTicket();
  rmSync(join(repo, ".exo/mementos"), { recursive: true, force: true });
  pipeAt(repo, ".exo/mementos");
  const fix = await bounded(repo, ["doctor", "--fix"], 60_000);
  expect(fix.code, fix.stdout).toBe(0);
  const fixed = JSON.stringify(envelope(fix).data.fixed);
  expect(fixed).toContain("moved .exo/mementos (a named pipe, not a folder) into .exo/cache/quarantine/");
  expect(fixed).not.toContain("a file, not a folder");
  expect(lstatSync(join(repo, ".exo/mementos")).isDirectory()).toBe(true);
}, 60_000);
