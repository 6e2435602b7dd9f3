// A demanding new user's first hour, twelfth pass: a broken constitution, a check that fails, a
// handoff that keeps its lock, and exo init before exo install.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, pasted, tempRepo } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

test("config-validate's hint is not config-validate again: git's view of the broken file, and it runs", async () => {
  const repo = await initRepo();
  const file = `${repo}/.exo/constitution.yaml`;
  writeFileSync(file, "version: 1\nrules:\n  - id: X\n    type: [unclosed\n");
  const run = await exo(repo, "config-validate");
  expect(run.code).toBe(1);
  const env = envelope(run);
  expect(env.error?.code).toBe("VALIDATION_FAILED");
  // Before: hint "exo config-validate", the command that had just printed this.
  expect(env.error?.hint).toBe("git diff HEAD -- :/.exo/constitution.yaml");
  expect(env.data.next_command).toBe(env.error?.hint);
  expect(pasted(repo, env.error?.hint ?? "")).toContain("+    type: [unclosed");
  // A schema error names its file and line in the message.
  writeFileSync(file, readFileSync(file, "utf8").replace("type: [unclosed", "type: nope"));
  expect(envelope(await exo(repo, "config-validate")).error?.message).toMatch(/\(\.exo\/constitution\.yaml:\d+\)\.$/);
  // A deleted committed file: the hint brings git's copy back, and validation passes again.
  rmSync(file);
  const missing = envelope(await exo(repo, "config-validate"));
  expect(missing.error?.hint).toBe("git checkout -- :/.exo/constitution.yaml");
  pasted(repo, missing.error?.hint ?? "");
  expect(envelope(await exo(repo, "config-validate")).ok).toBe(true);
  // Broken as committed: the commits that touched it (git diff would show nothing).
  writeFileSync(file, "version: [\n");
  git(repo, "commit", "-qam", "broken", "--no-verify");
  expect(envelope(await exo(repo, "config-validate")).error?.hint).toBe("git log --oneline -- :/.exo/constitution.yaml");
});

test("exo alone after a handoff that kept its lock names the ticket once, with who picks it up", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1")).ok).toBe(true);
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:c", "--summary", "yours", "--keep-lock")).ok).toBe(true);
  // Before: two lines for T1, the first "exo session-start --ticket-id T1" for the sender.
  const sender = (await exo(repo, { json: false })).stdout;
  expect(sender.match(/session-start --ticket-id T1/g)).toHaveLength(1);
  expect(sender).toMatch(/\n {2}EXO_ACTOR=agent:c exo session-start --ticket-id T1 +T1 was handed to agent:c\n/);
  const receiver = (await exo(repo, { json: false, env: { EXO_ACTOR: "agent:c" } })).stdout;
  expect(receiver.match(/session-start --ticket-id T1/g)).toHaveLength(1);
  expect(receiver).toContain("T1 was handed to you with its lock: start a session on it");
  // The receiver's line runs.
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:c" } })).ok).toBe(true);
});

test("exo check --ticket-id that fails hints the same checks again, not a bare exo check that passes", async () => {
  const repo = await initRepo();
  const config = `${repo}/.exo/config.yaml`;
  writeFileSync(config, readFileSync(config, "utf8").replace("allowlist: []", 'allowlist: ["git rev-parse --verify nope"]'));
  expect(envelope(await exo(repo, "compose")).ok).toBe(true);
  expect(envelope(await exo(repo, "intent-create", "goal", "--brain-dump", "why", "--id", "INT-1")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "t", "--parent", "INT-1", "--id", "T1", "--check", "git rev-parse --verify nope")).ok).toBe(true);
  const failed = await exo(repo, "check", "--ticket-id", "t1");
  expect(failed.code).toBe(1);
  // Before: hint "exo check", which with no session runs no check and passes.
  expect(envelope(failed).error?.hint).toBe("exo check --ticket-id T1");
  expect((await exo(repo, "check", "--ticket-id", "T1")).code).toBe(1);
});

test("exo init then exo install: install commits the governance init wrote, and init says install is next", async () => {
  const repo = await tempRepo({ "src/a.js": "1\n" });
  const init = await exo(repo, "init", { json: false });
  expect(init.stdout).toContain("\nnext: exo install   # hooks, agent instruction files and one commit of .exo/\n");
  expect(envelope(await exo(repo, "intent-create", "goal", "--brain-dump", "why", "--id", "INT-1")).ok).toBe(true);
  const install = envelope(await exo(repo, "install"));
  expect(install.ok).toBe(true);
  // Before: "left uncommitted (you had changes there)" for constitution, config, lock and seal: the
  // commit had hooks pointing at governance no clone would get.
  expect(install.data.left_uncommitted).toEqual([]);
  expect(git(repo, "status", "--porcelain")).toBe("");
  expect(git(repo, "ls-files", ".exo")).toContain(".exo/constitution.yaml");
  expect(git(repo, "ls-files", ".exo")).toContain(".exo/tickets/INT-1.yaml");
  expect(envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0].status).toBe("pass");
});

test("doctor's hint for governance git does not track commits without opening an editor", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "init")).code).toBe(0);
  const doctor = envelope(await exo(repo, "doctor", "--section", "git_tracking"));
  // Before: "git add .exo && git commit", which stops in an editor (or fails without a terminal).
  expect(doctor.error?.hint).toBe('git add -- .exo && git commit -m "chore(exo): governance" -m "Exo-Generated: true" -- .exo');
  pasted(repo, doctor.error?.hint ?? "");
  expect(envelope(await exo(repo, "doctor", "--section", "git_tracking")).ok).toBe(true);
});

test("ledger show --ticket-id takes the id in any case, and a --type no record has warns with the types there are", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TASK-1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "next")).ok).toBe(true);
  // Before: "no matching records" for the id typed as ticket-show takes it.
  const lower = envelope(await exo(repo, "ledger", "show", "--ticket-id", "task-1"));
  expect(lower.data.records.length).toBeGreaterThan(0);
  expect(lower.data.records.every((r: { ticket: string }) => r.ticket === "TASK-1")).toBe(true);
  // Before: a typo in --type printed "no matching records" and nothing else.
  const typo = await exo(repo, "ledger", "show", "--type", "dispatch.claimd", { json: false });
  expect(typo.code).toBe(0);
  expect(typo.stdout).toBe("no matching records\n");
  expect(typo.stderr).toContain('warning: No record in this ledger has type "dispatch.claimd"; its family has: dispatch.claimed.');
  const env = envelope(await exo(repo, "ledger", "show", "--type", "dispatch.claimed"));
  expect(env.data.records).toHaveLength(1);
  expect(env.warnings).toBeUndefined();
});

test("lease-release of someone else's claim hints a release as its owner, not a heartbeat, and it runs", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }, { id: "T2", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "next", "--owner", "alice")).data.ticket.id).toBe("T1");
  const release = await exo(repo, "lease-release", "--ticket-id", "T1");
  expect(release.code).toBe(1);
  const error = envelope(release).error;
  expect(error?.code).toBe("LOCK_OWNER_MISMATCH");
  // Before: hint "exo lease-heartbeat --ticket-id T1 --actor alice", which extends the lock instead.
  expect(error?.hint).toBe("exo lease-release --ticket-id T1 --actor alice");
  expect(error?.message).toContain("or pass --force to release it anyway");
  const renew = envelope(await exo(repo, "lease-renew", "--ticket-id", "T1"));
  expect(renew.error?.hint).toBe("exo lease-renew --ticket-id T1 --actor alice");
  // Nothing held: release has nothing to give back; its hint is not "exo next", which claims a ticket.
  expect(envelope(await exo(repo, "lease-release")).error?.hint).toBe("exo status");
  const released = envelope(await exo(repo, ...(error?.hint ?? "").split(" ").slice(1)));
  expect(released.ok).toBe(true);
  expect(released.data.ticket_status).toBe("todo");
});

test("exo --format json with no command points at exo status's JSON, the state exo alone shows", async () => {
  const repo = await initRepo();
  const run = await exo(repo);
  expect(run.code).toBe(2);
  const env = envelope(run);
  expect(env.error?.code).toBe("USAGE_ERROR");
  // Before: "No command given; run exo --help." with the hint exo --help, help text no script reads.
  expect(env.error?.hint).toBe("exo status --format json");
  expect(envelope(await exo(repo, "status")).ok).toBe(true);
});

test("a ticket file that no longer parses is named by exo alone, ready, next and status, not silently left out", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1", priority: 1 }, { id: "T2", parent: "INT-1" }]);
  writeFileSync(`${repo}/.exo/tickets/T1.yaml`, "id: [broken\n");
  // Before: exo alone counted 2 todo and offered T2, with no word about T1.
  const home = (await exo(repo, { json: false })).stdout;
  expect(home.replace(/\s+/g, " ")).toContain("tickets 1 task todo; 1 intent; 1 ticket file unreadable");
  expect(home).toMatch(/\n {2}exo doctor --section tickets\n {4}1 ticket file does not parse: nothing hands it out\n/);
  for (const args of [["ready"], ["next", "--dry-run"], ["status"]]) {
    const env = envelope(await exo(repo, ...args));
    expect(env.ok).toBe(true);
    expect(env.warnings?.map((w) => w.code)).toEqual(["TICKET_UNREADABLE"]);
    expect(env.warnings?.[0]?.message).toMatch(/^\.exo\/tickets\/T1\.yaml: .* at line 2, column 1; dispatch leaves it out \(exo doctor --section tickets says how to restore it\)$/);
  }
  // The line exo alone prints names git's copy, which puts T1 back in dispatch order.
  const doctor = envelope(await exo(repo, "doctor", "--section", "tickets"));
  expect(doctor.error?.hint).toBe("git checkout -- .exo/tickets/T1.yaml");
  pasted(repo, doctor.error?.hint ?? "");
  expect(envelope(await exo(repo, "next", "--dry-run")).data.ticket.id).toBe("T1");
});

test("the dashboard's refusal of a non-loopback address hints the same --serve on loopback", async () => {
  const repo = await initRepo();
  const env = envelope(await exo(repo, "dashboard", "--serve", "--bind", "0.0.0.0", "--port", "0"));
  expect(env.error?.code).toBe("INVALID_INPUT");
  expect(env.error?.message).toContain("add --allow-remote to expose it on purpose");
  // Before: "exo dashboard --serve --port 0" whatever was asked for; now the line asked for, on loopback.
  expect(env.error?.hint).toBe("exo dashboard --serve --port 0");
  expect(envelope(await exo(repo, "dashboard", "--serve", "--bind", "10.1.2.3")).error?.hint).toBe("exo dashboard --serve");
});

test("pr-check with a base of a remote the repository does not have hints the local branch, and it runs", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "pr-check", "--base", "origin/main");
  expect(run.code).toBe(2);
  // Before: hint "exo pr-check --help"; "fetch it" cannot work without a remote.
  expect(envelope(run).error?.hint).toBe("exo pr-check --base main");
  expect(envelope(await exo(repo, "pr-check", "--base", "main")).ok).toBe(true);
  // With the remote there, fetching is what makes origin/main exist.
  git(repo, "remote", "add", "origin", "https://example.invalid/repo.git");
  expect(envelope(await exo(repo, "pr-check", "--base", "origin/main")).error?.hint).toBe("git fetch origin main");
  expect(envelope(await exo(repo, "pr-check", "--head", "nope")).error?.details.issues[0].path).toBe("head");
});

test("metrics for a window that ended before a session started does not count that open session", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1")).ok).toBe(true);
  // Before: "sessions 1 total: 1 active" for 2019-12 → 2020-01, the session started today.
  const past = envelope(await exo(repo, "metrics", "--until", "2020-01-01"));
  expect(past.data.sessions).toMatchObject({ active: 0, suspended: 0, total: 0 });
  expect((await exo(repo, "metrics", "--until", "2020-01-01", { json: false })).stdout).toContain("sessions    0 total");
  expect(envelope(await exo(repo, "metrics")).data.sessions).toMatchObject({ active: 1, total: 1 });
});

test("tickets with filters that match nothing says so, not that the repository has no tickets", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const run = await exo(repo, "tickets", "--parent", "T1", { json: false });
  // Before: "no tickets here … new work starts with: exo intent-create" beside two tickets.
  expect(run.stdout).toBe("no ticket matches these filters (2 tickets in all; exo tickets --all lists them)\n");
  const env = envelope(await exo(repo, "tickets", "--status", "done"));
  expect(env.data).toMatchObject({ tickets: [], total: 0, in_repo: 2 });
  expect(envelope(await exo(repo, "tickets", "--all")).data.total).toBe(2);
  // The tree views too: exo intents --drift-above and tickets --tree --status.
  expect((await exo(repo, "intents", "--drift-above", "0.9", { json: false })).stdout).toMatch(/^no ticket matches these filters \(2 tickets in all\)\n/);
  expect((await exo(repo, "tickets", "--tree", "--status", "done", { json: false })).stdout).toBe("no ticket matches these filters (2 tickets in all)\n");
  const empty = await initRepo();
  expect((await exo(empty, "tickets", { json: false })).stdout).toContain("new work starts with: exo intent-create");
  expect((await exo(empty, "intents", { json: false })).stdout).toContain("new work starts with: exo intent-create");
});

test("the README's MCP sentence matches install: Claude Code always, Cursor only where .cursor/ already is", async () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8").replace(/\s+/g, " ");
  // Before: "registers the MCP server for Claude Code (.mcp.json), Cursor (.cursor/mcp.json) and Codex", unconditionally.
  expect(readme).toContain("Claude Code (`.mcp.json`) and git always, Cursor (`.cursor/mcp.json`) and Codex (`.codex/config.toml`) when the repository already has their folder (for Cursor, or a `.cursorrules`).");
  const plain = await tempRepo({ "src/a.js": "1\n" });
  const install = envelope(await exo(plain, "install"));
  expect(install.data.mcp.message).toBe("node .exo/bin/exo-mcp.mjs; .mcp.json added");
  expect(git(plain, "ls-files", ".cursor/mcp.json", ".codex/config.toml")).toBe("");
  const cursor = await tempRepo({ ".cursor/environment.json": "{}\n" });
  expect(envelope(await exo(cursor, "install")).data.mcp.message).toBe("node .exo/bin/exo-mcp.mjs; .mcp.json added; .cursor/mcp.json added");
});

test("an id taken in another case names the ticket that holds it, and the hint shows that ticket", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1", title: "first" }]);
  const run = await exo(repo, "ticket-create", "second", "--parent", "int-1", "--id", "ticket-001");
  expect(run.code).toBe(2);
  const error = envelope(run).error;
  // Before: "A ticket ticket-001 exists already", naming no ticket that exists, hint exo tickets --all.
  expect(error?.message).toBe("A ticket TICKET-001 exists already (ticket-001 is the same id: ids are unique ignoring case); pick another id.");
  expect(error?.hint).toBe("exo ticket-show TICKET-001");
  expect(envelope(await exo(repo, ...(error?.hint ?? "").split(" ").slice(1))).data.ticket.title).toBe("first");
  expect(envelope(await exo(repo, "ticket-create", "third", "--parent", "INT-1", "--id", "TICKET-001")).error?.message).toBe("A ticket TICKET-001 exists already; pick another id.");
});

test("an --owner, --actor or --to that is no actor name hints the line typed with a name that works, and it runs", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  // Before: "exo next --help" / "exo status --help", while EXO_ACTOR's own error names a value that works.
  const next = envelope(await exo(repo, "next", "--owner", "your name", "--dry-run"));
  expect(next.error?.code).toBe("INVALID_INPUT");
  expect(next.error?.hint).toBe("exo --format json next --owner your-name --dry-run");
  expect(envelope(await exo(repo, ...(next.error?.hint ?? "").split(" ").slice(3))).data.ticket.id).toBe("T1");
  const global = await exo(repo, "--actor", "bob smith", "status", { json: false });
  expect(global.code).toBe(2);
  expect(global.stderr).toContain("hint: exo --actor bob-smith status\n");
  expect(envelope(await exo(repo, "--actor=agent : x", "status")).error?.hint).toBe("exo --format json --actor=agent:x status");
  // A value that cannot become a name keeps the table's hint.
  expect(envelope(await exo(repo, "next", "--owner", "!!!")).error?.hint).toBe("exo next --help");
});

test("a mistyped option typed without its value: the hint shows the corrected option with its value to fill in", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "session-start", "--ticket", { json: false });
  expect(run.code).toBe(2);
  // Before: "hint: exo session-start --ticket-id", which fails again on the missing value.
  expect(run.stderr).toContain("hint: exo session-start --ticket-id '<id>'\n");
  expect((await exo(repo, "session-start", "--ticket", "--vendor", "x", { json: false })).stderr).toContain("hint: exo session-start --ticket-id '<id>' --vendor x\n");
  // With the value typed, the hint is the line corrected, as before.
  expect(envelope(await exo(repo, "check", "--ticket", "T1")).error?.hint).toBe("exo check --ticket-id T1");
});

test("a mistyped required option is named as the typo with the line corrected, not 'needs --summary'", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1")).ok).toBe(true);
  const run = await exo(repo, "session-finish", "--sumary", "done", { json: false });
  expect(run.code).toBe(2);
  // Before: "exo session-finish needs --summary; run exo session-finish --help" beside a --sumary typed.
  expect(run.stderr).toBe("error: Unknown option --sumary for exo session-finish; did you mean --summary? [USAGE_ERROR]\nhint: exo session-finish --summary done\n");
  expect(envelope(await exo(repo, "intent-create", "goal", "--brain-dum", "why")).error?.hint).toBe("exo intent-create goal --brain-dump why");
  // Nothing mistyped: the missing option is still what is named.
  expect(envelope(await exo(repo, "session-finish")).error?.message).toBe("exo session-finish needs --summary; run exo session-finish --help.");
  expect(envelope(await exo(repo, "session-finish", "--summary", "done")).ok).toBe(true);
});
