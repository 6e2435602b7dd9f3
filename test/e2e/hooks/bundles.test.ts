// The hook entry loads one bundle per event, through the V8 code cache: a gating call never loads
// the after-edit or lifecycle bundles, an after-edit call never loads the lifecycle bundle, and the
// answers are the same with the cache, without it and with a corrupt one.
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { claudeSessionRepo, decision, fixture, hook } from "../../helpers/hooks.js";
import { tempDir } from "../../helpers/repo.js";

const cached = async (cache: string) =>
  (await readdir(join(cache, "exoprotocol", "v8")).catch(() => [] as string[]))
    .filter((f) => f.endsWith(".v8"))
    .map((f) => f.replace(/\.cjs-.*$/, ""))
    .sort();

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
  expect(await cached(cache)).toEqual(["hook-gate", "hook-git", "hook-lifecycle"]);
});
