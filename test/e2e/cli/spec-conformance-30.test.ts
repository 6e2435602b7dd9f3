// Black-box checks from the round-30 audit: the SPEC sections the earlier rounds covered least:
// §4 (ids, §4.5.3's transitions and refusals, the ledger records of §4.11 as each command writes
// them), §5 (global flags, envelopes, exit codes), §7.13–§7.15 (suspend, resume, handoff,
// liveness, changed files and drift on renames, deletions, binary files and symlinks), §7.17
// ledger views, §7.19 pr-check, §7.23 gc, §7.24 guards, §7.25–§7.28, §8.4–§8.12, §9 and
// Appendix A. Each test fails on the behaviour before its fix.
import { appendFile, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { claudeSessionRepo, decision, hook } from "../../helpers/hooks.js";
import { coded, envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";

const AGENT = { env: { EXO_ACTOR: "agent:a" } };

test("§7.15 step 4 counts an untracked symlink's lines as git does (its target's path, one line), not the lines of the file it points to outside the repository (before: 5 lines of a file elsewhere)", async () => {
  const repo = await initRepo();
  const elsewhere = await tempDir();
  await writeFile(join(elsewhere, "notes.txt"), "1\n2\n3\n4\n5\n");
  envelope(await exo(repo, "ticket-create", "link", "--id", "T1"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", AGENT));
  await symlink(join(elsewhere, "notes.txt"), join(repo, "link.txt"));
  const fin = envelope(await exo(repo, "session-finish", "--summary", "a link", AGENT));
  expect(fin.data.changed_files).toEqual([{ path: "link.txt", status: "added", added: 1, removed: 0 }]);
});

test("§7.15 a rename is also a delete of its old path for every deny check: moving a file out of scope.deny or a boundary is a violation (before: only constitution deny rules saw the old path, and the drift had no boundary_violation)", async () => {
  const repo = await initRepo({ "src/secret/k.txt": "s\n", "docs/bound.md": "b\n" });
  envelope(await exo(repo, "ticket-create", "moves", "--id", "T1", "--scope-allow", "src/**", "--scope-allow", "docs/**", "--scope-deny", "src/secret/**", "--boundary", "docs/bound.md"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", AGENT));
  git(repo, "mv", "src/secret/k.txt", "src/k.txt");
  git(repo, "mv", "docs/bound.md", "docs/moved.md");
  const fin = envelope(await exo(repo, "session-finish", "--summary", "moved", "--drift-threshold", "0.99", AGENT));
  expect(fin.data.changed_files.map((f: { path: string; old_path?: string }) => [f.path, f.old_path])).toEqual([["docs/moved.md", "docs/bound.md"], ["src/k.txt", "src/secret/k.txt"]]);
  expect(fin.data.drift).toMatchObject({
    boundary_violation: true,
    in_scope: 2,
    violations: [
      { path: "docs/bound.md", kind: "boundary", rule: "docs/bound.md" },
      { path: "src/secret/k.txt", kind: "scope_deny", rule: "src/secret/**" },
    ],
  });
});

test("§7.1/§7.2 globs match a path whose name holds a line break: the .env deny rule denies reading a<LF>b/.env at the hook and in decide, and the scope holds src/auth/new<LF>line.ts (before: `**` did not cross the line break, so the read was allowed and the in-scope write denied)", async () => {
  const repo = await claudeSessionRepo({ "src/auth/login.ts": "a\n" });
  const env = { EXO_ACTOR: "agent:claude" };
  const read = await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: repo, tool_name: "Read", tool_input: { file_path: join(repo, "a\nb", ".env") } }), env);
  expect(decision(read)).toMatchObject({ decision: "deny", reason: expect.stringContaining("RULE-SEC-001") });
  const decided = envelope(await exo(repo, "decide", "--path", "a\nb/.env", "--action", "read"));
  expect(decided.data).toMatchObject({ decision: "deny", rule: "RULE-SEC-001" });
  const write = await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: repo, tool_name: "Write", tool_input: { file_path: join(repo, "src/auth/new\nline.ts"), content: "x\n" } }), env);
  expect(decision(write)).toBeNull();
  await writeFile(join(repo, "src/auth/new\nline.ts"), "x\n");
  const fin = envelope(await exo(repo, "session-finish", "--summary", "odd name", { env }));
  expect(fin.data.drift).toMatchObject({ changed: 1, in_scope: 1, out_of_scope: [] });
});

test("§4.5.1 (round 29's open point, decided) a hand-written ticket file without budgets and timestamps stays TICKET_INVALID, read with the strict schema, and the refusal names every missing field at once (before: budgets alone, one fix at a time)", async () => {
  const repo = await initRepo();
  await writeFile(join(repo, ".exo", "tickets", "T9.yaml"), "id: T9\ntitle: Hand written\n");
  const shown = coded(await exo(repo, "ticket-show", "T9"), "TICKET_INVALID", 2);
  expect(shown.error?.message).toBe(".exo/tickets/T9.yaml: budgets, created_at, created_by, updated_at are required (a ticket file holds every field exo writes: exo ticket-create makes one); fix the file or restore it from git.");
  expect(shown.error?.details.issues.map((i: { path: string }) => i.path)).toEqual(["budgets", "created_at", "created_by", "updated_at"]);
});

test("§7.2 a refused delete outside the scope says \"delete of\" as every other refusal does, and a write \"write to\" as §7.2's example (before: \"exo blocked delete to README.md\")", async () => {
  const repo = await initRepo({ "README.md": "r\n", "src/secret/k.txt": "k\n" });
  envelope(await exo(repo, "ticket-create", "scoped", "--id", "T1", "--scope-allow", "src/**", "--scope-deny", "src/secret/**"));
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "T1", AGENT)).data.session.id as string;
  const env = { env: { EXO_ACTOR: "agent:a", EXO_SESSION_ID: session } };
  const reason = async (...args: string[]) => (envelope(await exo(repo, "decide", ...args, env)).data as { reason: string }).reason;
  expect(await reason("--path", "README.md", "--action", "delete")).toMatch(/^exo blocked delete of README\.md: outside the scope of T1 \(allowed: src\/\*\*\)/);
  expect(await reason("--path", "src/secret/k.txt", "--action", "delete")).toMatch(/^exo blocked delete of src\/secret\/k\.txt: T1 denies `src\/secret\/\*\*`/);
  expect(await reason("--path", "README.md", "--action", "write")).toMatch(/^exo blocked write to README\.md: outside the scope of T1/);
});

test("§4.5.1 a ticket file's unknown keys (kept on rewrite) appear in ticket-show's, ticket-update's and ticket-close's ticket as the file holds them, at the end, not under an invented `extra` key (before: {\"extra\": {\"custom\": \"mine\"}})", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "kept", "--id", "T1"));
  const file = join(repo, ".exo", "tickets", "T1.yaml");
  await appendFile(file, "custom: mine\n");
  const shown = envelope(await exo(repo, "ticket-show", "T1")).data.ticket;
  expect(Object.keys(shown).slice(-2)).toEqual(["history", "custom"]);
  expect(shown).toMatchObject({ custom: "mine" });
  expect(shown).not.toHaveProperty("extra");
  const updated = envelope(await exo(repo, "ticket-update", "T1", "--priority", "2")).data.ticket;
  expect(updated).toMatchObject({ priority: 2, custom: "mine" });
  expect(updated).not.toHaveProperty("extra");
  expect(await readFile(file, "utf8")).toMatch(/\ncustom: mine\n$/);
  const closed = envelope(await exo(repo, "ticket-close", "T1", "--status", "cancelled", "--reason", "not needed")).data.ticket;
  expect(closed).toMatchObject({ status: "cancelled", custom: "mine" });
  expect(closed).not.toHaveProperty("extra");
});
