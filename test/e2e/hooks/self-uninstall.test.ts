// An agent may not take exo's hooks out: `exo hook-install --uninstall` through the agent's shell
// (however exo is started) and exo's own MCP tool with `uninstall` are refused, whatever the
// session's scope; the same command run by a person still works.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo } from "../../helpers/repo.js";
import { claudeSessionRepo, decision, fixture, hook } from "../../helpers/hooks.js";

const env = { EXO_ACTOR: "agent:claude" };

test("the PreToolUse hook refuses exo hook-install --uninstall from Bash and from exo's MCP tool", async () => {
  const repo = await claudeSessionRepo({ "src/auth/login.ts": "a\n" });
  const bash = (command: string) => fixture("claude-pretooluse-bash.json", repo, (p) => ((p["tool_input"] as Record<string, unknown>)["command"] = command));

  for (const command of ["exo hook-install --uninstall", "npx exoprotocol hook-install --harness claude --uninstall", "cd src && exo --format json hook-install --uninstall"]) {
    const run = await hook(repo, "claude", "PreToolUse", await bash(command), env);
    expect(run.code).toBe(0);
    expect(decision(run), command).toEqual({ decision: "deny", reason: expect.stringMatching(/^exo blocked exo hook-install --uninstall: an agent may not take exo's hooks out/) });
  }
  // Other exo commands run as before.
  expect(decision(await hook(repo, "claude", "PreToolUse", await bash("exo hook-install --dry-run && exo status"), env))).toBeNull();

  const mcp = (input: Record<string, unknown>) =>
    fixture("claude-pretooluse-bash.json", repo, (p) => {
      p["tool_name"] = "mcp__exo__exo_hook_install";
      p["tool_input"] = input;
    });
  const refused = await hook(repo, "claude", "PreToolUse", await mcp({ uninstall: true }), env);
  expect(decision(refused)?.decision).toBe("deny");
  expect(decision(refused)?.reason).toMatch(/exo_hook_install with uninstall/);
  // Installing (re-sealing) hooks is for a person too; a dry run changes nothing and passes.
  expect(decision(await hook(repo, "claude", "PreToolUse", await mcp({ harness: ["claude"] }), env))?.reason).toMatch(/^exo blocked exo_hook_install: an agent may not install or re-seal exo's hooks/);
  expect(decision(await hook(repo, "claude", "PreToolUse", await mcp({ harness: ["claude"], dry_run: true }), env))).toBeNull();
  expect(decision(await hook(repo, "claude", "PreToolUse", await mcp({ uninstall: true, dry_run: true }), env))).toBeNull();

  // exo decide (the SDK's and CI's question) gives the hook's answer.
  const decided = envelope(await exo(repo, "decide", "--bash", "exo hook-install --uninstall", { env }));
  expect(decided.data).toMatchObject({ decision: "deny", code: "HOOKS_TAMPERED" });

  // Each refusal is a ledger record; a person running the command still takes the hooks out.
  const segments = await readdir(join(repo, ".exo/ledger"));
  const ledger = (await Promise.all(segments.map((f) => readFile(join(repo, ".exo/ledger", f), "utf8")))).join("");
  expect(ledger.match(/"code":"HOOKS_TAMPERED"/g)?.length).toBe(5);
  expect((await exo(repo, "hook-install", "--harness", "claude", "--uninstall")).code).toBe(0);
  expect(await readFile(join(repo, ".claude/settings.json"), "utf8")).not.toMatch(/exo-hook\.mjs/);
});

test("the PreToolUse hook refuses switching exo's git hooks off and an agent widening a ticket's scope, from Bash and over MCP", async () => {
  const repo = await claudeSessionRepo({ "src/auth/login.ts": "a\n" });
  const bash = (command: string) => fixture("claude-pretooluse-bash.json", repo, (p) => ((p["tool_input"] as Record<string, unknown>)["command"] = command));
  const answer = async (command: string) => decision(await hook(repo, "claude", "PreToolUse", await bash(command), env));

  for (const command of ["git commit --no-verify -m wip", "git -c core.hooksPath=/dev/null commit -m wip", "git config core.hooksPath /tmp/none", "EXO_SKIP_GIT_HOOKS=1 git commit -m wip"]) {
    expect(await answer(command), command).toEqual({ decision: "deny", reason: expect.stringMatching(/^exo blocked git with exo's git hooks switched off: an agent may not switch exo's git hooks off/) });
  }
  for (const command of ["exo ticket-update T1 --scope-allow '**'", "bash -c -- 'exo ticket-update T1 --max-files 500'"]) {
    expect(await answer(command), command).toEqual({ decision: "deny", reason: expect.stringMatching(/^exo blocked exo ticket-update of a scope, budget, parent or checks: an agent may not change a ticket's scope or budget/) });
  }
  // An ordinary commit and other ticket edits pass.
  expect(await answer("git add src/auth/login.ts && git commit -m 'login: fix'")).toBeNull();
  expect(await answer("exo ticket-update T1 --add-label wip")).toBeNull();

  const mcp = (input: Record<string, unknown>) =>
    fixture("claude-pretooluse-bash.json", repo, (p) => {
      p["tool_name"] = "mcp__exo__exo_ticket_update";
      p["tool_input"] = input;
    });
  expect(decision(await hook(repo, "claude", "PreToolUse", await mcp({ id: "T1", scope_allow: ["**"] }), env))?.decision).toBe("deny");
  expect(decision(await hook(repo, "claude", "PreToolUse", await mcp({ id: "T1", add_label: ["wip"] }), env))).toBeNull();

  const decided = envelope(await exo(repo, "decide", "--bash", "git commit -n -m x", { env }));
  expect(decided.data).toMatchObject({ decision: "deny", code: "HOOKS_TAMPERED" });
  expect(envelope(await exo(repo, "decide", "--bash", "exo ticket-update T1 --scope-deny x", { env })).data).toMatchObject({ decision: "deny", code: "EXO_STATE_PROTECTED" });
});

test("an agent may not give new work a fence of its own while a session binds it, or at all when no_session is not allow (red-team round 8)", async () => {
  const repo = await claudeSessionRepo({ "src/auth/login.ts": "a\n" });
  const bash = (command: string) => fixture("claude-pretooluse-bash.json", repo, (p) => ((p["tool_input"] as Record<string, unknown>)["command"] = command));
  const answer = async (command: string) => decision(await hook(repo, "claude", "PreToolUse", await bash(command), env));
  const fence = { decision: "deny", reason: expect.stringMatching(/^exo blocked exo (ticket|intent)-create with a scope or budget of its own: an agent may not set the fence of new work/) };
  // The escape: suspend, create a ticket that may write everything, start a session on it.
  for (const command of ["exo ticket-create wide --id T9 --scope-allow '**'", "exo ticket-create wide --id T9", "exo intent-create all --brain-dump x"]) {
    expect(await answer(command), command).toEqual(fence);
  }
  const mcp = (name: string, input: Record<string, unknown>) =>
    fixture("claude-pretooluse-bash.json", repo, (p) => {
      p["tool_name"] = `mcp__exo__${name}`;
      p["tool_input"] = input;
    });
  expect(decision(await hook(repo, "claude", "PreToolUse", await mcp("exo_ticket_create", { title: "wide", scope_allow: ["**"] }), env))?.decision).toBe("deny");
  expect(decision(await hook(repo, "claude", "PreToolUse", await mcp("exo_intent_create", { title: "all", brain_dump: "x" }), env))?.decision).toBe("deny");
  expect(envelope(await exo(repo, "decide", "--bash", "exo ticket-create wide --id T9", { env })).data).toMatchObject({ decision: "deny", code: "EXO_STATE_PROTECTED" });
  // Work under an existing intent inherits its fence; without a session and no_session: allow, planning is free.
  expect(await answer("exo ticket-create sub --parent INT-1 --id T9")).toBeNull();
  expect((await exo(repo, "session-suspend", "--reason", "x", { env })).code).toBe(0);
  expect(await answer("exo intent-create all --brain-dump x")).toBeNull();
  // With no_session: deny an agent outside any session may not make the work it would then write in.
  const config = join(repo, ".exo/config.yaml");
  await writeFile(config, (await readFile(config, "utf8")).replace(/no_session: allow/, "no_session: deny"));
  expect((await exo(repo, "compose")).code).toBe(0);
  expect(await answer("exo ticket-create wide --id T9")).toEqual(fence);
  expect(await answer("exo ticket-create sub --parent INT-1 --id T9")).toBeNull();
});
