// Defects of earlier rounds, twenty-third pass: each hint names a step that works, a denial is said
// once, line ends and byte order marks do not change governance, doctor explains what it finds.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, tempDir, tempRepo } from "../../helpers/repo.js";

/** Run a printed hint (`exo …`, `"…"` filled in) as the user would paste it. */
function hintArgs(hint: string, summary = "done"): string[] {
  const words = [...hint.matchAll(/"[^"]*"|\S+/g)].map((m) => m[0]);
  expect(words[0]).toBe("exo");
  return words.slice(1).map((w) => (w === '"…"' ? summary : w.replace(/^"|"$/g, "")));
}

test("ticket-update --status done|cancelled on a ticket with an open session names the session step, and the flow it names works", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  // Before: hint `exo ticket-close TICKET-001 --status done`, refused in turn with TICKET_IN_USE.
  const done = await exo(repo, "ticket-update", "TICKET-001", "--status", "done", { json: false });
  expect(done.code).toBe(1);
  expect(done.stderr).toContain(`session ${session} of `);
  expect(done.stderr).not.toContain("ticket-close");
  const hint = /^hint: (.+)$/m.exec(done.stderr)?.[1] ?? "";
  expect(hint).toBe(`exo session-finish --session-id ${session} --summary "…" --set-status done`);
  // JSON keeps its code; details name the session.
  const json = envelope(await exo(repo, "ticket-update", "TICKET-001", "--status", "done"));
  expect(json.error).toMatchObject({ code: "INVALID_TRANSITION", hint, details: { from: "active", to: "done", session } });
  // ticket-close says the same.
  expect(envelope(await exo(repo, "ticket-close", "TICKET-001")).error).toMatchObject({ code: "TICKET_IN_USE", hint });
  writeFileSync(join(repo, "README.md"), "# app\n\nchanged\n");
  const pasted = await exo(repo, ...hintArgs(hint));
  expect(pasted.code, pasted.stdout).toBe(0);
  expect(envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.status).toBe("done");
});

test("cancelling a ticket with one's own session open: finish keeping the ticket, then ticket-close runs", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  for (const args of [["ticket-update", "TICKET-001", "--status", "cancelled"], ["ticket-close", "TICKET-001", "--status", "cancelled"]]) {
    const r = envelope(await exo(repo, ...args));
    // Before (ticket-close): `exo session-finish … --set-status done`, the opposite of cancelling.
    expect(r.error?.hint, args.join(" ")).toBe(`exo session-finish --session-id ${session} --summary "…" --set-status keep --release-lock`);
    expect(r.error?.message).toContain("then run exo ticket-close TICKET-001 --status cancelled");
  }
  expect((await exo(repo, "session-finish", "--session-id", session, "--summary", "dropped", "--set-status", "keep", "--release-lock")).code).toBe(0);
  const closed = envelope(await exo(repo, "ticket-close", "TICKET-001", "--status", "cancelled"));
  expect(closed.data?.ticket.status, JSON.stringify(closed.error)).toBe("cancelled");
});

test("exo decide says a denial once in human output: the report, then one error line and its hint", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  for (const [args, sentence] of [
    [["--path", ".env"], "exo blocked write of .env"],
    [["--path", "package.json"], "exo blocked write to package.json"],
    [["--bash", "cat .env"], "exo blocked read of .env"],
  ] as const) {
    const r = await exo(repo, "decide", ...args, { json: false });
    expect(r.code).toBe(1);
    // Before: the sentence on stdout under DENY, and again as the error line.
    expect(`${r.stdout}${r.stderr}`.split(sentence).length - 1, `${r.stdout}${r.stderr}`).toBe(1);
    expect(r.stdout).toMatch(/^DENY (RULE_DENIED|OUT_OF_SCOPE) \(session SES-/);
    expect(r.stdout).toMatch(/^ {2}deny {2}(write|read) /m);
    expect(r.stderr).toMatch(new RegExp(`^error: ${sentence.replaceAll(".", "\\.")}.* \\[(RULE_DENIED|OUT_OF_SCOPE)\\]\\nhint: exo .+\\n$`));
  }
  // An allow keeps its one line; JSON keeps the reason.
  expect((await exo(repo, "decide", "--path", "README.md", { json: false })).stdout).toMatch(/^ALLOW .*\n {2}allowed\n/);
  expect(envelope(await exo(repo, "decide", "--path", ".env")).data.reason).toContain("exo blocked write of .env");
});

test("a constitution saved with CRLF line ends or a BOM is the same source: governance stays valid, compose is a no-op, the pre-commit hook agrees", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const lock = () => JSON.parse(readFileSync(join(repo, ".exo/governance.lock.json"), "utf8")) as { version: number; sources: Record<string, string> };
  const before = lock();
  const constitution = join(repo, ".exo/constitution.yaml");
  const config = join(repo, ".exo/config.yaml");
  const lf = readFileSync(constitution, "utf8");
  // A Windows editor's save: CRLF line ends; Notepad's: a byte order mark too.
  writeFileSync(constitution, lf.replaceAll("\n", "\r\n"));
  writeFileSync(config, `\uFEFF${readFileSync(config, "utf8").replaceAll("\n", "\r\n")}`);
  // Before: "stale" until compose made a new lock version of the same rules (and back on the next LF save).
  const status = envelope(await exo(repo, "status"));
  expect(status.data.governance.status).toBe("valid");
  const compose = envelope(await exo(repo, "compose"));
  expect(compose.data).toMatchObject({ changed: false, version: before.version });
  expect(lock().sources).toEqual(before.sources);
  // The pre-commit hook hashes the staged source the same way: no GOVERNANCE_DRIFT.
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "windows save");
  // A real change in CRLF is still a change.
  writeFileSync(constitution, `${lf.replaceAll("\n", "\r\n")}# note\r\n`);
  expect(envelope(await exo(repo, "status")).data.governance.status).toBe("stale");
  writeFileSync(constitution, lf);
  expect(envelope(await exo(repo, "status")).data.governance.status).toBe("valid");
  expect(envelope(await exo(repo, "doctor", "--section", "governance")).data.sections[0].status).toBe("pass");
});

test("doctor's state section explains a handoff record in a git conflict and --fix does not set it aside; resolved, it passes", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const installed = git(repo, "rev-parse", "HEAD").trim();
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect((await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "half done")).code).toBe(0);
  const rel = ".exo/handoffs/TICKET-001.json";
  const mine = readFileSync(join(repo, rel), "utf8");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "handoff here", "--allow-empty");
  // Another clone handed the same ticket off to someone else.
  git(repo, "checkout", "-qb", "other", installed);
  mkdirSync(join(repo, ".exo/handoffs"), { recursive: true });
  writeFileSync(join(repo, rel), mine.replace("agent:codex", "agent:claude").replace("half done", "other half"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "handoff there");
  git(repo, "checkout", "-q", "main");
  expect(() => git(repo, "merge", "-q", "other")).toThrow();
  expect(readFileSync(join(repo, rel), "utf8")).toContain("<<<<<<< ");
  // Before: "(not valid JSON)", hint exo doctor --fix, which moved the file to the quarantine (both handoffs gone).
  const state = envelope(await exo(repo, "doctor", "--section", "state"));
  const section = state.data.sections[0];
  expect(section).toMatchObject({ status: "fail", fixable: false, hint: `git mergetool -- ${rel}` });
  expect(section.message).toContain(`${rel} holds git conflict markers (line 6): two clones each handed TICKET-001 off; keep one handoff (git checkout --ours -- ${rel}, or --theirs), then git add ${rel}`);
  expect(state.error).toMatchObject({ code: "DOCTOR_FAILED", hint: `git mergetool -- ${rel}` });
  const fixed = envelope(await exo(repo, "doctor", "--fix", "--section", "state"));
  expect(fixed.data.fixed).toEqual([]);
  expect(fixed.data.sections[0]).toMatchObject({ status: "fail", fixable: false, hint: `git mergetool -- ${rel}` });
  expect(readFileSync(join(repo, rel), "utf8")).toContain("<<<<<<< ");
  // The markers committed by mistake: the history is the hint, the file is still left alone.
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "merge with markers", "--no-verify");
  const committed = envelope(await exo(repo, "doctor", "--fix", "--section", "state")).data.sections[0];
  expect(committed).toMatchObject({ status: "fail", fixable: false, hint: `git log -p -- ${rel}` });
  expect(committed.message).toContain("a merge committed: two clones each handed TICKET-001 off; keep one handoff by deleting the other side's lines");
  // Resolved as the message says: doctor passes and the handoff is taken up.
  writeFileSync(join(repo, rel), mine);
  git(repo, "commit", "-qam", "keep one handoff");
  expect(envelope(await exo(repo, "doctor", "--section", "state")).data.sections[0].status).toBe("pass");
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", "--actor", "agent:codex")).code).toBe(0);
});

/** A CODEX_HOME trusting every handler of the repository's .codex/hooks.json, as Codex's /hooks records it. */
async function trustedCodexHome(repo: string): Promise<Record<string, string>> {
  const home = await tempDir();
  const file = join(repo, ".codex/hooks.json");
  const hooks = (JSON.parse(readFileSync(file, "utf8")) as { hooks: Record<string, { hooks: unknown[] }[]> }).hooks;
  const snake = (e: string) => e.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  const tables = Object.entries(hooks).flatMap(([event, groups]) => groups.flatMap((g, gi) => g.hooks.map((_, hi) => `[hooks.state.${JSON.stringify(`${file}:${snake(event)}:${gi}:${hi}`)}]\ntrusted_hash = "sha256:0123456789abcdef0123"\n`)));
  writeFileSync(join(home, "config.toml"), tables.join("\n"));
  return { CODEX_HOME: home };
}

test("doctor warns when .codex/config.toml turns Codex's command terminal back on (or loses exo's line), and --fix switches it off again", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--harness", "codex", "--harness", "git")).code).toBe(0);
  const env = await trustedCodexHome(repo);
  const file = join(repo, ".codex/config.toml");
  const installed = readFileSync(file, "utf8");
  expect(installed).toMatch(/^\[features\]\nunified_exec_tty = false # exo: /);
  expect(envelope(await exo(repo, "doctor", "--section", "hooks", { env })).data.sections[0].status).toBe("pass");
  for (const edited of [
    installed.replace(/unified_exec_tty = false.*/, "unified_exec_tty = true # I want vim"),
    installed.replace(/unified_exec_tty = false.*\n/, ""),
  ]) {
    writeFileSync(file, edited);
    // Before: "ok hooks installed: codex, git", and --fix's reinstall kept the value.
    const run = await exo(repo, "doctor", "--section", "hooks", { env });
    expect(run.code).toBe(0);
    const section = envelope(run).data.sections[0];
    expect(section).toMatchObject({ status: "warn", fixable: true, hint: "exo doctor --fix --section hooks" });
    expect(section.message).toMatch(/^\.codex\/config\.toml (turns Codex's command terminal back on|no longer switches Codex's command terminal off).*which no hook judges/);
    const human = await exo(repo, "doctor", "--section", "hooks", { env, json: false });
    expect(human.stdout).toMatch(/^WARN {2}hooks +\.codex\/config\.toml /m);
    const fixed = envelope(await exo(repo, "doctor", "--fix", "--section", "hooks", { env }));
    expect(fixed.data.fixed.map((f: { action: string }) => f.action)).toEqual(["switched Codex's command terminal off again: unified_exec_tty = false under [features] in .codex/config.toml"]);
    expect(fixed.data.sections[0].status).toBe("pass");
    const after = readFileSync(file, "utf8");
    expect(after).toContain("unified_exec_tty = false # exo: write_stdin types into a terminal no hook sees");
    expect(after).not.toContain("unified_exec_tty = true");
    expect(after).toContain("[mcp_servers.exo]");
  }
});

test("doctor --fix on Codex hooks nobody trusted yet reports no reinstall it did not need; the hint stays the trust step", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--harness", "codex", "--harness", "git")).code).toBe(0);
  const env = { CODEX_HOME: await tempDir() }; // no trust records
  const run = await exo(repo, "doctor", "--fix", "--section", "hooks", { env });
  expect(run.code).toBe(1);
  const doctor = envelope(run);
  // Before: fixed [{hooks: "reinstalled codex, git"}], a reinstall that cannot give trust, and the section still failed.
  expect(doctor.data.fixed).toEqual([]);
  expect(doctor.data.sections[0]).toMatchObject({ status: "fail", fixable: false, hint: "codex" });
  expect(doctor.error?.hint).toBe("codex");
});

test("lease-release of the lock one's own session works under warns, and the way back it names takes the lock again", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  // A claim with no session under it is released as before, without the warning.
  expect((await exo(repo, "next")).code).toBe(0);
  const plain = envelope(await exo(repo, "lease-release"));
  expect(plain.ok).toBe(true);
  expect(plain.warnings?.some((w) => w.code === "SESSION_WITHOUT_LOCK") ?? false).toBe(false);
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  // Before: released silently; session-scan then listed the session as stale (lease_expired).
  const released = envelope(await exo(repo, "lease-release"));
  expect(released.ok).toBe(true);
  const warning = released.warnings?.find((w) => w.code === "SESSION_WITHOUT_LOCK");
  expect(warning?.message).toContain(`exo session-suspend --session-id ${session} --reason "…" then exo session-resume --session-id ${session}`);
  expect(envelope(await exo(repo, "session-scan")).data.stale).toBe(1);
  expect((await exo(repo, "session-suspend", "--session-id", session, "--reason", "take the lock back")).code).toBe(0);
  expect((await exo(repo, "session-resume", "--session-id", session)).code).toBe(0);
  expect(envelope(await exo(repo, "session-scan")).data.stale).toBe(0);
});

test("a ticket file exo's merge driver wrote is exo's: doctor's integrity section passes while the merge waits on another file, and an exo write then witnesses no violation", async () => {
  const { team } = await import("../../helpers/team.js");
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  // Each clone (whose first exo command registers the driver) changes T1 (merged by exo's driver) and the same line of notes.txt (a conflict).
  for (const [c, label] of [[a, "from-a"], [b, "from-b"]] as const) {
    expect((await c.run("ticket-update", "T1", "--add-label", label)).code).toBe(0);
    writeFileSync(join(c.dir, "notes.txt"), `${label}\n`);
    git(c.dir, "add", "-A");
    git(c.dir, "commit", "-qm", label, "--no-verify");
  }
  git(a.dir, "push", "-q", "origin", "HEAD");
  expect(() => git(b.dir, "pull", "-q", "--no-rebase", "origin", "main")).toThrow();
  const merged = readFileSync(join(b.dir, ".exo/tickets/T1.yaml"), "utf8");
  expect(merged).toContain("from-a");
  expect(merged).toContain("from-b");
  // Before: integrity warned "T1.yaml (changed outside exo)" for the driver's own result.
  const integrity = envelope(await b.run("doctor", "--section", "integrity")).data.sections[0];
  expect(integrity.status, integrity.message).toBe("pass");
  // An exo write of that ticket before the merge is concluded finds nothing to witness.
  expect((await b.run("ticket-update", "T1", "--add-label", "after-merge")).code).toBe(0);
  expect(envelope(await b.run("ledger-show", "--type", "integrity.violation")).data.total).toBe(0);
});
