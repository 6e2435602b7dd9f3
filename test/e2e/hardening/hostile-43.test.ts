// Round 43 of hostile state and races: a ledger or ticket folder the filesystem will not let exo
// write (a read-only mount, a full disk, a permission) met by a claim, a claim's lock file removed
// by hand, a memento folder a read-only mount keeps exo from making, distributed leases on in a
// clone with no remote of git.remote's name, a git folder kept apart that moved, and a ledger tail
// cache exo cannot write (see docs/hardening.md). Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { bounded, coded, envelope, git, pasted, tempDir } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

/** `folder` mounted over itself read-only (unmounted when the test ends); false where this process may not mount. */
function readOnly(folder: string): boolean {
  try {
    execFileSync("mount", ["--bind", folder, folder], { stdio: "ignore" });
  } catch {
    return false;
  }
  onTestFinished(() => {
    try {
      execFileSync("umount", ["-l", folder], { stdio: "ignore" });
    } catch {
      // unmounted by the test already
    }
  });
  execFileSync("mount", ["-o", "remount,ro,bind", folder], { stdio: "ignore" });
  return true;
}

test("exo next and session-start when the ledger cannot be written (a read-only .exo/ledger): LEDGER_WRITE_FAILED (SPEC §7.17.2) saying why, hint the look that shows it, and the lock is given back as it was, so teammates' exo next hands the task out (before: LEDGER_WRITE_FAILED quoting node, \"EROFS: read-only file system, open '/…'\", hint exo doctor; the lock stayed held for two hours by a claim refused or a session that never started, exo next said nothing ready and doctor failed)", async (t) => {
  const repo = await repoWithTicket();
  // A first session on T1 leaves a released lock, which the refused claim must give back as it was.
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-finish", "--summary", "half", "--actor", "agent:a"], 20_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["ticket-create", "second", "--id", "T2", "--scope-allow", "lib/**"], 15_000)).ok).toBe(true);
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "T2");
  const lock = join(repo, ".exo/locks/T1.json");
  const released = readFileSync(lock, "utf8");
  if (!readOnly(join(repo, ".exo/ledger"))) return t.skip();
  for (const args of [["next"], ["session-start", "--ticket-id", "T1"], ["session-start", "--ticket-id", "T2"]]) {
    const run = await bounded(repo, [...args, "--actor", "agent:b"], 15_000);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
    const error = envelope(run).error;
    expect(error?.code, `${args.join(" ")}: ${run.stdout}`).toBe("LEDGER_WRITE_FAILED");
    expect(run.code).toBe(1);
    expect(error?.message).toMatch(/^Could not append to the ledger \(\.exo\/ledger\/[\w.-]+\.jsonl\): EROFS: the file system is mounted read-only; exo writes its state under \.exo\/, so work in a writable checkout\.$/);
    expect(error?.hint).toBe(`df -h -- ${repo}`);
    expect(readFileSync(lock, "utf8"), args.join(" ")).toBe(released);
    expect(existsSync(join(repo, ".exo/locks/T2.json")), args.join(" ")).toBe(false);
  }
  execFileSync("umount", [join(repo, ".exo/ledger")]);
  const doctor = await bounded(repo, ["doctor", "--section", "state", "--section", "locks", "--section", "integrity"], 30_000);
  expect(envelope(doctor).ok, doctor.stdout).toBe(true);
  const next = envelope(await bounded(repo, ["next", "--actor", "agent:c"], 15_000));
  expect(next.data?.ticket?.id).toBe("T2");
  expect(next.ok, JSON.stringify(next)).toBe(true);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", next.data.ticket.id as string, "--actor", "agent:c"], 15_000)).ok).toBe(true);
}, 120_000);

test("a claim whose lock file was removed by hand in this clone (exo next, then rm .exo/locks/T1.json): exo ready and exo next say it is this clone's and that doctor --fix gives it back, doctor's state section names it, and --fix sets the task back to todo with its lock rebuilt as released, so exo next hands it out with the next fencing token (before: \"claimed by agent:a in another clone\", of a teammate who does not exist, doctor passed, and the task stayed active, held by no one, for good)", async () => {
  const repo = await repoWithTicket();
  const claim = envelope(await bounded(repo, ["next", "--actor", "agent:a"], 15_000));
  expect(claim.ok).toBe(true);
  rmSync(join(repo, ".exo/locks/T1.json"));
  const ready = envelope(await bounded(repo, ["ready", "--actor", "agent:b"], 15_000));
  expect(ready.data.not_ready).toEqual([expect.objectContaining({ id: "T1", detail: "claimed by agent:a in this clone, whose lock file is gone: exo doctor --fix gives it back" })]);
  const next = coded(await bounded(repo, ["next", "--actor", "agent:b"], 15_000), "NO_TICKET");
  expect(next.error?.message).toContain("T1 is claimed by agent:a in this clone, whose lock file is gone: exo doctor --fix gives it back");
  expect(next.error?.hint).toBe("exo doctor --fix --actor agent:b");
  const doctor = envelope(await bounded(repo, ["doctor", "--section", "state"], 30_000));
  const state = doctor.data?.sections?.find((s: { name: string }) => s.name === "state") ?? doctor.error?.details?.sections?.find((s: { name: string }) => s.name === "state");
  expect(state?.status).toBe("fail");
  expect(state?.message).toBe("T1 was claimed by agent:a in this clone and its lock file is gone (removed by hand?): T1 stays active and no one holds it");
  expect(state?.details?.gone_claims).toEqual([{ ticket: "T1", owner: "agent:a" }]);
  pasted(repo, "exo doctor --fix --section state");
  const again = envelope(await bounded(repo, ["next", "--actor", "agent:b"], 15_000));
  expect(again.ok, JSON.stringify(again)).toBe(true);
  expect(again.data.lock).toMatchObject({ ticket: "T1", owner: "agent:b", fencing_token: (claim.data.lock.fencing_token as number) + 1 });
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000)).ok).toBe(true);
}, 90_000);

test("a finish whose ticket has no memento folder yet, on a read-only .exo/mementos: IO_ERROR naming the file from .exo/ on and saying the file system is read-only, and the finish run again once it is writable passes (before: \"Could not write SES-….md: ENOENT.\", node's recursive mkdir reporting the folder it may not make as missing)", async (t) => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const mementos = join(repo, ".exo/mementos");
  expect(existsSync(join(mementos, "T1"))).toBe(false);
  if (!readOnly(mementos)) return t.skip();
  const run = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
  const error = envelope(run).error;
  expect(error?.code, run.stdout).toBe("IO_ERROR");
  expect(error?.message).toMatch(/^Could not write \.exo\/mementos\/T1\/SES-[0-9A-Z-]+\.md: EROFS: the file system is mounted read-only; exo writes its state under \.exo\/, so work in a writable checkout\.$/);
  execFileSync("umount", [mementos]);
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
}, 60_000);

test("exo next whose ticket the filesystem will not let exo set active (a read-only .exo/tickets) after the lock was written: IO_ERROR naming .exo/tickets/T1.yaml, hint df -h of its folder (before: T1.yaml alone, as a lock's T1.json is named for a handoff's, hint exo doctor, whose repairs the same mount refuses), the lock released, doctor passes and exo next then hands the task out (before: the lock held the task for two hours with the ticket still todo, and doctor --fix completed it as an interrupted claim, one the command had answered with an error)", async (t) => {
  const repo = await repoWithTicket();
  if (!readOnly(join(repo, ".exo/tickets"))) return t.skip();
  const run = await bounded(repo, ["next", "--actor", "agent:a"], 15_000);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
  const error = envelope(run).error;
  expect(error?.code, run.stdout).toBe("IO_ERROR");
  expect(error?.message).toBe("Could not write .exo/tickets/T1.yaml: EROFS: the file system is mounted read-only; exo writes its state under .exo/, so work in a writable checkout.");
  expect(error?.hint).toBe(`df -h -- ${repo}/.exo/tickets`);
  expect(JSON.parse(readFileSync(join(repo, ".exo/locks/T1.json"), "utf8"))).toMatchObject({ state: "released", fencing_token: 1 });
  execFileSync("umount", [join(repo, ".exo/tickets")]);
  const doctor = await bounded(repo, ["doctor", "--section", "state", "--section", "locks", "--section", "integrity"], 30_000);
  expect(envelope(doctor).ok, doctor.stdout).toBe(true);
  const next = envelope(await bounded(repo, ["next", "--actor", "agent:b"], 15_000));
  expect(next.ok, JSON.stringify(next)).toBe(true);
  expect(next.data.lock).toMatchObject({ ticket: "T1", owner: "agent:b", fencing_token: 2 });
}, 60_000);

test("locks.distributed on in a clone with no remote of git.remote's name (a fork's clone whose remote is called upstream): doctor's locks section fails saying every exo next and session-start fails, hint git remote add, which pasted with the url makes the claim work (before: doctor passed while every claim failed REMOTE_UNAVAILABLE)", async () => {
  const repo = await repoWithTicket();
  const bare = `${repo}-remote.git`;
  git(repo, "clone", "-q", "--bare", repo, bare);
  onTestFinished(() => rmSync(bare, { recursive: true, force: true }));
  git(repo, "remote", "add", "upstream", bare);
  const config = join(repo, ".exo/config.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace("distributed: false", "distributed: true"));
  expect(envelope(await bounded(repo, ["compose"], 15_000)).ok).toBe(true);
  expect(coded(await bounded(repo, ["next", "--actor", "agent:a"], 15_000), "REMOTE_UNAVAILABLE").error?.details).toMatchObject({ remote: "origin", reason: "no_such_remote" });
  const doctor = envelope(await bounded(repo, ["doctor", "--section", "locks"], 30_000));
  expect(doctor.ok).toBe(false);
  const locks = doctor.error?.details?.sections?.find((s: { name: string }) => s.name === "locks") ?? doctor.data?.sections?.find((s: { name: string }) => s.name === "locks");
  expect(locks).toMatchObject({ status: "fail", hint: "git remote add origin <url>", details: { remote: "origin", reason: "no_such_remote" } });
  expect(locks.message).toBe("locks.distributed is on, but this clone has no remote named origin (git.remote in .exo/config.yaml), where leases are kept: every exo next and session-start fails; add it (git remote add origin <url>), or set locks.distributed: false");
  pasted(repo, (locks.hint as string).replace("<url>", bare));
  expect(envelope(await bounded(repo, ["doctor", "--section", "locks"], 30_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["next", "--actor", "agent:a"], 30_000)).ok).toBe(true);
}, 90_000);

test("a checkout whose git folder is kept apart (git init --separate-git-dir) and moved: NOT_A_GIT_REPO says so, hint the .git line to write, which pasted with the new path lets exo work again (before: 'the repository this worktree belongs to moved', hint git -C <moved repository> worktree repair, which fails there: 'unable to locate repository')", async () => {
  const root = await tempDir();
  const repo = join(root, "app");
  const gitDir = join(root, "app-git");
  execFileSync("git", ["init", "-q", "-b", "main", "--separate-git-dir", gitDir, repo]);
  for (const [key, value] of [["user.name", "T"], ["user.email", "t@example.invalid"], ["commit.gpgsign", "false"]] as const) git(repo, "config", key, value);
  git(repo, "commit", "-q", "--allow-empty", "-m", "initial");
  expect(envelope(await bounded(repo, ["init"], 15_000)).ok).toBe(true);
  const moved = join(root, "elsewhere-git");
  renameSync(gitDir, moved);
  const refused = coded(await bounded(repo, ["status"], 15_000), "NOT_A_GIT_REPO", 2);
  expect(refused.error?.message).toBe(`${repo}/.git names ${gitDir} as its git folder, which is gone: this checkout keeps its git folder apart (git init or clone --separate-git-dir), and it moved or was deleted. If it moved, point .git at it again.`);
  expect(refused.error?.hint).toBe(`printf 'gitdir: %s\\n' '<moved git folder>' > ${repo}/.git`);
  pasted(repo, (refused.error?.hint as string).replace("<moved git folder>", moved));
  expect(envelope(await bounded(repo, ["status"], 15_000)).ok).toBe(true);
}, 60_000);

test("a ledger tail cache exo cannot write (made immutable, owned by another user): starts and finishes pass and the ledger verifies (before: the append failed LEDGER_WRITE_FAILED after its records were in the segment, so every start and finish failed and the start's lock stayed held)", async (t) => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["status"], 15_000)).ok).toBe(true);
  const cache = join(repo, ".exo/cache/ledger");
  const tails = readdirSync(cache).filter((n) => n.endsWith(".tail.json")).map((n) => join(cache, n));
  expect(tails.length).toBeGreaterThan(0);
  try {
    execFileSync("chattr", ["+i", ...tails], { stdio: "ignore" });
  } catch {
    return t.skip(); // no chattr, not root, or a file system without the attribute
  }
  onTestFinished(() => {
    execFileSync("chattr", ["-i", ...tails], { stdio: "ignore" });
  });
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  const verify = envelope(await bounded(repo, ["ledger-verify"], 15_000));
  expect(verify.ok, JSON.stringify(verify)).toBe(true);
}, 60_000);
