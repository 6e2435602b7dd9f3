// Real Codex (npm @openai/codex 0.171) and the shape of its shell tool as exo's PreToolUse sees
// it. exec_command (unified exec) arrives as `Bash` with `tool_input: { command }` and nothing
// else: its `workdir` becomes the payload's `cwd` (so paths are relative to that folder), its
// `shell`/`login`/`tty` are not sent (the default runs `bash -lc`; `shell: "/bin/sh"` runs
// `sh -c`; a `shell` that is no shell falls back to /bin/sh), and an `apply_patch` here-document
// typed as a command is applied by Codex itself but judged by exo as a patch. write_stdin never
// reaches a hook (see codex-tty.test.ts and codex-stdin.test.ts).
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, writeFiles } from "../../helpers/repo.js";
import { codexExec, governedCodexRepo, message, responsesSse, trustedCodex, type OutputItem } from "../../helpers/codex.js";

const exec = (args: Record<string, unknown>, id: string): OutputItem => ({ type: "function_call", id: `fc_${id}`, call_id: `call_${id}`, name: "exec_command", arguments: JSON.stringify(args) });
const patch = (file: string) => `apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: ${file}\n+x\n*** End Patch\nEOF\n`;

test("codex exec: exec_command's workdir, shell and apply_patch here-documents are judged where they run; .env reads and writes out of scope are refused", { timeout: 300_000 }, async () => {
  const repo = await governedCodexRepo();
  await writeFiles(repo, { ".gitignore": ".env\n" });
  git(repo, "add", ".gitignore");
  git(repo, "commit", "-qm", "ignore .env");
  await writeFiles(repo, { ".env": "API_KEY=very-secret\n" });
  // Every PreToolUse payload Codex sends, kept beside exo's own hook (same trust: written before it is listed).
  const log = join(repo, ".git/pretooluse.jsonl");
  const hooksFile = join(repo, ".codex/hooks.json");
  const hooks = JSON.parse(await readFile(hooksFile, "utf8")) as { hooks: Record<string, unknown[]> };
  hooks.hooks["PreToolUse"]?.push({ matcher: ".*", hooks: [{ type: "command", command: `sh -c 'cat >> "${log}"; echo >> "${log}"'`, timeout: 10 }] });
  await writeFile(hooksFile, JSON.stringify(hooks, null, 2));
  const server = await responsesSse([
    [exec({ cmd: "printf 'ok\\n' > in.ts", workdir: "src/api" }, "1")],
    [exec({ cmd: "echo x > out.md", workdir: "docs" }, "2")],
    [exec({ cmd: "echo x > ../../docs/up.md", workdir: "src/api" }, "3")],
    [exec({ cmd: patch("patched.ts"), workdir: "src/api" }, "4")],
    [exec({ cmd: patch("patched.md"), workdir: "docs" }, "5")],
    [exec({ cmd: "echo x > docs/sh.md", shell: "/bin/sh", login: false }, "6")],
    [exec({ cmd: "cat ../../.env", workdir: "src/api" }, "7")],
    [message("done")],
  ]);
  const { env } = await trustedCodex(repo, server.url);
  const run = await codexExec(repo, "Work on the ticket.", env);
  expect(run.code, run.stderr).toBe(0);
  expect(await readFile(join(repo, "src/api/in.ts"), "utf8")).toBe("ok\n");
  expect(await readFile(join(repo, "src/api/patched.ts"), "utf8")).toBe("x\n");
  for (const f of ["docs/out.md", "out.md", "docs/up.md", "docs/patched.md", "patched.md", "docs/sh.md"]) expect(existsSync(join(repo, f)), f).toBe(false);
  const outputs = server.requests.map((r) => JSON.stringify(r.input.at(-1)));
  expect(outputs[7]).toContain("exo blocked read of .env");
  expect(outputs.join("\n")).not.toContain("very-secret");
  const denied = (envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; data: Record<string, unknown> }[]).filter((r) => r.type === "hook.denied");
  expect(denied.map((r) => r.data["path"])).toEqual(["docs/out.md", "docs/up.md", "docs/patched.md", "docs/sh.md", ".env"]);
  // What Codex sent: Bash with the command only, cwd the workdir.
  const payloads = (await readFile(log, "utf8")).split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as { tool_name: string; cwd: string; tool_input: Record<string, unknown> });
  expect(payloads).toHaveLength(7);
  for (const p of payloads) {
    expect(p.tool_name).toBe("Bash");
    expect(Object.keys(p.tool_input)).toEqual(["command"]);
  }
  expect(payloads.map((p) => p.cwd)).toEqual([join(repo, "src/api"), join(repo, "docs"), join(repo, "src/api"), join(repo, "src/api"), join(repo, "docs"), repo, join(repo, "src/api")]);
});
