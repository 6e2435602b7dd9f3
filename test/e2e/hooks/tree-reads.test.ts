// Reads of a secret below a folder a program reads to its last file, under the default secrets
// rule (RULE-SEC-001, `guard_reads`): grep -r, rg, ag, git grep, diff -r, tar -c, zip -r, cp -r,
// rsync -r and Claude's Grep without a glob. Each printed or copied .env (or a key) before round
// 20. The programs' own skips count: rg and git grep pass over files git ignores, rg over dot
// files, and a name the command excludes is not read, so everyday searches of the code pass.
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { governedGate } from "../../helpers/hooks.js";
import { DIST, envelope, exo, git } from "../../helpers/repo.js";

type Gate = (h: string, e: string, io: { stdin: string; env: NodeJS.ProcessEnv; cwd: string; launcherRepo: string }) => Promise<{ stdout: string }>;

test("recursive readers of a folder holding .env or a key are refused, with the way to leave it out; searches that skip it pass", { timeout: 120_000 }, async () => {
  const files = { "src/api/a.ts": "export const a = 1;\n", "src/api/b.ts": "b\n", "docs/guide.md": "# guide\n", ".env": "API_TOKEN=s3cr3t\n", "config/server.pem": "-----BEGIN KEY-----\n", ".gitignore": ".env\n" };
  const { repo, said, tool } = await governedGate("src/**", files, { EXO_ACTOR: "agent:claude" }, "tree-reads");
  const refused = [
    "grep -rn TOKEN .",
    "grep -r TOKEN",
    "grep -R --include='*' TOKEN .",
    "grep -d recurse TOKEN .",
    "egrep -ril 'token|key' .",
    "grep -rn BEGIN config",
    "grep -r --exclude=.env BEGIN .",
    "rg BEGIN",
    "rg -uu TOKEN",
    "rg --hidden --no-ignore TOKEN .",
    "ag -u TOKEN",
    "git grep --no-exclude-standard --untracked TOKEN",
    "diff -r . /tmp",
    "tar czf /tmp/exo-tree-reads.tgz .",
    "tar -C config -cf - .",
    "zip -r /tmp/exo-tree-reads.zip .",
    "cp -r . /tmp/exo-tree-reads-copy",
    "cp -a config /tmp/exo-tree-reads-keys",
    "rsync -a ./ /tmp/exo-tree-reads-sync/",
    "cd src && grep -rn TOKEN ..",
    // grep's --exclude is a plain wildcard: braces are literal, so this leaves nothing out; rg's -g
    // takes braces, so this includes .env.
    "grep -rn --exclude='{.env,*.pem}' TOKEN .",
    "rg --hidden --no-ignore -g '*.{ts,env}' TOKEN",
  ];
  for (const command of refused) expect([command, await said(command)]).toEqual([command, "deny"]);
  const allowed = [
    "grep -rn export src",
    "grep -rn TOKEN src/api",
    "grep -n TOKEN src/api/a.ts",
    "grep -rn --exclude=.env --exclude='*.pem' TOKEN .",
    "grep -rn --exclude-dir=config --exclude=.env TOKEN .",
    "grep -rn --include='*.ts' TOKEN .",
    "rg TOKEN src",
    "rg -g '!*.pem' TOKEN",
    "rg -g '*.ts' TOKEN",
    "rg -t ts TOKEN",
    "rg --files",
    "git diff | rg TOKEN",
    "ag TOKEN src",
    "git grep TOKEN -- src",
    "diff -r src/api src/api",
    "tar czf /tmp/exo-tree-reads-src.tgz src",
    "cp -r src/api src/api2",
    "ls -R .",
  ];
  for (const command of allowed) expect([command, await said(command)]).toEqual([command, "allow"]);
  // rg skips .env (a dot file, and ignored); the .pem file it reads. Not committed: git grep skips it.
  expect(await said("rg TOKEN")).toBe("deny");
  git(repo, "rm", "-q", "--cached", "config/server.pem");
  expect(await said("git grep BEGIN")).toBe("allow");
  expect(await said("rg TOKEN")).toBe("deny");
  // Claude's Grep is ripgrep with --hidden: .env ignored is skipped, the key is not.
  expect(await tool("Grep", { pattern: "BEGIN" })).toBe("deny");
  expect(await tool("Grep", { pattern: "BEGIN", path: "src" })).toBe("allow");
  expect(await tool("Grep", { pattern: "BEGIN", type: "ts" })).toBe("allow");
  expect(await tool("Grep", { pattern: "BEGIN", glob: "*.ts" })).toBe("allow");
  expect(await tool("Grep", { pattern: "BEGIN", glob: "!*.pem" })).toBe("allow");
  expect(await tool("Grep", { pattern: "BEGIN", glob: "!*.md" })).toBe("deny");

  // find -exec of a printer reads every file it finds; its -name tests narrow them.
  expect(await said("find . -type f -exec grep -l BEGIN {} +")).toBe("deny");
  expect(await said("find . -name '*.pem' -exec cat {} \\;")).toBe("deny");
  expect(await said("find . -name '*.ts' -exec cat {} +")).toBe("allow");
  expect(await said("find src -type f -exec cat {} +")).toBe("allow");
  expect(await said("find . -name '*.ts' -exec wc -l {} +")).toBe("allow");

  // PowerShell: a recursive listing piped on hands every file to the next command.
  expect(await tool("PowerShell", { command: "Get-ChildItem -Recurse | Select-String BEGIN" })).toBe("deny");
  expect(await tool("PowerShell", { command: "gci -r -Force | Get-Content" })).toBe("deny");
  expect(await tool("PowerShell", { command: "Get-ChildItem -Recurse -Filter *.ts | Select-String BEGIN" })).toBe("allow");
  expect(await tool("PowerShell", { command: "Get-ChildItem src -Recurse | Get-Content" })).toBe("allow");
  expect(await tool("PowerShell", { command: "Get-ChildItem -Recurse" })).toBe("allow");

  // The refusal names the file, the program and how to leave it out.
  const { gate } = (await import(pathToFileURL(join(DIST, "hook.mjs")).href)) as { gate: Gate };
  const answer = await gate("claude", "PreToolUse", { stdin: JSON.stringify({ session_id: "tree-reads", cwd: repo, tool_name: "Bash", tool_input: { command: "grep -rn TOKEN ." } }), env: { ...process.env, EXO_ACTOR: "agent:claude" }, cwd: repo, launcherRepo: repo });
  const reason = (JSON.parse(answer.stdout) as { hookSpecificOutput: { permissionDecisionReason: string } }).hookSpecificOutput.permissionDecisionReason;
  expect(reason).toContain(".env");
  expect(reason).toContain("grep -r reads every file below .");
  expect(reason).toContain("--exclude='.env'");
  expect(readFileSync(join(repo, ".env"), "utf8")).toBe("API_TOKEN=s3cr3t\n");

  // exo decide explains the same refusal; installed packages' test keys are no project secret.
  const decided = await exo(repo, "decide", "--bash", "grep -rn TOKEN .");
  expect(decided.code).toBe(1);
  expect(envelope(decided).error?.code).toBe("RULE_DENIED");
  await mkdir(join(repo, "src/node_modules/pkg/test"), { recursive: true });
  await writeFile(join(repo, "src/node_modules/pkg/test/server.key"), "-----BEGIN KEY-----\n");
  expect(await said("grep -rn TOKEN src")).toBe("allow");
});
