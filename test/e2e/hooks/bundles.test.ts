// The hook entry loads one bundle per event, through the V8 code cache: a gating call never loads
// the after-edit or lifecycle bundles, an after-edit call never loads the lifecycle bundle, and the
// answers are the same with the cache, without it and with a corrupt one.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { claudeSessionRepo, decision, fixture, hook } from "../../helpers/hooks.js";
import { DIST, tempDir } from "../../helpers/repo.js";

const cached = async (cache: string) =>
  (await readdir(join(cache, "exoprotocol", "v8")).catch(() => [] as string[]))
    .filter((f) => f.endsWith(".v8"))
    .map((f) => f.replace(/\.cjs-.*$/, ""))
    .sort();

test("the gate bundle holds no shell analysis: it loads hook-shell.cjs for a command line only", async () => {
  const meta = JSON.parse(await readFile(join(DIST, "hooks", "meta.json"), "utf8")) as { inputs: Record<string, unknown> };
  expect(Object.keys(meta.inputs)).toContain("src/hooks/shell-lazy.ts");
  expect(Object.keys(meta.inputs)).not.toContain("src/kernel/shell.ts");
  expect((await readFile(join(DIST, "hook-gate.cjs"))).length).toBeLessThan((await readFile(join(DIST, "hook-shell.cjs"))).length);
});

test("each hook event loads only its own bundle, through the code cache, and answers the same without it", async () => {
  const repo = await claudeSessionRepo({ "src/auth/a.ts": "a\n" });
  const actor = { EXO_ACTOR: "agent:claude" };
  const cache = await tempDir();
  const env = { ...actor, XDG_CACHE_HOME: cache };
  const outside = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/docs/out.md`));
  const post = JSON.stringify({ session_id: "s1", cwd: repo, hook_event_name: "PostToolUse", tool_name: "Write", tool_input: { file_path: join(repo, "README.md") }, tool_response: {} });

  const denied = await hook(repo, "claude", "PreToolUse", outside, env);
  expect(decision(denied)?.decision).toBe("deny");
  expect(await cached(cache)).toEqual(["hook-gate"]);
  // Warm (from the cache), cold (no cache) and with garbage in the cache: the same answer.
  expect((await hook(repo, "claude", "PreToolUse", outside, env)).stdout).toBe(denied.stdout);
  expect((await hook(repo, "claude", "PreToolUse", outside, { ...env, EXO_NO_COMPILE_CACHE: "1" })).stdout).toBe(denied.stdout);
  const folder = join(cache, "exoprotocol", "v8");
  for (const f of await readdir(folder)) if (f.endsWith(".v8")) await writeFile(join(folder, f), "not bytecode");
  expect((await hook(repo, "claude", "PreToolUse", outside, env)).stdout).toBe(denied.stdout);

  const warned = await hook(repo, "claude", "PostToolUse", post, env);
  expect(warned.stdout).toMatch(/README\.md \(OUT_OF_SCOPE\)/);
  expect(await cached(cache)).toEqual(["hook-gate", "hook-git"]);
  expect((await hook(repo, "claude", "Stop", await fixture("claude-stop.json", repo), env)).code).toBe(0);
  // Stop finds the actor's session (SPEC §7.5 step 3) and refreshes its heartbeat with exo
  // lease-heartbeat, a CLI process of its own: that one loads the CLI's bundle (main).
  expect(await cached(cache)).toEqual(["hook-gate", "hook-git", "hook-lifecycle", "main"]);
});

test("the gate's code cache grows to cover each way a call takes (file or shell, allowed or denied), then stays as it is; the shell analysis has a cache of its own", async () => {
  const repo = await claudeSessionRepo({ "src/auth/a.ts": "a\n" });
  const cache = await tempDir();
  const env = { EXO_ACTOR: "agent:claude", XDG_CACHE_HOME: cache };
  const folder = join(cache, "exoprotocol", "v8");
  const cacheOf = async (bundle: string) => {
    const [file] = (await readdir(folder)).filter((f) => f.startsWith(bundle) && f.endsWith(".v8"));
    const bytes = await readFile(join(folder, file as string));
    return { bytes, header: bytes.toString("latin1", 0, bytes.indexOf(10)) };
  };
  const gateCache = () => cacheOf("hook-gate");
  const call = (tool: string, input: Record<string, string>) => hook(repo, "claude", "PreToolUse", JSON.stringify({ session_id: "s1", cwd: repo, hook_event_name: "PreToolUse", tool_name: tool, tool_input: input }), env);
  expect((await call("Write", { file_path: `${repo}/src/auth/b.ts`, content: "x" })).stdout).toBe("");
  const first = await gateCache();
  expect(first.header).toBe("exo-v8 file-allow");
  // The same way again: the cache is used as it is, not rewritten.
  await call("Write", { file_path: `${repo}/src/auth/c.ts`, content: "x" });
  expect((await gateCache()).bytes).toEqual(first.bytes);
  // A new way: rewritten with what that call compiled besides (the deny path, the ledger append).
  expect(decision(await call("Write", { file_path: `${repo}/docs/out.md`, content: "x" }))?.decision).toBe("deny");
  const second = await gateCache();
  expect(second.header).toBe("exo-v8 file-allow,file-deny");
  expect(second.bytes.length).toBeGreaterThan(first.bytes.length);
  // File calls never load the shell analysis, a bundle of its own (hook-shell.cjs).
  expect(await cached(cache)).toEqual(["hook-gate"]);
  expect(decision(await call("Bash", { command: "echo x > docs/out.md" }))?.decision).toBe("deny");
  expect(await cached(cache)).toEqual(["hook-gate", "hook-shell"]);
  const third = await gateCache();
  expect(third.header).toBe("exo-v8 file-allow,file-deny,shell-deny");
  // The analysis's bytecode is in hook-shell's own cache, not in the gate's: the gate's cache grew
  // by the gate's own shell path alone, far less than the analysis's cache.
  const analysis = await cacheOf("hook-shell");
  expect(analysis.header).toBe("exo-v8 shell-deny");
  expect(third.bytes.length - second.bytes.length).toBeLessThan(analysis.bytes.length / 2);
  // Answers from the grown caches are those without any cache.
  const denied = await call("Bash", { command: "sed -i s/a/b/ src/auth/a.ts && echo x > docs/out.md" });
  const cold = await hook(repo, "claude", "PreToolUse", JSON.stringify({ session_id: "s1", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "sed -i s/a/b/ src/auth/a.ts && echo x > docs/out.md" } }), { ...env, EXO_NO_COMPILE_CACHE: "1" });
  expect(denied.stdout).toBe(cold.stdout);
  const written = await call("Write", { file_path: `${repo}/docs/out.md`, content: "x" });
  expect(written.stdout).toBe((await hook(repo, "claude", "PreToolUse", JSON.stringify({ session_id: "s1", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: `${repo}/docs/out.md`, content: "x" } }), { ...env, EXO_NO_COMPILE_CACHE: "1" })).stdout);
  expect((await gateCache()).header).toBe("exo-v8 file-allow,file-deny,shell-deny");
});
