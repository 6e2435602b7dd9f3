// Round 28 of hostile state and races: a file where the quarantine goes while a folder is a file,
// --governance-ref hints of remotes that are not there, and more (see docs/hardening.md). Each case
// failed before its fix.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";

const stateSection = (run: { stdout: string }) => (envelope(run as never).data.sections as { name: string; status: string; message: string }[]).find((s) => s.name === "state");

test("a file at .exo/cache/quarantine while .exo/sessions is a file: doctor --fix keeps both in the quarantine folder and makes sessions/ again (before: INTERNAL, EEXIST on mkdir of cache/quarantine, and .exo/.sessions.<pid>.aside left behind)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  mkdirSync(join(a.dir, ".exo/cache"), { recursive: true });
  writeFileSync(join(a.dir, ".exo/cache/quarantine"), "mine\n");
  rmSync(join(a.dir, ".exo/sessions"), { recursive: true, force: true });
  writeFileSync(join(a.dir, ".exo/sessions"), "pulled\n");
  const fix = envelope(await a.run("doctor", "--fix"));
  expect(fix.error?.code, JSON.stringify(fix)).not.toBe("INTERNAL");
  expect(JSON.stringify(fix.data.fixed)).toContain("moved .exo/sessions (a file, not a folder) into .exo/cache/quarantine/ and made the folder");
  expect(lstatSync(join(a.dir, ".exo/sessions")).isDirectory()).toBe(true);
  const kept = readdirSync(join(a.dir, ".exo/cache/quarantine"));
  const text = (suffix: string) => kept.filter((n) => n.endsWith(suffix)).map((n) => readFileSync(join(a.dir, ".exo/cache/quarantine", n), "utf8"));
  expect(text("-quarantine")).toEqual(["mine\n"]);
  expect(text("-sessions")).toEqual(["pulled\n"]);
  expect(readdirSync(join(a.dir, ".exo")).filter((n) => n.endsWith(".aside"))).toEqual([]);
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
});

test("exo pr-check --governance-ref <unknown> where no remote is named origin: the hint fetches from the remote there is, or (no remote) names no fetch at all (before: git fetch origin exo-governance, which fails: no such remote)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  git(a.dir, "remote", "rename", "origin", "upstream");
  const upstream = coded(await a.run("pr-check", "--governance-ref", "no-such-branch"), "INVALID_INPUT", 2).error;
  expect(upstream?.hint).toBe("git fetch upstream exo-governance");
  const dash = coded(await a.run("pr-check", "--governance-ref=-x"), "INVALID_INPUT", 2).error;
  expect(dash?.hint).toBe("exo pr-check --governance-ref upstream/exo-governance");
  // A local sidecar branch is the one to name.
  git(a.dir, "branch", "exo-governance");
  expect(coded(await a.run("pr-check", "--governance-ref=-x"), "INVALID_INPUT", 2).error?.hint).toBe("exo pr-check --governance-ref exo-governance");
  git(a.dir, "branch", "-D", "exo-governance");
  const alone = await initRepo();
  const none = coded(await exo(alone, "pr-check", "--governance-ref", "no-such-branch"), "INVALID_INPUT", 2).error;
  expect(none?.message).toContain("this repository has no remote to fetch it from");
  expect(none?.hint).toBe("git branch --all");
  for (const e of [upstream, dash, none]) expect(`${e?.message} ${e?.hint}`).not.toContain("origin");
  expect(existsSync(join(a.dir, ".exo/cache/quarantine"))).toBe(false);
});

test("a file at .exo/cache/integrity (or at integrity/locks mid-session): the command fails STATE_CORRUPT naming it, hint exo doctor --fix; doctor names it, --fix moves it aside and completes the finish it stopped (before: IO_ERROR 'Could not write an integrity receipt: ENOTDIR', hint exo doctor, whose state section passed)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  rmSync(join(a.dir, ".exo/cache/integrity"), { recursive: true, force: true });
  mkdirSync(join(a.dir, ".exo/cache"), { recursive: true });
  writeFileSync(join(a.dir, ".exo/cache/integrity"), "x\n");
  const start = coded(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"), "STATE_CORRUPT").error;
  expect(start?.message).toBe(".exo/cache/integrity is not a folder: exo keeps the receipts of its ticket and lock writes there; run exo doctor --fix to move it aside.");
  expect(start?.hint).toMatch(/^exo doctor --fix/);
  const check = await a.run("doctor", "--section", "state");
  expect(stateSection(check)?.message, check.stdout).toContain(".exo/cache/integrity is not a folder (exo keeps the receipts of its ticket and lock writes there");
  expect(envelope(check).error?.hint).toBe("exo doctor --fix");
  const fix = envelope(await a.run("doctor", "--fix"));
  expect(JSON.stringify(fix.data.fixed)).toContain("moved .exo/cache/integrity (not a folder;");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  rmSync(join(a.dir, ".exo/cache/integrity/locks"), { recursive: true, force: true });
  writeFileSync(join(a.dir, ".exo/cache/integrity/locks"), "y\n");
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = coded(await a.run("session-finish", "--summary", "done", "--actor", "alice"), "STATE_CORRUPT").error;
  expect(finish?.message).toContain(".exo/cache/integrity/locks is not a folder");
  expect(stateSection(await a.run("doctor", "--section", "state"))?.message).toContain(".exo/cache/integrity/locks is not a folder");
  const again = JSON.stringify(envelope(await a.run("doctor", "--fix")).data.fixed);
  expect(again).toContain("moved .exo/cache/integrity/locks (not a folder;");
  expect(again).toContain("completed the interrupted session-finish");
  expect(envelope(await a.run("tickets")).data.tickets[0].status).toBe("review");
  expect(stateSection(await a.run("doctor", "--section", "state"))?.status).toBe("pass");
});

test("a doctor --fix that runs long (a git call of 20 s) keeps its guard fresh, and a second --fix that waited for it says so and lists what the first repaired (before: the guard kept its first 'at', so after a minute a second run took it over from the live one; and the waiting run showed a clean state with no word of the repair)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"));
  expect(start.ok, JSON.stringify(start)).toBe(true);
  writeFileSync(join(a.dir, ".exo/locks/T1.json"), "{garbled");
  // A git whose ls-tree, once, sleeps 20 s while doctor-fix's guard is held (the ledger section's).
  const shim = await tempDir();
  const mark = join(shim, "slow");
  const guard = join(a.dir, ".exo/cache/guards/doctor-fix.guard");
  const real = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  writeFileSync(join(shim, "git"), `#!/bin/sh\nif [ "$1" = ls-tree ] && [ -f "${guard}" ] && rm "${mark}" 2>/dev/null; then sleep 20; fi\nexec "${real}" "$@"\n`, { mode: 0o755 });
  writeFileSync(mark, "");
  const env = { env: { PATH: `${shim}:${process.env["PATH"] ?? ""}` } };
  const first = a.run("doctor", "--fix", env);
  // The guard's JSON once it is there and whole (it is empty between its create and its write).
  const read = async () => {
    for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
      try {
        return JSON.parse(readFileSync(guard, "utf8")) as { at: string };
      } catch {
        // not there yet, or half written
      }
    }
    throw new Error("no doctor-fix guard");
  };
  const held = await read();
  const second = a.run("doctor", "--fix", env);
  await new Promise((r) => setTimeout(r, 17_000));
  // The holder renewed its guard while it ran (every 15 s).
  const renewed = await read();
  expect(Date.parse(renewed.at) - Date.parse(held.at)).toBeGreaterThanOrEqual(10_000);
  const [one, two] = [envelope(await first), envelope(await second)];
  expect(JSON.stringify(one.data.fixed)).toContain("rebuilt the lock of T1 as held by its open session");
  expect(one.data.waited).toBeUndefined();
  expect(JSON.stringify(two.data.fixed)).not.toContain("rebuilt the lock");
  expect(two.data.waited.fixed).toEqual(one.data.fixed);
  expect(two.data.waited.ms).toBeGreaterThan(10_000);
  const human = await a.run("doctor", "--fix", { json: false });
  expect(human.stdout).not.toContain("waited");
}, 120_000);

test(".exo moved by hand (mv, not git mv) with a symlink left in its place: doctor says git sees exo's files as deleted because of the link, and --fix moves the folder back, keeping the live session (before: the hint was git checkout HEAD -- .exo/…, which replaced the link with a folder of the committed files alone, leaving sessions, locks and the ledger behind in the target)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  renameSync(join(a.dir, ".exo"), join(a.dir, ".exo-real"));
  symlinkSync(".exo-real", join(a.dir, ".exo"));
  const check = await a.run("doctor", "--section", "git_tracking");
  const section = envelope(check).data.sections[0];
  expect(section.status, check.stdout).toBe("fail");
  expect(section.message).toContain(".exo is a symlink to .exo-real, which git does not follow");
  expect(section.hint).toBe("exo doctor --fix --section git_tracking");
  expect(envelope(check).error?.hint).toBe("exo doctor --fix");
  const fix = envelope(await a.run("doctor", "--fix", "--section", "git_tracking"));
  expect(JSON.stringify(fix.data.fixed)).toContain("moved .exo-real back to .exo");
  expect(fix.data.sections[0].status).toBe("pass");
  expect(lstatSync(join(a.dir, ".exo")).isDirectory()).toBe(true);
  expect(existsSync(join(a.dir, ".exo-real"))).toBe(false);
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
});

test("exo pr-check --governance-ref <a branch with no config.yaml> in a checkout without .exo/ (sidecar CI): NOT_INITIALIZED saying the ref is no sidecar branch, the hint fetching from the remote there is or listing branches (before: 'fetch the sidecar branch first', hint git fetch origin exo-governance:exo-governance, with no remote named origin)", async () => {
  const dir = await tempDir();
  git(dir, "init", "-q", "--initial-branch=main");
  for (const [k, v] of [["user.name", "T"], ["user.email", "t@example.invalid"], ["commit.gpgsign", "false"]]) git(dir, "config", k as string, v as string);
  git(dir, "commit", "-q", "--allow-empty", "-m", "initial");
  const none = coded(await exo(dir, "pr-check", "--governance-ref", "main", "--base", "HEAD"), "NOT_INITIALIZED", 2).error;
  expect(none?.message).toBe('No readable config.yaml at the root of --governance-ref "main": it is not a sidecar branch (exo sidecar-init makes one); name the sidecar branch.');
  expect(none?.hint).toBe("git branch --all");
  git(dir, "remote", "add", "upstream", dir);
  expect(coded(await exo(dir, "pr-check", "--governance-ref", "main", "--base", "HEAD"), "NOT_INITIALIZED", 2).error?.hint).toBe("git fetch upstream exo-governance");
});
