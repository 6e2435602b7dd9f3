// A new user's first hours and a small team's first day, thirty-second pass: metrics' throughput
// against its own done count, fleet-drift's LIVE column, a handed task offered twice by exo alone,
// LEASE_HELD's count and hint.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { teammate } from "../../helpers/team.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

test("a task closed in two clones before either pulled is one ticket done: metrics' throughput adds up to done_in_window, in JSON, in its human line and over MCP (before: throughput W49 2 against 1 done in window)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect((await exo(alice, "session-finish", "--summary", "nothing to change")).code).toBe(0);
  const { bob } = teammate(alice);
  // Both accept the review and close it, each in their own clone, and commit the close.
  for (const clone of [bob, alice]) pasted(clone, envelope(await exo(clone, "ticket-close", "TICKET-001")).data.next_command as string);
  git(bob, "push", "-q");
  git(alice, "pull", "-q", "--no-rebase", "--no-edit");
  const m = envelope(await exo(alice, "metrics")).data;
  expect(m.tickets.done_in_window).toBe(1);
  const weeks = m.tickets.throughput as { week: string; done: number }[];
  expect(weeks.reduce((n, w) => n + w.done, 0)).toBe(1);
  const line = (await exo(alice, "metrics", { json: false, env: { COLUMNS: "80" } })).stdout.split("\n").find((l) => l.startsWith("throughput")) ?? "";
  expect(line).toMatch(/ W\d\d 1$/);
  const client = await mcpClient(alice, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_metrics", arguments: {} })).data.tickets.throughput).toEqual(weeks);
});

test("exo fleet-drift's LIVE column counts suspended sessions, as its head line's 'live' does; JSON groups add `live` beside `active`, over MCP too (before: '(0 closed, 1 live)' over a table whose LIVE was 0)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(repo, "README.md"), "# app\nmore\n");
  expect((await exo(repo, "session-suspend", "--reason", "lunch")).code).toBe(0);
  const d = envelope(await exo(repo, "fleet-drift")).data;
  expect(d.summary.covers).toMatchObject({ closed: 0, live: 1 });
  expect(d.groups.actor[0]).toMatchObject({ sessions: 1, active: 0, live: 1 });
  const lines = (await exo(repo, "fleet-drift", { json: false, env: { COLUMNS: "80" } })).stdout.split("\n");
  expect(lines[0]).toContain("(0 closed, 1 live)");
  expect(lines.find((l) => l.startsWith("human:test@example.invalid"))).toMatch(/^human:test@example\.invalid\s+1\s+1\s+/);
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_fleet_drift", arguments: {} })).data.groups.actor[0].live).toBe(1);
  // Back at work: still live, and now active too.
  expect((await exo(repo, "session-resume")).code).toBe(0);
  expect(envelope(await exo(repo, "fleet-drift")).data.groups.actor[0]).toMatchObject({ active: 1, live: 1 });
});

test("a task handed to you from another clone: exo alone offers its session-start once, first, not also `exo next  claim <it>` above it (before: both, the handoff last)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(alice, "README.md"), "# app\nalice's half\n");
  const handed = envelope(await exo(alice, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "over to bob")).data;
  pasted(alice, handed.commit_command as string);
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  expect((await exo(bob, "hook-install", "--harness", "git")).code).toBe(0);
  const home = (await exo(bob, { json: false, env: { COLUMNS: "80" } })).stdout;
  const next = home.slice(home.indexOf("Next:\n"));
  expect(next).not.toContain("exo next");
  expect(next.split("\n")[1]).toBe("  exo session-start --ticket-id TICKET-001");
  expect(next.split("\n")[2]).toBe("    TICKET-001 was handed to you: start a session on it");
  expect(next.match(/TICKET-001/g)).toHaveLength(2);
  expect(next).toContain("exo ready");
  // The line works as printed.
  pasted(bob, "exo session-start --ticket-id TICKET-001");
  expect((await exo(bob, { json: false })).stdout).toContain('exo session-finish --summary "…"');
});

test("exo next --distributed with the one task leased by another clone: 'is leased by another clone', not '1 ticket(s) are', and its hint (pasted) shows who holds it until when (before: hint exo tickets, which says nothing of leases)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install")).code).toBe(0);
  expect((await exo(alice, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  pasted(alice, envelope(await exo(alice, "ticket-create", "signup", "--parent", "INT-001", "--id", "T-1")).data.next_command as string);
  const { bob } = teammate(alice);
  expect((await exo(alice, "next", "--distributed")).code).toBe(0);
  const refused = envelope(await exo(bob, "next", "--distributed"));
  expect(refused.error?.code).toBe("LEASE_HELD");
  expect(refused.error?.message).toMatch(/^Nothing is ready to dispatch here: 1 ticket is leased by another clone \(T-1 by human:test@example\.invalid on \S+ until \S+\)\.$/);
  expect(refused.error?.hint).toBe("exo ready --distributed");
  const run = await exo(bob, ...(refused.error?.hint as string).split(" ").slice(1), { json: false, env: { COLUMNS: "80" } });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/T-1\s+todo\s+leased by human:test@example\.invalid on \S+ until/);
  // Over MCP the same.
  const client = await mcpClient(bob, { args: ["--profile", "all"] });
  const res = structured(await client.callTool({ name: "exo_next", arguments: { distributed: true } }));
  expect(res.error?.message).toContain("1 ticket is leased by another clone");
}, 60_000);

test("a task handed with --keep-lock to a teammate, who finished it in their clone: once pulled, the sender's exo status does not offer `exo session-start` on the task in review, and the lock line says the ticket is in review; JSON locks[].ticket_status (before: 'nothing ready; TICKET-001 is claimed with no session (exo session-start --ticket-id TICKET-001)', which reopened it)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(alice, "README.md"), "# app\nalice's half\n");
  const handed = envelope(await exo(alice, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "over to bob", "--keep-lock")).data;
  pasted(alice, handed.commit_command as string);
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  expect((await exo(bob, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect((await exo(bob, "session-finish", "--summary", "bob's half")).code).toBe(0);
  git(bob, "push", "-q");
  git(alice, "pull", "-q", "--no-rebase", "--no-edit");
  const status = envelope(await exo(alice, "status")).data;
  expect(status.locks).toEqual([expect.objectContaining({ ticket: "TICKET-001", owner: "human:bob@example.invalid", session: null, live: true, ticket_status: "review" })]);
  const text = (await exo(alice, "status", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).not.toContain("session-start");
  // Round 39: exo ready's step, as exo ready gives it below (before: "nothing ready (exo ready says why)").
  expect(text).toMatch(/^next {8}nothing ready; exo ready's next step \(exo ticket-close TICKET-001\)$/m);
  expect(text.replace(/\n\s+/g, " ")).toMatch(/TICKET-001 owner human:bob@example\.invalid until \S+ \(ticket review\)/);
  // What exo ready says is the step: the close, as exo alone says.
  expect(envelope(await exo(alice, "ready")).data.next_command).toBe("exo ticket-close TICKET-001");
  const client = await mcpClient(alice, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_status", arguments: {} })).data.locks[0].ticket_status).toBe("review");
});

test("exo doctor and exo drift count in words: '1 session, none stale', 'N records in 1 segment verify', '2 tickets readable' (before: '1 session(s)', '1 segment(s)', '2 ticket(s)')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  const doctor = (await exo(repo, "doctor", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(doctor).not.toContain("(s)");
  expect(doctor).toMatch(/^ok {4}sessions {6}1 session, none stale/m);
  expect(doctor).toMatch(/^ok {4}ledger {8}\d+ records in 1 segment verify$/m);
  expect(doctor).toMatch(/^ok {4}tickets {7}2 tickets readable$/m);
  expect((await exo(repo, "drift", { json: false, env: { COLUMNS: "80" } })).stdout).toMatch(/^ok {4}sessions {6}1 session, none stale; drift so far/m);
  const sections = envelope(await exo(repo, "doctor")).data.sections as { name: string; message: string }[];
  expect(sections.find((s) => s.name === "tickets")?.message).toBe("2 tickets readable");
});

test("exo ticket-show names a task's blockers 'blockers T-1 (done)' once they are all done, 'blocked  by T-1 (todo)' while one is open (before: 'blocked  by T-1 (done)', as if it still waited)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "signup", "--parent", "INT-001", "--id", "T-1")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "login", "--parent", "INT-001", "--id", "T-2", "--blocker", "T-1")).code).toBe(0);
  const show = async () => (await exo(repo, "ticket-show", "T-2", { json: false, env: { COLUMNS: "80" } })).stdout.split("\n");
  expect(await show()).toContain("blocked  by T-1 (todo)");
  expect((await exo(repo, "session-start", "--ticket-id", "T-1")).code).toBe(0);
  expect((await exo(repo, "session-finish", "--summary", "signup", "--set-status", "done")).code).toBe(0);
  const lines = await show();
  expect(lines).toContain("blockers T-1 (done)");
  expect(lines.join("\n")).not.toContain("blocked");
  expect(envelope(await exo(repo, "ready")).data.ready.map((r: { id: string }) => r.id)).toEqual(["T-2"]);
});
