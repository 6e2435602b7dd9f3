// Round 25 of hostile state and races: moved repositories, clocks that ran backwards, NUL bytes,
// caches fooled by a kept mtime and sessions set aside. Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { bounded, envelope, git, tempDir } from "../../helpers/repo.js";
import { claudeSessionRepo, decision, fixture, hook } from "../../helpers/hooks.js";
import { lostSession, team, type Clone } from "../../helpers/team.js";

test("a repository renamed under a live session (mv project project2): the write hook still judges writes by that session's scope (before: no session matched the new folder, so an out-of-scope write was allowed until exo doctor --fix)", async () => {
  const repo = await claudeSessionRepo({ "src/auth/a.ts": "a\n" });
  const payload = (root: string) => fixture("claude-pretooluse-write.json", root);
  expect(decision(await hook(repo, "claude", "PreToolUse", await payload(repo)))?.decision).toBe("deny");
  const moved = `${repo}-renamed`;
  renameSync(repo, moved);
  onTestFinished(() => rmSync(moved, { recursive: true, force: true }));
  const out = decision(await hook(moved, "claude", "PreToolUse", await payload(moved)));
  expect(out?.decision).toBe("deny");
  expect(out?.reason).toContain("outside the scope of T1");
  // In scope is still allowed.
  const inside = await fixture("claude-pretooluse-write.json", moved, (p) => ((p["tool_input"] as Record<string, unknown>)["file_path"] = `${moved}/src/auth/b.ts`));
  expect(decision(await hook(moved, "claude", "PreToolUse", inside))).toBeNull();
});

test("a repository renamed under a live session on a detached HEAD: finish says where it is now and doctor --fix moves the session along (before: 'gone (git worktree remove?)', hint session-cleanup --force, which ends the session instead)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  git(a.dir, "checkout", "-q", "--detach");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const moved = `${a.dir}-renamed`;
  renameSync(a.dir, moved);
  onTestFinished(() => rmSync(moved, { recursive: true, force: true }));
  appendFileSync(join(moved, "work.txt"), "w\n");
  const run = (...args: string[]) => bounded(moved, args, 30_000, { EXO_HOST: a.host });
  const error = envelope(await run("session-finish", "--summary", "done", "--actor", "alice")).error;
  expect(error?.code).toBe("STATE_CORRUPT");
  expect(error?.message).toContain(`the repository is now at ${moved} (moved or renamed)`);
  expect(error?.details?.reason).toBe("repository_moved");
  expect((await run(...(error?.hint as string).split(" ").slice(1))).code).toBe(0);
  const again = envelope(await run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(again.ok, JSON.stringify(again)).toBe(true);
  expect(again.data.drift.changed).toBeGreaterThan(0);
});

test("a config.yaml a power cut left as NUL bytes, and a value full of them: the message says so in a few words (before: dozens of quoted \\u0000 in every status, doctor and start)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const file = join(a.dir, ".exo/config.yaml");
  writeFileSync(file, Buffer.alloc(300));
  const start = await a.run("session-start", "--ticket-id", "T1", "--actor", "alice");
  const error = envelope(start).error;
  expect(error?.code).toBe("CONFIG_INVALID");
  expect(start.code).toBe(2);
  expect(error?.message).toContain("the file is 300 NUL bytes, not text");
  const status = envelope(await a.run("status"));
  const warning = status.warnings?.find((w) => w.code === "CONFIG_UNREADABLE")?.message ?? "";
  expect(warning).toContain("300 NUL bytes");
  const doctor = envelope(await a.run("doctor", "--section", "config"));
  for (const text of [error?.message ?? "", warning, doctor.error?.message ?? "", JSON.stringify(doctor.data)]) {
    expect(text).not.toContain("\\u0000");
  }
  // A value of NUL bytes is quoted shortly, once.
  writeFileSync(file, `version: 1\ngit:\n  remote: "a${"\\0".repeat(60)}"\n`);
  const validate = envelope(await a.run("config-validate"));
  const issue = validate.data.issues[0].message as string;
  expect(issue).toContain("contains whitespace or a control character");
  expect(issue.length).toBeLessThan(200);
  expect(issue).not.toContain(", got");
  // Restored from git, all is well again.
  git(a.dir, "checkout", "--", ".exo/config.yaml");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
});

test("the clock runs backwards by days under a live session (NTP undoing a clock that was ahead): finish says the lock is stamped ahead of the clock, not that it expired, and the hook says so too (before: LOCK_EXPIRED_DURING_SESSION, 'expired or was released during the session')", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const ahead = { env: { EXO_NOW: "2026-12-10T09:00:00.000Z" } };
  const now = { env: { EXO_NOW: "2026-12-01T09:00:00.000Z" } };
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice", ahead)).ok).toBe(true);
  const decide = envelope(await a.run("decide", "--path", "work.txt", "--actor", "alice", now));
  expect(JSON.stringify(decide)).toContain("stamped ahead of this machine's clock");
  appendFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice", now));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  const codes = finish.warnings?.map((w) => w.code) ?? [];
  expect(codes).not.toContain("LOCK_EXPIRED_DURING_SESSION");
  const warning = finish.warnings?.find((w) => w.code === "CLOCK_RAN_BACKWARDS");
  expect(warning?.message).toContain("The lock on T1 is stamped 9 days ahead of this machine's clock");
  expect(finish.data.drift.changed).toBe(1);
});

test("a memento rewritten to the same size with its mtime kept (cp -p, rsync -t, touch -r): the next start on the ticket reads the new summary (before: the memento summary cache, keyed on size and mtime, kept the old one)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  appendFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "first pass AAAA", "--actor", "alice"));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  const file = join(a.dir, finish.data.memento_path as string);
  const before = statSync(file);
  execFileSync("cp", ["-p", file, `${file}.ref`]);
  writeFileSync(file, readFileSync(file, "utf8").replace("first pass AAAA", "other pass BBBB"));
  execFileSync("touch", ["-r", `${file}.ref`, file]);
  rmSync(`${file}.ref`);
  expect(statSync(file).size).toBe(before.size);
  expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
  const start = await a.run("session-start", "--ticket-id", "T1", "--actor", "alice");
  expect(envelope(start).ok, start.stdout).toBe(true);
  expect(start.stdout).toContain("other pass BBBB");
  expect(start.stdout).not.toContain("first pass AAAA");
});

test("a session file a crash cut short, set aside by doctor --fix: the next session on the ticket is charged with the files the lost session changed, and what was dirty before it stays out (before: they all counted as pre-existing, so the finish charged nothing and the work was recorded nowhere)", async () => {
  const a = await lostSession();
  const fix = envelope(await a.run("doctor", "--fix"));
  expect(JSON.stringify(fix.data.fixed)).toContain("released the lock on T1");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  expect(finish.data.attribution.charged).toEqual(["work.txt"]);
  expect(finish.data.attribution.excluded_preexisting).toEqual(["notes.txt"]);
  // Taken over once: the session after that starts from a clean slate.
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const next = envelope(await a.run("session-finish", "--summary", "again", "--actor", "alice"));
  expect(next.data.attribution.excluded_preexisting).toEqual(["notes.txt", "work.txt"]);
});

test("a folder where a lock file belongs, in .exo/locks or in an EXO_STATE_DIR outside the repository: IO_ERROR with exo doctor --fix as the hint, which repairs it (before: the hint was git checkout HEAD -- .exo/locks/T1.json, of a file no commit holds, and outside the repository INTERNAL 'a bug in exo')", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  const state = await tempDir();
  for (const [env, dir, ticket] of [[{}, join(a.dir, ".exo"), "T1"], [{ EXO_STATE_DIR: state }, state, "T2"]] as const) {
    mkdirSync(join(dir, "locks", `${ticket}.json`), { recursive: true });
    const start = await a.run("session-start", "--ticket-id", ticket, "--actor", "alice", { env });
    const error = envelope(start).error;
    expect(error?.code, start.stdout).toBe("IO_ERROR");
    expect(error?.message).toContain("is a folder, not a file (exo's machine-local state, in no commit)");
    expect(error?.hint).toMatch(/^exo doctor --fix/);
    expect((await a.run(...(error?.hint as string).split(" ").slice(1), { env })).code).toBe(0);
    expect(envelope(await a.run("session-start", "--ticket-id", ticket, "--actor", "alice", { env })).ok).toBe(true);
    expect(envelope(await a.run("session-suspend", "--reason", "next", "--actor", "alice", { env })).ok).toBe(true);
  }
});

test("a repository renamed under a live session, and the session started again there (a restarted agent): the start moves the session along, and it finishes (before: the start reused it with the old folder, and finish still refused until doctor --fix)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const moved = `${a.dir}-renamed`;
  renameSync(a.dir, moved);
  onTestFinished(() => rmSync(moved, { recursive: true, force: true }));
  const run = (...args: string[]) => bounded(moved, args, 30_000, { EXO_HOST: a.host });
  const start = envelope(await run("session-start", "--ticket-id", "T1", "--actor", "alice"));
  expect(start.ok, JSON.stringify(start)).toBe(true);
  expect(start.data.session.worktree).toBe(moved);
  appendFileSync(join(moved, "work.txt"), "w\n");
  const finish = envelope(await run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  expect(finish.data.drift.changed).toBe(1);
});
