// Issue #19 reproductions: per-harness decision mapping, hook stdin (SPEC §8.1), unreadable
// payloads, long paths, payload cwd outside the repository, paths through links.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, openSync, writeSync } from "node:fs";
import { link, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { baseEnv, envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { decision, hook } from "../../helpers/hooks.js";

const CLAUDE = { EXO_ACTOR: "agent:claude" };

async function governed(): Promise<string> {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "README.md": "r\n", "package.json": "{}\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude", "--harness", "cursor", "--harness", "codex", "--harness", "windsurf")).code).toBe(0);
  await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: CLAUDE })).code).toBe(0);
  return repo;
}

const bash = (repo: string, command: string, cwd = repo) => JSON.stringify({ session_id: "s1", cwd, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } });

test("Codex cannot ask: an ask is answered as deny with the reason; Claude keeps ask; decide --harness agrees", async () => {
  const repo = await governed();
  const cmd = `python3 -c "open('src/api/py.ts','w')"`;
  const codex = await hook(repo, "codex", "PreToolUse", bash(repo, cmd), CLAUDE);
  expect(codex.code).toBe(0);
  expect(decision(codex)?.decision).toBe("deny");
  expect(decision(codex)?.reason).toMatch(/cannot tell where this command writes.*cannot ask/);
  expect(decision(await hook(repo, "claude", "PreToolUse", bash(repo, cmd), CLAUDE))?.decision).toBe("ask");
  const cursor = await hook(repo, "cursor", "beforeShellExecution", JSON.stringify({ conversation_id: "c1", command: cmd, cwd: repo, workspace_roots: [repo] }), CLAUDE);
  expect(JSON.parse(cursor.stdout).permission).toBe("ask");
  const windsurf = await hook(repo, "windsurf", "pre_run_command", JSON.stringify({ agent_action_name: "pre_run_command", trajectory_id: "w1", tool_info: { command_line: cmd, cwd: repo } }), CLAUDE);
  expect(windsurf.code).toBe(2);
  expect(windsurf.stderr).toMatch(/cannot ask/);
  expect(envelope(await exo(repo, "decide", "--bash", cmd, "--harness", "codex", { env: CLAUDE })).data).toMatchObject({ decision: "deny", kernel_decision: "ask", code: "UNKNOWN_WRITE" });
});

test("SPEC §8.1: the hook answers and exits while the harness keeps stdin open", async () => {
  const repo = await governed();
  const child = spawn(process.execPath, [join(repo, ".exo/bin/exo-hook.mjs"), "claude", "PreToolUse"], { cwd: repo, env: baseEnv(CLAUDE) });
  let stdout = "";
  let answeredAt = 0;
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    answeredAt ||= Date.now();
  });
  const exited = new Promise<number>((resolve) => child.on("exit", () => resolve(Date.now())));
  child.stdin.write(JSON.stringify({ cwd: repo, tool_name: "Write", tool_input: { file_path: join(repo, "README.md") } }));
  // stdin is never closed
  const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15_000));
  const at = await Promise.race([exited, timeout]);
  child.kill();
  expect(at, "the hook must exit without EOF").toBeGreaterThan(0);
  expect(at - answeredAt).toBeLessThan(1500);
  expect(JSON.parse(stdout).hookSpecificOutput.permissionDecision).toBe("deny");
});

test("SPEC §8.1: a harness that writes nothing (or half a payload) and keeps stdin open gets the configured deny after the 2 s cap", async () => {
  const repo = await governed();
  const launch = (stdin: "pipe" | number) => {
    const child = spawn(process.execPath, [join(repo, ".exo/bin/exo-hook.mjs"), "claude", "PreToolUse"], { cwd: repo, env: baseEnv(CLAUDE), stdio: [stdin, "pipe", "pipe"] });
    let stdout = "";
    let answeredAt = 0;
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      answeredAt ||= Date.now();
    });
    const exited = new Promise<number>((resolve) => child.on("exit", () => resolve(Date.now())));
    const within = (p: Promise<number>, ms: number) => Promise.race([p, new Promise<number>((resolve) => setTimeout(() => resolve(-1), ms))]);
    return { child, exited, within, answer: () => ({ stdout, answeredAt }) };
  };
  for (const input of ["", '{"cwd": "']) {
    // A pipe (a shell pipeline, a Rust harness): the hook answers at the cap and exits.
    const fifo = join(await tempDir(), "stdin");
    execFileSync("mkfifo", [fifo]);
    const writer = openSync(fifo, constants.O_RDWR);
    const started = Date.now();
    const piped = launch(writer);
    if (input) writeSync(writer, input);
    const at = await piped.within(piped.exited, 15_000);
    piped.child.kill();
    closeSync(writer);
    expect(at, `the hook must exit without EOF (${JSON.stringify(input)})`).toBeGreaterThan(0);
    expect(at - started).toBeGreaterThanOrEqual(1900);
    expect(JSON.parse(piped.answer().stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    // A socket (a Node harness's stdin): the answer comes at the cap; the process ends once stdin closes.
    const socket = launch("pipe");
    if (input) socket.child.stdin?.write(input);
    for (let i = 0; i < 150 && !socket.answer().stdout.includes("\n"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(socket.answer().stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    socket.child.stdin?.end();
    const end = await socket.within(socket.exited, 10_000);
    socket.child.kill();
    expect(end).toBeGreaterThan(0);
  }
});

test("SPEC §8.3: a deny whose answer cannot be written (stdout closed) exits 2, never 1", async () => {
  const repo = await governed();
  const child = spawn(process.execPath, [join(repo, ".exo/bin/exo-hook.mjs"), "claude", "PreToolUse"], { cwd: repo, env: baseEnv(CLAUDE), stdio: ["pipe", "pipe", "pipe"] });
  child.stdout.destroy();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.stdin.end(JSON.stringify({ cwd: repo, tool_name: "Write", tool_input: { file_path: join(repo, "README.md") } }));
  expect(await exited).toBe(2);
});

test("empty, whitespace, malformed, array, number and null payloads get the configured policy, never an accidental allow", async () => {
  const repo = await governed();
  for (const input of ["", "   \n", "{not json", "[1,2]", "42", "null", '"str"']) {
    const claude = await hook(repo, "claude", "PreToolUse", input, CLAUDE);
    expect(claude.code, JSON.stringify(input)).toBe(0);
    expect(decision(claude)?.decision, JSON.stringify(input)).toBe("deny");
    const cursor = await hook(repo, "cursor", "preToolUse", input, CLAUDE);
    expect(JSON.parse(cursor.stdout).permission, JSON.stringify(input)).toBe("deny");
    const windsurf = await hook(repo, "windsurf", "pre_write_code", input, CLAUDE);
    expect(windsurf.code, JSON.stringify(input)).toBe(2);
  }
  // Read-class events stay allowed on an unreadable payload.
  expect(JSON.parse((await hook(repo, "cursor", "beforeReadFile", "[]", CLAUDE)).stdout)).toEqual({});
  const errors = envelope(await exo(repo, "ledger-show", "--type", "hook.error", "--all")).data;
  expect(errors.total).toBeGreaterThan(0);
  // SPEC §4.11.2: hook.error carries harness, event and message.
  expect(errors.records[0].data).toEqual({ harness: expect.any(String), event: expect.any(String), message: expect.stringMatching(/payload/) });
});

test("a JSON payload missing what its event needs (tool_name, the shell command) or with it of the wrong type is an internal error for writes, never an allow", async () => {
  const repo = await governed();
  const target = join(repo, "README.md");
  const claudeCases: Record<string, unknown>[] = [
    { cwd: repo, tool_input: { file_path: target } },
    { cwd: repo, tool_name: 5, tool_input: { file_path: target } },
    { cwd: repo, tool_name: "", tool_input: { file_path: target } },
    { cwd: repo, tool_name: "Bash", tool_input: { cmd: "echo x > README.md" } },
    { cwd: repo, tool_name: "Bash", tool_input: "echo x > README.md" },
    { cwd: repo, tool_name: "Bash", tool_input: { command: { text: "echo x > README.md" } } },
    { cwd: repo, tool_name: "PowerShell", tool_input: {} },
  ];
  for (const payload of claudeCases) {
    for (const harness of ["claude", "codex"]) {
      const run = await hook(repo, harness, "PreToolUse", JSON.stringify(payload), CLAUDE);
      expect(decision(run)?.decision, `${harness} ${JSON.stringify(payload)}`).toBe("deny");
      expect(decision(run)?.reason).toMatch(/could not read the .* payload/);
    }
  }
  const cursorShell = await hook(repo, "cursor", "beforeShellExecution", JSON.stringify({ conversation_id: "c", workspace_roots: [repo], cwd: repo, cmd: "echo x > README.md" }), CLAUDE);
  expect(JSON.parse(cursorShell.stdout).permission).toBe("deny");
  const cursorTool = await hook(repo, "cursor", "preToolUse", JSON.stringify({ conversation_id: "c", workspace_roots: [repo], tool_name: "Shell", tool_input: { cmd: "echo x > README.md" } }), CLAUDE);
  expect(JSON.parse(cursorTool.stdout).permission).toBe("deny");
  const windsurf = await hook(repo, "windsurf", "pre_run_command", JSON.stringify({ trajectory_id: "t", tool_info: { cwd: repo } }), CLAUDE);
  expect(windsurf.code).toBe(2);
  // Well-formed everyday calls are untouched: a read, an in-scope write, a read-only command.
  expect(decision(await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: repo, tool_name: "Read", tool_input: { file_path: target } }), CLAUDE))).toBeNull();
  expect(decision(await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: repo, tool_name: "Write", tool_input: { file_path: join(repo, "src/ok.ts") } }), CLAUDE))).toBeNull();
  expect(decision(await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: repo, tool_name: "Bash", tool_input: { command: "git status" } }), CLAUDE))).toBeNull();
  expect(JSON.parse((await hook(repo, "cursor", "beforeShellExecution", JSON.stringify({ conversation_id: "c", workspace_roots: [repo], cwd: repo, command: "ls" }), CLAUDE)).stdout)).toEqual({});
});

test("hook time is linear in path length: a 60 KB path is decided about as fast as a short one", async () => {
  const repo = await governed();
  const write = (p: string) => JSON.stringify({ cwd: repo, tool_name: "Write", tool_input: { file_path: p } });
  let t = Date.now();
  await hook(repo, "claude", "PreToolUse", write(join(repo, "src/x.ts")), CLAUDE);
  const short = Date.now() - t;
  const deep = `${repo}/src/${"a/".repeat(30_000)}x.ts`;
  t = Date.now();
  const run = await hook(repo, "claude", "PreToolUse", write(deep), CLAUDE);
  const long = Date.now() - t;
  expect(run.code).toBe(0);
  expect(decision(run)).toBeNull();
  const wide = await hook(repo, "claude", "PreToolUse", write(`${repo}/docs/${"b".repeat(60_000)}.md`), CLAUDE);
  expect(decision(wide)?.decision).toBe("deny");
  const shell = await hook(repo, "claude", "PreToolUse", bash(repo, `echo x > docs/${"c/".repeat(30_000)}y`), CLAUDE);
  expect(decision(shell)?.decision).toBe("deny");
  expect(long).toBeLessThan(short + 1000);
});

test("a payload cwd outside the repository does not make the write ungoverned", async () => {
  const repo = await governed();
  const elsewhere = await tempDir();
  const run = await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: elsewhere, tool_name: "Write", tool_input: { file_path: join(repo, "README.md") } }), CLAUDE);
  expect(decision(run)?.decision).toBe("deny");
  expect(decision(run)?.reason).toMatch(/README\.md: outside the scope of T1/);
});

test("paths: symlinks resolve before .., dangling links, hard links, links made in the same command, glob expansion", async () => {
  const repo = await governed();
  await mkdir(join(repo, "docs"), { recursive: true });
  // src/api/up -> ../../docs : "src/api/up/../x" is docs/../x = repo/x physically, not src/api/x.
  await symlink("../../docs", join(repo, "src/api/up"));
  await symlink("../../README.new", join(repo, "src/api/dangling"));
  await link(join(repo, "README.md"), join(repo, "src/api/hard.md"));
  const write = (p: string) => JSON.stringify({ cwd: repo, tool_name: "Write", tool_input: { file_path: p } });
  const cases: [string, RegExp][] = [
    [`${repo}/src/api/up/../x.ts`, /x\.ts: outside the scope/],
    [`${repo}/src/api/dangling`, /README\.new: outside the scope/],
    [`${repo}/src/api/hard.md`, /hard links/],
  ];
  for (const [p, reason] of cases) {
    const run = await hook(repo, "claude", "PreToolUse", write(p), CLAUDE);
    expect(decision(run)?.decision, p).not.toBeUndefined();
    expect(decision(run)?.reason, p).toMatch(reason);
  }
  for (const cmd of ["ln -s ../../README.md src/api/l && echo hi > src/api/l", "ln -s ../.. src/api/r && echo x > src/api/r/README.md", "echo hi > src/api/up/../leak.ts", "cp src/api/a.ts src/api/dangling"]) {
    const run = await hook(repo, "claude", "PreToolUse", bash(repo, cmd), CLAUDE);
    expect(decision(run)?.decision, cmd).toBe("deny");
    expect(envelope(await exo(repo, "decide", "--bash", cmd, { env: CLAUDE })).data.decision, cmd).toBe("deny");
  }
  await writeFile(join(repo, "docs/one.md"), "1");
  await writeFile(join(repo, "docs/two.md"), "2");
  const glob = await hook(repo, "claude", "PreToolUse", bash(repo, "rm docs/*.md"), CLAUDE);
  expect(decision(glob)?.reason).toMatch(/docs\/one\.md/);
  const d = envelope(await exo(repo, "decide", "--bash", "rm docs/*.md", { env: CLAUDE }));
  expect(d.data.targets.map((t: { path: string }) => t.path).sort()).toEqual(["docs/one.md", "docs/two.md"]);
});

test("PostToolUse backstop: files a Bash call actually changed are recorded and out-of-scope ones flagged at once", async () => {
  const repo = await governed();
  const post = (tool: string, input: Record<string, unknown>) => JSON.stringify({ session_id: "s1", cwd: repo, hook_event_name: "PostToolUse", tool_name: tool, tool_input: input, tool_response: {} });
  await new Promise((r) => setTimeout(r, 20));
  await mkdir(join(repo, "docs"), { recursive: true });
  await writeFile(join(repo, "docs/made-by-make.md"), "x");
  await writeFile(join(repo, "src/api/gen.ts"), "y");
  const run = await hook(repo, "claude", "PostToolUse", post("Bash", { command: "make docs" }), CLAUDE);
  expect(run.code).toBe(0);
  const out = JSON.parse(run.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
  expect(out.hookSpecificOutput.hookEventName).toBe("PostToolUse");
  expect(out.hookSpecificOutput.additionalContext).toMatch(/docs\/made-by-make\.md \(OUT_OF_SCOPE\)/);
  expect(out.hookSpecificOutput.additionalContext).not.toMatch(/gen\.ts/);
  const warned = envelope(await exo(repo, "ledger-show", "--type", "hook.warned", "--all")).data.records as { actor: string; data: { path: string } }[];
  expect(warned.map((r) => r.data.path)).toContain("docs/made-by-make.md");
  expect(warned[0]?.actor).toBe("agent:claude");
  // The next call does not report the same files again; a reported Write path is checked directly.
  expect((await hook(repo, "claude", "PostToolUse", post("Bash", { command: "ls" }), CLAUDE)).stdout.trim()).toBe("");
  const write = await hook(repo, "codex", "PostToolUse", post("Write", { file_path: join(repo, "README.md") }), CLAUDE);
  expect(write.stdout).toMatch(/README\.md \(OUT_OF_SCOPE\)/);
});

test("a conversation bound to no session cannot borrow another conversation's session; denials carry the bound session's actor", async () => {
  const repo = await governed();
  // Bind the open session to Claude conversation "s1".
  const sessions = envelope(await exo(repo, "status", { env: CLAUDE }));
  expect(sessions.ok).toBe(true);
  const { readdir, readFile: rf, writeFile: wf } = await import("node:fs/promises");
  const file = (await readdir(join(repo, ".exo/sessions"))).find((n) => n.endsWith(".json")) as string;
  const s = JSON.parse(await rf(join(repo, ".exo/sessions", file), "utf8")) as Record<string, unknown>;
  await wf(join(repo, ".exo/sessions", file), JSON.stringify({ ...s, agent_session_id: "s1" }));
  const write = (sid: string, p: string) => JSON.stringify({ session_id: sid, cwd: repo, tool_name: "Write", tool_input: { file_path: join(repo, p) } });
  expect(decision(await hook(repo, "claude", "PreToolUse", write("s1", "src/ok.ts"), {}))).toBeNull();
  const stranger = await hook(repo, "claude", "PreToolUse", write("other-conversation", "src/ok.ts"), {});
  expect(decision(stranger)?.decision).toBe("deny");
  expect(decision(stranger)?.reason).toMatch(/outside the scope of every active session/);
  const denied = await hook(repo, "claude", "PreToolUse", write("s1", "README.md"), {});
  expect(decision(denied)?.decision).toBe("deny");
  const records = envelope(await exo(repo, "ledger-show", "--type", "hook.denied", "--all")).data.records as { actor: string; session: string | null }[];
  expect(records.find((r) => r.session === s["id"])?.actor).toBe("agent:claude");
});
