// Round 47 of hostile state and races: a sidecar-init killed at each of its steps, … (see
// docs/hardening.md). Each case failed before its fix.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";
import { CRASH_STEPS } from "../../../src/io/crash.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

test("exo sidecar-init killed at each of its steps: status names the interrupted init, and sidecar-init run again finishes it from the moved-aside state, nothing left behind (before: no crash steps; a kill after the move left .exo gone, status said git checkout HEAD -- .exo, and the next sidecar-init set up an empty governance, the state left in .exo.pre-sidecar-…)", async () => {
  const steps = CRASH_STEPS["sidecar-init"];
  expect(steps.length).toBe(8);
  const outcomes: string[] = [];
  const one = async (step: number) => {
    const repo = await repoWithTicket();
    expect(envelope(await exo(repo, "ticket-create", "do y", "--id", "T2", "--scope-allow", "lib/**")).ok).toBe(true);
    git(repo, "add", "--all");
    git(repo, "commit", "-q", "-m", "T2");
    const crashed = await bounded(repo, ["sidecar-init"], 30_000, { EXO_TEST_CRASH_AT: `sidecar-init:${step}` });
    expect(crashed.stderr, `step ${step}`).toContain(`EXO_TEST_CRASH_AT reached sidecar-init:${step} (${steps[step - 1]})`);
    const status = await bounded(repo, ["status"], 15_000);
    expect(`${status.stdout}${status.stderr}`).not.toMatch(NO_TRACE);
    const said = envelope(status);
    if (!said.ok) {
      expect(said.error?.code, `step ${step}`).toBe("NOT_INITIALIZED");
      expect(said.error?.hint, `step ${step}: ${said.error?.message}`).toBe("exo sidecar-init");
    }
    outcomes.push(`${step}: ${said.ok ? "status ok" : said.error?.message}`);
    pasted(repo, "exo sidecar-init");
    expect(readdirSync(repo).filter((n) => n.startsWith(".exo")), `step ${step}`).toEqual([".exo"]);
    const exoDir = join(repo, ".exo");
    expect(git(exoDir, "symbolic-ref", "--short", "HEAD").trim()).toBe("exo-governance");
    expect(git(exoDir, "ls-files", "--", "tickets").trim().split("\n").sort(), `step ${step}`).toEqual(["tickets/T1.yaml", "tickets/T2.yaml"]);
    expect(git(exoDir, "status", "--porcelain", "--untracked-files=all").trim(), `step ${step}`).toBe("");
    expect(git(repo, "status", "--porcelain", "--untracked-files=all").trim(), `step ${step}`).toBe("");
    expect(git(repo, "ls-files", "--", ".exo").trim()).toBe("");
    expect(readFileSync(join(repo, ".gitignore"), "utf8").split("\n")).toContain("/.exo/");
    expect(envelope(await exo(repo, "ledger-verify")).data.valid, `step ${step}`).toBe(true);
    const start = envelope(await bounded(repo, ["session-start", "--ticket-id", "T2", "--actor", "agent:a"], 15_000));
    expect(start.ok, `step ${step}: ${JSON.stringify(start.error)}`).toBe(true);
    expect(existsSync(join(exoDir, "config.yaml"))).toBe(true);
  };
  for (let step = 1; step <= steps.length; step += 2) await Promise.all([one(step), ...(step + 1 <= steps.length ? [one(step + 1)] : [])]);
  console.log(outcomes.sort().join("\n"));
}, 300_000);

type DoctorSection = { name: string; status: string; message: string; hint: string | null };

test("a sidecar's .exo removed by hand under a live session, then checked out again with exo sidecar-init: doctor names the ticket left active with no session and no lock as claimed in this clone, --fix gives it back, and next hands it out, while a teammate's pulled claim stays another clone's (before: doctor silent, exo next 'claimed by agent:a in another clone', the ticket stuck active)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["sidecar-init"], 30_000)).ok).toBe(true);
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok).toBe(true);
  rmSync(join(repo, ".exo"), { recursive: true, force: true });
  pasted(repo, "exo sidecar-init");
  const next = envelope(await exo(repo, "next", "--owner", "agent:b"));
  expect(next.error?.code).toBe("NO_TICKET");
  expect(next.error?.message).toContain("T1 is claimed by agent:a in this clone, whose lock file is gone: exo doctor --fix gives it back");
  const doctor = await bounded(repo, ["doctor"], 30_000);
  expect(`${doctor.stdout}${doctor.stderr}`).not.toMatch(NO_TRACE);
  const state = (envelope(await exo(repo, "doctor", "--format", "json")).data.sections as DoctorSection[]).find((s) => s.name === "state");
  expect(state?.status).toBe("fail");
  expect(state?.message).toContain("T1 was claimed by agent:a in this clone");
  expect(state?.hint).toBe("exo doctor --fix");
  pasted(repo, "exo doctor --fix");
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("todo");
  const again = envelope(await exo(repo, "next", "--owner", "agent:b"));
  expect(again.ok, JSON.stringify(again.error)).toBe(true);
  expect(again.data.ticket.id).toBe("T1");
  expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
  // The ledger goes on in the segment this checkout wrote before (one writer, no new segment).
  expect(readdirSync(join(repo, ".exo/ledger")).filter((n) => n.endsWith(".jsonl"))).toHaveLength(1);
  // A teammate's claim pulled into such a sidecar stays another clone's (its commits were not made here).
  const a = await repoWithTicket();
  expect(envelope(await bounded(a, ["sidecar-init"], 30_000)).ok).toBe(true);
  const bare = join(mkdtempSync(join(tmpdir(), "exo-h47-")), "remote.git");
  git(a, "init", "-q", "--bare", bare);
  git(a, "remote", "add", "origin", bare);
  git(a, "push", "-q", "origin", "HEAD:main", "exo-governance");
  const b = join(bare, "..", "b");
  git(join(bare, ".."), "clone", "-q", bare, b);
  expect(envelope(await bounded(b, ["sidecar-init"], 30_000)).ok).toBe(true);
  expect(envelope(await bounded(a, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  git(join(a, ".exo"), "push", "-q", "origin", "exo-governance");
  git(join(b, ".exo"), "pull", "-q", "--no-rebase", "origin", "exo-governance");
  rmSync(join(b, ".exo"), { recursive: true, force: true });
  pasted(b, "exo sidecar-init");
  const theirs = envelope(await exo(b, "next", "--owner", "agent:b"));
  expect(theirs.error?.code).toBe("NO_TICKET");
  expect(theirs.error?.message).toContain("T1 is claimed by agent:a in another clone");
  const theirState = (envelope(await exo(b, "doctor", "--format", "json")).data.sections as DoctorSection[]).find((s) => s.name === "state");
  expect(theirState?.status).toBe("pass");
}, 180_000);

test("exo sidecar-init under a live session whose start left exo's records uncommitted: DIRTY_WORKTREE names the session and gives the commit line, which pasted lets sidecar-init move it over, and the finish commits in the sidecar (before: 'commit or stash them first', hint git status; a stash took the session's ledger records and ticket status from under it)", async () => {
  const repo = await repoWithTicket();
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok).toBe(true);
  const id = started.data.session.id as string;
  const refused = await bounded(repo, ["sidecar-init"], 30_000);
  expect(`${refused.stdout}${refused.stderr}`).not.toMatch(NO_TRACE);
  const error = envelope(refused).error;
  expect(error?.code).toBe("DIRTY_WORKTREE");
  expect(error?.message).toBe(`Tracked .exo/ files have uncommitted changes, among them the records of session ${id} on T1; commit them first (a git stash would take those records from under it), then run exo sidecar-init again.`);
  expect(error?.hint).toBe('git add -- .exo && git commit -m "chore(exo): governance state" -m "Exo-Generated: true" -- .exo');
  pasted(repo, error?.hint ?? "false");
  expect(envelope(await bounded(repo, ["sidecar-init"], 30_000)).ok).toBe(true);
  writeFileSync(join(repo, "src.txt"), "work\n");
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
  expect(git(join(repo, ".exo"), "ls-files", "--", `mementos/T1/${id}.md`).trim()).toBe(`mementos/T1/${id}.md`);
  expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
}, 120_000);

test("exo sidecar-init before exo was installed, then exo init: the sidecar's first commit keeps the ledger's machine-local cache out, and doctor gives exo sidecar-init for the files init left uncommitted there, which pasted commits them (before: cache/ledger/writers.json committed, doctor failing 'machine-local state is committed', and 'not tracked by git: constitution.yaml, …' with no hint)", async () => {
  const repo = await tempRepo();
  expect(envelope(await bounded(repo, ["sidecar-init"], 30_000)).ok).toBe(true);
  const exoDir = join(repo, ".exo");
  expect(git(exoDir, "ls-files", "--", "cache").trim()).toBe("");
  expect(envelope(await exo(repo, "init")).ok).toBe(true);
  const tracking = (envelope(await exo(repo, "doctor", "--format", "json")).data.sections as DoctorSection[]).find((s) => s.name === "git_tracking");
  expect(tracking?.status).toBe("fail");
  expect(tracking?.message).toBe("not tracked by git: constitution.yaml, config.yaml, governance.lock.json, policy.sealed.json; exo sidecar-init commits them in the sidecar");
  expect(tracking?.hint).toBe("exo sidecar-init");
  pasted(repo, tracking?.hint ?? "false");
  const sections = envelope(await exo(repo, "doctor", "--format", "json")).data.sections as DoctorSection[];
  expect(sections.filter((s) => s.status === "fail").map((s) => `${s.name}: ${s.message}`)).toEqual([]);
  expect(git(exoDir, "status", "--porcelain", "--untracked-files=all").trim()).toBe("");
  expect(git(exoDir, "ls-files", "--", "config.yaml").trim()).toBe("config.yaml");
  expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
}, 120_000);

test("exo sidecar-init run in a linked worktree of a sidecar repository: nothing to set up, it names the main checkout's sidecar (before: GIT_FAILED \"'exo-governance' is already checked out at …\", hint git status)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["sidecar-init"], 30_000)).ok).toBe(true);
  const made = envelope(await exo(repo, "worktree-create", "--ticket-id", "T1"));
  expect(made.ok, JSON.stringify(made.error)).toBe(true);
  const wt = made.data.path as string;
  const run = await bounded(wt, ["sidecar-init"], 30_000);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
  const said = envelope(run);
  expect(said.ok, JSON.stringify(said.error)).toBe(true);
  expect(said.data).toMatchObject({ branch: "exo-governance", created_branch: false, commits: [] });
  expect(join(wt, said.data.path as string)).toBe(join(repo, ".exo"));
  expect(existsSync(join(wt, ".exo"))).toBe(false);
  expect(git(repo, "worktree", "list", "--porcelain").split("\n").filter((l) => l.startsWith("worktree ") && l.endsWith("/.exo"))).toHaveLength(1);
  expect(envelope(await exo(wt, "status")).data.sidecar).toBe(true);
}, 120_000);

test("a .exo.pre-sidecar-… folder a commit brought, or a link of that name to a folder elsewhere, in a fresh clone of a sidecar repository: sidecar-init takes neither for a killed run's state (before this round's resume: never read; with it unguarded, their files were copied into the sidecar and committed)", async () => {
  const a = await repoWithTicket();
  expect(envelope(await bounded(a, ["sidecar-init"], 30_000)).ok).toBe(true);
  mkdirSync(join(a, ".exo.pre-sidecar-20200101000000/tickets"), { recursive: true });
  writeFileSync(join(a, ".exo.pre-sidecar-20200101000000/tickets/T9.yaml"), "id: T9\n");
  git(a, "add", "-f", ".exo.pre-sidecar-20200101000000");
  git(a, "commit", "-q", "-m", "a folder of that name");
  const top = mkdtempSync(join(tmpdir(), "exo-h47-"));
  const bare = join(top, "remote.git");
  git(a, "init", "-q", "--bare", bare);
  git(a, "remote", "add", "origin", bare);
  git(a, "push", "-q", "origin", "HEAD:main", "exo-governance");
  const b = join(top, "b");
  git(top, "clone", "-q", "-b", "main", bare, b);
  mkdirSync(join(top, "elsewhere"));
  writeFileSync(join(top, "elsewhere/secret.txt"), "not exo's\n");
  symlinkSync(join(top, "elsewhere"), join(b, ".exo.pre-sidecar-20990101000000"));
  const status = envelope(await exo(b, "status"));
  expect(status.error?.code).toBe("NOT_INITIALIZED");
  expect(status.error?.message).not.toContain("interrupted");
  const run = envelope(await bounded(b, ["sidecar-init"], 30_000));
  expect(run.ok, JSON.stringify(run.error)).toBe(true);
  const files = git(join(b, ".exo"), "ls-files").split("\n");
  expect(files).not.toContain("secret.txt");
  expect(files).not.toContain("tickets/T9.yaml");
  expect(files).toContain("tickets/T1.yaml");
  expect(existsSync(join(b, ".exo/secret.txt"))).toBe(false);
  expect(readFileSync(join(top, "elsewhere/secret.txt"), "utf8")).toBe("not exo's\n");
  expect(existsSync(join(b, ".exo.pre-sidecar-20200101000000/tickets/T9.yaml"))).toBe(true);
}, 120_000);

test("a sidecar-init killed after its copy, a session finished in the sidecar meanwhile, then sidecar-init run again: the old copy brings nothing back (before the copy's mark: the finished session's file and its held lock came back from .exo.pre-sidecar-…)", async () => {
  const repo = await repoWithTicket();
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok).toBe(true);
  const id = started.data.session.id as string;
  git(repo, "add", "--", ".exo");
  git(repo, "commit", "-q", "-m", "exo records");
  const crashed = await bounded(repo, ["sidecar-init"], 30_000, { EXO_TEST_CRASH_AT: "sidecar-init:5" });
  expect(crashed.stderr).toContain("EXO_TEST_CRASH_AT reached sidecar-init:5 (state-copied)");
  writeFileSync(join(repo, "src.txt"), "work\n");
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
  expect(envelope(await bounded(repo, ["sidecar-init"], 30_000)).ok).toBe(true);
  expect(readdirSync(repo).filter((n) => n.startsWith(".exo"))).toEqual([".exo"]);
  expect(existsSync(join(repo, `.exo/sessions/${id}.json`))).toBe(false);
  const status = envelope(await exo(repo, "status")).data;
  expect(status.sessions).toEqual([]);
  expect(status.locks.filter((l: { live: boolean }) => l.live)).toEqual([]);
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("review");
  expect(git(join(repo, ".exo"), "status", "--porcelain", "--untracked-files=all").trim()).toBe("");
  expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
}, 120_000);
