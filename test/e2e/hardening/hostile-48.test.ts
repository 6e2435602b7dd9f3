// Round 48 of hostile state and races: a sidecar-init killed after its record, run in a linked
// worktree of a plain repository, and a linked worktree whose .git a crash zeroed, removed or under
// a live session (see docs/hardening.md). Each case failed before its fix.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, exo, git, pasted } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

function initRecords(repo: string): number {
  const dir = join(repo, ".exo/ledger");
  return readdirSync(dir)
    .filter((n) => n.endsWith(".jsonl"))
    .flatMap((n) => readFileSync(join(dir, n), "utf8").split("\n").filter(Boolean))
    .filter((line) => (JSON.parse(line) as { type: string }).type === "sidecar.initialized").length;
}

test("exo sidecar-init killed after its sidecar.initialized record, committed or not, then run again: one record, the sidecar clean (before: the resumed run wrote the record a second time)", async () => {
  for (const uncommitted of [false, true]) {
    const repo = await repoWithTicket();
    const crashed = await bounded(repo, ["sidecar-init"], 30_000, { EXO_TEST_CRASH_AT: "sidecar-init:8" });
    expect(crashed.stderr).toContain("EXO_TEST_CRASH_AT reached sidecar-init:8 (recorded)");
    expect(initRecords(repo)).toBe(1);
    // A kill between the record and its commit: the same state, the commit not made.
    if (uncommitted) git(join(repo, ".exo"), "reset", "-q", "--soft", "HEAD~1");
    const run = await bounded(repo, ["sidecar-init"], 30_000);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
    expect(envelope(run).ok, JSON.stringify(envelope(run).error)).toBe(true);
    expect(readdirSync(repo).filter((n) => n.startsWith(".exo"))).toEqual([".exo"]);
    expect(initRecords(repo), `uncommitted: ${uncommitted}`).toBe(1);
    expect(git(join(repo, ".exo"), "status", "--porcelain", "--untracked-files=all").trim()).toBe("");
    expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
    // A later sidecar-init of a sidecar removed by hand records again (it is a set-up of its own).
    pasted(repo, "rm -rf .exo");
    pasted(repo, "exo sidecar-init");
    expect(initRecords(repo)).toBe(2);
  }
}, 180_000);

test("exo sidecar-init run in a linked worktree of a repository that is no sidecar: INVALID_INPUT naming the main checkout, nothing made, and the hint pasted sets the sidecar up there (before: 'ok', the sidecar made at the worktree's .exo, its commits on the ticket's branch, the main checkout keeping its plain .exo)", async () => {
  const repo = await repoWithTicket();
  const made = envelope(await exo(repo, "worktree-create", "--ticket-id", "T1"));
  expect(made.ok, JSON.stringify(made.error)).toBe(true);
  const wt = made.data.path as string;
  const head = git(wt, "rev-parse", "HEAD");
  const run = await bounded(wt, ["sidecar-init"], 30_000);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
  const error = envelope(run).error;
  expect(error?.code).toBe("INVALID_INPUT");
  expect(error?.message).toContain(`exo sidecar-init runs in the main checkout (${repo}), not in the linked worktree ${wt}`);
  expect(error?.hint).toBe(`cd ${repo} && exo sidecar-init`);
  expect(git(wt, "rev-parse", "HEAD")).toBe(head);
  expect(git(repo, "branch", "--list", "exo-governance").trim()).toBe("");
  expect(readdirSync(wt).filter((n) => n.startsWith(".exo"))).toEqual([".exo"]);
  expect(git(wt, "status", "--porcelain").trim()).toBe("");
  // worktree-create's record of the ticket's branch is left uncommitted in the main checkout.
  git(repo, "commit", "-q", "-m", "exo records", "--", ".exo");
  pasted(wt, error?.hint ?? "false");
  expect(git(join(repo, ".exo"), "symbolic-ref", "--short", "HEAD").trim()).toBe("exo-governance");
  expect(envelope(await exo(repo, "status")).data.sidecar).toBe(true);
}, 120_000);

test("exo worktree-remove of a worktree whose .git file a crash zeroed or pointed nowhere: the link is mended, its uncommitted change named (DIRTY_WORKTREE, a hint that runs), and --force removes it (before: GIT_FAILED 'validation failed, cannot remove working tree: … is not a .git file', hint git status)", async () => {
  const repo = await repoWithTicket();
  for (const broken of ["", "gitdir: /nowhere/at/all\n"]) {
    const made = envelope(await exo(repo, "worktree-create", "--ticket-id", "T1"));
    expect(made.ok, JSON.stringify(made.error)).toBe(true);
    const wt = made.data.path as string;
    writeFileSync(join(wt, "work.txt"), "precious\n");
    writeFileSync(join(wt, ".git"), broken);
    const run = await bounded(repo, ["worktree-remove", "--ticket-id", "T1"], 30_000);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
    const error = envelope(run).error;
    expect(error?.code, JSON.stringify(error)).toBe("DIRTY_WORKTREE");
    expect(error?.message).toContain(`The worktree ${wt} has changes git would lose (work.txt)`);
    expect(pasted(repo, error?.hint ?? "false")).toContain("work.txt");
    expect(readFileSync(join(wt, "work.txt"), "utf8")).toBe("precious\n");
    const forced = envelope(await bounded(repo, ["worktree-remove", "--ticket-id", "T1", "--force"], 30_000));
    expect(forced.ok, JSON.stringify(forced.error)).toBe(true);
    expect(forced.data.discarded).toEqual(["work.txt"]);
    expect(existsSync(wt)).toBe(false);
    expect(git(repo, "worktree", "list", "--porcelain").split("\n").filter((l) => l.startsWith("worktree "))).toHaveLength(1);
  }
}, 120_000);

test("a live session in a linked worktree whose .git file a crash zeroed: doctor in the main checkout names it in its sessions section, and doctor --fix mends the link, after which the finish passes there (before: doctor passed, and exo in the worktree said NOT_A_GIT_REPO with a placeholder for the main repository)", async () => {
  const repo = await repoWithTicket();
  const made = envelope(await exo(repo, "worktree-create", "--ticket-id", "T1"));
  expect(made.ok, JSON.stringify(made.error)).toBe(true);
  const wt = made.data.path as string;
  const started = envelope(await bounded(wt, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  const id = started.data.session.id as string;
  writeFileSync(join(wt, ".git"), "");
  const doctor = await bounded(repo, ["doctor"], 30_000);
  expect(`${doctor.stdout}${doctor.stderr}`).not.toMatch(NO_TRACE);
  const sections = envelope(await exo(repo, "doctor", "--format", "json")).data.sections as { name: string; status: string; message: string; hint: string | null }[];
  const sessions = sections.find((s) => s.name === "sessions");
  expect(sessions?.status).toBe("warn");
  expect(sessions?.message).toContain(`${id} works in ${wt}, whose .git file git cannot follow`);
  expect(sessions?.hint).toBe("exo doctor --fix --section sessions");
  expect(pasted(repo, sessions?.hint ?? "false")).toContain(`mended the .git file of ${wt}, where session ${id} works`);
  expect(envelope(await exo(repo, "doctor", "--format", "json")).data.sections.find((s: { name: string }) => s.name === "sessions").status).toBe("pass");
  writeFileSync(join(wt, "src.txt"), "work\n");
  const finish = envelope(await bounded(wt, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
}, 120_000);
