// The README quick start, verbatim, in a fresh repository; install's summary and next steps;
// MCP registration in each harness's project file, merged and idempotent.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "shell-quote";
import { expect, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";


test("quick start: install --example, next, session-start TICKET-001, session-finish work verbatim", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  const install = await exo(repo, "install", "--example", { json: false });
  expect(install.code).toBe(0);
  expect(install.stdout).toMatch(/exo is installed in this repository\./);
  expect(install.stdout).toMatch(/committed {2}[0-9a-f]{8}/);
  expect(install.stdout).toMatch(/Next steps:\n {2}1\. Claim the starter ticket for yourself: exo next\n {2}2\. Start a session on it: exo session-start --ticket-id TICKET-001/);
  expect(install.stdout.split("\n").length).toBeLessThan(20);
  // The starter work is committed with the install.
  expect(git(repo, "show", "--name-only", "--format=", "HEAD")).toMatch(/\.exo\/tickets\/TICKET-001\.yaml/);
  expect(git(repo, "status", "--porcelain", "--", ".exo")).toBe("");
  const next = envelope(await exo(repo, "next", "--owner", "your-name"));
  expect(next.ok).toBe(true);
  expect(next.data.ticket.id).toBe("TICKET-001");
  const start = await exo(repo, "session-start", "--ticket-id", "TICKET-001");
  expect(envelope(start).ok).toBe(true);
  await writeFile(join(repo, "README.md"), "# app\n\nGoverned by exo.\n");
  const finish = envelope(await exo(repo, "session-finish", "--summary", "first governed change"));
  expect(finish.ok).toBe(true);
  expect(finish.data.drift.files_total ?? finish.data.drift.score).toBeDefined();
  // A second --example adds nothing.
  const again = envelope(await exo(repo, "install", "--example"));
  expect(again.data.example).toMatchObject({ status: "unchanged", ticket: "TICKET-001" });
});

test("init --example adds the starter intent and TICKET-001", async () => {
  const repo = await tempRepo();
  const env = envelope(await exo(repo, "init", "--example"));
  expect(env.ok).toBe(true);
  expect(env.data.created).toContain(".exo/tickets/TICKET-001.yaml");
  const show = envelope(await exo(repo, "ticket-show", "TICKET-001"));
  expect(show.data.ticket).toMatchObject({ id: "TICKET-001", kind: "task", status: "todo" });
  expect(show.data.ancestors[0].kind).toBe("intent");
});

test("plain install ends with a human summary and numbered next steps that create work", async () => {
  const repo = await tempRepo();
  const run = await exo(repo, "install", { json: false });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/\n {2}1\. Create work:\n {5}exo intent-create "what you want" --brain-dump "why it matters" --scope-allow "src\/\*\*" --id INT-001\n/);
  expect(run.stdout).toMatch(/exo install --example/);
  expect(run.stdout).toMatch(/ {2}3\. Agents reach exo over MCP/);
  expect(run.stdout).not.toMatch(/^steps:/m); // not the YAML dump
  const again = await exo(repo, "install", { json: false });
  expect(again.stdout).toMatch(/already installed here; nothing changed/);
  const json = envelope(await exo(repo, "install"));
  expect(json.data.next_steps[0]).toMatch(/^Create work: /);
  // The step's two commands run as printed, and then the next step's dispatch finds the task.
  const [first, second] = (json.data.next_steps[0] as string).replace(/^Create work: /, "").replace(/ \(or .*$/, "").split(", then ");
  for (const line of [first, second]) {
    const words = parse(line as string).map(String);
    expect(words[0]).toBe("exo");
    expect(envelope(await exo(repo, ...words.slice(1))).ok, line).toBe(true);
  }
  expect(envelope(await exo(repo, "next", "--owner", "your-name")).data.ticket.id).toBe("TICKET-001");
});

test("install registers exo-mcp for Claude Code, Cursor and Codex, keeping other servers; idempotent; --no-mcp skips", async () => {
  const repo = await tempRepo({
    ".mcp.json": JSON.stringify({ mcpServers: { github: { command: "gh-mcp", args: [] } }, extra: true }, null, 2),
    ".cursor/mcp.json": JSON.stringify({ mcpServers: { db: { url: "http://localhost:1" } } }),
    ".codex/config.toml": 'model = "o4"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\nargs = []\n',
  });
  const env = envelope(await exo(repo, "install", "--harness", "claude", "--harness", "cursor", "--harness", "codex", "--harness", "git"));
  expect(env.ok).toBe(true);
  expect(env.data.mcp.status).toBe("done");
  const claude = JSON.parse(await readFile(join(repo, ".mcp.json"), "utf8"));
  expect(claude).toEqual({ mcpServers: { github: { command: "gh-mcp", args: [] }, exo: { command: "node", args: [".exo/bin/exo-mcp.mjs"], env: { EXO_MCP_DEFAULT_ACTOR: "agent:claude" } } }, extra: true });
  const cursor = JSON.parse(await readFile(join(repo, ".cursor/mcp.json"), "utf8"));
  expect(cursor.mcpServers.db).toEqual({ url: "http://localhost:1" });
  expect(cursor.mcpServers.exo).toEqual({ command: "node", args: ["${workspaceFolder}/.exo/bin/exo-mcp.mjs", "--repo", "${workspaceFolder}"], env: { EXO_MCP_DEFAULT_ACTOR: "agent:cursor" } });
  const codex = await readFile(join(repo, ".codex/config.toml"), "utf8");
  const script = 'exec node "$(git rev-parse --show-toplevel 2>/dev/null || pwd)/.exo/bin/exo-mcp.mjs" "$@"';
  // exo's Codex hooks also switch Codex's command terminal off (harness round 22: write_stdin).
  expect(codex).toBe(`model = "o4"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\nargs = []\n\n[features]\nunified_exec_tty = false # exo: write_stdin types into a terminal no hook sees\n\n[mcp_servers.exo]\ncommand = "sh"\nargs = ["-c", ${JSON.stringify(script)}, "exo-mcp"]\nenv = { EXO_MCP_DEFAULT_ACTOR = "agent:codex" }\nenv_vars = ["EXO_ACTOR", "EXO_SESSION_ID"]\n`);
  // The launcher the entries run, committed with the install (executable, like the hook launcher).
  expect(env.data.mcp.files).toContain(".exo/bin/exo-mcp.mjs");
  expect(git(repo, "ls-files", "-s", ".exo/bin/exo-mcp.mjs")).toMatch(/^100755 /);
  expect(git(repo, "show", "--name-only", "--format=", "HEAD").split("\n")).toEqual(expect.arrayContaining([".mcp.json", ".cursor/mcp.json", ".codex/config.toml", ".exo/bin/exo-mcp.mjs"]));
  const second = envelope(await exo(repo, "install", "--harness", "claude", "--harness", "cursor", "--harness", "codex", "--harness", "git"));
  expect(second.data.mcp.status).toBe("unchanged");
  expect(second.data.committed).toBeNull();
  // A user's own exo entry is kept.
  await writeFile(join(repo, ".mcp.json"), JSON.stringify({ mcpServers: { exo: { command: "exo-mcp" } } }));
  const kept = envelope(await exo(repo, "install", "--harness", "claude"));
  expect(kept.data.mcp.message).toMatch(/\.mcp\.json kept/);
  expect(JSON.parse(await readFile(join(repo, ".mcp.json"), "utf8"))).toEqual({ mcpServers: { exo: { command: "exo-mcp" } } });
});

test("--no-mcp writes no MCP file; a broken .mcp.json fails install with SETTINGS_INVALID and a hint", async () => {
  const repo = await tempRepo();
  const env = envelope(await exo(repo, "install", "--no-mcp"));
  expect(env.data.mcp.status).toBe("skipped");
  await expect(readFile(join(repo, ".mcp.json"), "utf8")).rejects.toThrow();
  const broken = await tempRepo();
  await mkdir(join(broken, ".cursor"), { recursive: true });
  await writeFile(join(broken, ".mcp.json"), "{ not json");
  const run = await exo(broken, "install");
  expect(run.code).toBe(1);
  const failed = envelope(run);
  expect(failed.error?.code).toBe("INSTALL_INCOMPLETE");
  expect(failed.data.mcp).toMatchObject({ status: "failed", code: "SETTINGS_INVALID" });
  expect(failed.error?.hint).toBe('"${EDITOR:-vi}" +1 .mcp.json && exo install');
  expect(await readFile(join(broken, ".mcp.json"), "utf8")).toBe("{ not json");
});
