// Round 46 of hostile state and races: a sidecar whose `.exo/.git` link is broken or whose `.exo`
// was removed by hand, … (see docs/hardening.md). Each case failed before its fix.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, exo, git, pasted } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

type DoctorSection = { name: string; status: string; message: string; hint: string | null };

test("a sidecar whose .exo/.git a crash zeroed under a live session: doctor names the broken link, hint exo sidecar-init, which pasted mends it in place, and the finish commits in the sidecar (before: doctor 'not tracked by git: constitution.yaml, …', and sidecar-init moved .exo aside, then failed GIT_FAILED 'missing but already registered worktree', leaving no .exo at all)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["sidecar-init"], 30_000)).ok).toBe(true);
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok).toBe(true);
  const id = started.data.session.id as string;
  writeFileSync(join(repo, ".exo/.git"), Buffer.alloc(40));
  const doctor = await bounded(repo, ["doctor"], 30_000);
  expect(`${doctor.stdout}${doctor.stderr}`).not.toMatch(NO_TRACE);
  const tracking = (envelope(await exo(repo, "doctor", "--format", "json")).data.sections as DoctorSection[]).find((s) => s.name === "git_tracking");
  expect(tracking?.status).toBe("fail");
  expect(tracking?.message).toMatch(/^git cannot follow the \.exo sidecar's link, \.exo\/\.git \(.+\): exo commits nothing there; exo sidecar-init mends it$/);
  expect(tracking?.hint).toBe("exo sidecar-init");
  pasted(repo, tracking?.hint ?? "false");
  expect(git(join(repo, ".exo"), "symbolic-ref", "--short", "HEAD").trim()).toBe("exo-governance");
  expect(existsSync(join(repo, `.exo/sessions/${id}.json`))).toBe(true);
  const after = (envelope(await exo(repo, "doctor", "--format", "json")).data.sections as DoctorSection[]).find((s) => s.name === "git_tracking");
  expect(after?.status).not.toBe("fail");
  mkdirSync(join(repo, "src"));
  writeFileSync(join(repo, "src/a.txt"), "work\n");
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
  expect(finish.warnings?.map((w) => w.code) ?? []).not.toContain("SIDECAR_COMMIT_FAILED");
  expect(git(join(repo, ".exo"), "log", "-1", "--format=%s").trim()).toBe(`chore(exo): finish ${id}`);
  expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
}, 120_000);

test("a sidecar's .exo removed by hand: status and doctor both say exo sidecar-init, which pasted checks the branch out again (before: doctor's hint exo install, and sidecar-init failed GIT_FAILED 'missing but already registered worktree', hint git status)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["sidecar-init"], 30_000)).ok).toBe(true);
  rmSync(join(repo, ".exo"), { recursive: true, force: true });
  const status = await bounded(repo, ["status"], 15_000);
  expect(envelope(status).error?.code).toBe("NOT_INITIALIZED");
  expect(envelope(status).error?.hint).toBe("exo sidecar-init");
  const doctor = await bounded(repo, ["doctor"], 30_000);
  expect(`${doctor.stdout}${doctor.stderr}`).not.toMatch(NO_TRACE);
  expect(envelope(doctor).error?.hint).toBe("exo sidecar-init");
  const sections = envelope(await exo(repo, "doctor", "--format", "json")).data.sections as DoctorSection[];
  for (const name of ["scaffold", "config"]) expect(sections.find((s) => s.name === name)?.hint, name).toBe("exo sidecar-init");
  pasted(repo, "exo sidecar-init");
  expect(envelope(await exo(repo, "status")).ok).toBe(true);
  expect(git(join(repo, ".exo"), "symbolic-ref", "--short", "HEAD").trim()).toBe("exo-governance");
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.id).toBe("T1");
  expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
}, 120_000);

test("three exo sidecar-init at once on one clone: one moves .exo, the others find it set up, no .exo.pre-sidecar folder is left behind (before: GIT_FAILED \"a branch named 'exo-governance' already exists\" or \"failed to read .git/worktrees/-exo/commondir\", and the state left in .exo.pre-sidecar-…)", async () => {
  for (let round = 0; round < 3; round++) {
    const repo = await repoWithTicket();
    const runs = await Promise.all([0, 1, 2].map((i) => new Promise((r) => setTimeout(r, i * 60 * round)).then(() => bounded(repo, ["sidecar-init"], 60_000))));
    for (const run of runs) {
      expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
      expect(envelope(run).ok, `round ${round}: ${run.stdout}`).toBe(true);
    }
    expect(runs.filter((run) => envelope(run).data.created_branch === true)).toHaveLength(1);
    expect(readdirSync(repo).filter((n) => n.startsWith(".exo"))).toEqual([".exo"]);
    expect(git(join(repo, ".exo"), "symbolic-ref", "--short", "HEAD").trim()).toBe("exo-governance");
    expect(envelope(await exo(repo, "status")).ok).toBe(true);
    expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
  }
}, 180_000);

test("a session started and finished while the sidecar's .exo/.git is zeroed: the warning says the link is broken and exo sidecar-init mends it, which pasted commits what the finish left uncommitted (before: git's words alone, and the mended sidecar kept the finish's records out of every commit)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["sidecar-init"], 30_000)).ok).toBe(true);
  writeFileSync(join(repo, ".exo/.git"), Buffer.alloc(40));
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok).toBe(true);
  const id = started.data.session.id as string;
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
  const warning = finish.warnings?.find((w) => w.code === "SIDECAR_COMMIT_FAILED");
  expect(warning?.message).toBe("exo could not commit in the .exo sidecar: git cannot follow its link, .exo/.git; run exo sidecar-init, which mends it (the next commit there takes this step's files).");
  pasted(repo, "exo sidecar-init");
  const exoDir = join(repo, ".exo");
  expect(git(exoDir, "status", "--porcelain", "--untracked-files=all").trim()).toBe("");
  expect(git(exoDir, "log", "-1", "--format=%s").trim()).toBe("chore(exo): commit what the sidecar's broken link kept out");
  expect(git(exoDir, "ls-files", "--", `mementos/T1/${id}.md`).trim()).toBe(`mementos/T1/${id}.md`);
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("review");
}, 120_000);
