// A demanding new user's first ten minutes, ninth pass: hints that run as printed in the state
// the user is in, and ticket ids typed the way people type them.
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempDir, tempRepo } from "../../helpers/repo.js";
import { writeTickets } from "../../helpers/tickets.js";

test("a mistyped option's hint is the line typed with the option corrected, and it runs", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const cases: [string[], string, string][] = [
    [["check", "--ticket", "T1"], "Unknown option --ticket for exo check; did you mean --ticket-id?", "exo check --ticket-id T1"],
    [["status", "--fomat", "json"], "Unknown option --fomat for exo status; did you mean --format?", "exo status --format json"],
    [["tickets", "--stauts=todo"], "Unknown option --stauts for exo tickets; did you mean --status?", "exo tickets --status=todo"],
    [["ticket-create", "fix the bug", "--prio", "2", "--parent", "INT-1"], "Unknown option --prio for exo ticket-create; did you mean --priority?", "exo ticket-create 'fix the bug' --priority 2 --parent INT-1"],
  ];
  for (const [args, message, hint] of cases) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code, args.join(" ")).toBe(2);
    expect(run.stderr, args.join(" ")).toBe(`error: ${message} [USAGE_ERROR]\nhint: ${hint}\n`);
  }
  // The printed hint runs as printed.
  const created = envelope(await exo(repo, "ticket-create", "fix the bug", "--priority", "2", "--parent", "INT-1"));
  expect(created.ok, JSON.stringify(created.error)).toBe(true);
  expect(created.data.ticket.priority).toBe(2);
  expect((await exo(repo, "check", "--ticket-id", "T1", { json: false })).code).toBe(0);
  // Several close matches, or nothing close: the command's help, as before.
  expect(envelope(await exo(repo, "check", "--bogus-flag-x")).error?.hint).toBe("exo check --help");
});

test("session-start and session-resume with nothing ready hint what to do, not a --dispatch that fails", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1", status: "review" }]);
  const start = envelope(await exo(repo, "session-start"));
  expect(start.error?.code).toBe("SESSION_TICKET_REQUIRED");
  expect(start.error?.message).toBe("No ticket given, and nothing is ready: no task is todo; pass --ticket-id to name a task.");
  expect(start.error?.hint).toBe('exo ticket-create "<what to do>" --parent INT-1');
  const resume = envelope(await exo(repo, "session-resume"));
  expect(resume.error?.code).toBe("NO_ACTIVE_SESSION");
  expect(resume.error?.hint).toBe('exo ticket-create "<what to do>" --parent INT-1');
  // The old hint fails in this state; the new one leads to a session.
  expect(envelope(await exo(repo, "session-start", "--dispatch")).error?.code).toBe("NO_TICKET");
  expect(envelope(await exo(repo, "ticket-create", "what to do", "--parent", "INT-1", "--id", "T2")).ok).toBe(true);
  // With a task ready, --dispatch is the hint again, and it works.
  expect(envelope(await exo(repo, "session-start")).error?.hint).toBe("exo session-start --dispatch");
  expect(envelope(await exo(repo, "session-resume")).error?.hint).toBe("exo session-start --dispatch");
  const dispatched = envelope(await exo(repo, "session-start", "--dispatch"));
  expect(dispatched.ok, JSON.stringify(dispatched.error)).toBe(true);
  expect(dispatched.data.ticket.id).toBe("T2");
});

test("--parent, --blocker, tickets --parent and brief --ticket-id take ids as ticket-show does: any case or a unique prefix", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-20261203-064615-Y45NGH", kind: "intent" }, { id: "TICKET-001", parent: "INT-20261203-064615-Y45NGH" }]);
  // The id exo alone prints is long; a prefix of it names it, as in ticket-show.
  const created = envelope(await exo(repo, "ticket-create", "signup form", "--parent", "int-2026", "--blocker", "ticket-0", "--id", "T2"));
  expect(created.ok, JSON.stringify(created.error)).toBe(true);
  expect(created.data.ticket.parent).toBe("INT-20261203-064615-Y45NGH");
  expect(created.data.ticket.blockers).toEqual(["TICKET-001"]);
  const updated = envelope(await exo(repo, "ticket-update", "t2", "--add-blocker", "Ticket-001", "--parent", "INT"));
  expect(updated.ok, JSON.stringify(updated.error)).toBe(true);
  expect(updated.data.ticket.parent).toBe("INT-20261203-064615-Y45NGH");
  // A listing filtered by a typed parent lists its children, not "no tickets here".
  const children = envelope(await exo(repo, "tickets", "--parent", "int"));
  expect(children.data.tickets.map((t: { id: string }) => t.id)).toEqual(["TICKET-001", "T2"]);
  const brief = envelope(await exo(repo, "brief", "--ticket-id", "ticket-001"));
  expect(brief.ok, JSON.stringify(brief.error)).toBe(true);
  expect(JSON.stringify(brief.data)).toContain("TICKET-001");
  // An id that matches nothing still names what was typed; an ambiguous one lists the candidates.
  const missing = envelope(await exo(repo, "ticket-create", "x", "--parent", "nope"));
  expect(missing.error?.code).toBe("TICKET_NOT_FOUND");
  // …and, since round 36, the one ticket that can be the parent here (before: that alone).
  expect(missing.error?.message).toBe('parent nope does not exist; did you mean the intent INT-20261203-064615-Y45NGH ("INT-20261203-064615-Y45NGH")?');
  const ambiguous = envelope(await exo(repo, "ticket-create", "x", "--parent", "INT", "--blocker", "T"));
  expect(ambiguous.error?.code).toBe("TICKET_NOT_FOUND");
  expect(ambiguous.error?.message).toBe("T matches 2 tickets (T2, TICKET-001); type more of the id.");
  // Unsafe input is still refused before any lookup (SPEC §13.14).
  const unsafe = await exo(repo, "ticket-create", "x", "--parent", "../../x");
  expect(unsafe.code).toBe(2);
  expect(envelope(unsafe).error?.code).toBe("INVALID_INPUT");
});

test("a fresh clone of a governed repository: exo alone, doctor and session-start say the git hooks were not cloned, and the hint installs only those", async () => {
  const origin = await tempRepo();
  expect((await exo(origin, "install", "--example")).code).toBe(0);
  const clone = join(await tempDir(), "clone");
  git(origin, "clone", "--quiet", origin, clone);
  for (const [k, v] of [["user.name", "Test User"], ["user.email", "test@example.invalid"], ["commit.gpgsign", "false"]] as const) git(clone, "config", k, v);
  const home = await exo(clone, { json: false });
  expect(home.stdout).toMatch(/^ {2}exo hook-install --harness git\s+git hooks are not installed in this clone$/m);
  const doctor = envelope(await exo(clone, "doctor"));
  const hooks = doctor.data.sections.find((x: { name: string }) => x.name === "hooks");
  // A warning (SPEC §7.22: "git hooks missing"), so doctor exits 0 in a new clone (before: fail, exit 1).
  expect(hooks.status).toBe("warn");
  expect(doctor.ok).toBe(true);
  expect(hooks.message).toBe("exo's git hooks are not installed in this checkout (a clone does not copy .git/hooks)");
  expect(hooks.hint).toBe("exo hook-install --harness git");
  // The hint runs as printed, installs only git's hooks (no harness the repository never had) and heals doctor.
  expect(envelope(await exo(clone, "hook-install", "--harness", "git")).ok).toBe(true);
  expect(envelope(await exo(clone, "doctor")).data.sections.find((x: { name: string }) => x.name === "hooks").status).toBe("pass");
  expect((await exo(clone, { json: false })).stdout).not.toMatch(/hook-install/);
  expect(git(clone, "status", "--porcelain")).toBe("");
  // Without it, the first session installs them and says why in words that fit a clone.
  const other = join(await tempDir(), "clone2");
  git(origin, "clone", "--quiet", origin, other);
  const start = await exo(other, "session-start", "--ticket-id", "TICKET-001", { json: false });
  expect(start.code, start.stderr).toBe(0);
  expect(start.stderr).toContain("warning: exo's git hooks were not installed in this checkout (a clone does not copy .git/hooks); installed them.\n");
  // The ledger names the hook scripts written (before: files [], as if nothing was).
  const records = envelope(await exo(other, "ledger-show", "--type", "hooks.reinstalled")).data.records as { data: { files: string[] } }[];
  expect(records.at(-1)?.data.files).toEqual([".git/hooks/pre-commit", ".git/hooks/prepare-commit-msg"]);
});

test("next with only blocked work hints exo ready, which says what each task waits for", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1", status: "review" }, { id: "T2", parent: "INT-1", blockers: ["T1"] }]);
  const next = envelope(await exo(repo, "next"));
  expect(next.error?.code).toBe("NO_TICKET");
  expect(next.error?.message).toBe("Nothing is ready to dispatch: 1 blocked.");
  expect(next.error?.hint).toBe("exo ready");
  const ready = await exo(repo, "ready", { json: false });
  expect(ready.code).toBe(0);
  expect(ready.stdout).toMatch(/^ {2}T2 +todo +waiting for T1 \(review\)$/m);
  // session-start with no ticket says the same, and finish without a session points there too.
  const start = envelope(await exo(repo, "session-start"));
  expect(start.error?.message).toBe("No ticket given, and nothing is ready: 1 blocked; pass --ticket-id to name a task.");
  expect(start.error?.hint).toBe("exo ready");
  expect(envelope(await exo(repo, "session-finish", "--summary", "x")).error?.hint).toBe("exo ready");
});

test("session-finish after exo next but before session-start points at starting the claimed ticket", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1" }]);
  // The quick start's owner name is not the actor: the claim is still the thing to start on.
  expect(envelope(await exo(repo, "next", "--owner", "your-name")).data.ticket.id).toBe("TICKET-001");
  const finish = envelope(await exo(repo, "session-finish", "--summary", "done"));
  expect(finish.error?.code).toBe("NO_ACTIVE_SESSION");
  expect(finish.error?.hint).toBe("exo session-start --ticket-id TICKET-001");
  expect(envelope(await exo(repo, "session-suspend", "--reason", "lunch")).error?.hint).toBe("exo session-start --ticket-id TICKET-001");
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001"));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
});

test("the last word of a command or option gets a suggestion: exo finish, exo verify, --reason", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const cases: [string[], string, string][] = [
    [["start", "--ticket-id", "T1"], 'Unknown command "start"; did you mean session-start?', "exo session-start --ticket-id T1"],
    [["verify"], 'Unknown command "verify"; did you mean ledger-verify?', "exo ledger-verify"],
    [["show", "T1"], 'Unknown command "show"; did you mean ticket-show or ledger-show?', "exo ticket-show T1"],
    [["session-finish", "--summary", "done", "--skip-check", "--reason", "flaky"], "Unknown option --reason for exo session-finish; did you mean --break-glass-reason?", "exo session-finish --summary done --skip-check --break-glass-reason flaky"],
  ];
  for (const [args, message, hint] of cases) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code, args.join(" ")).toBe(2);
    expect(run.stderr, args.join(" ")).toBe(`error: ${message} [USAGE_ERROR]\nhint: ${hint}\n`);
  }
  expect((await exo(repo, "help", "finish", { json: false })).stderr).toMatch(/\nhint: exo help session-finish\n$/);
  // The hints run as printed.
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.id).toBe("T1");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1")).ok).toBe(true);
  const finish = envelope(await exo(repo, "session-finish", "--summary", "done", "--skip-check", "--break-glass-reason", "flaky"));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
  // Too short to mean anything: no guess.
  expect(envelope(await exo(repo, "check", "--id", "T1")).error?.hint).toBe("exo check --help");
});

test("exo alone after a handoff names who picks the ticket up, as the handoff did, not 'pick it up' to the sender", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1")).ok).toBe(true);
  const handoff = envelope(await exo(repo, "session-handoff", "--to", "agent:claude", "--summary", "over to you"));
  expect(handoff.ok, JSON.stringify(handoff.error)).toBe(true);
  const sender = (await exo(repo, { json: false })).stdout;
  expect(sender).toMatch(/^ {2}EXO_ACTOR=agent:claude exo session-start --ticket-id T1\n {4}T1 was handed to agent:claude$/m);
  expect(sender).not.toMatch(/pick it up/);
  // The receiver is told it was handed to it (round 29: before, "is paused: pick it up"); the printed line runs as printed.
  expect((await exo(repo, { json: false, env: { EXO_ACTOR: "agent:claude" } })).stdout).toMatch(/exo session-start --ticket-id T1\s+T1 was handed to you: start a session on it$/m);
  const taken = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:claude" } }));
  expect(taken.ok, JSON.stringify(taken.error)).toBe(true);
  expect(taken.data.handoff.from_actor).toMatch(/^human/);
});

test("decide's OUT_OF_SCOPE hint keeps the scope allowed now: --scope-allow replaces the list", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent", allow: ["src/**"] }, { id: "T1", parent: "INT-1", allow: ["src/**"] }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1")).ok).toBe(true);
  const denied = envelope(await exo(repo, "decide", "--path", "README.md"));
  expect(denied.error?.code).toBe("OUT_OF_SCOPE");
  expect(denied.error?.hint).toBe("exo ticket-update T1 --scope-allow 'src/**' --scope-allow README.md");
  // The hint runs as printed and widens the scope without losing src/**.
  const updated = envelope(await exo(repo, "ticket-update", "T1", "--scope-allow", "src/**", "--scope-allow", "README.md"));
  expect(updated.ok, JSON.stringify(updated.error)).toBe(true);
  expect(updated.data.ticket.scope.allow).toEqual(["src/**", "README.md"]);
  // A denial that is not about scope keeps its own hint.
  const secret = envelope(await exo(repo, "decide", "--path", "src/.env"));
  expect(secret.error?.code).toBe("RULE_DENIED");
  expect(secret.error?.hint).not.toMatch(/--scope-allow/);
});

test("a budget above the ceiling: the hint carries the ceiling's figures, and ticket-update's runs as printed", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const update = envelope(await exo(repo, "ticket-update", "T1", "--max-files", "100000"));
  expect(update.error?.code).toBe("BUDGET_EXCEEDS_CEILING");
  const ceiling = /above the ceiling (\d+)/.exec(update.error?.message ?? "")?.[1];
  expect(ceiling).toBeDefined();
  expect(update.error?.hint).toBe(`exo ticket-update T1 --max-files ${ceiling}`);
  const rerun = envelope(await exo(repo, "ticket-update", "T1", "--max-files", String(ceiling)));
  expect(rerun.ok, JSON.stringify(rerun.error)).toBe(true);
  const create = envelope(await exo(repo, "ticket-create", "big", "--parent", "INT-1", "--max-files", "100000", "--max-loc", "100000000"));
  expect(create.error?.code).toBe("BUDGET_EXCEEDS_CEILING");
  expect(create.error?.hint).toMatch(/^exo ticket-create "…" --max-files \d+ --max-loc \d+$/);
});
