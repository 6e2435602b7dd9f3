// Real Codex (npm @openai/codex) and programs that read commands typed into their terminal though
// exo allows starting them: an editor or a pager on a file in scope. Codex's exec_command reaches
// exo's PreToolUse as `Bash {command}` (no tty, shell or login field; cwd is the call's workdir);
// with `tty: true` the program gets a terminal, and write_stdin, which no hook sees, types into it.
// Before this test `vim src/api/a.ts` then `:w docs/x` or `:!cmd`, and `less src/api/a.ts` then
// `!cmd`, wrote out of scope (checked with Codex 0.171). exo's Codex hooks now switch Codex's
// command terminal off in the project's .codex/config.toml ([features] unified_exec_tty = false):
// without a terminal Codex gives a command no input, so there is nothing to type into.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo } from "../../helpers/repo.js";
import { codexExec, execCommand, governedCodexRepo, message, responsesSse, trustedCodex, type OutputItem } from "../../helpers/codex.js";

const call = (name: string, args: Record<string, unknown>, id: string): OutputItem => ({ type: "function_call", id: `fc_${id}`, call_id: `call_${id}`, name, arguments: JSON.stringify(args) });
/** The process id Codex gave the program the previous call started ("Process running with session ID N"), else 0. */
const processOf = (body: { input: unknown[] }): number => Number(/session ID (\d+)/.exec(JSON.stringify(body.input.at(-1)))?.[1] ?? 0);
const missing = ["vim", "less"].filter((p) => {
  try {
    execFileSync("sh", ["-c", `command -v ${p}`], { stdio: "ignore" });
    return false;
  } catch {
    return true;
  }
});

test.skipIf(missing.length > 0)(`codex exec: an editor or pager started on a terminal in scope cannot be typed into (write_stdin) to write out of scope; plain commands still run${missing.length > 0 ? ` (skipped: ${missing.join(", ")} not installed)` : ""}`, { timeout: 300_000 }, async () => {
  const repo = await governedCodexRepo();
  // exo install wrote the switch, with its mark, into the project's Codex config.
  expect(await readFile(join(repo, ".codex/config.toml"), "utf8")).toMatch(/^\[features\]\nunified_exec_tty = false # exo:/m);
  const typed = (chars: string, id: string) => (body: { input: unknown[] }) => [call("write_stdin", { session_id: processOf(body), chars, yield_time_ms: 1000 }, id)];
  const server = await responsesSse([
    [call("exec_command", { cmd: "vim src/api/a.ts", tty: true, yield_time_ms: 1500 }, "1")],
    typed("\u001b:w docs/vim.txt\n", "2"),
    [call("exec_command", { cmd: "less src/api/a.ts", tty: true, yield_time_ms: 1500 }, "3")],
    typed("\n!echo x > docs/less.txt\n", "4"),
    // Without a terminal: a command in scope runs (from a workdir too), one out of scope is refused there.
    [call("exec_command", { cmd: "printf 'ok\\n' > ok.ts", workdir: "src/api" }, "5")],
    [call("exec_command", { cmd: "echo x > b.txt", workdir: "docs" }, "6")],
    [execCommand("cat src/api/a.ts", "7")],
    [message("done")],
  ]);
  const { env } = await trustedCodex(repo, server.url);
  const run = await codexExec(repo, "Work on the ticket.", env);
  expect(run.code, run.stderr).toBe(0);
  for (const f of ["docs/vim.txt", "docs/less.txt", "docs/b.txt"]) expect(existsSync(join(repo, f)), f).toBe(false);
  expect(await readFile(join(repo, "src/api/ok.ts"), "utf8")).toBe("ok\n");
  const outputs = server.requests.map((r) => JSON.stringify(r.input.at(-1)));
  // The editor and the pager never got a terminal, so there was no process to type into.
  for (const k of [1, 3]) expect(outputs[k]).toContain("TTY execution is disabled by config");
  for (const k of [2, 4]) expect(outputs[k]).toMatch(/write_stdin failed|Unknown process/);
  expect(outputs[6]).toContain("exo blocked write to docs/b.txt");
  expect(outputs[7]).toContain("Output:\\na\\n");
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; data: Record<string, unknown> }[];
  expect(records.filter((r) => r.type === "hook.denied").map((r) => r.data["path"])).toEqual(["docs/b.txt"]);
});
