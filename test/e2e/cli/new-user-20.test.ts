// A new user's first ten minutes, twentieth pass: three people installing the packed exo (Claude
// Code from the README's quick start, Codex from AGENTS.md and its hooks, Cursor with a
// .cursorrules of their own) and the mistakes they make on the way.
import { execSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";

test("exo next --owner your-name pasted from the docs claims for you, says so, and session-start finds the claim", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const next = await exo(repo, "next", "--owner", "your-name", { json: false });
  expect(next.code).toBe(0);
  // Before: `lock: owner your-name`, a lock in the placeholder's name.
  expect(next.stdout).toMatch(/lock: owner human:test@example\.invalid,\s+fencing token 1/);
  expect(next.stderr).toBe("warning: \"your-name\" is a placeholder, not a name: the claim is yours (human:test@example.invalid), as with no --owner; give --owner a teammate's or an agent's name (agent:claude) to claim for them.\n");
  expect(next.stdout).toMatch(/\nnext: exo session-start --ticket-id TICKET-001\n$/);
  // session-start with no ticket finds the claim as the actor's own.
  const start = envelope(await exo(repo, "session-start"));
  expect(start.data.ticket.id).toBe("TICKET-001");
  // Another name is still another person's claim.
  const parent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect((await exo(repo, "ticket-create", "task 2", "--parent", parent, "--id", "T-2")).code).toBe(0);
  const other = envelope(await exo(repo, "next", "--owner", "alice"));
  expect(other.data.lock.owner).toBe("alice");
  expect(other.warnings).toBeUndefined();
});

test("an install left uncommitted: doctor's hint commits exo's hook, MCP and instruction files too, and the quick start's own commits do not hide them", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--no-commit", "--example")).code).toBe(0);
  const tracking = async () => envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0];
  const first = await tracking();
  expect(first.status).toBe("fail");
  // Before: `git add .exo && git commit …`, which exo's own pre-commit hook refused (HOOKS_TAMPERED:
  // the launcher without the settings that run it).
  expect(first.hint).toBe('git add .exo .claude/settings.json .cursor/rules/exo.mdc .mcp.json AGENTS.md CLAUDE.md && git commit -m "chore(exo): governance"');
  const copy = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(copy, "install", "--no-commit")).code).toBe(0);
  expect(() => execSync('git add .exo && git commit -qm "chore(exo): governance"', { cwd: copy, stdio: "pipe" })).toThrow(/HOOKS_TAMPERED/);
  execSync((await exo(copy, "doctor", "--section", "git_tracking").then(envelope)).data.sections[0].hint, { cwd: copy, stdio: "pipe" });
  expect(envelope(await exo(copy, "doctor", "--section", "git_tracking")).data.sections[0]).toMatchObject({ status: "pass", message: "governance files are tracked and committed" });
  expect(git(copy, "status", "--porcelain")).toBe("");
  // The quick start without committing: session-finish commits exo's records under .exo/ only.
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  writeFileSync(join(repo, "README.md"), "# app\n\nmore\n");
  expect((await exo(repo, "session-finish", "--summary", "first change")).code).toBe(0);
  const after = await tracking();
  // Before: pass, "governance files are tracked and committed", with .claude/settings.json in no commit.
  expect(after).toMatchObject({
    status: "warn",
    message: "exo's files for the agents are not committed: .claude/settings.json, .cursor/rules/exo.mdc, .exo/bin/exo-mcp.mjs, .mcp.json, AGENTS.md, CLAUDE.md; until they are, a teammate's clone gets no exo hooks, MCP server or instructions",
    hint: 'git add -- .claude/settings.json .cursor/rules/exo.mdc .exo/bin/exo-mcp.mjs .mcp.json AGENTS.md CLAUDE.md && git commit -m "chore(exo): share exo\'s agent files"',
  });
  execSync(after.hint, { cwd: repo, stdio: "pipe" });
  expect(await tracking()).toMatchObject({ status: "pass", message: "governance files are tracked and committed" });
});

test("a CLAUDE.md the user was editing keeps their text; doctor names it until exo's block in it is committed", async () => {
  const repo = await tempRepo({ "CLAUDE.md": "# Mine\n", "src/a.js": "export {};\n" });
  writeFileSync(join(repo, "CLAUDE.md"), "# Mine\nmore of mine\n");
  const install = envelope(await exo(repo, "install"));
  expect(install.data.left_uncommitted).toEqual(["CLAUDE.md"]);
  expect(readFileSync(join(repo, "CLAUDE.md"), "utf8")).toMatch(/^# Mine\nmore of mine\n\n<!-- exo:begin -->/);
  const section = envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0];
  // Before: pass, "governance files are tracked and committed", with the hooks' instructions in no commit.
  expect(section).toMatchObject({ status: "warn", hint: 'git add -- CLAUDE.md && git commit -m "chore(exo): share exo\'s agent files"' });
  git(repo, "commit", "-qam", "mine and exo's");
  expect(envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0].status).toBe("pass");
});

test("session-finish run twice after the quick start points at closing the ticket in review, and the hint runs", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  writeFileSync(join(repo, "src/a.js"), "export const a = 1;\n");
  expect((await exo(repo, "session-finish", "--summary", "first change")).code).toBe(0);
  const again = await exo(repo, "session-finish", "--summary", "first change", { json: false });
  expect(again.code).toBe(1);
  // Before: "…but nothing is ready (no task is todo): the hint comes first", hint `exo ticket-create "<what to do>" --parent INT-…`.
  expect(again.stderr).toMatch(/^error: human:test@example\.invalid has no active session: its last session, SES-\S+ on TICKET-001, finished at \S+Z; TICKET-001 is in review: close it once the change is accepted, or start another session with exo session-start\. \[NO_ACTIVE_SESSION\]\nhint: exo ticket-close TICKET-001\n$/);
  expect(envelope(await exo(repo, "ticket-close", "TICKET-001")).data.ticket).toMatchObject({ id: "TICKET-001", status: "done" });
  // Closed: the answer is the one before, creating work.
  expect(envelope(await exo(repo, "session-finish", "--summary", "x")).error?.hint).toMatch(/^exo ticket-create "<what to do>" --parent INT-/);
});

