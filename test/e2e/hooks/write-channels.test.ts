// The write-channel corpus (test/fixtures/write-channels.json, issue #19): ≥ 200 commands and tool
// calls across Claude, Codex, Cursor and Windsurf. No out-of-scope write may be allowed, and
// `exo decide` must give the hook's answer on every case it can express. The hook runs in-process
// from the built bundle (dist/hook.mjs) for speed; a sample also runs through the real launcher.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { DIST, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { governedTask, hook } from "../../helpers/hooks.js";
import type * as Library from "../../../src/index.js";

interface Case { id: string; channel: string; expect: "allow" | "block"; class: string; command?: string; path?: string; tool?: string; patch?: string; args?: unknown; server?: string }
interface Answer { stdout: string; stderr: string; exitCode: number }

const corpus = JSON.parse(await readFile("test/fixtures/write-channels.json", "utf8")) as { files: Record<string, string>; cases: Case[] };
const ENV = { EXO_ACTOR: "agent:claude" };

function verdict(harness: string, a: Answer): string {
  if (harness === "windsurf") return a.exitCode === 2 ? "deny" : "allow";
  const text = a.stdout.trim();
  if (text === "" || text === "{}") return "allow";
  const out = JSON.parse(text) as { permission?: string; hookSpecificOutput?: { permissionDecision?: string } };
  return out.permission ?? out.hookSpecificOutput?.permissionDecision ?? "allow";
}

function call(repo: string, c: Case): { harness: string; event: string; payload: Record<string, unknown>; decide: Record<string, unknown> | null } {
  const abs = (p: string) => (p.startsWith("/") || p.startsWith("~") ? p : `${repo}/${p}`);
  switch (c.channel) {
    case "bash":
    case "powershell":
      return { harness: "claude", event: "PreToolUse", payload: { session_id: "corpus", cwd: repo, tool_name: c.channel === "bash" ? "Bash" : "PowerShell", tool_input: { command: c.command } }, decide: { bash: c.command } };
    case "claude-tool": {
      const key = c.tool === "NotebookEdit" ? "notebook_path" : "file_path";
      return { harness: "claude", event: "PreToolUse", payload: { session_id: "corpus", cwd: repo, tool_name: c.tool, tool_input: { [key]: abs(c.path as string) } }, decide: { path: [abs(c.path as string)] } };
    }
    case "cursor-tool":
      return { harness: "cursor", event: "preToolUse", payload: { conversation_id: "corpus", workspace_roots: [repo], tool_name: c.tool, tool_input: { file_path: abs(c.path as string) } }, decide: { path: [abs(c.path as string)], action: c.tool === "Delete" ? "delete" : "write", harness: "cursor" } };
    case "cursor-shell":
      return { harness: "cursor", event: "beforeShellExecution", payload: { conversation_id: "corpus", workspace_roots: [repo], command: c.command, cwd: repo }, decide: { bash: c.command, harness: "cursor" } };
    case "codex-bash":
      return { harness: "codex", event: "PreToolUse", payload: { session_id: "corpus", cwd: repo, tool_name: "Bash", tool_input: { command: c.command } }, decide: { bash: c.command, harness: "codex" } };
    case "codex-patch":
      return { harness: "codex", event: "PreToolUse", payload: { session_id: "corpus", cwd: repo, tool_name: "apply_patch", tool_input: { command: c.patch } }, decide: { apply_patch: c.patch, harness: "codex" } };
    case "claude-mcp":
      return { harness: "claude", event: "PreToolUse", payload: { session_id: "corpus", cwd: repo, tool_name: c.tool, tool_input: c.args }, decide: null };
    case "cursor-mcp":
      return { harness: "cursor", event: "beforeMCPExecution", payload: { conversation_id: "corpus", workspace_roots: [repo], tool_name: c.tool, tool_input: c.args, command: c.server ?? "npx some-mcp-server" }, decide: null };
    case "windsurf-write":
      return { harness: "windsurf", event: "pre_write_code", payload: { agent_action_name: "pre_write_code", trajectory_id: "corpus", tool_info: { file_path: abs(c.path as string), edits: [] } }, decide: { path: [abs(c.path as string)], harness: "windsurf" } };
    case "windsurf-shell":
      return { harness: "windsurf", event: "pre_run_command", payload: { agent_action_name: "pre_run_command", trajectory_id: "corpus", tool_info: { command_line: c.command, cwd: repo } }, decide: { bash: c.command, harness: "windsurf" } };
    default:
      throw new Error(`unknown channel ${c.channel}`);
  }
}

async function corpusRepo(): Promise<string> {
  const repo = await initRepo(corpus.files);
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("hooks:\n", "hooks:\n  external_write_allow: []\n"));
  expect((await exo(repo, "compose")).code).toBe(0);
  expect((await exo(repo, "hook-install", "--harness", "claude", "--harness", "cursor", "--harness", "codex", "--harness", "windsurf")).code).toBe(0);
  await exo(repo, "ticket-create", "corpus", "--id", "T1", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: ENV })).code).toBe(0);
  return repo;
}

test(`write-channel corpus: ${corpus.cases.length} cases, no out-of-scope write allowed, decide agrees with the hook`, { timeout: 300_000 }, async () => {
  expect(corpus.cases.length).toBeGreaterThanOrEqual(200);
  const repo = await corpusRepo();
  const patches = await tempDir();
  const { gate } = (await import(pathToFileURL(join(DIST, "hook.mjs")).href)) as { gate: (h: string, e: string, io: { stdin: string; env: NodeJS.ProcessEnv; cwd: string; launcherRepo?: string }) => Promise<Answer> };
  const { createExo } = (await import(pathToFileURL(join(DIST, "index.js")).href)) as typeof Library;
  const lib = createExo({ repo, actor: "agent:claude", env: { ...process.env, ...ENV } });
  const wrong: string[] = [];
  const disagree: string[] = [];
  for (const c of corpus.cases) {
    const { harness, event, payload, decide } = call(repo, c);
    const answer = await gate(harness, event, { stdin: JSON.stringify(payload), env: { ...process.env, ...ENV }, cwd: repo, launcherRepo: repo });
    const got = verdict(harness, answer);
    if ((c.expect === "allow") !== (got === "allow")) wrong.push(`${c.id} [${c.channel}] ${c.command ?? c.path ?? c.tool ?? ""}: expected ${c.expect}, hook said ${got} ${answer.stdout || answer.stderr}`.slice(0, 400));
    if (decide) {
      const input: Record<string, unknown> = { ...decide };
      if (typeof input["apply_patch"] === "string") {
        const file = join(patches, `${c.id}.patch`);
        await writeFile(file, input["apply_patch"]);
        input["apply_patch"] = file;
      }
      const env = await lib.run("decide", input);
      const said = (env.data as { decision?: string } | null)?.decision ?? `error ${env.error?.code}`;
      if (said !== got) disagree.push(`${c.id} [${c.channel}] ${c.command ?? c.path ?? ""}: hook ${got}, decide ${said}`);
    }
  }
  expect(wrong).toEqual([]);
  expect(disagree).toEqual([]);
  const outOfScope = corpus.cases.filter((c) => c.expect === "block").length;
  expect(outOfScope).toBeGreaterThan(150);
});

test("a sample of the corpus through the real launcher gives the in-process answers", async () => {
  const repo = await corpusRepo();
  const sample = ["bash", "powershell", "claude-tool", "cursor-shell", "codex-bash", "codex-patch", "claude-mcp", "cursor-mcp", "windsurf-shell"].map((ch) => corpus.cases.find((c) => c.channel === ch && c.expect === "block") as Case);
  for (const c of sample) {
    const { harness, event, payload } = call(repo, c);
    const run = await hook(repo, harness, event, JSON.stringify(payload), ENV);
    expect(verdict(harness, { stdout: run.stdout, stderr: run.stderr, exitCode: run.code }), `${c.id} ${c.channel}`).not.toBe("allow");
  }
});

test("under a scope of **, globs that reach .exo, .claude and node_modules/exoprotocol are judged as bash expands them; subagents, skills and hook scripts are not writable (red-team round 13)", { timeout: 120_000 }, async () => {
  const repo = await initRepo({ ...corpus.files, ".claude/keep.md": "k\n" });
  await governedTask(repo, "**", ENV);
  const elsewhere = await tempDir();
  await mkdir(join(elsewhere, "node_modules/exoprotocol/dist"), { recursive: true });
  await writeFile(join(elsewhere, "node_modules/exoprotocol/dist/hook.mjs"), "// not exo\n");
  await mkdir(join(elsewhere, ".claude"));
  await writeFile(join(elsewhere, ".claude/settings.json"), "{}\n");
  const { gate } = (await import(pathToFileURL(join(DIST, "hook.mjs")).href)) as { gate: (h: string, e: string, io: { stdin: string; env: NodeJS.ProcessEnv; cwd: string; launcherRepo?: string }) => Promise<Answer> };
  const said = async (command: string) => verdict("claude", await gate("claude", "PreToolUse", { stdin: JSON.stringify({ session_id: "wide", cwd: repo, tool_name: "Bash", tool_input: { command } }), env: { ...process.env, ...ENV }, cwd: repo, launcherRepo: repo }));
  const blocked = ["GLOBIGNORE=x; rm -rf *", "shopt -s dotglob; rm -rf *", `shopt -s dotglob && cp -r ${elsewhere}/* .`, `cp -r ${elsewhere}/* .`, `cp -rT ${elsewhere} .`, `cp -r ${elsewhere}/node_modules .`];
  for (const c of blocked) expect(await said(c), c).not.toBe("allow");
  for (const c of ["echo x > .claude/agents/helper.md", "echo x > .claude/commands/review.md", "mkdir -p .claude/skills/x && echo x > .claude/skills/x/SKILL.md", "echo 'touch docs/x' > .claude/hooks/format.sh", "cp -r /tmp/x .cursor/hooks"]) expect(await said(c), c).not.toBe("allow");
  for (const c of ["rm -rf src/api/*", "shopt -s dotglob; rm -rf src/api/*", `cp -r ${elsewhere}/* src/`, "rm -rf *.md"]) expect(await said(c), c).toBe("allow");
});
