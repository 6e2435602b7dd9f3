// Round 33 of hostile state and races: a folder where a ticket goes, and more (see
// docs/hardening.md). Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, git, tempDir } from "../../helpers/repo.js";
import { expectDoctorRepairs, expectStartWorks, repoWithTicket } from "../../helpers/tickets.js";

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
  // Round 34: doctor --fix keeps the folder in the quarantine (a git checkout deleted what it held).
  expect(tickets?.hint).toBe("exo doctor --fix --section tickets");
  const next = await bounded(repo, ["next", "--actor", "agent:a"], 15_000);
  expect(envelope(next).ok).toBe(false);
  expect(envelope(next).error?.message).toContain("1 ticket file cannot be read (.exo/tickets/T1.yaml)");
  expect(envelope(next).error?.message).not.toContain("no tickets yet");
  expect((await bounded(repo, (tickets?.hint ?? "").split(" ").slice(1), 60_000)).code).toBe(0);
  expect(lstatSync(join(repo, ".exo/tickets/T1.yaml")).isFile()).toBe(true);
  await expectStartWorks(repo);
}, 60_000);

test("one of exo's kept folders linked out of the repository by a hand or a sync tool (in no commit): a link to no folder (/dev/zero, nothing) is repaired by the hint, exo doctor --fix, which puts the folder back as git has it; a link to a folder gets a hint that copies that folder back in place of the link (before: 'git rm <folder>, then restore it from history', which git refuses for a folder, with git log as the hint, and doctor --fix repaired nothing)", async () => {
  const repo = await repoWithTicket();
  rmSync(join(repo, ".exo/mementos"), { recursive: true, force: true });
  rmSync(join(repo, ".exo/tickets"), { recursive: true, force: true });
  symlinkSync("/dev/zero", join(repo, ".exo/mementos"));
  symlinkSync(join(repo, "no-such-folder"), join(repo, ".exo/tickets"));
  const fixed = await expectDoctorRepairs(repo);
  expect(fixed).toContain("replaced .exo/mementos (a symlink to no folder, outside the repository) with a real folder");
  expect(fixed).toContain("replaced .exo/tickets (a symlink to no folder, outside the repository) with a real folder; restored it from git (HEAD)");
  expect(lstatSync(join(repo, ".exo/mementos")).isDirectory()).toBe(true);
  expect(lstatSync(join(repo, ".exo/tickets/T1.yaml")).isFile()).toBe(true);
  await expectStartWorks(repo);

  // The folder moved out by hand, a link left in its place: the hint copies it back.
  const moved = await repoWithTicket();
  const away = await tempDir();
  renameSync(join(moved, ".exo/tickets"), join(away, "tickets"));
  symlinkSync(join(away, "tickets"), join(moved, ".exo/tickets"));
  const refused = await bounded(moved, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const error = envelope(refused).error;
  expect(error?.code).toBe("STATE_CORRUPT");
  expect(error?.message).not.toContain("git rm");
  expect(error?.hint).toBe(`rm -- .exo/tickets && cp -R -- ${join(away, "tickets")} .exo/tickets`);
  execFileSync("sh", ["-c", error?.hint ?? "false"], { cwd: moved });
  expect(lstatSync(join(moved, ".exo/tickets")).isDirectory()).toBe(true);
  await expectStartWorks(moved);
}, 120_000);

test("a governance file (config.yaml, constitution.yaml, governance.lock.json, policy.sealed.json) that is a folder, a pipe or a link to /dev/zero (a hand's mkdir or mkfifo, a bad sync): exo doctor --fix puts git's copy back (a folder kept in the quarantine) and the next start works; the message no longer offers git rm (before: doctor --fix failed on it as a whole, IO_ERROR, and repaired nothing, and the message said 'git rm or git checkout it')", async () => {
  const cases: { file: string; make: (path: string) => void }[] = [
    { file: ".exo/config.yaml", make: (p) => mkdirSync(join(p, "x"), { recursive: true }) },
    { file: ".exo/constitution.yaml", make: (p) => execFileSync("mkfifo", [p]) },
    { file: ".exo/governance.lock.json", make: (p) => symlinkSync("/dev/zero", p) },
    { file: ".exo/policy.sealed.json", make: (p) => execFileSync("mkfifo", [p]) },
  ];
  for (const c of cases) {
    const repo = await repoWithTicket();
    const path = join(repo, c.file);
    rmSync(path);
    c.make(path);
    const status = await bounded(repo, ["status"], 15_000);
    expect(status.code, `${c.file}: ${status.stderr}`).toBe(1);
    expect(envelope(status).error?.message).not.toContain("git rm");
    // Round 34: a folder's hint is doctor --fix, which keeps what it held (a git checkout deleted it).
    expect(envelope(status).error?.hint).toBe(c.file === ".exo/config.yaml" ? "exo doctor --fix" : `git checkout HEAD -- ${c.file}`);
    const fix = await bounded(repo, ["doctor", "--fix"], 60_000);
    expect(fix.code, `${c.file}: ${fix.stdout}`).toBe(0);
    expect(JSON.stringify(envelope(fix).data.fixed), c.file).toContain(`replaced ${c.file} (`);
    expect(lstatSync(path).isFile(), c.file).toBe(true);
    // The sources come back as committed (the seal may be sealed again: the hooks were reinstalled).
    if (c.file.endsWith(".yaml")) expect(git(repo, "status", "--porcelain", "--", c.file), c.file).toBe("");
    await expectStartWorks(repo, c.file);
  }
}, 180_000);

test("a folder where a lock's integrity receipt goes (.exo/cache/integrity/locks/T1.sha256, a hand's mkdir -p, a bad sync) under a live session: finish says STATE_CORRUPT with hint exo doctor --fix, which moves the folder to the quarantine and completes the finish (before: IO_ERROR 'Could not write an integrity receipt: EISDIR', hint exo doctor, whose --fix failed on the same folder: the session was stuck half-finished)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const receipt = join(repo, ".exo/cache/integrity/locks/T1.sha256");
  rmSync(receipt, { force: true });
  mkdirSync(receipt, { recursive: true });
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000);
  expect(finish.code, finish.stdout).toBe(1);
  const error = envelope(finish).error;
  expect(error?.code).toBe("STATE_CORRUPT");
  expect(error?.message).toContain(".exo/cache/integrity/locks/T1.sha256 is a folder");
  expect(error?.hint).toMatch(/^exo doctor --fix( --actor agent:a)?$/);
  const fix = await bounded(repo, (error?.hint ?? "").split(" ").slice(1), 60_000);
  expect(fix.code, fix.stdout).toBe(0);
  const fixed = JSON.stringify(envelope(fix).data.fixed);
  expect(fixed).toContain("moved .exo/cache/integrity/locks/T1.sha256 to .exo/cache/quarantine/");
  expect(fixed).toContain("completed the interrupted session-finish");
  expect(readFileSync(join(repo, ".exo/tickets/T1.yaml"), "utf8")).toContain("status: review");
  const doctor = await bounded(repo, ["doctor"], 30_000);
  expect(envelope(doctor).ok, doctor.stdout).toBe(true);
}, 120_000);

test("a ticket's memento folder that is a symlink out of the repository or a file (a hand, a sync tool) under a live session: doctor's state section names it, doctor --fix removes the link (its target left alone) or moves the file to the quarantine, and the finish works (before: finish refused it while doctor passed and --fix changed nothing)", async () => {
  for (const make of [(p: string) => symlinkSync("/dev/zero", p), (p: string) => writeFileSync(p, "notes\n")]) {
    const repo = await repoWithTicket();
    expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
    const dir = join(repo, ".exo/mementos/T1");
    rmSync(dir, { recursive: true, force: true });
    make(dir);
    expect(envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000)).error?.code).toBe("STATE_CORRUPT");
    const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
    expect(check.code, check.stdout).toBe(1);
    const state = (envelope(check).data.sections as (Section & { details: { memento_folders?: string[] } })[]).find((s) => s.name === "state");
    expect(state?.status).toBe("fail");
    expect(state?.message).toContain(".exo/mementos/T1 is ");
    expect(state?.details.memento_folders).toEqual([".exo/mementos/T1"]);
    expect(state?.hint).toBe("exo doctor --fix");
    const fix = await bounded(repo, ["doctor", "--fix", "--section", "state"], 30_000);
    expect(JSON.stringify(envelope(fix).data.fixed)).toMatch(/(removed|moved) \.exo\/mementos\/T1 \(/);
    const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000);
    expect(envelope(finish).ok, finish.stdout).toBe(true);
    expect(lstatSync(dir).isDirectory()).toBe(true);
  }
}, 120_000);

test("a named pipe where one of exo's folders goes (.exo/mementos made a FIFO by a hand or a sync tool): every command calls it a named pipe, not a file, and doctor --fix makes the folder (before: '.exo/mementos is a file, not a folder')", async () => {
  const repo = await repoWithTicket();
  rmSync(join(repo, ".exo/mementos"), { recursive: true, force: true });
  execFileSync("mkfifo", [join(repo, ".exo/mementos")]);
  expect(await expectDoctorRepairs(repo, ".exo/mementos is a named pipe, not a folder")).toContain("made the folder");
  expect(lstatSync(join(repo, ".exo/mementos")).isDirectory()).toBe(true);
}, 60_000);
