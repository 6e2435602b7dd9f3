// Round 43 of hostile state and races: a ledger folder the filesystem will not let exo write (a
// read-only mount, a full disk, a permission) met by a claim (see docs/hardening.md). Each case
// failed before its fix.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { bounded, envelope, git } from "../../helpers/repo.js";
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

test("exo next and session-start when the ledger cannot be written (a read-only .exo/ledger): IO_ERROR saying why, hint the look that shows it, and the lock is given back as it was, so teammates' exo next hands the task out (before: LEDGER_WRITE_FAILED quoting node, \"EROFS: read-only file system, open '/…'\", hint exo doctor; the lock stayed held for two hours by a claim refused or a session that never started, exo next said nothing ready and doctor failed)", async (t) => {
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
    expect(error?.code, `${args.join(" ")}: ${run.stdout}`).toBe("IO_ERROR");
    expect(error?.message).toBe("Could not append to the ledger (.exo/ledger): EROFS: the file system is mounted read-only; exo writes its state under .exo/, so work in a writable checkout.");
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
