// Round 23 of hostile state and races: links to devices and pipes under .exo/ that a pull or a
// hand brings, odd but parseable hand edits, clocks and racing processes. Each case failed before
// its fix.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, git, tempDir } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

/** `exo --format json …` in a folder below a clone, as that clone's machine. */
const exoIn = (cwd: string, args: string[], host: string) => bounded(cwd, args, 30_000, { EXO_HOST: host });

test("a lock file a pull turned into a symlink to /dev/zero (or a pipe put in .exo/locks) is named by doctor and set aside by doctor --fix (before: doctor's locks section read /dev/zero until memory ran out, over 3 GB, and never answered; on a pipe it waited for ever)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  mkdirSync(join(a.dir, ".exo/locks"), { recursive: true });
  symlinkSync("/dev/zero", join(a.dir, ".exo/locks/T1.json"));
  execFileSync("mkfifo", [join(a.dir, ".exo/locks/T2.json")]);
  const doctor = await bounded(a.dir, ["doctor"], 20_000, { EXO_HOST: a.host });
  expect(doctor.code, `killed after ${doctor.ms} ms`).toBe(1);
  const state = envelope(doctor).data.sections.find((s: { name: string }) => s.name === "state");
  expect(JSON.stringify(state.details.unreadable)).toContain(".exo/locks/T1.json");
  expect(JSON.stringify(state.details.unreadable)).toContain(".exo/locks/T2.json");
  const fix = await bounded(a.dir, ["doctor", "--fix"], 20_000, { EXO_HOST: a.host });
  expect(fix.code, `killed after ${fix.ms} ms: ${fix.stdout}`).not.toBe(-1);
  expect(`${fix.stdout}${fix.stderr}`).not.toMatch(NO_TRACE);
  expect(lstatSync(join(a.dir, ".exo/locks/T1.json"), { throwIfNoEntry: false })?.isSymbolicLink() ?? false).toBe(false);
  const again = await bounded(a.dir, ["doctor", "--section", "state", "--section", "locks"], 20_000, { EXO_HOST: a.host });
  expect(envelope(again).data.sections.every((s: { status: string }) => s.status !== "fail"), again.stdout).toBe(true);
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"));
  expect(start.ok, JSON.stringify(start)).toBe(true);
});

test("a ticket file that is a symlink to a pipe or /dev/zero (pulled, or made by hand) is named by doctor's tickets section at once (before: it read /dev/zero into 600 MB for seconds, and waited on the pipe for ever, looking for conflict markers)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const outside = await tempDir();
  const pipe = join(outside, "pipe");
  execFileSync("mkfifo", [pipe]);
  symlinkSync(pipe, join(a.dir, ".exo/tickets/T2.yaml"));
  symlinkSync("/dev/zero", join(a.dir, ".exo/tickets/T3.yaml"));
  const doctor = await bounded(a.dir, ["doctor", "--section", "tickets"], 20_000, { EXO_HOST: a.host });
  expect(doctor.code, `killed after ${doctor.ms} ms`).toBe(1);
  expect(doctor.ms).toBeLessThan(10_000);
  const section = envelope(doctor).data.sections[0];
  expect(section.message).toContain(".exo/tickets/T2.yaml");
  expect(section.message).toContain(".exo/tickets/T3.yaml");
  expect(existsSync(join(a.dir, ".exo/tickets/T1.yaml"))).toBe(true);
});

test("a session that adds a symlink to a pipe or /dev/zero (an agent's, or a pulled file) finishes, and exo trace answers (before: session-finish, counting the new file's lines, and exo trace waited on the pipe for ever; with a features.yaml finish read /dev/zero into 600 MB)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  mkdirSync(join(a.dir, "src"), { recursive: true });
  writeFileSync(join(a.dir, ".exo/features.yaml"), 'version: 1\nfeatures:\n  - id: auth\n    title: Auth\n    files: ["src/auth/**"]\n    allow_agent_edit: false\n');
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "features");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const outside = await tempDir();
  execFileSync("mkfifo", [join(outside, "pipe")]);
  symlinkSync(join(outside, "pipe"), join(a.dir, "src/pipe"));
  symlinkSync("/dev/zero", join(a.dir, "src/zero"));
  writeFileSync(join(a.dir, "src/a.ts"), "// @feature:auth\nexport const a = 1;\n// @endfeature\n");
  const trace = await bounded(a.dir, ["trace"], 15_000, { EXO_HOST: a.host });
  expect(trace.code, `killed after ${trace.ms} ms`).not.toBe(-1);
  expect(envelope(trace).data.features[0].tagged_files).toEqual(["src/a.ts"]);
  const finish = await bounded(a.dir, ["session-finish", "--summary", "done", "--actor", "alice"], 20_000, { EXO_HOST: a.host });
  expect(finish.code, `killed after ${finish.ms} ms`).toBe(0);
  expect(finish.ms).toBeLessThan(10_000);
  expect(envelope(finish).data.attribution.charged).toEqual(expect.arrayContaining(["src/a.ts", "src/pipe", "src/zero"]));
});

test("ticket files edited into YAML that parses oddly get messages about the file, not the parser (before: a second document said 'please use YAML.parseAllDocuments()', an alias above its anchor was 'too many YAML alias expansions', a %YAML 1.1 date or a !!binary value 'a mapping')", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const t1 = readFileSync(join(a.dir, ".exo/tickets/T1.yaml"), "utf8");
  const file = (id: string, text: string) => writeFileSync(join(a.dir, `.exo/tickets/${id}.yaml`), text.replace(/^id: T1$/m, `id: ${id}`));
  file("T2", `${t1}---\nid: T9\n`);
  file("T3", t1.replace(/^priority: 3$/m, "priority: *p").concat("other: &p 2\n"));
  file("T4", `%YAML 1.1\n---\n${t1.replace(/^created_at: .*$/m, "created_at: 2026-11-24")}`);
  file("T5", t1.replace(/^title: .*$/m, "title: !!binary aGVsbG8="));
  const show = async (id: string) => {
    const r = await a.run("ticket-show", id);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(NO_TRACE);
    return envelope(r).error as { code: string; message: string; details: { issues: { code: string; line?: number }[] } };
  };
  const two = await show("T2");
  expect(two.code).toBe("TICKET_INVALID");
  expect(two.message).not.toContain("parseAllDocuments");
  expect(two.message).toContain("a second YAML document starts here");
  const alias = await show("T3");
  expect(alias.details.issues[0]).toMatchObject({ code: "yaml_syntax", line: t1.split("\n").findIndex((l) => l.startsWith("priority:")) + 1 });
  expect(alias.message).toContain("alias *p is used before its anchor &p is set");
  expect((await show("T4")).message).toContain("created_at must be a string, got the date 2026-11-24T00:00:00.000Z (quote it to keep it text)");
  expect((await show("T5")).message).toContain("title must be a string, got binary data (a !!binary tag)");
  // The one good ticket is still listed and dispatched.
  expect(envelope(await a.run("tickets")).data.tickets.map((t: { id: string }) => t.id)).toEqual(["T1"]);
});

test("a created_at edited by hand into no date ('yesterday') counts as a new ticket: next gives a number as its score and ranks it by priority (before: score and age_hours were null in next's answer)", async () => {
  const { clones } = await team([{ id: "T1", priority: 2, created_at: "yesterday" }, { id: "T2", priority: 1 }], ["a"]);
  const [a] = clones as [Clone];
  const first = envelope(await a.run("next", "--dry-run"));
  expect(first.data.ticket.id).toBe("T2");
  const claimed = envelope(await a.run("next", "--actor", "alice"));
  expect(claimed.data.ticket.id).toBe("T2");
  const second = envelope(await a.run("next", "--dry-run", "--actor", "bob"));
  expect(second.data.ticket.id).toBe("T1");
  expect(second.data.score).toBe(400);
  expect(second.data.reasoning.age_hours).toBe(0);
});

test.skipIf(process.getuid?.() !== 0)("a repository owned by another user, which git refuses (safe.directory), is named as such with git's way out (before: 'not inside a git work tree', hint git init)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  execFileSync("chown", ["-R", "nobody", a.dir]);
  for (const args of [["status"], ["doctor"], ["session-start", "--ticket-id", "T1"]]) {
    const r = await a.run(...args);
    const error = envelope(r).error;
    expect(error?.code, r.stdout).toBe("NOT_A_GIT_REPO");
    expect(error?.message).toContain(`git refuses to work in ${a.dir}: the repository is owned by another user`);
    expect(error?.hint).toBe(`git config --global --add safe.directory ${a.dir}`);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(NO_TRACE);
  }
  // With the exception git asks for (here in the repository's environment), exo works there.
  const ok = await a.run("status", { env: { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "safe.directory", GIT_CONFIG_VALUE_0: a.dir } });
  expect(envelope(ok).ok, ok.stdout).toBe(true);
});

test("a work tree whose .git has core.bare = true says to set it back, and after that line exo works (before: 'a bare git repository', hint git clone into the very folder, which git refuses)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  git(a.dir, "config", "core.bare", "true");
  mkdirSync(join(a.dir, "src"), { recursive: true });
  const r = await exoIn(join(a.dir, "src"), ["status"], a.host);
  const error = envelope(r).error;
  expect(error?.code).toBe("NOT_A_GIT_REPO");
  expect(error?.message).toContain(`${a.dir}/.git has core.bare = true`);
  expect(error?.hint).toBe(`git -C ${a.dir} config core.bare false`);
  execFileSync("sh", ["-c", error?.hint as string]);
  expect(envelope(await a.run("session-start", "--ticket-id", "T1")).ok).toBe(true);
});

test("one of exo's folders linked to another (.exo/sessions -> locks, pulled: /sessions/ in .exo/.gitignore ignores only folders) stops every command naming both, and doctor --fix destroys nothing (before: commands wrote sessions among the locks, and doctor --fix set the live session and its lock aside as garbled files and 'rebuilt the lock' of the session id)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const session = readdirSync(join(a.dir, ".exo/sessions")).find((n) => n.endsWith(".json")) as string;
  // A teammate's commit replaced the folder with a link (the session's files are moved along by hand).
  renameSync(join(a.dir, ".exo/sessions", session), join(a.dir, ".exo/locks", session));
  rmSync(join(a.dir, ".exo/sessions"), { recursive: true });
  symlinkSync("locks", join(a.dir, ".exo/sessions"));
  for (const args of [["status"], ["doctor", "--fix"], ["session-finish", "--summary", "done", "--actor", "alice"]]) {
    const r = await a.run(...args);
    const error = envelope(r).error;
    expect(error?.code, `${args[0]}: ${r.stdout}`).toBe("STATE_CORRUPT");
    expect(error?.message).toContain(".exo/sessions is a symlink to .exo/locks, another of exo's folders");
    expect(error?.hint).toBe("rm .exo/sessions && mkdir .exo/sessions");
  }
  expect(readdirSync(join(a.dir, ".exo/locks")).sort()).toEqual(["T1.json", session].sort());
  // The way out the message gives: a real folder, and the session file moved back.
  execFileSync("sh", ["-c", "rm .exo/sessions && mkdir .exo/sessions"], { cwd: a.dir });
  renameSync(join(a.dir, ".exo/locks", session), join(a.dir, ".exo/sessions", session));
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  // A folder exo rebuilds linked to another: doctor --fix replaces the link with an empty folder.
  rmSync(join(a.dir, ".exo/traces"), { recursive: true, force: true });
  symlinkSync("logs", join(a.dir, ".exo/traces"));
  expect(envelope(await a.run("status")).error?.hint).toBe("exo doctor --fix");
  await a.run("doctor", "--fix");
  expect(lstatSync(join(a.dir, ".exo/traces")).isDirectory()).toBe(true);
  expect(envelope(await a.run("status")).ok).toBe(true);
});

test("a pipe under a guard's name in .exo/cache/guards (a hand's mkfifo, a bad sync) is a garbled guard, broken after 2 s (before: session-start waited on it for ever)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  mkdirSync(join(a.dir, ".exo/cache/guards"), { recursive: true });
  execFileSync("mkfifo", [join(a.dir, ".exo/cache/guards/start-ticket-T1.guard")]);
  const start = await bounded(a.dir, ["session-start", "--ticket-id", "T1", "--actor", "alice"], 20_000, { EXO_HOST: a.host });
  expect(start.code, `killed after ${start.ms} ms: ${start.stdout}`).toBe(0);
  expect(envelope(start).data.session.ticket).toBe("T1");
});
