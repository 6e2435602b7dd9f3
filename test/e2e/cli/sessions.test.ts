import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";

const CLAUDE = { EXO_ACTOR: "agent:claude" };

async function quickstartRepo(files: Record<string, string> = {}): Promise<string> {
  const repo = await initRepo({ "src/auth/login.ts": "export {};\n", "README.md": "# app\n", ...files });
  expect((await exo(repo, "intent-create", "auth system", "--brain-dump", "email+password login", "--scope-allow", "src/auth/**", "--id", "INT-1")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "signup form", "--parent", "INT-1", "--id", "TICKET-001")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "tickets");
  return repo;
}

async function setAllowlist(repo: string, entries: string[]): Promise<void> {
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("allowlist: []", `allowlist: ${JSON.stringify(entries)}`));
}

test("the quick start works as written: next, session-start, work, session-finish", async () => {
  const repo = await quickstartRepo();
  expect(envelope(await exo(repo, "next", "--owner", "alice")).data.ticket.id).toBe("TICKET-001");
  const start = await exo(repo, "session-start", "--ticket-id", "TICKET-001", "--vendor", "anthropic", "--model", "claude-code", "--task", "build the signup form", { env: CLAUDE });
  expect(start.code).toBe(0);
  const s = envelope(start).data;
  expect(s.session).toMatchObject({ actor: "agent:claude", ticket: "TICKET-001", lock_owner: "alice", fencing_token: 1, pid: null, status: "active", scope: { allow: ["src/auth/**"], source: "INT-1" } });
  expect(s.lock).toMatchObject({ owner: "alice", session: s.session.id });
  expect(s.env).toEqual({ EXO_SESSION_ID: s.session.id, EXO_TICKET_ID: "TICKET-001", EXO_ACTOR: "agent:claude" });
  // Paths in data are repository-relative (SPEC §2.2).
  expect(s.bootstrap_path).toBe(`.exo/sessions/${s.session.id}.bootstrap.md`);
  expect(await readFile(join(repo, s.bootstrap_path as string), "utf8")).toBe(s.bootstrap);
  expect(await readFile(join(repo, ".exo/tickets/TICKET-001.yaml"), "utf8")).toMatch(/status: active/);
  // The short-lived CLI is never the session's pid; a session without pid is not stale.
  const scan = envelope(await exo(repo, "session-scan"));
  expect(scan.data.sessions).toEqual([expect.objectContaining({ id: s.session.id, stale: false, pid: null })]);
  await writeFiles(repo, { "src/auth/signup.ts": "export const signup = 1;\n" });
  const finish = await exo(repo, "session-finish", "--summary", "signup form and tests", { env: CLAUDE });
  expect(finish.code).toBe(0);
  const f = envelope(finish).data;
  expect(f).toMatchObject({ outcome: "finished", verify: "none", ticket: { id: "TICKET-001", status: "review" }, lock_released: true });
  expect(f.drift.score).toBe(0.029); // one in-scope file: 0.35 · 1/12
  // The close is a person's: an agent's finish gives no next step (ticket-close refuses agents).
  expect(f.next_command).toBeNull();
  const memento = await readFile(join(repo, f.memento_path), "utf8");
  expect(memento).toMatch(/^---\nformat: exo\.memento\/1\n/);
  expect(memento).toMatch(/## Summary\nsignup form and tests/);
  const lock = JSON.parse(await readFile(join(repo, ".exo/locks/TICKET-001.json"), "utf8"));
  expect(lock.state).toBe("released");
  const last = git(repo, "log", "-1", "--format=%B");
  expect(last).toMatch(/Exo-Generated: true\nExo-Session: SES-.*\nExo-Ticket: TICKET-001/);
  expect(git(repo, "status", "--porcelain", "--", ".exo")).toBe("");
  // The agent's own work is not swept into exo's commit.
  expect(git(repo, "status", "--porcelain")).toMatch(/src\/auth\/signup\.ts/);
  const ledger = envelope(await exo(repo, "ledger-show", "--session-id", s.session.id, "--all")).data.records.map((r: { type: string }) => r.type);
  expect(ledger).toEqual(expect.arrayContaining(["session.started", "session.finished", "lock.released", "ticket.status_changed"]));
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
});

test("start twice reuses; another actor gets TICKET_IN_USE; another ticket gets SESSION_ALREADY_ACTIVE", async () => {
  const repo = await quickstartRepo();
  await exo(repo, "ticket-create", "other", "--id", "T2");
  const first = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE }));
  const again = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE }));
  expect(again.data).toMatchObject({ reused: true, session: { id: first.data.session.id } });
  const noTicket = envelope(await exo(repo, "session-start", { env: CLAUDE }));
  expect(noTicket.data.reused).toBe(true);
  const other = await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "agent:codex" } });
  expect(other.code).toBe(1);
  expect(envelope(other).error?.code).toBe("TICKET_IN_USE");
  const second = await exo(repo, "session-start", "--ticket-id", "T2", { env: CLAUDE });
  expect(envelope(second).error?.code).toBe("SESSION_ALREADY_ACTIVE");
  // Two actors on two tickets in one checkout at the same time.
  const codex = envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:codex" } }));
  expect(codex.ok).toBe(true);
  const scan = envelope(await exo(repo, "session-scan"));
  expect(scan.data.sessions.map((x: { actor: string }) => x.actor).sort()).toEqual(["agent:claude", "agent:codex"]);
  expect(envelope(await exo(repo, "session-finish", "--summary", "codex done", { env: { EXO_ACTOR: "agent:codex" } })).ok).toBe(true);
  expect(envelope(await exo(repo, "session-finish", "--summary", "claude done", { env: CLAUDE })).ok).toBe(true);
});

test("bootstrap sections appear in SPEC order with scope and checks", async () => {
  const repo = await quickstartRepo();
  await setAllowlist(repo, ["true"]);
  await exo(repo, "ticket-update", "TICKET-001", "--check", "true");
  const run = await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE, json: false });
  expect(run.code).toBe(0);
  const text = run.stdout;
  const order = ["## Task", "## Ticket", "## Scope", "## Rules", "## Checks", "## Previous session", "## Other sessions", "## Advisories", "## Machine", "## Learnings", "## Commands"];
  const positions = order.map((h) => text.indexOf(`\n${h}\n`));
  expect(positions.every((p) => p > 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  expect(text).toMatch(/- allow: `src\/auth\/\*\*`/);
  expect(text).toMatch(/## Checks\n- `true`/);
  expect(text).toMatch(/scope source: INT-1 \(inherited\)/);
});

test("drift counts committed, uncommitted and untracked files, never .exo/ or ignore paths", async () => {
  const repo = await quickstartRepo();
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("ignore_paths: []", 'ignore_paths: ["docs/generated/**"]'));
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE }));
  expect(start.warnings?.map((w) => w.code)).toContain("GOVERNANCE_RECOMPOSED");
  await writeFiles(repo, { "src/auth/committed.ts": "a\nb\n" });
  git(repo, "add", "src/auth/committed.ts");
  git(repo, "commit", "-qm", "work", "-m", `Exo-Session: ${start.data.session.id}`);
  await writeFiles(repo, { "src/auth/login.ts": "export const x = 1;\n", "notes.txt": "untracked\n", ".exo/learnings/x.txt": "ignored\n", "docs/generated/api.md": "gen\n" });
  const finish = envelope(await exo(repo, "session-finish", "--summary", "work", { env: CLAUDE }));
  expect(finish.ok).toBe(true);
  const paths = finish.data.changed_files.map((f: { path: string }) => f.path);
  expect(paths).toEqual(["notes.txt", "src/auth/committed.ts", "src/auth/login.ts"]);
  expect(finish.data.changed_files).toEqual([
    { path: "notes.txt", status: "added", added: 1, removed: 0 },
    { path: "src/auth/committed.ts", status: "added", added: 2, removed: 0 },
    { path: "src/auth/login.ts", status: "modified", added: 1, removed: 1 },
  ]);
  expect(finish.data.commits).toHaveLength(1);
  expect(finish.data.drift).toMatchObject({ changed: 3, in_scope: 2, out_of_scope: ["notes.txt"] });
});

test("exo's own commits carry the configured identity, else exo's, never one git guesses from the host", async () => {
  const repo = await quickstartRepo();
  const author = () => git(repo, "log", "-1", "--format=%s|%an <%ae>").trim();
  const cycle = async (env: Record<string, string>) => {
    expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { ...CLAUDE, ...env } })).ok).toBe(true);
    const finish = envelope(await exo(repo, "session-finish", "--summary", "s", { env: { ...CLAUDE, ...env } }));
    expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
    expect(finish.warnings ?? []).not.toContainEqual(expect.objectContaining({ code: "AUTO_COMMIT_FAILED" }));
  };
  await cycle({});
  expect(author()).toMatch(/^chore\(exo\): finish SES-.*\|Test User <test@example\.invalid>$/);

  // No identity anywhere (an empty home, no system config), though git could guess an email.
  git(repo, "config", "--unset", "user.name");
  git(repo, "config", "--unset", "user.email");
  const home = join(repo, ".git", "empty-home");
  await writeFiles(home, { ".keep": "" });
  const bare = { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: "1", EMAIL: "guessed@example.com" };
  await cycle(bare);
  expect(author()).toMatch(/^chore\(exo\): finish SES-.*\|exo <exo@localhost\.invalid>$/);

  // A name without an email is no identity either.
  git(repo, "config", "user.name", "Half Configured");
  await cycle(bare);
  expect(author()).toMatch(/\|exo <exo@localhost\.invalid>$/);
});

test("a clean in-scope change scores drift 0.029 per file and no change scores 0", async () => {
  const repo = await quickstartRepo();
  await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE });
  const finish = envelope(await exo(repo, "session-finish", "--summary", "nothing to do", { env: CLAUDE }));
  expect(finish.data.drift).toMatchObject({ score: 0, changed: 0, scope_compliance: 1 });
});

test("finish refuses while checks fail (session stays active) and succeeds with break-glass, recorded", async () => {
  const repo = await quickstartRepo();
  await setAllowlist(repo, ["false"]);
  await exo(repo, "ticket-update", "TICKET-001", "--check", "false");
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE }));
  const failed = await exo(repo, "session-finish", "--summary", "done?", { env: CLAUDE });
  expect(failed.code).toBe(1);
  const env = envelope(failed);
  expect(env.error?.code).toBe("SESSION_VERIFY_FAILED");
  expect(env.error?.details.checks[0]).toMatchObject({ command: "false", passed: false, exit_code: 1 });
  expect(await readdir(join(repo, ".exo/mementos")).catch(() => [])).toEqual([]);
  expect(envelope(await exo(repo, "session-scan")).data.sessions[0].status).toBe("active");
  const noReason = await exo(repo, "session-finish", "--summary", "skip", "--skip-check", { env: CLAUDE });
  expect(envelope(noReason).error?.code).toBe("BREAK_GLASS_REQUIRED");
  expect(noReason.code).toBe(2);
  const glass = envelope(await exo(repo, "session-finish", "--summary", "shipping anyway", "--skip-check", "--break-glass-reason", "CI is down", { env: CLAUDE }));
  expect(glass.ok).toBe(true);
  expect(glass.data.verify).toBe("skipped");
  expect(glass.warnings?.map((w) => w.code)).toContain("CHECKS_SKIPPED");
  const memento = await readFile(join(repo, glass.data.memento_path), "utf8");
  expect(memento).toMatch(/break_glass_reason: CI is down/);
  expect(memento).toMatch(/verify: skipped/);
  const types = envelope(await exo(repo, "ledger-show", "--session-id", start.data.session.id, "--all")).data.records.map((r: { type: string }) => r.type);
  expect(types).toEqual(expect.arrayContaining(["check.completed", "checks.bypassed", "session.finished"]));
});

test("exo check runs allowlisted checks and fails with CHECKS_FAILED", async () => {
  const repo = await quickstartRepo();
  await setAllowlist(repo, ["true", "false"]);
  await exo(repo, "compose");
  await exo(repo, "ticket-update", "TICKET-001", "--check", "true", "--check", "false");
  const run = await exo(repo, "check", "--ticket-id", "TICKET-001");
  expect(run.code).toBe(1);
  const env = envelope(run);
  expect(env.error?.code).toBe("CHECKS_FAILED");
  expect(env.data.results.map((r: { command: string; passed: boolean }) => `${r.command}:${r.passed}`)).toEqual(["true:true", "false:false"]);
  await writeFile(join(repo, ".exo/constitution.yaml"), `${await readFile(join(repo, ".exo/constitution.yaml"), "utf8")}\n`);
  expect(envelope(await exo(repo, "check")).error?.code).toBe("GOVERNANCE_DRIFT");
});

test("a tampered lock blocks start; a legitimate constitution edit is recomposed at start", async () => {
  const repo = await quickstartRepo();
  const lockFile = join(repo, ".exo/governance.lock.json");
  const original = await readFile(lockFile, "utf8");
  await writeFile(lockFile, original.replace('"max_files": 12', '"max_files": 99'));
  const blocked = await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE });
  expect(blocked.code).toBe(1);
  expect(envelope(blocked).error?.code).toBe("GOVERNANCE_TAMPERED");
  expect(await readdir(join(repo, ".exo/sessions"))).toEqual([]);
  await writeFile(lockFile, original);
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, (await readFile(constitution, "utf8")).replace("max_loc: 400", "max_loc: 500"));
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE }));
  expect(start.ok).toBe(true);
  expect(start.data.governance.recomposed).toBe(true);
  const lock = JSON.parse(await readFile(lockFile, "utf8"));
  expect(lock.version).toBe(2);
  expect(lock.prev_lock_sha256).toBe(JSON.parse(original).lock_sha256);
});

test("bad input: no session, empty summary, unknown ticket, a lock bound elsewhere, intents are not tasks", async () => {
  const repo = await quickstartRepo();
  expect(envelope(await exo(repo, "session-finish", "--summary", "x", { env: CLAUDE })).error?.code).toBe("NO_ACTIVE_SESSION");
  expect(envelope(await exo(repo, "session-finish", "--summary", "   ", { env: CLAUDE })).error?.code).toBe("INVALID_INPUT");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "NOPE", { env: CLAUDE })).error?.code).toBe("TICKET_NOT_FOUND");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "INT-1", { env: CLAUDE })).error?.code).toBe("TICKET_KIND_INVALID");
  expect(envelope(await exo(repo, "session-start", { env: CLAUDE })).error?.code).toBe("SESSION_TICKET_REQUIRED");
  expect(envelope(await exo(repo, "session-finish", "--summary", "x", "--session-id", "SES-20261124-090000-AAAAAA")).error?.code).toBe("SESSION_NOT_FOUND");
  await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "agent:codex" } });
  const taken = await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE });
  expect(envelope(taken).error?.code).toBe("TICKET_IN_USE");
  // Owner matching: with require_owner_match only the owner may bind a claimed lock.
  const repo2 = await quickstartRepo();
  const cfg = join(repo2, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("require_owner_match: false", "require_owner_match: true"));
  await exo(repo2, "next", "--owner", "alice");
  const mismatch = await exo(repo2, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE });
  expect(envelope(mismatch).error?.code).toBe("LOCK_OWNER_MISMATCH");
  expect(envelope(await exo(repo2, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "alice:bot" } })).ok).toBe(true);
});

test("git.auto_branch switches a clean worktree to exo/<ID> from the base branch", async () => {
  const repo = await quickstartRepo();
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("auto_branch: false", "auto_branch: true"));
  await exo(repo, "compose");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "auto branch");
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE }));
  expect(start.data.session.branch).toBe("exo/TICKET-001");
  expect(git(repo, "branch", "--show-current").trim()).toBe("exo/TICKET-001");
});

test("a governance file with a newer version is FORMAT_UNSUPPORTED", async () => {
  const repo = await quickstartRepo();
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("version: 1", "version: 2"));
  expect(envelope(await exo(repo, "compose")).error?.code).toBe("FORMAT_UNSUPPORTED");
});

test("finish traces changed files against features.yaml: locked feature edits and unknown tags warn, never block", async () => {
  const repo = await quickstartRepo();
  await writeFiles(repo, { ".exo/features.yaml": "version: 1\nfeatures:\n  - id: auth\n    title: Auth\n    files: [\"src/auth/legacy/**\"]\n    allow_agent_edit: false\n" });
  await exo(repo, "compose");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "features");
  await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE });
  await writeFiles(repo, { "src/auth/legacy/old.ts": "// @feature:ghost\nx\n" });
  const fin = envelope(await exo(repo, "session-finish", "--summary", "touched legacy", { env: CLAUDE }));
  expect(fin.ok).toBe(true);
  expect(fin.warnings?.filter((w) => w.code === "FEATURE_VIOLATION").length).toBe(2);
  const memento = await readFile(join(repo, fin.data.memento_path), "utf8");
  expect(memento).toMatch(/locked_feature_edit/);
  expect(memento).toMatch(/unknown_feature/);
});

test("finishing on a detached HEAD commits exo's state and warns that the commit is on no branch", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  expect((await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "ticket");
  git(repo, "checkout", "-q", "--detach");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: CLAUDE })).ok).toBe(true);
  await writeFiles(repo, { "src/a.ts": "b\n" });
  const fin = envelope(await exo(repo, "session-finish", "--summary", "detached", "--skip-check", "--break-glass-reason", "test", { env: CLAUDE }));
  expect(fin.ok).toBe(true);
  expect(fin.data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
  const warning = fin.warnings?.find((w) => w.code === "AUTO_COMMIT_DETACHED");
  expect(warning?.message).toBe(`HEAD is detached: exo's commit ${String(fin.data.auto_commit).slice(0, 8)} is on no branch and a checkout of another branch leaves it behind; keep it with git switch -c <branch> (or git branch <branch> ${String(fin.data.auto_commit).slice(0, 8)})`);
});

test("a rename committed in the session stays a rename when the file is edited again: the old path is checked as a delete (SPEC §7.15 step 4)", async () => {
  const repo = await quickstartRepo({ "src/auth/old.ts": "a\nb\nc\n" });
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, (await readFile(constitution, "utf8")).replace("  - id: RULE-LOCK-001", '  - id: RULE-DEL-9\n    type: filesystem_deny\n    patterns: ["src/auth/old.ts"]\n    actions: [delete]\n  - id: RULE-LOCK-001'));
  expect((await exo(repo, "compose")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "rule");
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE })).code).toBe(0);
  git(repo, "mv", "src/auth/old.ts", "src/auth/moved.ts");
  git(repo, "-c", "core.hooksPath=/dev/null", "commit", "-qm", "move");
  await writeFile(join(repo, "src/auth/moved.ts"), "a\nb\nc\nd\n");
  const fin = envelope(await exo(repo, "session-finish", "--summary", "moved", { env: CLAUDE }));
  expect(fin.data.changed_files).toContainEqual(expect.objectContaining({ path: "src/auth/moved.ts", status: "renamed", old_path: "src/auth/old.ts" }));
  expect(fin.data.drift.violations).toContainEqual(expect.objectContaining({ path: "src/auth/old.ts", rule: "RULE-DEL-9" }));
  expect(fin.data.drift.boundary_violation).toBe(true);
});

test("the memento's Errors section gives each error once with its count, (×1) included (SPEC §4.9 template)", async () => {
  const repo = await initRepo();
  const env = { EXO_ACTOR: "agent:claude" };
  expect((await exo(repo, "ticket-create", "errors", "--id", "T1")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env })).code).toBe(0);
  const fin = envelope(await exo(repo, "session-finish", "--summary", "done", "--error", "npm: ENOENT once", "--error", "tsc: TS2304 twice", "--error", "tsc: TS2304 twice", { env }));
  const memento = await readFile(join(repo, fin.data.memento_path as string), "utf8");
  expect(memento).toContain("## Errors\n- [npm] ENOENT once (×1)\n- [tsc] TS2304 twice (×2)\n");
});

test("handoff --run-checks runs the ticket's checks as finish does (the config's allowlist, each recorded check.completed): a failing one refuses SESSION_VERIFY_FAILED with the session still open", async () => {
  const repo = await quickstartRepo();
  await setAllowlist(repo, ["false", "true"]);
  await exo(repo, "ticket-update", "TICKET-001", "--check", "false");
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: CLAUDE })).code).toBe(0);
  const failed = await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "over", "--run-checks", { env: CLAUDE });
  expect(failed.code).toBe(1);
  const env = envelope(failed);
  expect(env.error?.code).toBe("SESSION_VERIFY_FAILED");
  expect(env.error?.details.checks[0]).toMatchObject({ command: "false", passed: false, exit_code: 1, not_allowed: false });
  expect(envelope(await exo(repo, "session-scan")).data.sessions[0].status).toBe("active");
  const records = envelope(await exo(repo, "ledger-show", "--type", "check.completed")).data.records;
  expect(records).toEqual([expect.objectContaining({ type: "check.completed", ticket: "TICKET-001", data: expect.objectContaining({ command: "false", passed: false }) })]);
});
