// Round 45 of hostile state and races: exo next losing its ticket to a cancel between its plan
// and its claim, … (see docs/hardening.md). Each case failed before its fix.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, exo, git, pasted } from "../../helpers/repo.js";
import { at, team, type Clone } from "../../helpers/team.js";
import { repoWithTicket } from "../../helpers/tickets.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

/** Resolves once `check` holds, polling every 20 ms for at most `ms`. */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("exo next whose ticket a ticket-update cancels between its plan and its claim: the claim is given back and the next ready task claimed (before: INVALID_TRANSITION \"task T1 cannot go from cancelled to active this way\", a transition nobody asked for)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await exo(repo, "ticket-create", "do y", "--id", "T2", "--priority", "4")).ok).toBe(true);
  // The cancel holds T1's guard (as ticket-update does while it writes) once next planned T1:
  // a guard of another host, held until the test gives it back.
  const guard = join(repo, ".exo/cache/guards/ticket-T1.guard");
  writeFileSync(guard, JSON.stringify({ pid: 1, host: "elsewhere", at: new Date().toISOString(), token: "cancel" }));
  const next = bounded(repo, ["next", "--actor", "agent:a"], 30_000);
  const lock = join(repo, ".exo/locks/T1.json");
  await until(() => existsSync(lock) && JSON.parse(readFileSync(lock, "utf8")).state === "held");
  const ticket = join(repo, ".exo/tickets/T1.yaml");
  writeFileSync(ticket, readFileSync(ticket, "utf8").replace(/^status: todo$/m, "status: cancelled"));
  rmSync(guard);
  const run = await next;
  expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
  const claimed = envelope(run);
  expect(claimed.ok, run.stdout).toBe(true);
  expect(claimed.data.ticket.id).toBe("T2");
  expect(JSON.parse(readFileSync(lock, "utf8")).state).toBe("released");
  expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
  // (integrity names the hand edit that stood in for the cancel; nothing else fails)
  const sections = envelope(await exo(repo, "doctor")).data.sections as { name: string; status: string }[];
  expect(sections.filter((s) => s.status === "fail").map((s) => s.name)).toEqual(["integrity"]);
}, 90_000);

test("a lock hand-edited to name a session that does not exist while the session open on its ticket (same owner, same fencing token) works under it: doctor names it, doctor --fix and session-cleanup bind it to that session again and the finish passes (before: released as bound to a missing session, the live session then recovered as crashed)", async () => {
  for (const repair of [["doctor", "--fix"], ["session-cleanup"]]) {
    const repo = await repoWithTicket();
    const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
    expect(started.ok).toBe(true);
    const id = started.data.session.id as string;
    const lockFile = join(repo, ".exo/locks/T1.json");
    const lock = JSON.parse(readFileSync(lockFile, "utf8"));
    writeFileSync(lockFile, JSON.stringify({ ...lock, session: "SES-20261207-000000-AAAAAA" }, null, 2));
    const state = (envelope(await exo(repo, "doctor")).data.sections as { name: string; status: string; message: string; details: Record<string, unknown> }[]).find((s) => s.name === "state");
    expect(state?.status).toBe("fail");
    expect(state?.message).toContain(`lock on T1 names session SES-20261207-000000-AAAAAA, which does not exist, while session ${id} works under it`);
    expect(state?.details["misbound_locks"]).toEqual([{ ticket: "T1", session: "SES-20261207-000000-AAAAAA", holder: id }]);
    const run = await bounded(repo, repair, 30_000);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
    expect(JSON.parse(readFileSync(lockFile, "utf8"))).toMatchObject({ state: "held", session: id, fencing_token: lock.fencing_token });
    expect(existsSync(join(repo, `.exo/sessions/${id}.json`)), repair.join(" ")).toBe(true);
    const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000));
    expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
    expect(finish.data.outcome).toBe("finished");
  }
}, 120_000);

test("a session record hand-edited to name a ticket no commit ever had: doctor names the ticket the ledger records it on, doctor --fix sets it back and the finish passes (before: \"no commit has it\", hint exo ticket-create, and --fix reported \"recovered \" of nothing, the session left as it was)", async () => {
  const repo = await repoWithTicket();
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok).toBe(true);
  const id = started.data.session.id as string;
  const file = join(repo, `.exo/sessions/${id}.json`);
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), ticket: "T9" }, null, 2));
  // A finish before doctor says what doctor says (before: LOCK_LOST, hint session-cleanup --force,
  // which ends the session: the record names T9, and no lock has that name).
  const early = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000);
  expect(early.code).toBe(2);
  expect(envelope(early).error?.code).toBe("TICKET_NOT_FOUND");
  expect(envelope(early).error?.hint).toMatch(/^exo doctor --fix --section sessions/);
  expect(envelope(early).error?.message).toContain("the ledger records it on T1");
  const sessions = (envelope(await exo(repo, "doctor")).data.sections as { name: string; message: string; hint: string | null; fixable: boolean }[]).find((s) => s.name === "sessions");
  expect(sessions?.message).toContain(`session ${id} names ticket T9, which no commit has, but the ledger records it on T1 (its record edited by hand?); --fix sets it back`);
  expect(sessions).toMatchObject({ hint: "exo doctor --fix --section sessions", fixable: true });
  const fix = await bounded(repo, ["doctor", "--fix"], 30_000);
  expect(`${fix.stdout}${fix.stderr}`).not.toMatch(NO_TRACE);
  const actions = (envelope(fix).data.fixed as { section: string; action: string }[]).filter((f) => f.section === "sessions").map((f) => f.action);
  expect(actions).toEqual([`set the ticket of session ${id} back to T1, as the ledger records it (its record named T9, which no commit has)`]);
  expect(JSON.parse(readFileSync(file, "utf8")).ticket).toBe("T1");
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
  expect(finish.data.ticket).toEqual({ id: "T1", status: "review" });
}, 90_000);

test("a live session's record zeroed by a crash: doctor --fix sets it aside and writes it again from the ledger's start record and the lock bound to it, and the finish charges the session's work (before: set aside, its lock released as bound to a missing session, the work counted as pre-existing by the next session, no memento)", async () => {
  const repo = await repoWithTicket();
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok).toBe(true);
  const id = started.data.session.id as string;
  const file = join(repo, `.exo/sessions/${id}.json`);
  const before = JSON.parse(readFileSync(file, "utf8"));
  mkdirSync(join(repo, "src"));
  writeFileSync(join(repo, "src/a.txt"), "work\n");
  writeFileSync(file, Buffer.alloc(readFileSync(file).length));
  const fix = await bounded(repo, ["doctor", "--fix"], 30_000);
  expect(`${fix.stdout}${fix.stderr}`).not.toMatch(NO_TRACE);
  const actions = (envelope(fix).data.fixed as { section: string; action: string }[]).map((f) => f.action);
  expect(actions).toContain(`rebuilt .exo/sessions/${id}.json from the ledger's record of its start and the lock of T1 bound to it (agent:a, fencing token 1): finish it as before`);
  expect(actions.join("\n")).not.toMatch(/released the lock on T1/);
  const after = JSON.parse(readFileSync(file, "utf8"));
  // (started_at is the ledger record's time, a few milliseconds after the record's own)
  expect(Math.abs(Date.parse(after.started_at) - Date.parse(before.started_at))).toBeLessThan(1000);
  for (const key of ["id", "status", "actor", "ticket", "ticket_title", "lock_owner", "fencing_token", "worktree", "branch", "base_ref", "start_commit", "merge_base", "scope", "budgets", "checks", "bootstrap_sha256"]) expect(after[key], key).toEqual(before[key]);
  const sections = envelope(await exo(repo, "doctor")).data.sections as { name: string; status: string }[];
  expect(sections.filter((s) => ["state", "sessions", "locks"].includes(s.name) && s.status !== "pass")).toEqual([]);
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
  expect(finish.data).toMatchObject({ outcome: "finished", memento_path: `.exo/mementos/T1/${id}.md` });
  expect(finish.data.attribution.charged).toEqual(["src/a.txt"]);
}, 90_000);

test("a finish on a detached HEAD, then a checkout of the branch: doctor's git_tracking names exo's commit left on no branch, hint git cherry-pick, which pasted brings the session's records, memento and ticket status onto the branch (before: the finish warned AUTO_COMMIT_DETACHED, then doctor said nothing and the ticket was todo again for exo next)", async () => {
  const repo = await repoWithTicket();
  const branch = git(repo, "symbolic-ref", "--short", "HEAD").trim();
  git(repo, "checkout", "-q", "--detach");
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(started.ok).toBe(true);
  const id = started.data.session.id as string;
  mkdirSync(join(repo, "src"));
  writeFileSync(join(repo, "src/a.txt"), "work\n");
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000));
  expect(finish.warnings?.map((w) => w.code)).toContain("AUTO_COMMIT_DETACHED");
  const sha = (finish.data.auto_commit as string).slice(0, 12);
  git(repo, "checkout", "-q", branch);
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("todo");
  const tracking = (envelope(await exo(repo, "doctor")).data.sections as { name: string; status: string; message: string; hint: string | null }[]).find((s) => s.name === "git_tracking");
  expect(tracking?.status).toBe("warn");
  expect(tracking?.message).toContain(`exo's commit ${sha} (chore(exo): finish ${id}) was made on a detached HEAD and is on no branch: its ledger records, mementos and ticket statuses are not in this checkout; take them onto this branch with git cherry-pick ${sha}`);
  expect(tracking?.hint).toBe(`git cherry-pick ${sha}`);
  pasted(repo, tracking?.hint ?? "false");
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("review");
  expect(existsSync(join(repo, `.exo/mementos/T1/${id}.md`))).toBe(true);
  const after = (envelope(await exo(repo, "doctor")).data.sections as { name: string; message: string }[]).find((s) => s.name === "git_tracking");
  expect(after?.message).not.toContain("detached HEAD");
  expect(envelope(await exo(repo, "ledger-verify")).data.valid).toBe(true);
}, 90_000);

test("a clone whose clock runs three hours behind claims a distributed lease, another clone's exo next takes it over at once: it now says so, LEASE_TAKEN_OVER naming the holder, its host and the expiry by this clock (before: taken over in silence, both clones working on T1)", async () => {
  const { clones } = await team([{ id: "T1" }], ["hosta", "hostb"]);
  const [a, b] = clones as [Clone, Clone];
  const behind = new Date(Date.now() - 3 * 3_600_000).toISOString();
  const claimed = envelope(await b.run("next", "--distributed", "--actor", "agent:b", at(behind)));
  expect(claimed.data?.ticket.id, JSON.stringify(claimed.error)).toBe("T1");
  const run = await a.run("next", "--distributed", "--actor", "agent:a");
  expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
  const taken = envelope(run);
  expect(taken.data?.ticket.id).toBe("T1");
  const warning = taken.warnings?.find((w) => w.code === "LEASE_TAKEN_OVER");
  expect(warning?.message).toMatch(/^took T1 over from agent:b on hostb, whose lease on origin expired at \S+ by this machine's clock \(\S+\); if agent:b still works on it \(a clock running behind there makes a live lease look expired\), agree who keeps it\.$/);
}, 90_000);
