// Black-box checks from the round-22 audit: §13's acceptance scenarios run as written, then the
// SPEC sections the earlier rounds covered least (§7.8 leases, §7.13 suspend/resume/handoff, §7.14
// liveness and cleanup, §7.15 drift, §7.17 ledger, §7.19 pr-check, §7.21 intents, §7.25 install,
// §7.26 auto-commit, §7.28 tags, §8.4–§8.6 Cursor, Codex and git hooks, §8.9 traces, §8.10 sandbox
// policy, §8.12 CI workflow, §9.3 library API, §10 codes and Appendix A). Each test fails on the
// behaviour before its fix.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { DIST, envelope, exo, initRepo, tempDir, tempRepo } from "../../helpers/repo.js";

const as = (actor: string, extra: Record<string, string> = {}) => ({ env: { EXO_ACTOR: actor, ...extra } });

test("§8.10, §7.1 sandbox-policy maps a deny pattern as the hooks read it: a leading ./ is stripped and a trailing / covers the folder (before: Edit(/./docs/z.md), which matches nothing in Claude's rules)", async () => {
  const repo = await initRepo();
  const file = join(repo, ".exo/constitution.yaml");
  const rule = ["  - id: RULE-GEN-001", "    type: filesystem_deny", '    patterns: ["./docs/z.md", "build/"]', "    actions: [read, write]", ""].join("\n");
  await writeFile(file, (await readFile(file, "utf8")).replace("rules:\n", `rules:\n${rule}`));
  envelope(await exo(repo, "compose"));
  // The hooks deny both paths.
  expect(envelope(await exo(repo, "decide", "--path", "docs/z.md")).data).toMatchObject({ decision: "deny", rule: "RULE-GEN-001" });
  expect(envelope(await exo(repo, "decide", "--path", "build/x.js")).data).toMatchObject({ decision: "deny", rule: "RULE-GEN-001" });
  const deny = envelope(await exo(repo, "sandbox-policy", "--write")).data.claude.permissions.deny as string[];
  expect(deny.slice(0, 4)).toEqual(["Read(/docs/z.md)", "Edit(/docs/z.md)", "Read(/build/**)", "Edit(/build/**)"]);
  expect(deny.filter((d) => d.includes("/./"))).toEqual([]);
  const settings = JSON.parse(await readFile(join(repo, ".claude/settings.json"), "utf8")) as { permissions: { deny: string[] } };
  expect(settings.permissions.deny).toEqual(expect.arrayContaining(["Edit(/docs/z.md)", "Edit(/build/**)"]));
});

test("§4.11.2, §7.13 handoff.created carries the three keys SPEC lists for the handoff records (to_actor, from_session, by_session: null until a start consumes it), as handoff.replaced and handoff.consumed do", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  const sid = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).data.session.id as string;
  envelope(await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "half way", as("agent:a")));
  const created = envelope(await exo(repo, "ledger-show", "--type", "handoff.created")).data.records as { data: Record<string, unknown> }[];
  expect(created.map((r) => r.data)).toEqual([{ to_actor: "agent:b", from_session: sid, by_session: null }]);
  const next = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:b"))).data.session.id as string;
  const consumed = envelope(await exo(repo, "ledger-show", "--type", "handoff.consumed")).data.records as { data: Record<string, unknown> }[];
  expect(consumed.map((r) => r.data)).toEqual([{ to_actor: "agent:b", from_session: sid, by_session: next }]);
});

test("§10.1 USAGE_ERROR for --json=VALUE gives the line with --format json as its hint (before: the typed line itself, which fails the same way)", async () => {
  const repo = await initRepo();
  for (const typed of ["--json=true", "--json=false"]) {
    const run = await exo(repo, "tickets", typed, "--all");
    expect(run.code).toBe(2);
    expect(envelope(run).error).toMatchObject({ code: "USAGE_ERROR", hint: "exo tickets --format json --all" });
  }
});

test("§8.1 a gating hook that cannot read policy.sealed.json answers by hooks.internal_error (a write denied, a read allowed), prints one line on stderr and appends hook.error to the ledger (before: stderr only)", async () => {
  const repo = await initRepo();
  await rm(join(repo, ".exo/policy.sealed.json"));
  const call = (tool: string) => {
    const payload = { session_id: "conv-s", cwd: repo, hook_event_name: "PreToolUse", tool_name: tool, tool_input: { file_path: join(repo, "src/a.ts"), content: "x" } };
    return spawnSync(process.execPath, [join(DIST, "cli", "bin.js"), "hook", "claude", "PreToolUse"], { cwd: repo, input: JSON.stringify(payload), encoding: "utf8" });
  };
  const write = call("Write");
  expect(write.status).toBe(0);
  expect(JSON.parse(write.stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
  expect(write.stderr.trim().split("\n")).toHaveLength(1);
  const read = call("Read");
  expect(read.stdout).toBe("");
  expect(read.stderr).toMatch(/cannot read \.exo\/policy\.sealed\.json/);
  const errors = envelope(await exo(repo, "ledger-show", "--type", "hook.error")).data.records as { data: Record<string, unknown> }[];
  expect(errors.map((r) => r.data)).toEqual([
    { harness: "claude", event: "PreToolUse", message: expect.stringMatching(/cannot read \.exo\/policy\.sealed\.json/) },
    { harness: "claude", event: "PreToolUse", message: expect.stringMatching(/cannot read \.exo\/policy\.sealed\.json/) },
  ]);
});

test("§12, §6.5, §6.6 a report never overwrites a file exo manages: pr-check --markdown, dashboard --out and export-traces --out naming .claude/settings.json or CLAUDE.md are INVALID_INPUT (path_unsafe), over MCP too, and the file is unchanged (before: the hooks' settings were replaced by the report)", async () => {
  const repo = await tempRepo();
  envelope(await exo(repo, "install"));
  const settings = await readFile(join(repo, ".claude/settings.json"), "utf8");
  const instructions = await readFile(join(repo, "CLAUDE.md"), "utf8");
  for (const [command, flag] of [["pr-check", "--markdown"], ["dashboard", "--out"], ["export-traces", "--out"]] as const) {
    for (const target of [".claude/settings.json", "CLAUDE.md"]) {
      const run = await exo(repo, command, flag, target);
      expect(run.code, `${command} ${flag} ${target}`).toBe(2);
      expect(envelope(run).error).toMatchObject({ code: "INVALID_INPUT", details: { issues: [expect.objectContaining({ code: "path_unsafe" })] } });
    }
  }
  const client = await mcpClient(repo);
  const viaMcp = await client.callTool({ name: "exo_pr_check", arguments: { markdown: ".claude/settings.json", actor: "agent:claude" } });
  expect(viaMcp.isError).toBe(true);
  expect(structured(viaMcp).error?.code).toBe("INVALID_INPUT");
  expect(await readFile(join(repo, ".claude/settings.json"), "utf8")).toBe(settings);
  expect(await readFile(join(repo, "CLAUDE.md"), "utf8")).toBe(instructions);
  // A report elsewhere in the repository is still written.
  expect(envelope(await exo(repo, "pr-check", "--markdown", "pr-check.md")).ok).toBe(true);
});

test("§12, §7.2, §8.8 over MCP a report file is judged like the agent's own write: pr-check --markdown over .env, .claude/settings.local.json or a file outside the session's scope is refused with the decision's code and nothing is written; inside the scope it is written (before: any of them was overwritten)", async () => {
  const repo = await initRepo({ "README.md": "readme\n" });
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:claude")));
  const client = await mcpClient(repo);
  const report = (markdown: string) => client.callTool({ name: "exo_pr_check", arguments: { markdown, actor: "agent:claude" } });
  for (const [target, code] of [[".env", "RULE_DENIED"], [".claude/settings.local.json", "RULE_DENIED"], ["README.md", "OUT_OF_SCOPE"]] as const) {
    const result = await report(target);
    expect(result.isError, target).toBe(true);
    expect(structured(result).error?.code, target).toBe(code);
  }
  expect(existsSync(join(repo, ".env"))).toBe(false);
  expect(existsSync(join(repo, ".claude/settings.local.json"))).toBe(false);
  expect(await readFile(join(repo, "README.md"), "utf8")).toBe("readme\n");
  const inScope = await report("src/pr-check.md");
  expect(inScope.isError).toBeFalsy();
  expect(await readFile(join(repo, "src/pr-check.md"), "utf8")).toMatch(/pr-check/i);
  // From a shell the person's choice stands.
  expect(envelope(await exo(repo, "pr-check", "--markdown", "README.md")).ok).toBe(true);
});

test("§9.3, §8.8 exo.run answers a key the command does not take, or an input that is not an object, with the INVALID_INPUT envelope MCP gives (before: a misspelt scope key was dropped and the ticket got the default scope; null threw a TypeError)", async () => {
  const repo = await initRepo();
  const dir = await tempDir();
  const file = join(dir, "run.mjs");
  await writeFile(file, [
    `import { createExo } from ${JSON.stringify(join(DIST, "index.js"))};`,
    `const exo = createExo({ repo: ${JSON.stringify(repo)}, actor: "agent:bot" });`,
    `const typo = await exo.run("ticket-create", { title: "t", id: "T1", scope_alow: ["src/**"] });`,
    `let helper = null; try { await exo.ticketCreate({ title: "t", id: "T2", scopeAlow: ["src/**"] }); } catch (e) { helper = e.code; }`,
    `let nothing; try { nothing = await exo.run("tickets", null); } catch (e) { nothing = { threw: e.name }; }`,
    `const fine = await exo.run("tickets", {});`,
    `console.log(JSON.stringify({ typo, helper, nothing, fine: fine.ok }));`,
    "",
  ].join("\n"));
  const run = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8" });
  expect(run.stderr).toBe("");
  const out = JSON.parse(run.stdout) as { typo: { ok: boolean; error: { code: string; hint: string; details: { issues: { path: string; code: string }[] } } }; helper: string | null; nothing: { ok?: boolean; error?: { code: string }; threw?: string }; fine: boolean };
  expect(out.typo.ok).toBe(false);
  expect(out.typo.error).toMatchObject({ code: "INVALID_INPUT", hint: "exo ticket-create --help" });
  expect(out.typo.error.details.issues).toEqual([expect.objectContaining({ path: "scope_alow", code: "unknown_key" })]);
  expect(out.helper).toBe("INVALID_INPUT");
  expect(out.nothing).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
  expect(out.fine).toBe(true);
  expect(envelope(await exo(repo, "tickets")).data.total).toBe(0);
});

test("§5.1, §7.5, §6.1 --actor overrides EXO_ACTOR for decide too: with two actors' sessions in one checkout, exo --actor a decide judges the path in a's session, as EXO_ACTOR=a does and as the hooks would (before: it was judged in the other session and allowed)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  envelope(await exo(repo, "ticket-create", "t", "--id", "T2", "--scope-allow", "lib/**"));
  const a = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).data.session.id as string;
  envelope(await exo(repo, "session-start", "--ticket-id", "T2", as("agent:b")));
  const viaEnv = await exo(repo, "decide", "--path", "lib/x.ts", as("agent:a"));
  expect(envelope(viaEnv).data).toMatchObject({ decision: "deny", code: "OUT_OF_SCOPE", session: a });
  for (const argv of [["--actor", "agent:a", "decide", "--path", "lib/x.ts"], ["decide", "--path", "lib/x.ts", "--actor", "agent:a"]]) {
    const run = await exo(repo, ...argv);
    expect(run.code, argv.join(" ")).toBe(1);
    expect(envelope(run).data).toMatchObject({ decision: "deny", code: "OUT_OF_SCOPE", session: a });
  }
  const client = await mcpClient(repo);
  const viaMcp = structured(await client.callTool({ name: "exo_decide", arguments: { path: ["lib/x.ts"], actor: "agent:a" } }));
  expect(viaMcp.data).toMatchObject({ decision: "deny", code: "OUT_OF_SCOPE", session: a });
});
