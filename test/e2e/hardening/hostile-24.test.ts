// Round 24 of hostile state and races: torn writes, odd bytes and races that earlier rounds left
// out. Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { bounded, envelope, git, tempDir } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

/** The ledger segments HEAD's tree holds. */
const committedSegments = (dir: string) => git(dir, "ls-tree", "--name-only", "HEAD", ".exo/ledger/").split("\n").filter(Boolean);

test("a ledger segment whose last line is torn (an append killed mid-line, a power cut's NUL bytes) stays out of finish's commit with a warning until doctor --fix cuts it (before: the finish committed it, and every clone pulled a ledger that does not verify)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  // An append killed half-way through its line: the start's first record is torn.
  const crashed = await a.run("session-start", "--ticket-id", "T1", "--actor", "alice", { env: { EXO_TEST_CRASH_AT: "ledger-append:2" } });
  expect(crashed.stderr).toContain("torn-write");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  // A power cut on another segment: its tail is NUL bytes.
  const committed = committedSegments(a.dir);
  expect(committed.length).toBeGreaterThan(0);
  appendFileSync(join(a.dir, committed[0] as string), Buffer.alloc(40));
  const damaged = readdirSync(join(a.dir, ".exo/ledger")).filter((n) => {
    const bytes = readFileSync(join(a.dir, ".exo/ledger", n));
    return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a;
  });
  expect(damaged.length).toBe(2);
  appendFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  const warning = finish.warnings?.find((w) => w.code === "AUTO_COMMIT_FAILED");
  expect(warning?.message).toContain("last line is torn");
  expect(warning?.message).toContain("exo doctor --fix --section ledger");
  // HEAD holds each damaged segment as it was before the damage, or not at all.
  for (const name of damaged) {
    if (!committedSegments(a.dir).includes(`.exo/ledger/${name}`)) continue;
    const atHead = execFileSync("git", ["show", `HEAD:.exo/ledger/${name}`], { cwd: a.dir });
    expect(atHead.includes(0), name).toBe(false);
    expect(atHead[atHead.length - 1], name).toBe(0x0a);
  }
  // What HEAD holds verifies: a fresh clone of it has a valid ledger.
  const fix = envelope(await a.run("doctor", "--fix", "--section", "ledger"));
  expect(JSON.stringify(fix.data)).toContain("torn");
  expect(envelope(await a.run("ledger-verify")).ok).toBe(true);
});

test("a live session's linked worktree moved with git worktree move: finish and doctor say where git took it and to move it back, and after that line the session finishes (before: 'gone (git worktree remove?)', hint session-cleanup --force, which ends the session and leaves its work)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const tree = `${a.dir}-T1`;
  const moved = `${a.dir}-moved`;
  expect(envelope(await a.run("worktree-create", "--ticket-id", "T1", "--path", tree)).ok).toBe(true);
  const start = await bounded(tree, ["session-start", "--ticket-id", "T1", "--actor", "alice"], 30_000, { EXO_HOST: a.host });
  expect(envelope(start).ok, start.stdout).toBe(true);
  git(a.dir, "worktree", "move", tree, moved);
  appendFileSync(join(moved, "work.txt"), "w\n");
  const finish = await bounded(moved, ["session-finish", "--summary", "done", "--actor", "alice"], 30_000, { EXO_HOST: a.host });
  const error = envelope(finish).error;
  expect(error?.code, finish.stdout).toBe("STATE_CORRUPT");
  expect(error?.message).toContain(`which git worktree move took to ${moved}`);
  expect(error?.hint).toBe(`git worktree move ${moved} ${tree}`);
  const doctor = envelope(await a.run("doctor", "--section", "sessions"));
  expect(doctor.data.sections[0].message).toContain(`git worktree move took to ${moved}`);
  expect(doctor.data.sections[0].hint).toBe(`git worktree move ${moved} ${tree}`);
  // doctor --fix and a cleanup of stale sessions leave the session alone.
  await a.run("doctor", "--fix");
  await a.run("session-cleanup");
  execFileSync("sh", ["-c", error?.hint as string], { cwd: moved });
  const again = await bounded(tree, ["session-finish", "--summary", "done", "--actor", "alice"], 30_000, { EXO_HOST: a.host });
  expect(envelope(again).ok, again.stdout).toBe(true);
  expect(envelope(again).data.drift.changed).toBeGreaterThan(0);
});

test("a repository moved or renamed (mv project project2) under a live session: finish says where it is now and doctor --fix moves the session along, then it finishes (before: 'gone (git worktree remove?)', hint session-cleanup --force, which ends the session instead)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const moved = `${a.dir}-renamed`;
  renameSync(a.dir, moved);
  appendFileSync(join(moved, "work.txt"), "w\n");
  const finish = await bounded(moved, ["session-finish", "--summary", "done", "--actor", "alice"], 30_000, { EXO_HOST: a.host });
  const error = envelope(finish).error;
  expect(error?.code, finish.stdout).toBe("STATE_CORRUPT");
  expect(error?.message).toContain(`the repository is now at ${moved} (moved or renamed)`);
  expect(error?.hint).toMatch(/^exo doctor --fix --section sessions/);
  const doctor = envelope(await bounded(moved, ["doctor", "--section", "sessions"], 30_000, { EXO_HOST: a.host }));
  expect(doctor.data.sections[0].message).toContain(`the repository is now at ${moved}`);
  const fix = await bounded(moved, (error?.hint as string).split(" ").slice(1), 30_000, { EXO_HOST: a.host });
  expect(fix.code, fix.stdout).toBe(0);
  const again = await bounded(moved, ["session-finish", "--summary", "done", "--actor", "alice"], 30_000, { EXO_HOST: a.host });
  expect(envelope(again).ok, again.stdout).toBe(true);
  expect(envelope(again).data.drift.changed).toBeGreaterThan(0);
});

test("copies of a ticket that git mergetool (T1_LOCAL_123.yaml, T1_BASE_123.yaml) or a hand left in .exo/tickets: doctor's hint removes the byte-for-byte copies and compares another (before: the hint was exo doctor --fix, which changed nothing and said exo doctor --fix again)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  const dir = join(a.dir, ".exo/tickets");
  const t1 = readFileSync(join(dir, "T1.yaml"));
  for (const name of ["T1_LOCAL_4242.yaml", "T1_BASE_4242.yaml"]) writeFileSync(join(dir, name), t1);
  const doctor = await a.run("doctor");
  const error = envelope(doctor).error;
  expect(error?.code).toBe("DOCTOR_FAILED");
  expect(error?.hint).toBe("rm -- .exo/tickets/T1_BASE_4242.yaml .exo/tickets/T1_LOCAL_4242.yaml");
  expect(error?.message).toContain("a byte-for-byte copy of .exo/tickets/T1.yaml");
  expect(envelope(await a.run("ticket-show", "T1_LOCAL_4242")).error?.hint).toBe("rm -- .exo/tickets/T1_LOCAL_4242.yaml");
  // A copy that differs (a new ticket begun from T1, its id not changed yet) is compared, not removed.
  writeFileSync(join(dir, "T3.yaml"), t1.toString().replace(/^title: .*$/m, "title: A new one"));
  execFileSync("sh", ["-c", error?.hint as string], { cwd: a.dir });
  const again = envelope(await a.run("doctor", "--section", "tickets"));
  expect(again.error?.hint).toBe("git diff --no-index -- .exo/tickets/T1.yaml .exo/tickets/T3.yaml");
  expect(again.data.sections[0].details.problems[0].hint).toContain("set id: T3 in .exo/tickets/T3.yaml");
  rmSync(join(dir, "T3.yaml"));
  const healthy = envelope(await a.run("doctor", "--section", "tickets", "--section", "integrity"));
  expect(healthy.ok, JSON.stringify(healthy)).toBe(true);
  expect(readFileSync(join(dir, "T1.yaml"))).toEqual(t1);
});

/** A small tmpfs of `size` (unmounted when the test ends), or null where this process may not mount (not root, no CAP_SYS_ADMIN). */
async function tmpfs(size: string): Promise<string | null> {
  const dir = await tempDir();
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    return null;
  }
  onTestFinished(() => {
    execFileSync("umount", ["-l", dir], { stdio: "ignore" });
  });
  return dir;
}

test("a full disk (ENOSPC) and a read-only mount (EROFS) under a live session: commands say which with IO_ERROR, leave no empty guard, and read-only checkouts are still inspected (before: INTERNAL 'this is a bug in exo' from the guard's write, the empty guard then held the next commands, and status, tickets and doctor failed on a cache)", async (t) => {
  const disk = await tmpfs("4m");
  if (!disk) return t.skip();
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  const dir = join(disk, "repo");
  execFileSync("cp", ["-a", a.dir, dir]);
  const run = (...args: string[]) => bounded(dir, args, 30_000, { EXO_HOST: a.host });
  expect(envelope(await run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  writeFileSync(join(dir, "work.txt"), "w\n");
  // Fill the disk.
  try {
    execFileSync("sh", ["-c", `head -c 8m /dev/zero > ${join(disk, "fill")}`], { stdio: "ignore" });
  } catch {
    // full
  }
  for (const args of [["session-finish", "--summary", "done", "--actor", "alice"], ["next", "--actor", "bob"], ["session-start", "--ticket-id", "T2", "--actor", "bob"]]) {
    const r = await run(...args);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(NO_TRACE);
    const error = envelope(r).error;
    expect(error?.code, `${args[0]}: ${r.stdout}`).toBe("IO_ERROR");
    expect(error?.message).toContain("ENOSPC: the disk is full");
  }
  expect(readdirSync(join(dir, ".exo/cache/guards"))).toEqual([]);
  rmSync(join(disk, "fill"));
  const finish = await run("session-finish", "--summary", "done", "--actor", "alice");
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(finish.ms).toBeLessThan(15_000);
  // A read-only mount: what only reads answers; a write says so.
  expect(envelope(await run("session-start", "--ticket-id", "T2", "--actor", "bob")).ok).toBe(true);
  execFileSync("mount", ["-o", "remount,ro", disk]);
  for (const args of [["status"], ["tickets"], ["doctor", "--section", "tickets", "--section", "ledger"], ["session-scan"], ["ledger-verify"]]) {
    const r = await run(...args);
    expect(envelope(r).ok, `${args[0]}: ${r.stdout}`).toBe(true);
  }
  const refused = await run("session-finish", "--summary", "done", "--actor", "bob");
  expect(envelope(refused).error?.code, refused.stdout).toBe("IO_ERROR");
  expect(envelope(refused).error?.message).toContain("EROFS: the file system is mounted read-only");
  expect(`${refused.stdout}${refused.stderr}`).not.toMatch(NO_TRACE);
});

test("an actor whose own session file a power cut left as NUL bytes: finish says the file cannot be read and may be theirs, hint exo doctor --fix (before: 'no active session', hint session-start --dispatch, which handed out another ticket while the first stayed held)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const name = readdirSync(join(a.dir, ".exo/sessions")).find((n) => n.endsWith(".json")) as string;
  const file = join(a.dir, ".exo/sessions", name);
  writeFileSync(file, Buffer.alloc(readFileSync(file).length));
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.error?.code).toBe("NO_ACTIVE_SESSION");
  expect(finish.error?.message).toContain(`.exo/sessions/${name} cannot be read and may be alice's`);
  expect(finish.error?.hint).toMatch(/^exo doctor --fix/);
  expect(finish.error?.details?.unreadable).toEqual([`.exo/sessions/${name}`]);
  // The hint frees T1, and alice takes it again.
  expect((await a.run(...(finish.error?.hint as string).split(" ").slice(1))).code).toBe(0);
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"));
  expect(start.ok, JSON.stringify(start)).toBe(true);
});

test("a ticket edit that keeps the file's size and mtime (cp -p or rsync -t of another copy, touch -r) is read: tickets, ticket-show and next see the new content (before: the ticket index cache, keyed on size and mtime, kept answering the old priority)", async () => {
  const { clones } = await team([{ id: "T1", priority: 3 }, { id: "T2", priority: 3, created_at: "2026-11-25T09:00:00.000Z" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("tickets")).data.tickets.find((t: { id: string }) => t.id === "T2").priority).toBe(3);
  const file = join(a.dir, ".exo/tickets/T2.yaml");
  const before = statSync(file);
  execFileSync("cp", ["-p", file, `${file}.ref`]);
  writeFileSync(file, readFileSync(file, "utf8").replace(/^priority: 3$/m, "priority: 1"));
  execFileSync("touch", ["-r", `${file}.ref`, file]);
  rmSync(`${file}.ref`);
  expect(statSync(file).size).toBe(before.size);
  expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
  expect(envelope(await a.run("tickets")).data.tickets.find((t: { id: string }) => t.id === "T2").priority).toBe(1);
  expect(envelope(await a.run("ticket-show", "T2")).data.ticket.priority).toBe(1);
  expect(envelope(await a.run("next", "--dry-run")).data.ticket.id).toBe("T2");
});

test("a linked worktree whose repository moved (its .git names a git folder that is gone): exo says so with git worktree repair as the way back, and after it the session finishes (before: 'not inside a git work tree', hint git init, which starts a second, empty repository in the worktree)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const tree = `${a.dir}-T1`;
  expect(envelope(await a.run("worktree-create", "--ticket-id", "T1", "--path", tree)).ok).toBe(true);
  expect(envelope(await bounded(tree, ["session-start", "--ticket-id", "T1", "--actor", "alice"], 30_000, { EXO_HOST: a.host })).ok).toBe(true);
  const moved = `${a.dir}-moved`;
  renameSync(a.dir, moved);
  mkdirSync(join(tree, "src"), { recursive: true });
  for (const cwd of [tree, join(tree, "src")]) {
    const r = await bounded(cwd, ["status"], 30_000, { EXO_HOST: a.host });
    const error = envelope(r).error;
    expect(error?.code, r.stdout).toBe("NOT_A_GIT_REPO");
    expect(error?.message).toContain(`${tree}/.git names ${a.dir}/.git/worktrees/`);
    expect(error?.hint).toBe(`git -C '<moved repository>' worktree repair ${tree}`);
  }
  execFileSync("git", ["-C", moved, "worktree", "repair", tree]);
  writeFileSync(join(tree, "work.txt"), "w\n");
  const finish = await bounded(tree, ["session-finish", "--summary", "done", "--actor", "alice"], 30_000, { EXO_HOST: a.host });
  expect(envelope(finish).ok, finish.stdout).toBe(true);
});
