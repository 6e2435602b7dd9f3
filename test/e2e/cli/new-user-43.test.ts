// A new user's first hours and a small team's first day, forty-third pass: `--priority high` (a
// word where a number 1 to 5 goes) says the range, over the CLI and over MCP, not only "must be a
// number"; run as npx exo with no exo on PATH, every command's hint: and next: lines (exo next's,
// exo ready's, a typo's corrected line) say npx --no-install exo, and run when pasted there; over MCP
// an OPTION_IGNORED warning names the arguments passed (apply, dry_run), not the CLI's flags, and
// exo_dashboard given port (the command line's only) says so, not "did you mean out?".
import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { envelope, exo, npmInstalledExo, runNode, tempRepo } from "../../helpers/repo.js";

test("--priority high on ticket-create, ticket-update and intent-create, and priority: \"high\" over MCP, say the range 1 (most urgent) to 5 (before: '--priority must be a number, got \"high\"', the range only in --help)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const [task] = envelope(await exo(repo, "tickets", "--kind", "task")).data.tickets as { id: string }[];
  for (const args of [["ticket-update", task?.id ?? "", "--priority", "high"], ["ticket-create", "x", "--priority=urgent"], ["intent-create", "x", "--brain-dump", "y", "--priority", "2.5"]]) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code, args.join(" ")).toBe(2);
    expect(run.stderr, args.join(" ")).toMatch(/^error: --priority must be a whole number from 1 \(most urgent\) to 5, got ("high"|"urgent"|2\.5)\. \[INVALID_INPUT\]/);
  }
  const client = await mcpClient(repo);
  const error = structured(await client.callTool({ name: "exo_ticket_update", arguments: { id: task?.id, priority: "high" } })).error;
  expect(error?.code).toBe("INVALID_INPUT");
  expect(error?.message).toMatch(/^priority must be a whole number from 1 \(most urgent\) to 5, got "high"/i);
  await client.close();
}, 60_000);

test("npm i -D exoprotocol, no exo on PATH: exo next's NO_TICKET hint, exo ready's next:, a mistyped flag's and id's corrected line say npx --no-install exo, and pasted in that shell they run (before: 'exo intent-create …', 'exo next', answered 'command not found' there; only install's steps and exo alone said npx)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", ".gitignore": "node_modules\n", "src/a.ts": "export const a = 1;\n" });
  const { bin, path } = await npmInstalledExo(repo);
  const env = { PATH: path };
  const run = (...args: string[]) => runNode(bin, args, repo, { env });
  const paste = (line: string) => execFileSync("sh", ["-c", line], { cwd: repo, encoding: "utf8", stdio: "pipe", env: { ...process.env, ...env } });
  expect((await run("install")).code).toBe(0);
  const next = await run("next");
  const hint = /^hint: (.*)$/m.exec(next.stderr)?.[1] ?? "";
  expect(hint).toMatch(/^npx --no-install exo intent-create /);
  paste(hint.replace("<what you want>", "first goal").replace("<why, in a sentence>", "to try exo"));
  const [intent] = JSON.parse((await run("tickets", "--kind", "intent", "--format", "json")).stdout).data.tickets as { id: string }[];
  expect((await run("ticket-create", "first task", "--parent", intent?.id ?? "", "--id", "TICKET-001")).code).toBe(0);
  const ready = await run("ready");
  expect(ready.stdout).toMatch(/^next: npx --no-install exo next$/m);
  // JSON keeps the commands as SPEC writes them, for the tools that match on them.
  expect(JSON.parse((await run("ready", "--format", "json")).stdout).data.next_command).toBe("exo next");
  const typo = /^hint: (.*)$/m.exec((await run("ticket-show", "TICKT-001")).stderr)?.[1];
  expect(typo).toBe("npx --no-install exo ticket-show TICKET-001");
  expect(paste(typo ?? "")).toContain("first task");
  expect(/^hint: (.*)$/m.exec((await run("tickets", "--stauts", "todo")).stderr)?.[1]).toBe("npx --no-install exo tickets --status todo");
  // With exo on PATH (a global install), the plain commands.
  expect(/^hint: (.*)$/m.exec((await exo(repo, "ticket-show", "TICKT-001", { json: false })).stderr)?.[1]).toBe("exo ticket-show TICKET-001");
}, 90_000);

test("over MCP, an OPTION_IGNORED warning names the arguments passed (exo_gc apply with dry_run, exo_ledger_show limit with all), in structuredContent and the text, while the CLI's names its flags (before: '--apply is ignored: --dry-run …', flags an MCP caller cannot pass)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const client = await mcpClient(repo);
  const gc = await client.callTool({ name: "exo_gc", arguments: { apply: true, dry_run: true } });
  const warning = (structured(gc) as { warnings?: { code: string; message: string }[] }).warnings?.[0];
  expect(warning?.code).toBe("OPTION_IGNORED");
  expect(warning?.message).toBe("apply is ignored: dry_run asks for a report only, so nothing was removed (drop dry_run to remove).");
  expect((gc.content as { text: string }[])[0]?.text).toContain(`warning: ${warning?.message}`);
  const shown = structured(await client.callTool({ name: "exo_ledger_show", arguments: { all: true, limit: 3 } })) as { warnings?: { message: string }[] };
  expect(shown.warnings?.[0]?.message).toBe("limit 3 is ignored: all shows every matching record.");
  await client.close();
  expect(envelope(await exo(repo, "gc", "--apply", "--dry-run")).warnings?.[0]?.message).toMatch(/^--apply is ignored: --dry-run /);
}, 60_000);

test("over MCP, exo_dashboard with port (an option of the command line only) says so, not 'did you mean out?' (before: the hint exo_dashboard {\"out\":9999}, a file named after the port)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const client = await mcpClient(repo);
  const error = structured(await client.callTool({ name: "exo_dashboard", arguments: { port: 9999 } })).error;
  await client.close();
  expect(error?.code).toBe("INVALID_INPUT");
  expect(error?.message).toBe("port is an option of the command line only (exo dashboard --port, see exo dashboard --help), not an argument of exo_dashboard; its arguments: out, repo, actor.");
  expect(error?.hint).toBe("exo_dashboard without port (its inputSchema is in tools/list)");
}, 60_000);
