// GitHub Copilot CLI as a hook harness: `exo hook-install --harness copilot` writes
// .github/hooks/exo.json, and a real Copilot CLI run (npm @github/copilot, native binary, offline
// against a scripted Anthropic Messages API on loopback, repo trusted in its config.json) has its
// out-of-scope writes blocked with exo's reason sent to the model. Payload-level cases pipe
// Copilot's PreToolUse payloads (Claude-shaped, file tools naming their file `path`) into the launcher.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { messagesServer, type Block } from "../../helpers/sdk.js";
import { envelope, exo, git, initRepo, runNode, tempDir, writeFiles, type Run } from "../../helpers/repo.js";
import { decision, hook } from "../../helpers/hooks.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

const COPILOT = resolve("node_modules/.bin/copilot");
const ACTOR = { EXO_ACTOR: "agent:copilot" };
// The binary unpacks its JS (about 235 MB) on first run: one cache for the whole file.
const cache = await mkdtemp(join(tmpdir(), "exo-copilot-cache-"));
afterAll(() => rm(cache, { recursive: true, force: true }));

/** A repo with exo's Copilot and git hooks installed, T1 scoped to src/** and agent:copilot's session on it. */
async function governed(): Promise<{ repo: string; session: string }> {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "docs\n" });
  expect((await exo(repo, "hook-install", "--harness", "copilot", "--harness", "git")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--harness", "copilot", { env: ACTOR }));
  expect(started.ok).toBe(true);
  return { repo, session: String((started.data.session as { id: string }).id) };
}

/** `copilot -p` in repo, offline against the scripted server, the repo trusted (repo hooks load in prompt mode only then). */
async function copilotRun(repo: string, url: string, prompt: string, extra: Record<string, string> = ACTOR): Promise<Run> {
  const home = await tempDir();
  await mkdir(join(home, ".copilot"), { recursive: true });
  await writeFile(join(home, ".copilot", "config.json"), JSON.stringify({ trustedFolders: [repo] }));
  const env = {
    HOME: home,
    COPILOT_HOME: join(home, ".copilot"),
    COPILOT_CACHE_HOME: cache,
    COPILOT_PKG_CACHE_HOME: cache,
    COPILOT_OFFLINE: "1",
    COPILOT_PROVIDER_TYPE: "anthropic",
    COPILOT_PROVIDER_BASE_URL: url,
    COPILOT_PROVIDER_API_KEY: "x",
    COPILOT_MODEL: "claude-sonnet-4",
    NO_COLOR: "1",
    ...extra,
  };
  // Async (the scripted server answers from this process); npm's bin is a node script, the loader.
  return runNode(COPILOT, ["-p", prompt, "--allow-all-tools"], repo, { env });
}

const bash = (command: string, id: string): Block[] => [{ type: "tool_use", id, name: "bash", input: { command, description: "write" } }];
const tool = (name: string, input: Record<string, unknown>, id: string): Block[] => [{ type: "tool_use", id, name, input }];
/** The tool result the model was sent for tool call `id`. */
function resultFor(turns: { messages: { role: string; content: unknown }[] }[], id: string): string {
  for (const t of turns) {
    for (const m of t.messages) {
      if (!Array.isArray(m.content)) continue;
      for (const c of m.content as { type: string; tool_use_id?: string; content?: unknown }[]) if (c.type === "tool_result" && c.tool_use_id === id) return JSON.stringify(c.content);
    }
  }
  return "";
}

test("hook-install --harness copilot writes exo's own .github/hooks/exo.json (PascalCase events, launcher command), leaving other hook files alone", async () => {
  const repo = await initRepo({ ".github/hooks/mine.json": '{"version":1,"hooks":{"PreToolUse":[{"type":"command","bash":"true"}]}}\n' });
  const r = envelope(await exo(repo, "hook-install", "--harness", "copilot"));
  expect(r.ok).toBe(true);
  expect(r.data.notes).toEqual([expect.stringMatching(/^copilot: Copilot CLI loads repository hooks only in a folder it trusts/)]);
  const file = JSON.parse(await readFile(join(repo, ".github/hooks/exo.json"), "utf8")) as { version: number; hooks: Record<string, { type: string; bash: string; timeoutSec: number }[]> };
  expect(file.version).toBe(1);
  expect(Object.keys(file.hooks).sort()).toEqual(["PostToolUse", "PreToolUse", "SessionEnd", "SessionStart", "Stop", "SubagentStart"]);
  expect(file.hooks["PreToolUse"]).toEqual([{ type: "command", bash: 'node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" copilot PreToolUse', timeoutSec: 10 }]);
  expect(await readFile(join(repo, ".github/hooks/mine.json"), "utf8")).toBe('{"version":1,"hooks":{"PreToolUse":[{"type":"command","bash":"true"}]}}\n');
  // Idempotent.
  expect(envelope(await exo(repo, "hook-install", "--harness", "copilot")).data.harnesses).toEqual([{ name: "copilot", files: [".github/hooks/exo.json"], status: "unchanged" }]);
  // A user's own entry added to exo's file survives a reinstall and the uninstall.
  file.hooks["PreToolUse"]?.unshift({ type: "command", bash: "echo mine", timeoutSec: 5 });
  await writeFile(join(repo, ".github/hooks/exo.json"), JSON.stringify(file));
  expect((await exo(repo, "hook-install", "--harness", "copilot")).code).toBe(0);
  const again = JSON.parse(await readFile(join(repo, ".github/hooks/exo.json"), "utf8")) as typeof file;
  expect(again.hooks["PreToolUse"]?.map((h) => h.bash)).toEqual(["echo mine", 'node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" copilot PreToolUse']);
  expect((await exo(repo, "hook-install", "--harness", "copilot", "--uninstall")).code).toBe(0);
  expect(JSON.parse(await readFile(join(repo, ".github/hooks/exo.json"), "utf8"))).toEqual({ version: 1, hooks: { PreToolUse: [{ type: "command", bash: "echo mine", timeoutSec: 5 }] } });
  // Without --harness, a repository with a .github/hooks/ folder gets Copilot's hooks too.
  const plain = envelope(await exo(repo, "hook-install"));
  expect((plain.data.harnesses as { name: string }[]).map((h) => h.name)).toEqual(["claude", "copilot", "git"]);
});

test("doctor reports Copilot's hooks installed, then missing; hook-install --uninstall removes exo's file and keeps the user's", async () => {
  const { repo } = await governed();
  await writeFiles(repo, { ".github/hooks/mine.json": "{}\n" });
  // Not trusted by Copilot CLI yet: its prompt mode would skip the hooks.
  const home = await tempDir();
  const untrusted = (envelope(await exo(repo, "doctor", "--section", "hooks", { env: { HOME: home } })).data.sections as { name: string; status: string; message: string }[]).find((s) => s.name === "hooks");
  expect(untrusted).toMatchObject({ status: "warn", message: expect.stringContaining("GitHub Copilot CLI does not trust this folder (trustedFolders in ~/.copilot/config.json)") });
  await mkdir(join(home, ".copilot"));
  await writeFile(join(home, ".copilot", "config.json"), JSON.stringify({ trustedFolders: [join(repo, "..")] }));
  const ok = envelope(await exo(repo, "doctor", "--section", "hooks", { env: { HOME: home } }));
  const hooks = (ok.data.sections as { name: string; status: string; message: string; details: { present: string[]; sealed: string[] } }[]).find((s) => s.name === "hooks");
  expect(hooks?.status).toBe("pass");
  expect(hooks?.details.present).toContain("copilot");
  expect(hooks?.details.sealed).toContain("copilot");

  // Edited by hand: stale.
  const text = await readFile(join(repo, ".github/hooks/exo.json"), "utf8");
  await writeFile(join(repo, ".github/hooks/exo.json"), text.replace("timeoutSec\": 10", "timeoutSec\": 99"));
  const stale = (envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections as { name: string; status: string; message: string }[]).find((s) => s.name === "hooks");
  expect(stale).toMatchObject({ status: "fail", message: "exo hook entries or the launcher changed since they were sealed" });

  await rm(join(repo, ".github/hooks/exo.json"));
  const missing = (envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections as { name: string; status: string; message: string }[]).find((s) => s.name === "hooks");
  expect(missing).toMatchObject({ status: "fail", message: "exo entries missing for copilot" });

  expect((await exo(repo, "hook-install", "--harness", "copilot")).code).toBe(0);
  expect(existsSync(join(repo, ".github/hooks/exo.json"))).toBe(true);
  const removed = envelope(await exo(repo, "hook-install", "--harness", "copilot", "--uninstall"));
  expect(removed.data.harnesses).toEqual([{ name: "copilot", files: [".github/hooks/exo.json"], status: "removed" }]);
  expect(existsSync(join(repo, ".github/hooks/exo.json"))).toBe(false);
  expect(await readFile(join(repo, ".github/hooks/mine.json"), "utf8")).toBe("{}\n");
});

test("copilot PreToolUse payloads: Write/Edit name their file `path` and are judged by it; Read of a secret is denied; .github/hooks is off limits", async () => {
  const { repo } = await governed();
  await writeFiles(repo, { ".env": "SECRET=1\n" });
  const pre = (tool_name: string, tool_input: Record<string, unknown>) =>
    hook(repo, "copilot", "PreToolUse", JSON.stringify({ hook_event_name: "PreToolUse", session_id: "0b6c2d7e-1111-4222-8333-444455556666", timestamp: "2026-12-04T18:30:52.039Z", cwd: repo, tool_name, tool_input }), ACTOR);
  const verdict = async (name: string, input: Record<string, unknown>) => {
    const run = await pre(name, input);
    expect(run.code, run.stderr).toBe(0);
    return decision(run);
  };
  expect(await verdict("Write", { path: join(repo, "src/api/b.ts"), file_text: "b" })).toBeNull();
  expect(await verdict("Edit", { path: join(repo, "src/api/a.ts"), old_str: "a", new_str: "b" })).toBeNull();
  expect(await verdict("Write", { path: join(repo, "docs/y.txt"), file_text: "y" })).toMatchObject({ decision: "deny", reason: expect.stringContaining("docs/y.txt") });
  expect(await verdict("Edit", { path: join(repo, "docs/README.md"), old_str: "d", new_str: "e" })).toMatchObject({ decision: "deny" });
  expect(await verdict("Read", { path: join(repo, ".env") })).toMatchObject({ decision: "deny", reason: expect.stringContaining(".env") });
  expect(await verdict("Read", { path: join(repo, "docs/README.md") })).toBeNull();
  // Copilot's grep prints matching lines and names what it searches `paths`, one or a list.
  expect(await verdict("Grep", { pattern: "SECRET", paths: join(repo, ".env"), output_mode: "content" })).toMatchObject({ decision: "deny", reason: expect.stringContaining(".env") });
  expect(await verdict("Grep", { pattern: "SECRET", paths: [join(repo, "docs"), ".env"], output_mode: "content" })).toMatchObject({ decision: "deny", reason: expect.stringContaining(".env") });
  expect(await verdict("Grep", { pattern: "SECRET", paths: [join(repo, "docs"), join(repo, "src")], glob: ".env*" })).toBeNull();
  expect(await verdict("Grep", { pattern: "SECRET", glob: ".env*", output_mode: "content" })).toMatchObject({ decision: "deny" });
  // Copilot loads every .github/hooks/*.json: a new one would run commands outside the gate.
  expect(await verdict("Write", { path: join(repo, ".github/hooks/evil.json"), file_text: "{}" })).toMatchObject({ decision: "deny", reason: expect.stringContaining(".github/hooks/evil.json") });
  expect(await verdict("Bash", { command: "rm .github/hooks/exo.json", description: "rm" })).toMatchObject({ decision: "deny", reason: expect.stringContaining(".github/hooks/exo.json") });
  expect(await verdict("Bash", { command: "rm -rf .github", description: "rm" })).toMatchObject({ decision: "deny" });
  // apply_patch (GPT models) comes as an Edit whose `input` is the patch.
  const patch = (file: string) => `*** Begin Patch\n*** Add File: ${file}\n+p\n*** End Patch\n`;
  expect(await verdict("Edit", { input: patch("src/api/p.ts") })).toBeNull();
  expect(await verdict("Edit", { input: patch("docs/p.md") })).toMatchObject({ decision: "deny", reason: expect.stringContaining("docs/p.md") });
  // write_bash types into a shell that bash started (mode async): judged as a command line.
  expect(await verdict("write_bash", { shellId: "1", input: "echo x > src/api/w.ts{enter}" })).toBeNull();
  expect(await verdict("write_bash", { shellId: "1", input: "echo x > docs/w.md{enter}" })).toMatchObject({ decision: "deny", reason: expect.stringContaining("docs/w.md") });
});

test("copilot -p: in-scope bash and create land; out-of-scope ones are blocked, exo's reason reaches the model, the ledger records each denial", { timeout: 300_000 }, async () => {
  const { repo, session } = await governed();
  const api = await messagesServer([
    bash("printf 'export const inShell = 1;\\n' > src/api/shell-in.ts", "t1"),
    bash("printf 'nope\\n' > docs/shell-out.md", "t2"),
    tool("create", { path: join(repo, "src/api/create-in.ts"), file_text: "export const inCreate = 1;\n" }, "t3"),
    tool("create", { path: join(repo, "docs/create-out.md"), file_text: "nope\n" }, "t4"),
    tool("edit", { path: join(repo, "docs/README.md"), old_str: "docs", new_str: "changed" }, "t5"),
    // An interactive shell (whose typed input write_bash would send) is exo's ask, which -p refuses.
    tool("bash", { command: "sh", description: "shell", mode: "async", shellId: "s1" }, "t6"),
  ]);
  const run = await copilotRun(repo, api.url, "Add the API files.");
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

  expect(await readFile(join(repo, "src/api/shell-in.ts"), "utf8")).toBe("export const inShell = 1;\n");
  expect(await readFile(join(repo, "src/api/create-in.ts"), "utf8")).toBe("export const inCreate = 1;\n");
  expect(existsSync(join(repo, "docs/shell-out.md"))).toBe(false);
  expect(existsSync(join(repo, "docs/create-out.md"))).toBe(false);
  expect(await readFile(join(repo, "docs/README.md"), "utf8")).toBe("docs\n");

  // The model was sent each refusal with exo's reason; the allowed calls got no refusal.
  expect(resultFor(api.turns, "t2")).toContain("exo blocked write to docs/shell-out.md");
  expect(resultFor(api.turns, "t4")).toContain("exo blocked write to docs/create-out.md");
  expect(resultFor(api.turns, "t5")).toContain("exo blocked write to docs/README.md");
  expect(resultFor(api.turns, "t6")).toContain("unable to ask user for confirmation): exo cannot tell where this command writes (sh runs commands from its input)");
  expect(resultFor(api.turns, "t1")).not.toContain("exo blocked");
  expect(resultFor(api.turns, "t3")).not.toContain("exo blocked");

  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[];
  const denials = records.filter((r) => r.type === "hook.denied");
  expect(denials.map((r) => r.data["path"]).sort()).toEqual(["docs/README.md", "docs/create-out.md", "docs/shell-out.md"]);
  for (const d of denials) expect(d).toMatchObject({ session, ticket: "T1", data: { harness: "copilot" } });
  // Copilot's SessionStart hook bound its session id to exo's session and gave the model the bootstrap.
  expect(JSON.stringify(api.turns[0])).toContain(session);
  const file = JSON.parse(await readFile(join(repo, ".exo/sessions", `${session}.json`), "utf8")) as { agent_session_id: string | null; harness: string };
  expect(file.agent_session_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  expect(file.harness).toBe("copilot");
});

test("copilot -p: a task subagent (its own session_id, naming the parent's as parent_agent_id) is told the parent's session at SubagentStart and works in it: in scope lands, out of scope is refused by the scope", { timeout: 300_000 }, async () => {
  const { repo, session } = await governed();
  const child: Block[][] = [bash("echo no > docs/sub.md", "c1"), bash("echo yes > src/api/sub.ts", "c2"), [{ type: "text", text: "child done" }]];
  const api = await messagesServer(
    [tool("task", { description: "write notes", prompt: "Write the child notes.", agent_type: "general-purpose", name: "notes" }, "k1"), bash("echo parent > src/api/after.ts", "p2"), [{ type: "text", text: "done" }]],
    (body) => (JSON.stringify(body.messages?.[0] ?? "").includes("Write the child notes.") ? child : null),
  );
  const run = await copilotRun(repo, api.url, "Write the notes with a subagent.");
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  // Copilot's SessionStart bound the parent's conversation to the session; the subagent's is another.
  const bound = JSON.parse(await readFile(join(repo, ".exo/sessions", `${session}.json`), "utf8")) as { agent_session_id: string | null };
  expect(bound.agent_session_id).toMatch(/^[0-9a-f]{8}-/);
  expect(child).toHaveLength(0);
  expect(existsSync(join(repo, "docs/sub.md"))).toBe(false);
  expect(await readFile(join(repo, "src/api/sub.ts"), "utf8")).toBe("yes\n");
  expect(await readFile(join(repo, "src/api/after.ts"), "utf8")).toBe("parent\n");
  // Refused for the scope, not as "another agent conversation" (before, every subagent write was).
  expect(resultFor(api.turns, "c1")).toContain("exo blocked write to docs/sub.md: outside the scope of T1");
  // SubagentStart gave the subagent the parent's session, scope and rules before its first turn.
  const firstChildTurn = JSON.stringify(api.turns.find((t) => JSON.stringify(t.messages[0]).includes("Write the child notes.")));
  expect(firstChildTurn).toContain(`exo governance for this subagent: it works inside the parent's exo session ${session}`);
  expect(firstChildTurn).toContain("src/**");
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; session: string | null; data: Record<string, unknown> }[];
  expect(records.filter((r) => r.type === "hook.denied")).toEqual([expect.objectContaining({ session, data: expect.objectContaining({ path: "docs/sub.md", agent_id: expect.any(String) }) })]);
  expect(records.filter((r) => r.type === "session.subagent_started")).toEqual([expect.objectContaining({ session, data: expect.objectContaining({ harness: "copilot", agent_type: "general-purpose" }) })]);
});

test("install --harness copilot installs Copilot CLI's hooks and its instructions file, committed; decide --harness copilot answers as its hook", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  const run = envelope(await exo(repo, "install", "--harness", "copilot", "--harness", "git"));
  expect(run.ok).toBe(true);
  const hooks = JSON.parse(await readFile(join(repo, ".github/hooks/exo.json"), "utf8")) as { hooks: Record<string, unknown> };
  expect(Object.keys(hooks.hooks)).toContain("PreToolUse");
  const text = await readFile(join(repo, ".github/copilot-instructions.md"), "utf8");
  expect(text).toContain("<!-- exo:begin -->");
  expect(text).toMatch(/GitHub Copilot CLI hooks installed by exo/);
  expect(text).toContain("agent:copilot");
  // Committed with exo's other files, and no stray change left behind.
  expect(git(repo, "ls-files", ".github")).toBe(".github/copilot-instructions.md\n.github/hooks/exo.json\n");
  expect(git(repo, "status", "--porcelain")).toBe("");
  const doctor = (envelope(await exo(repo, "doctor", "--section", "hooks", "--section", "adapters")).data.sections as { name: string; status: string; details: { present?: string[] } }[]);
  expect(doctor.find((s) => s.name === "hooks")?.details.present).toEqual(expect.arrayContaining(["copilot", "git"]));
  expect(doctor.find((s) => s.name === "adapters")?.status).toBe("pass");
  // A later adapter-generate keeps Copilot's file fresh (its hooks folder is there).
  expect(targetOf(envelope(await exo(repo, "adapter-generate", "--check")).data, "copilot")?.status).toBe("fresh");

  expect((await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: ACTOR })).code).toBe(0);
  const decided = envelope(await exo(repo, "decide", "--path", "docs/x.md", "--harness", "copilot", { env: ACTOR })).data;
  expect(decided).toMatchObject({ decision: "deny", code: "OUT_OF_SCOPE", harness: "copilot" });
});

function targetOf(data: Record<string, unknown>, target: string): { status: string } | undefined {
  return (data["targets"] as { target: string; status: string }[]).find((t) => t.target === target);
}

test("copilot -p under advisory enforcement: an out-of-scope create goes through and Copilot's PostToolUse hook tells the model what it changed", { timeout: 300_000 }, async () => {
  const { repo } = await governed();
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("enforcement: strict", "enforcement: advisory"));
  expect((await exo(repo, "compose")).code).toBe(0);
  const api = await messagesServer([tool("create", { path: join(repo, "docs/adv.md"), file_text: "adv\n" }, "a1"), bash("printf 'x\\n' > src/api/in.ts", "a2")]);
  const run = await copilotRun(repo, api.url, "Write the notes.");
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(await readFile(join(repo, "docs/adv.md"), "utf8")).toBe("adv\n");
  // The request after the create carries the backstop's note; the in-scope write gets none.
  const after = JSON.stringify(api.turns[1]);
  expect(after).toContain("exo: this tool call changed files outside the scope of T1: docs/adv.md");
  expect(JSON.stringify(api.turns[2]).split("changed files outside the scope").length).toBe(2);
  const warned = envelope(await exo(repo, "ledger-show", "--type", "hook.warned")).data.records as { data: Record<string, unknown> }[];
  // One warning from the gate (advisory), one from the backstop.
  expect(warned.map((r) => [r.data["harness"], r.data["path"]])).toEqual([["copilot", "docs/adv.md"], ["copilot", "docs/adv.md"]]);
});

test("exo-mcp takes copilot as a harness: exo_hook_install writes its hooks, exo_decide answers as its hook", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  expect((await exo(repo, "install", "--harness", "git")).code).toBe(0);
  const client = await mcpClient(repo);
  const installed = structured(await client.callTool({ name: "exo_hook_install", arguments: { harness: ["copilot"] } }));
  expect(installed.ok, JSON.stringify(installed.error)).toBe(true);
  expect(installed.data.harnesses).toEqual([{ name: "copilot", files: [".github/hooks/exo.json"], status: "installed" }]);
  expect(existsSync(join(repo, ".github/hooks/exo.json"))).toBe(true);
  const decided = structured(await client.callTool({ name: "exo_decide", arguments: { path: ["src/a.ts"], harness: "copilot" } }));
  expect(decided.ok, JSON.stringify(decided.error)).toBe(true);
  expect(decided.data.harness).toBe("copilot");
});

test("copilot -p with no EXO_ACTOR: SessionStart starts on the ticket claimed for Copilot, gives the model its scope, writes are held to it, SessionEnd suspends", { timeout: 300_000 }, async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "docs\n" });
  expect(envelope(await exo(repo, "install", "--harness", "copilot", "--harness", "git")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "ticket");
  expect(envelope(await exo(repo, "next", "--owner", "agent:copilot")).data.ticket.id).toBe("T1");
  const api = await messagesServer([bash("printf 'export const b = 1;\\n' > src/api/b.ts", "b1"), bash("printf 'no\\n' > docs/shell.md", "b2")]);
  const run = await copilotRun(repo, api.url, "Do the ticket.", {});
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(await readFile(join(repo, "src/api/b.ts"), "utf8")).toBe("export const b = 1;\n");
  expect(existsSync(join(repo, "docs/shell.md"))).toBe(false);
  // The bootstrap (ticket and scope) reached the model before its first turn.
  expect(JSON.stringify(api.turns[0])).toContain("src/**");

  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; actor: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[];
  const started = records.find((r) => r.type === "session.started");
  expect(started?.ticket).toBe("T1");
  expect(started?.actor).toMatch(/^agent:copilot:[0-9a-f]{8}$/);
  expect(started?.data["harness"]).toBe("copilot");
  const session = started?.session as string;
  expect(records.filter((r) => r.type === "hook.denied" && r.session === session).map((r) => r.data["path"])).toEqual(["docs/shell.md"]);
  expect(records.find((r) => r.type === "session.suspended")).toMatchObject({ session });
});

test("pre-commit refuses a commit that deletes .github/hooks/exo.json (exo's Copilot hooks)", async () => {
  const { repo } = await governed();
  git(repo, "rm", "-q", ".github/hooks/exo.json");
  let out = "";
  try {
    git(repo, "commit", "-qm", "drop copilot hooks");
  } catch (error) {
    out = String((error as { stderr?: string }).stderr ?? error);
  }
  expect(out).toMatch(/\.github\/hooks\/exo\.json: the commit removes or changes exo's hook entries \[HOOKS_TAMPERED\]/);
  expect(git(repo, "show", "HEAD:.github/hooks/exo.json")).toContain("exo-hook.mjs");
  expect(git(repo, "log", "-1", "--format=%s")).toBe("governed\n");
});
