// A demanding new user's first ten minutes and a team's second week, tenth pass: the step left
// out after `exo next`, and repairs doctor cannot make itself.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempRepo } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

test("a claim from exo next without a session: next, --dispatch, ready and exo alone point at starting on it", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "next", "--owner", "alice")).ok).toBe(true);
  // The user forgot the ticket id and asks again: before, every answer said to add a task.
  for (const args of [["next"], ["session-start", "--dispatch"]]) {
    const run = await exo(repo, ...args);
    expect(run.code, args.join(" ")).toBe(1);
    const error = envelope(run).error;
    expect(error?.code).toBe("NO_TICKET");
    expect(error?.message).toBe("Nothing is ready to dispatch: no task is todo; T1 is claimed by alice and waits for a session.");
    expect(error?.hint).toBe("exo session-start --ticket-id T1");
  }
  const ready = envelope(await exo(repo, "ready"));
  expect(ready.data.not_ready).toEqual([expect.objectContaining({ id: "T1", detail: "claimed by alice, no session yet" })]);
  expect(ready.data.next_command).toBe("exo session-start --ticket-id T1");
  const human = await exo(repo, "ready", { json: false });
  expect(human.stdout).toContain("  T1  active  claimed by alice, no session yet\n");
  expect(human.stdout).toContain("next: exo session-start --ticket-id T1\n");
  const home = await exo(repo, { json: false });
  expect(home.stdout).toContain("exo session-start --ticket-id T1");
  expect(home.stdout).toContain("T1 is claimed by alice: start a session on it");
  expect(home.stdout).not.toContain("ticket-create");
  expect((await exo(repo, "status", { json: false })).stdout).toContain("next        nothing ready; T1 is claimed with no session:\n              exo session-start --ticket-id T1\n");
  // The hint runs as printed.
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1"));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
});

test("exo ready with nothing to hand out names the step that moves things on", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1", status: "review" }]);
  const ready = envelope(await exo(repo, "ready"));
  expect(ready.data.ready).toEqual([]);
  // T1 in review: closing it moves things on, as exo alone says (round 26; before: ticket-create).
  expect(ready.data.next_command).toBe("exo ticket-close T1");
  expect((await exo(repo, "ready", { json: false })).stdout).toContain("next: exo ticket-close T1\n");
});

test("doctor on a ticket file that no longer parses says to restore git's copy, not to run --fix again", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  await writeFile(join(repo, ".exo/tickets/T1.yaml"), "garbage: [\n");
  const doctor = await exo(repo, "doctor");
  expect(doctor.code).toBe(1);
  const failed = envelope(doctor).error;
  expect(failed?.code).toBe("DOCTOR_FAILED");
  expect(failed?.hint).toBe("git checkout -- .exo/tickets/T1.yaml");
  const sections = envelope(await exo(repo, "doctor", "--section", "integrity", "--section", "tickets")).data?.sections as { name: string; hint?: string; fixable: boolean; message: string }[] | undefined;
  const integrity = sections?.find((s) => s.name === "integrity");
  expect(integrity?.fixable).toBe(false);
  expect(integrity?.message).toBe("1 file changed outside exo no longer parses: .exo/tickets/T1.yaml; --fix cannot adopt it: restore git's copy or correct it by hand");
  expect(integrity?.hint).toBe("git checkout -- .exo/tickets/T1.yaml");
  expect(sections?.find((s) => s.name === "tickets")?.hint).toBe("git checkout -- .exo/tickets/T1.yaml");
  // --fix cannot repair it (it never adopts unreadable contents); the hint does.
  expect((await exo(repo, "doctor", "--fix")).code).toBe(1);
  git(repo, "checkout", "--", ".exo/tickets/T1.yaml");
  const after = await exo(repo, "doctor");
  expect(after.code, after.stdout).toBe(0);
});

test("a hint keeps the --actor and --repo of the line that failed, so it acts as the same actor in the same repository", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }, { id: "T2", parent: "INT-1", priority: 1 }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:a")).ok).toBe(true);
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "half done", "--actor", "agent:a")).ok).toBe(true);
  // agent:b tries to resume; the hint said --dispatch (which picks T2 by score) and dropped --actor.
  const resume = await exo(repo, "session-resume", "--actor", "agent:b", { json: false });
  expect(resume.code).toBe(1);
  expect(resume.stderr).toContain("hint: exo session-start --ticket-id T1 --actor agent:b\n");
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:b"));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  expect(started.data.session.actor).toBe("agent:b");
  expect(started.data.ticket.id).toBe("T1");
  // --repo from another folder, a path with a space quoted; a hint naming its own actor is kept as it is.
  const outside = await initRepo();
  const typo = envelope(await exo(outside, "--repo", repo, "sesion-finish", "--summary", "done", "--actor", "agent:b"));
  expect(typo.error?.hint).toBe(`exo session-finish --summary done --repo ${repo} --actor agent:b`);
  const finished = envelope(await exo(outside, "session-finish", "--summary", "done", "--repo", repo, "--actor", "agent:b"));
  expect(finished.ok, JSON.stringify(finished.error)).toBe(true);
  // Without the flags, hints are as before.
  expect(envelope(await exo(repo, "sesion-finish")).error?.hint).toBe("exo session-finish");
  expect(envelope(await exo(repo, "check", "--bogus-flag-x", "--actor", "agent:b")).error?.hint).toBe("exo check --help");
});

test("a ticket or session id typed without its flag: the hint is the line with --ticket-id / --session-id, and it runs", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const cases: [string[], string, string][] = [
    [["session-start", "T1", "--task", "do it"], "exo session-start takes no arguments; name the ticket with --ticket-id T1.", "exo session-start --ticket-id T1 --task 'do it'"],
    [["check", "T1"], "exo check takes no arguments; name the ticket with --ticket-id T1.", "exo check --ticket-id T1"],
    [["session-finish", "SES-1", "--summary", "x"], "exo session-finish takes no arguments; name the session with --session-id SES-1.", "exo session-finish --session-id SES-1 --summary x"],
  ];
  for (const [args, message, hint] of cases) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code, args.join(" ")).toBe(2);
    expect(run.stderr, args.join(" ")).toBe(`error: ${message} [USAGE_ERROR]\nhint: ${hint}\n`);
  }
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--task", "do it"));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  // Two loose words, or a command without such an option: as before.
  expect(envelope(await exo(repo, "session-start", "a", "b")).error?.hint).toBe("exo session-start --help");
  expect(envelope(await exo(repo, "status", "T1")).error?.message).toBe("exo status takes no arguments; run exo status --help.");
});

test("exo trace with no features points at a document that exists", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "trace", { json: false });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("no .exo/features.yaml entries (format: exoprotocol's docs/traceability.md)");
  expect(existsSync(join(process.cwd(), "docs", "traceability.md"))).toBe(true);
});

test("doctor --fix after deleting a committed governance file restores git's copy, not a fresh lock that reads as tampering", async () => {
  const repo = await initRepo();
  for (const file of [".exo/governance.lock.json", ".exo/constitution.yaml", ".exo/config.yaml"]) {
    const before = git(repo, "show", `HEAD:${file}`);
    rmSync(join(repo, file));
    const doctor = envelope(await exo(repo, "doctor"));
    expect(doctor.error?.code, file).toBe("DOCTOR_FAILED");
    expect(doctor.error?.hint, file).toBe("exo doctor --fix");
    expect(doctor.error?.message, file).toContain(`scaffold (missing ${file} (git has it at HEAD))`);
    const fixed = await exo(repo, "doctor", "--fix");
    expect(fixed.code, `${file}: ${fixed.stdout}`).toBe(0);
    expect(envelope(fixed).data.fixed).toContainEqual({ section: "scaffold", action: `restored ${file} from git (HEAD)` });
    expect(readFileSync(join(repo, file), "utf8"), file).toBe(before);
    expect(git(repo, "status", "--porcelain", "--", file), file).toBe("");
  }
  // The lock is the committed one: governance verifies, nothing reads as tampered.
  expect(envelope(await exo(repo, "status")).data.governance.status).toBe("valid");
});

test("finishing twice says the session finished already, and when, not only that there is none", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1"));
  const id = started.data.session.id as string;
  expect(envelope(await exo(repo, "session-finish", "--summary", "done")).ok).toBe(true);
  const again = await exo(repo, "session-finish", "--summary", "done");
  expect(again.code).toBe(1);
  const error = envelope(again).error;
  expect(error?.code).toBe("NO_ACTIVE_SESSION");
  expect(error?.message).toMatch(new RegExp(`^human:test@example\\.invalid has no active session: its last session, ${id} on T1, finished at \\S+Z; T1 is in review: close it once the change is accepted, or start another session with exo session-start`));
  // Another actor, who never had a session, reads as before.
  expect(envelope(await exo(repo, "session-finish", "--summary", "x", "--actor", "agent:new")).error?.message).toBe("agent:new has no active session, and nothing is ready to start one on: no task is todo.");
});

test("doctor names orphan tasks and the ticket-update that gives one a parent", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "ticket-create", "no parent given", "--id", "T2")).ok).toBe(true);
  const doctor = envelope(await exo(repo, "doctor", "--section", "tickets"));
  const section = doctor.data.sections[0];
  expect(section.status).toBe("warn");
  expect(section.message).toBe("1 orphan with no intent above (T2)");
  expect(section.hint).toBe("exo ticket-update T2 --parent INT-1");
  expect(envelope(await exo(repo, "ticket-update", "T2", "--parent", "INT-1")).ok).toBe(true);
  expect(envelope(await exo(repo, "doctor", "--section", "tickets")).data.sections[0].status).toBe("pass");
});

test("exo install run again with a task claimed and no session: its next step starts on that task", async () => {
  const repo = await tempRepo();
  expect(envelope(await exo(repo, "install", "--example")).ok).toBe(true);
  expect(envelope(await exo(repo, "next", "--owner", "your-name")).data.ticket.id).toBe("TICKET-001");
  const again = envelope(await exo(repo, "install"));
  expect(again.ok).toBe(true);
  expect(again.data.next_steps[0]).toBe("Start a session on the task waiting for one: exo session-start --ticket-id TICKET-001");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).ok).toBe(true);
});

test("a relative --since (7d) is refused with the forms that work, and one of them runs", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "metrics", "--since", "7d", { json: false });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--since is not an ISO date or timestamp (like 2026-11-01 or 2026-11-01T09:00:00Z), got "7d".');
  expect((await exo(repo, "metrics", "--since", "2026-11-01")).code).toBe(0);
});
