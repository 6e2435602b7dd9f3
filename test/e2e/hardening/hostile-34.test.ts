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

test("a folder holding files where a governance file goes (.exo/config.yaml): every command's hint is exo doctor --fix, which keeps the folder's files in the quarantine, and status's warning names the file (before: the hint was git checkout HEAD -- .exo/config.yaml, which deleted them, and the warning was node's raw EISDIR text with an absolute path)", async () => {
  const repo = await repoWithTicket();
  rmSync(join(repo, ".exo/config.yaml"));
  mkdirSync(join(repo, ".exo/config.yaml/drafts"), { recursive: true });
  writeFileSync(join(repo, ".exo/config.yaml/drafts/new.yaml"), "version: 1\n");
  const status = await bounded(repo, ["status"], 15_000);
  expect(envelope(status).error?.hint).toBe("exo doctor --fix");
  expect(envelope(status).error?.message).toContain("what it holds is kept");
  // The warning beside it names the file as the repository spells it (before: node's raw
  // "Error: EISDIR: illegal operation on a directory, read '<absolute path>'").
  const warned = JSON.stringify(envelope(status).warnings ?? []);
  expect(warned).toContain(".exo/config.yaml cannot be read (a folder, not a file)");
  expect(warned).not.toContain("EISDIR");
  expect(warned).not.toContain(repo);
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

test("a finish and a handoff of one session at the same moment (an agent and its harness): the one that waited on the session's guard says how the session ended, NO_ACTIVE_SESSION with its hint, exit 1 (before: SESSION_NOT_FOUND 'Session … ended meanwhile.', exit 2 as for a mistyped id)", async () => {
  const repo = await repoWithTicket();
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok).toBe(true);
  const id = started.data.session.id as string;
  // Hold the session's guard (as a live process of this host) until both commands wait on it, so
  // each has resolved the session before either closes it.
  const guard = join(repo, ".exo/cache/guards", `session-${id}.guard`);
  writeFileSync(guard, JSON.stringify({ pid: process.pid, host: started.data.session.host as string, at: new Date().toISOString(), token: "test" }));
  const finish = bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 40_000);
  const handoff = bounded(repo, ["session-handoff", "--summary", "over to b", "--to", "agent:b", "--actor", "agent:a"], 40_000);
  await new Promise((r) => setTimeout(r, 4_000));
  rmSync(guard);
  const runs = await Promise.all([finish, handoff]);
  const won = runs.filter((r) => r.code === 0);
  const lost = runs.filter((r) => r.code !== 0);
  expect(won.length, runs.map((r) => r.stdout).join("\n")).toBe(1);
  expect(lost.length).toBe(1);
  const error = envelope(lost[0] as never).error;
  expect(lost[0]?.code, lost[0]?.stdout).toBe(1);
  expect(error?.code).toBe("NO_ACTIVE_SESSION");
  expect(error?.message).toMatch(new RegExp(`its last session, ${id} on T1, (finished|was handed off) at`));
}, 90_000);
