// Output made for people, end to end through the built CLI: colour switches, check progress on
// stderr, help and suggestions, groups, `exo` alone, completion scripts, ready/brief (also as
// MCP tools), ticket lookup by prefix, and plain-language errors with file:line.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { EXO_BIN, envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";

// eslint-disable-next-line no-control-regex
const ESC = /\u001b\[/;
const NOW = { EXO_NOW: "2026-11-24T09:00:00.000Z" };

async function ticketsRepo(): Promise<string> {
  const repo = await initRepo({ "src/a.ts": "export {};\n", "fail.mjs": "setTimeout(() => { console.log('running 3 tests'); console.error('expected 1 to be 2'); process.exit(1); }, 2000);\n" });
  expect((await exo(repo, "intent-create", "Sign up", "--brain-dump", "users need accounts", "--id", "INT-001", { env: NOW })).code).toBe(0);
  expect((await exo(repo, "ticket-create", "Form", "--parent", "INT-001", "--id", "TASK-001", "--scope-allow", "src/**", { env: NOW })).code).toBe(0);
  expect((await exo(repo, "ticket-create", "Api", "--parent", "INT-001", "--id", "TASK-002", "--blocker", "TASK-001", { env: NOW })).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "tickets");
  return repo;
}

test("no escape codes under NO_COLOR or without a TTY; FORCE_COLOR turns colour on", async () => {
  const repo = await ticketsRepo();
  const plain = await exo(repo, "doctor", { json: false });
  expect(plain.stdout).not.toMatch(ESC);
  expect(plain.stdout).toMatch(/^overall: \w+/);
  const forced = await exo(repo, "doctor", { json: false, env: { NO_COLOR: "", FORCE_COLOR: "1" } });
  expect(forced.stdout).toMatch(ESC);
  // NO_COLOR wins over FORCE_COLOR; JSON never has colour.
  const both = await exo(repo, "tickets", { json: false, env: { FORCE_COLOR: "1" } });
  expect(both.stdout).not.toMatch(ESC);
  expect(both.stdout).toMatch(/^ID +PRI +KIND +STATUS +TITLE$/m);
  const json = await exo(repo, "doctor", { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
  expect(json.stdout).not.toMatch(ESC);
});

test("session-finish with a failing 2-second check shows progress and the failing output on stderr only", async () => {
  const repo = await ticketsRepo();
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("allowlist: []", 'allowlist: ["node fail.mjs"]'));
  await exo(repo, "compose");
  await exo(repo, "ticket-update", "TASK-001", "--check", "node fail.mjs");
  expect((await exo(repo, "session-start", "--ticket-id", "task-001")).code).toBe(0);
  await writeFiles(repo, { "src/b.ts": "export const b = 1;\n" });
  const run = await exo(repo, "session-finish", "--summary", "form", { json: false });
  expect(run.stderr).toMatch(/^\[1\/1\] running node fail\.mjs …$/m);
  expect(run.stderr).toMatch(/^\[1\/1\] ✗ FAIL {2}node fail\.mjs {2}\(exit 1 after [2-9]\.\d s\)$/m);
  expect(run.stderr).toMatch(/│ expected 1 to be 2/);
  expect(run.stderr).toMatch(/full output: \.exo\/logs\/checks\/SES-[^/]+\/1\.log/);
  expect(run.code).toBe(1);
  // exo check: the tail once (with the progress line), not again under the result.
  const human = await exo(repo, "check", "--ticket-id", "TASK-001", { json: false });
  expect(human.stdout).toMatch(/checks FAILED: 1 of 1/);
  expect(`${human.stdout}${human.stderr}`.match(/│ expected 1 to be 2/g)).toHaveLength(1);
  expect(run.stderr).toMatch(/^error: .*\[SESSION_VERIFY_FAILED\]$/m);
  // JSON: one envelope on stdout, no progress on stderr.
  const check = await exo(repo, "check", "--ticket-id", "TASK-001");
  expect(envelope(check).error?.code).toBe("CHECKS_FAILED");
  expect(check.stderr).not.toMatch(/running node fail\.mjs/);
});

test("help pages, exo help CMD, groups, did you mean, and exo alone", async () => {
  const repo = await ticketsRepo();
  const help = await exo(repo, "ticket-create", "--help", { json: false });
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Examples:\n {2}exo ticket-create /m);
  expect(help.stdout).not.toMatch(/\(repeatable\) \(repeatable\)/);
  expect((await exo(repo, "help", "ticket-create", { json: false })).stdout).toBe(help.stdout);
  const group = await exo(repo, "ledger", { json: false });
  expect(group.code).toBe(0);
  expect(group.stdout).toMatch(/exo ledger verify/);
  expect(group.stdout).toMatch(/exo ledger show/);
  // A word the group does not have, or the bare group asked for JSON: a usage error, one envelope.
  const unknownMember = await exo(repo, "ledger", "nope");
  expect(unknownMember.code).toBe(2);
  expect(envelope(unknownMember).error).toMatchObject({ code: "USAGE_ERROR", message: "Unknown command exo ledger nope; exo ledger has: verify, show.", hint: "exo ledger verify --help" });
  const bareJson = await exo(repo, "ledger");
  expect(bareJson.code).toBe(2);
  expect(envelope(bareJson).error?.code).toBe("USAGE_ERROR");
  expect((await exo(repo, "ledger", "--help", { json: false })).code).toBe(0);
  const typo = await exo(repo, "stauts", { json: false });
  expect(typo.code).toBe(2);
  expect(typo.stderr).toMatch(/^error: Unknown command "stauts"; did you mean status\? \[USAGE_ERROR\]$/m);
  expect(typo.stderr).toMatch(/^hint: exo status$/m);
  const flag = await exo(repo, "check", "--ticket", "TASK-001");
  expect(flag.code).toBe(2);
  expect(envelope(flag).error?.message).toMatch(/did you mean --ticket-id\?/);
  const home = await exo(repo, { json: false });
  expect(home.code).toBe(0);
  expect(home.stdout).toMatch(/^governance +valid/m);
  expect(home.stdout).toMatch(/^Next:$/m);
  expect(home.stdout).toMatch(/^ {2}exo next +claim TASK-\d+; its next: line starts the session$/m);
});

test("bash completion loads and lists commands and ticket ids", async () => {
  const repo = await ticketsRepo();
  const bin = join(repo, ".bin");
  await writeFiles(repo, { ".bin/exo": `#!/bin/sh\nexec "${process.execPath}" "${EXO_BIN}" "$@"\n` });
  execFileSync("chmod", ["+x", join(bin, "exo")]);
  const env = { PATH: `${bin}:${process.env["PATH"] ?? ""}`, HOME: repo, NO_COLOR: "1" };
  expect(execFileSync("bash", ["-c", "source <(exo completion bash); complete -p exo"], { cwd: repo, env, encoding: "utf8" })).toMatch(/complete -F _exo_completion exo/);
  const words = (line: string, cword: number) =>
    execFileSync("bash", ["-c", `source <(exo completion bash); COMP_WORDS=(${line}); COMP_CWORD=${cword}; _exo_completion; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: repo, env, encoding: "utf8" }).trim().split("\n");
  expect(words("exo sta", 1)).toEqual(["status"]);
  expect(words("exo ticket-show TASK", 2).sort()).toEqual(["TASK-001", "TASK-002"]);
  expect(words("exo check --tick", 2)).toEqual(["--ticket-id"]);
  const zsh = await exo(repo, "completion", "zsh", { json: false });
  expect(zsh.stdout).toMatch(/^#compdef exo/);
  expect((await exo(repo, "completion", "fish", { json: false })).stdout).toMatch(/complete -c exo -n __fish_use_subcommand -a ready /);
});

test("ready and brief: JSON, human and MCP; ticket ids accept any case and a unique prefix", async () => {
  const repo = await ticketsRepo();
  const ready = envelope(await exo(repo, "ready", { env: NOW }));
  expect(ready.data.ready.map((r: { id: string }) => r.id)).toEqual(["TASK-001"]);
  expect(ready.data.not_ready).toEqual([expect.objectContaining({ id: "TASK-002", reason: "blocked", detail: "waiting for TASK-001 (todo)" })]);
  expect(ready.data.next_command).toBe("exo next");
  const human = await exo(repo, "ready", { json: false, env: NOW });
  expect(human.stdout).toMatch(/^1 task ready, in dispatch order/);
  expect(human.stdout).toMatch(/TASK-002 +todo +waiting for TASK-001 \(todo\)/);
  const brief = envelope(await exo(repo, "brief"));
  expect(brief.data.ready[0]).toMatchObject({ id: "TASK-001", scope: { allow: ["src/**"] } });
  expect(brief.data.intents).toEqual([expect.objectContaining({ id: "INT-001", open_tasks: 2 })]);
  expect(brief.data.rules.length).toBeGreaterThan(0);
  expect((await exo(repo, "brief", { json: false })).stdout).toMatch(/^Ready work:\n {2}TASK-001 Form$/m);
  // Nothing was claimed or written.
  expect(git(repo, "status", "--porcelain")).toBe("");
  const client = await mcpClient(repo);
  const tool = await client.callTool({ name: "exo_ready", arguments: {} });
  expect(structured(tool).data.ready[0].id).toBe("TASK-001");
  expect((tool.content as { text: string }[])[0]?.text).not.toMatch(ESC);
  expect(envelope(await exo(repo, "ticket-show", "task-002")).data.ticket.id).toBe("TASK-002");
  expect(envelope(await exo(repo, "ticket-show", "int")).data.ticket.id).toBe("INT-001");
  const ambiguous = envelope(await exo(repo, "ticket-show", "task"));
  expect(ambiguous.error?.message).toMatch(/task matches 2 tickets \(TASK-001, TASK-002\)/);
});

test("validation errors are plain sentences; config errors name file:line", async () => {
  const repo = await ticketsRepo();
  const bad = await exo(repo, "tickets", "--status", "bogus", { json: false });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^error: --status must be one of todo, active, paused, review, done, cancelled, archived, got "bogus"\. \[INVALID_INPUT\]$/m);
  const cfg = join(repo, ".exo/config.yaml");
  const text = await readFile(cfg, "utf8");
  await writeFile(cfg, text.replace(/ttl_hours: [\d.]+/, "ttl_hours: 0"));
  const line = text.split("\n").findIndex((l) => /ttl_hours:/.test(l)) + 1;
  const run = envelope(await exo(repo, "next", "--dry-run"));
  expect(run.error?.code).toBe("CONFIG_INVALID");
  expect(run.error?.message).toContain(`.exo/config.yaml:${line}:`);
  expect(run.error?.message).toContain("locks.ttl_hours must be a number above 0, got 0");
  expect(run.error?.message).not.toMatch(/locks\.ttl_hours: locks\.ttl_hours/);
});

test("hints are commands to run: the command and the ticket filled in where the call names them", async () => {
  const repo = await ticketsRepo();
  // Past its bound: the line with the nearest value allowed (new-user round 42; before, the command's --help).
  expect(envelope(await exo(repo, "ticket-create", "x", "--priority", "9")).error).toMatchObject({ code: "INVALID_INPUT", hint: "exo --format json ticket-create x --priority 5" });
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "../x")).error).toMatchObject({ code: "INVALID_INPUT", hint: "exo session-start --help" });
  expect(envelope(await exo(repo, "status", { env: { EXO_NOW: "bad" } })).error?.hint).toBe("unset EXO_NOW"); // hostile round 29: the clock variable, not the command, is what to fix
  expect(envelope(await exo(repo, "ticket-create", "x", "--max-files", "999")).error).toMatchObject({ code: "BUDGET_EXCEEDS_CEILING", hint: expect.stringMatching(/^exo ticket-create "…" --max-files \d+$/) });
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TASK-001", { env: { EXO_ACTOR: "agent:h" } })).ok).toBe(true);
  const denied = envelope(await exo(repo, "decide", "--path", "elsewhere/x.txt", { env: { EXO_ACTOR: "agent:h" } }));
  expect(denied.error).toMatchObject({ code: "OUT_OF_SCOPE", hint: "exo ticket-update TASK-001 --scope-allow 'src/**' --scope-allow elsewhere/x.txt" });
});

test("a dash-led value points at --; a title with line breaks keeps the tickets table one row per ticket", async () => {
  const repo = await ticketsRepo();
  const dash = envelope(await exo(repo, "ticket-create", "- item"));
  expect(dash.error).toMatchObject({ code: "USAGE_ERROR", hint: "exo ticket-create -- '- item'" });
  expect(envelope(await exo(repo, "ticket-create", "--id", "T-DASH", "--", "- item")).error?.code ?? null).toBeNull();
  expect((await exo(repo, "ticket-create", "line one\nline two", "--id", "T-NL")).code).toBe(0);
  const table = (await exo(repo, "tickets", { json: false })).stdout;
  expect(table).toMatch(/^T-NL +P3 +task +todo +line one ⏎ line two$/m);
  expect(table).not.toMatch(/^line two/m);
});

test("a reader that goes away (exo … | head) ends exo quietly, with no stack trace", async () => {
  const repo = await ticketsRepo();
  // The parent closes its end of exo's stdout at once: exo's writes fail with EPIPE.
  const probe = `const { spawn } = require("node:child_process");
const c = spawn(process.execPath, [${JSON.stringify(EXO_BIN)}, "tickets"], { cwd: ${JSON.stringify(repo)}, stdio: ["ignore", "pipe", "pipe"] });
c.stdout.destroy();
let err = ""; c.stderr.on("data", (d) => (err += d));
c.on("close", (code) => process.stdout.write(JSON.stringify({ code, err })));`;
  const out = JSON.parse(execFileSync(process.execPath, ["-e", probe], { encoding: "utf8" })) as { code: number; err: string };
  expect(out.err).not.toMatch(/EPIPE|\n\s+at /);
  expect(out.code).toBe(0);
});
