// A new user's first hours and a small team's first day, twenty-fifth pass: refusals whose hint
// sent people back to the command that had just failed, or to one that could not help.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, tempDir, tempRepo, writeFiles } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { team } from "../../helpers/team.js";

test("session-start refused with LEASE_HELD by an actor holding a claim with no session yet hints starting on that claim (before: exo next, which claims one more)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  git(b.dir, "config", "user.email", "b@example.invalid");
  expect(envelope(await a.run("next", "--distributed")).data.ticket.id).toBe("T1");
  expect(envelope(await b.run("next", "--distributed")).data.ticket.id).toBe("T2");
  // b tries a's ticket: the lease is a's, and b's own claim waits.
  const refused = coded(await b.run("session-start", "--ticket-id", "T1", "--distributed"), "LEASE_HELD");
  expect(refused.error?.message).toMatch(/^The lease on T1 is held by human:dev@example\.invalid on a \(origin\) until \S+; you hold T2 \(claimed, no session yet\): start on it\.$/);
  expect(refused.error?.hint).toBe("exo session-start --ticket-id T2 --distributed");
  expect(refused.error?.details?.claimed).toEqual(["T2"]);
  // The hint runs as printed.
  const started = envelope(await b.run(...(refused.error?.hint ?? "").split(" ").slice(1)));
  expect(started.data?.ticket.id).toBe("T2");
});

test("exo next --distributed with every other ticket leased names this clone's own waiting claim and hints starting it (before: exo tickets, the claim unmentioned)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  expect(envelope(await a.run("next", "--distributed")).data.ticket.id).toBe("T1");
  expect(envelope(await b.run("next", "--distributed")).data.ticket.id).toBe("T2");
  const again = coded(await b.run("next", "--distributed"), "LEASE_HELD");
  expect(again.error?.message).toMatch(/\(T1 by human:dev@example\.invalid on a until \S+\); T2 is claimed by human:dev@example\.invalid and waits for a session\.$/);
  expect(again.error?.hint).toBe("exo session-start --ticket-id T2");
});

test("session-start on a ticket another actor works on, by an actor holding its own claim: TICKET_IN_USE hints that claim (before: exo next)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets[0].id as string;
  expect((await exo(repo, "ticket-create", "second", "--parent", intent, "--id", "TICKET-002")).code).toBe(0);
  const codex = { env: { EXO_ACTOR: "agent:codex" } };
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", codex)).code).toBe(0);
  expect(envelope(await exo(repo, "next")).data.ticket.id).toBe("TICKET-002");
  const refused = coded(await exo(repo, "session-start", "--ticket-id", "TICKET-001"), "TICKET_IN_USE");
  expect(refused.error?.message).toMatch(/^agent:codex works on TICKET-001 \(session SES-[^)]+\); you hold TICKET-002 \(claimed, no session yet\): start on it\.$/);
  expect(refused.error?.hint).toBe("exo session-start --ticket-id TICKET-002");
  // Without a claim of its own, the refusal is as before.
  const other = coded(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "agent:cursor" } }), "TICKET_IN_USE");
  expect(other.error?.hint).toBe("exo next");
});

test("export-traces --endpoint localhost:4318 says to add http:// and hints the line with it (before: --help); the same in config.yaml's otlp_endpoint (before: accepted)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const bare = coded(await exo(repo, "export-traces", "--endpoint", "localhost:4318", "--no-write"), "INVALID_INPUT", 2);
  expect(bare.error?.message).toBe('--endpoint must start with http:// or https://, got "localhost:4318": write http://localhost:4318.');
  expect(bare.error?.hint).toBe("exo --format json export-traces --endpoint http://localhost:4318 --no-write");
  expect(bare.error?.details?.issues).toEqual([expect.objectContaining({ path: "endpoint", code: "url_scheme_missing" })]);
  const human = await exo(repo, "export-traces", "--endpoint=127.0.0.1:4318", { json: false });
  expect(human.stderr).toContain("hint: exo export-traces --endpoint=http://127.0.0.1:4318\n");
  // --help says what the value is (before: --endpoint <text>, --header <text>).
  const help = (await exo(repo, "export-traces", "--help", { json: false })).stdout;
  expect(help).toMatch(/--endpoint <url>\s+OTLP\/HTTP collector URL, http:\/\/ or https:\/\//);
  expect(help).toContain("--header <K=V>…");
  // Another scheme is still a bad value, with one issue (before: "must be a URL (and 1 more)" for 127.0.0.1:4318).
  const ftp = coded(await exo(repo, "export-traces", "--endpoint", "ftp://collector:21"), "INVALID_INPUT", 2);
  expect(ftp.error?.message).toBe('--endpoint must be an http:// or https:// URL, got "ftp://collector:21".');
  await writeFile(join(repo, ".exo/config.yaml"), `${git(repo, "show", "HEAD:.exo/config.yaml")}telemetry:\n  otlp_endpoint: localhost:4318\n`);
  const validated = envelope(await exo(repo, "config-validate"));
  expect(validated.ok).toBe(false);
  expect(validated.error?.message).toContain('telemetry.otlp_endpoint must start with http:// or https://, got "localhost:4318": write http://localhost:4318');
});

test("a failed exo trace hints exo features and says what to do about the first error (before: exo trace, the command that had just failed)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  await writeFiles(repo, {
    ".exo/features.yaml": 'version: 1\nfeatures:\n  - id: auth\n    title: Auth\n    files: ["src/auth/**"]\n  - id: old\n    title: Old\n    status: deleted\n',
    ".exo/requirements.yaml": "version: 1\nrequirements:\n  - id: REQ-1\n    title: Sign up\n    acceptance: [ACC-1]\n",
    "src/a.ts": "// @feature:billing\nexport const a = 1; // @req:REQ-9\n// @endfeature\n",
    "src/b.ts": "// @feature:old\n",
  });
  expect((await exo(repo, "compose")).code).toBe(0);
  const trace = coded(await exo(repo, "trace"), "TRACE_FAILED");
  expect(trace.error?.message).toBe("Feature trace failed: src/a.ts:1: feature billing is not in features.yaml: add billing to .exo/features.yaml (then exo compose) or correct the tag (and 1 more error).");
  expect(trace.error?.hint).toBe("exo features");
  expect(envelope(await exo(repo, "features")).data.features.map((f: { id: string }) => f.id)).toEqual(["auth", "old"]);
  const reqs = coded(await exo(repo, "trace-reqs"), "TRACE_FAILED");
  expect(reqs.error?.message).toBe("Requirement trace failed: src/a.ts:2: requirement REQ-9 is not in requirements.yaml: add it to .exo/requirements.yaml (then exo compose) or correct the tag.");
  expect(reqs.error?.hint).toBe("exo requirements");
});

test("doctor failing only on a hook switch in the user's own settings hints removing it, not exo doctor --fix (which leaves user settings alone)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const home = await tempDir();
  await mkdir(join(home, ".claude"), { recursive: true });
  const settings = join(home, ".claude/settings.json");
  await writeFile(settings, JSON.stringify({ disableAllHooks: true }));
  const env = { env: { HOME: home } };
  const doctor = coded(await exo(repo, "doctor", env), "DOCTOR_FAILED");
  const hooks = doctor.data.sections.find((s: { name: string }) => s.name === "hooks");
  expect(hooks).toMatchObject({ status: "fail", fixable: false, hint: `remove disableAllHooks from ${settings} (exo does not edit your own settings)` });
  expect(doctor.error?.hint).toBe(hooks.hint);
  // --fix indeed leaves it: the hint said so.
  expect((await exo(repo, "doctor", "--fix", env)).code).toBe(1);
});

test("over MCP, a comma-joined list value is told to go in a list, not 'given one at a time' (CLI wording); the CLI keeps its own", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const client = await mcpClient(repo);
  for (const status of ["todo,active", ["todo,active"]]) {
    const r = structured(await client.callTool({ name: "exo_tickets", arguments: { status } }));
    expect(r.error?.code).toBe("INVALID_INPUT");
    expect(r.error?.message).toContain('; several values go in a list (["todo","active"]), not one string joined with commas.');
    expect(r.error?.message).not.toContain("one at a time");
  }
  const ok = structured(await client.callTool({ name: "exo_tickets", arguments: { status: ["todo", "active"] } }));
  expect(ok.ok).toBe(true);
  const cli = await exo(repo, "tickets", "--status", "todo,active", { json: false });
  expect(cli.stderr).toContain("several values are given one at a time, not joined with commas");
  expect(cli.stderr).toContain("hint: exo tickets --status todo --status active");
});

test("doctor on a garbled lock file: integrity and locks point at the state section's --fix, which repairs it (before: integrity said 'correct it by hand', locks gave no hint)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  await writeFile(join(repo, ".exo/locks/TICKET-001.json"), "{bad");
  const doctor = coded(await exo(repo, "doctor"), "DOCTOR_FAILED");
  const section = (name: string) => doctor.data.sections.find((s: { name: string }) => s.name === name);
  expect(section("integrity").message).toBe("1 file changed outside exo no longer parses: .exo/locks/TICKET-001.json; --fix does not adopt it, it sets it aside and rebuilds the lock from the ledger (state section)");
  expect(section("integrity").hint).toBe("exo doctor --fix --section state");
  expect(section("locks")).toMatchObject({ status: "fail", hint: "exo doctor --fix --section state" });
  expect(section("locks").message).not.toContain("by hand");
  // The hint does it: state, integrity and locks pass after it.
  expect((await exo(repo, "doctor", "--fix", "--section", "state")).code).toBe(0);
  const after = envelope(await exo(repo, "doctor")).data.sections.filter((s: { status: string }) => s.status === "fail");
  expect(after).toEqual([]);
});

test("after session-handoff --to agent:codex, exo ready names whom the paused ticket waits for and its start, as exo alone does (before: 'status is paused' and ticket-create)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  // A first try without --summary: a usage error whose hint adds it.
  const missing = coded(await exo(repo, "session-handoff", "--to", "agent:codex"), "USAGE_ERROR", 2);
  expect(missing.error?.hint).toBe('exo session-handoff --to agent:codex --summary "…"');
  expect((await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "take it")).code).toBe(0);
  const ready = envelope(await exo(repo, "ready")).data;
  expect(ready.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", status: "paused", detail: "handed to agent:codex, waits for its session-start" })]);
  expect(ready.next_command).toBe("EXO_ACTOR=agent:codex exo session-start --ticket-id TICKET-001");
  expect((await exo(repo, { json: false })).stdout).toContain("EXO_ACTOR=agent:codex exo session-start --ticket-id TICKET-001");
  // The line runs as printed, and then the ticket is the receiver's.
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "agent:codex" } }));
  expect(started.data?.session.actor).toBe("agent:codex");
  expect(envelope(await exo(repo, "ready")).data.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", detail: `agent:codex works on it (${started.data.session.id as string})` })]);
});

test("two agents racing on exo next: the loser is not told to start the winner's claim as the winner (before: session-start --actor agent:b); a person still is", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect(envelope(await exo(repo, "next", { env: { EXO_ACTOR: "agent:b" } })).data.ticket.id).toBe("TICKET-001");
  const loser = coded(await exo(repo, "next", { env: { EXO_ACTOR: "agent:a" } }), "NO_TICKET");
  expect(loser.error?.message).toBe("Nothing is ready to dispatch: no task is todo.");
  expect(loser.error?.hint).toMatch(/^exo ticket-create "<what to do>" --parent INT-/);
  // A team lead (a person) who claimed for agent:b is pointed at that agent's start.
  expect(coded(await exo(repo, "next"), "NO_TICKET").error?.hint).toBe("exo session-start --ticket-id TICKET-001 --actor agent:b");
});
