// Black-box checks of SPEC contracts found wanting by the round-14 audit (§6 data, §7 algorithms,
// §13 scenarios). Each test fails on the behaviour before its fix.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { expect, test } from "vitest";
import { reseal } from "../../helpers/canon.js";
import { envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";

const LATER = "2099-01-01T00:00:00.000Z";

test("gc --apply collects derived caches but keeps exo's records under cache/ (integrity records, quarantine, journals), so doctor stays clean after it (SPEC §7.23, docs/notes.md)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  expect(envelope(await exo(repo, "next", "--owner", "alice")).ok).toBe(true);
  await mkdir(join(repo, ".exo/cache/quarantine"), { recursive: true });
  await writeFile(join(repo, ".exo/cache/quarantine/SES-x.json"), "{}\n");
  const integrityBefore = (await readdir(join(repo, ".exo/cache/integrity"), { recursive: true })).sort();
  expect(integrityBefore).toEqual(expect.arrayContaining(["locks/T1.sha256", "tickets/T1.sha256"]));
  // Every cache file is older than the threshold once the clock is far ahead.
  const run = envelope(await exo(repo, "gc", "--apply", { env: { EXO_NOW: LATER } }));
  expect(run.ok).toBe(true);
  const removed = run.data.categories.cache.paths as string[];
  expect(removed.length).toBeGreaterThan(0);
  for (const path of removed) expect(path, path).not.toMatch(/^\.exo\/cache\/(integrity|quarantine|closeout|install)\/|^\.exo\/cache\/(exo-writes|fs|hook-bundle)\.json$/);
  expect((await readdir(join(repo, ".exo/cache/integrity"), { recursive: true })).sort()).toEqual(integrityBefore);
  expect(await readdir(join(repo, ".exo/cache/quarantine"))).toEqual(["SES-x.json"]);
  const doctor = envelope(await exo(repo, "doctor", "--section", "integrity"));
  expect(doctor.data.sections).toEqual([expect.objectContaining({ name: "integrity", status: "pass" })]);
});

test("pr-check data starts verdict, base, head, commits, sessions, files, findings; decide targets read path, action, inside_repo, decision, code, rule; drift sections name, status, message: SPEC §6.1/§6.5's order", async () => {
  const repo = await initRepo();
  const pr = envelope(await exo(repo, "pr-check", "--base", "HEAD"));
  expect(Object.keys(pr.data).slice(0, 7)).toEqual(["verdict", "base", "head", "commits", "sessions", "files", "findings"]);
  const decided = envelope(await exo(repo, "decide", "--path", "src/a.ts"));
  expect(Object.keys(decided.data.targets[0]).slice(0, 6)).toEqual(["path", "action", "inside_repo", "decision", "code", "rule"]);
  const drift = envelope(await exo(repo, "drift"));
  for (const s of drift.data.sections as Record<string, unknown>[]) expect(Object.keys(s).slice(0, 3), String(s["name"])).toEqual(["name", "status", "message"]);
});

test("§13 scenario 28: changed files join an own commit, an unstaged edit and untracked files, leave out .exo/ and git.ignore_paths, and the §7.15 worked example scores 0.496", async () => {
  const repo = await initRepo({ "src/auth/b.ts": "old\n" });
  const configFile = join(repo, ".exo/config.yaml");
  await writeFile(configFile, (await readFile(configFile, "utf8")).replace("ignore_paths: []", 'ignore_paths: ["docs/**"]'));
  envelope(await exo(repo, "compose"));
  envelope(await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/auth/**", "--boundary", "src/api/**", "--id", "INT-1"));
  envelope(await exo(repo, "ticket-create", "t", "--parent", "INT-1", "--id", "T1", "--max-files", "12"));
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "governance");
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:a"));
  expect(start.data.session.scope).toEqual({ allow: ["src/auth/**"], deny: [], boundaries: ["src/api/**"], source: "INT-1" });
  await writeFiles(repo, { "src/auth/a.ts": "a\n" });
  git(repo, "add", "src/auth/a.ts");
  git(repo, "commit", "--quiet", "--message", "own work");
  await writeFiles(repo, { "src/auth/b.ts": "old\nnew\n", "src/auth/c.ts": "c\n", "src/api/x.ts": "x\n", "README.md": "r\n", "docs/d.md": "ignored\n" });
  const finish = envelope(await exo(repo, "session-finish", "--summary", "auth work", "--actor", "agent:a"));
  expect(finish.ok).toBe(true);
  expect((finish.data.changed_files as { path: string }[]).map((f) => f.path)).toEqual(["README.md", "src/api/x.ts", "src/auth/a.ts", "src/auth/b.ts", "src/auth/c.ts"]);
  expect(finish.data.drift).toMatchObject({ score: 0.496, scope_compliance: 0.6, files_ratio: 0.417, boundary_violation: true, changed: 5, in_scope: 3 });
});

test("a ticket created in the main worktree but not committed is TICKET_NOT_FOUND in a linked worktree with a message that says so and how to bring it over (SPEC §3.3, §6.10)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "w", "--id", "W1"));
  const path = join(dirname(repo), `${basename(repo)}-W1`);
  try {
    expect(envelope(await exo(repo, "worktree-create", "--ticket-id", "W1")).ok).toBe(true);
    const run = await exo(path, "session-start", "--ticket-id", "W1", { env: { EXO_ACTOR: "agent:wt" } });
    expect(run.code).toBe(2);
    const error = envelope(run).error;
    expect(error?.code).toBe("TICKET_NOT_FOUND");
    expect(error?.message).toContain(`exists in the main worktree (${repo}) but is not committed on this branch`);
    expect(error?.hint).toContain(`add .exo/tickets/W1.yaml`);
    // An id no worktree has keeps the plain message.
    expect(envelope(await exo(path, "ticket-show", "NOPE")).error?.message).toBe("No ticket NOPE; list tickets with exo tickets.");
  } finally {
    git(repo, "worktree", "remove", "--force", path);
    await rm(path, { recursive: true, force: true });
  }
});

test("session-cleanup --dry-run reports the ticket status, lock release and memento the recovery would write, and writes nothing (SPEC §6.4, §7.14)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  envelope(await exo(repo, "ticket-create", "idle", "--id", "T2"));
  const worked = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--pid", "999999", "--actor", "agent:a")).data.session.id as string;
  const idle = envelope(await exo(repo, "session-start", "--ticket-id", "T2", "--pid", "999998", "--actor", "agent:b")).data.session.id as string;
  await writeFiles(repo, { "src/a.ts": "a\n" });
  // Charge src/a.ts to the first session only (its touched log), as the hooks would.
  await writeFile(join(repo, ".exo/sessions", `${worked}.touched`), "src/a.ts\twrite\t2026-01-01T00:00:00.000Z\n");
  const ledgerBefore = await readdir(join(repo, ".exo/ledger"));
  const linesBefore = (await Promise.all(ledgerBefore.map((f) => readFile(join(repo, ".exo/ledger", f), "utf8")))).join("");
  const dry = envelope(await exo(repo, "session-cleanup", "--dry-run"));
  expect(dry.ok).toBe(true);
  const bySession = Object.fromEntries((dry.data.recovered as { session: string }[]).map((r) => [r.session, r]));
  expect(bySession[worked]).toEqual({ session: worked, ticket: "T1", reasons: ["pid_dead"], ticket_status: "paused", lock_released: true, memento: `.exo/mementos/T1/${worked}.md` });
  expect(bySession[idle]).toMatchObject({ ticket: "T2", ticket_status: "todo", lock_released: true, memento: `.exo/mementos/T2/${idle}.md` });
  // Nothing was written.
  expect((await Promise.all(ledgerBefore.map((f) => readFile(join(repo, ".exo/ledger", f), "utf8")))).join("")).toBe(linesBefore);
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("active");
  // The real run does what the dry run said.
  const real = envelope(await exo(repo, "session-cleanup"));
  const done = Object.fromEntries((real.data.recovered as { session: string }[]).map((r) => [r.session, r]));
  expect(done[worked]).toEqual(bySession[worked]);
  expect(done[idle]).toEqual(bySession[idle]);
});

test("check refuses a lock compiled by a newer kernel (KERNEL_VERSION_UNSUPPORTED) and a missing lock (GOVERNANCE_MISSING), as session-start does, instead of running checks or calling it drift (SPEC §7.16.2, §10.2)", async () => {
  const repo = await initRepo();
  const lockFile = join(repo, ".exo/governance.lock.json");
  const lock = JSON.parse(await readFile(lockFile, "utf8")) as Record<string, unknown> & { kernel: { version: string } };
  const newer = reseal({ ...lock, kernel: { ...lock.kernel, version: "2.0.0" } }, "lock_sha256");
  await writeFile(lockFile, `${JSON.stringify(newer, null, 2)}\n`);
  git(repo, "commit", "--quiet", "--all", "--no-verify", "--message", "lock from a newer exo");
  for (const argv of [["session-start", "--ticket-id", "T1"], ["check"]]) {
    const run = await exo(repo, ...argv);
    expect(run.code, argv[0]).toBe(1);
    expect(envelope(run).error?.code, argv[0]).toBe("KERNEL_VERSION_UNSUPPORTED");
  }
  await rm(lockFile);
  const missing = await exo(repo, "check");
  expect(missing.code).toBe(1);
  expect(envelope(missing).error).toMatchObject({ code: "GOVERNANCE_MISSING", hint: "exo compose" });
});

test("ticket-show fails with the handoff file's code (FORMAT_UNSUPPORTED for a newer format, STATE_CORRUPT when unparsable) instead of showing no handoff (SPEC §4)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:a"));
  envelope(await exo(repo, "session-handoff", "--to", "any", "--summary", "half", "--actor", "agent:a"));
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.handoff).toMatchObject({ format: "exo.handoff/1", ticket: "T1" });
  const file = join(repo, ".exo/handoffs/T1.json");
  const record = await readFile(file, "utf8");
  await writeFile(file, record.replace('"format": "exo.handoff/1"', '"format": "exo.handoff/2"'));
  const newer = await exo(repo, "ticket-show", "T1");
  expect(newer.code).toBe(1);
  expect(envelope(newer).error?.code).toBe("FORMAT_UNSUPPORTED");
  await writeFile(file, "{ not json");
  const corrupt = await exo(repo, "ticket-show", "T1");
  expect(corrupt.code).toBe(1);
  expect(envelope(corrupt).error).toMatchObject({ code: "STATE_CORRUPT", hint: "exo doctor --fix" });
  // An unknown ticket is still TICKET_NOT_FOUND.
  expect(envelope(await exo(repo, "ticket-show", "T9")).error?.code).toBe("TICKET_NOT_FOUND");
});

test("ledger-show warns FILTER_MATCHES_NOTHING for a --session-id, --actor or --writer no record names, as it does for --type and --ticket-id (docs/ledger.md)", async () => {
  const repo = await initRepo();
  for (const [flag, value] of [["--session-id", "SES-20260101-000000-AAAAAA"], ["--actor", "agent:nobody"], ["--writer", "host.main.zzzzzzzz"]] as const) {
    const run = envelope(await exo(repo, "ledger-show", flag, value));
    expect(run.data.total, flag).toBe(0);
    expect(run.warnings, flag).toEqual([expect.objectContaining({ code: "FILTER_MATCHES_NOTHING", message: expect.stringContaining(value) })]);
  }
  // A filter that names records warns nothing.
  expect(envelope(await exo(repo, "ledger-show", "--type", "governance.composed")).warnings).toBeUndefined();
});

test("pr-check --markdown and export-traces --out that cannot be written fail IO_ERROR (exit 1), not INTERNAL; a writable path is written whole (SPEC §2.2, §10.5)", async () => {
  const repo = await initRepo({ "afile": "x\n" });
  for (const argv of [["pr-check", "--base", "HEAD", "--markdown", "afile/report.md"], ["export-traces", "--out", "afile/traces.jsonl"]]) {
    const run = await exo(repo, ...argv);
    expect(run.code, argv[0]).toBe(1);
    expect(envelope(run).error?.code, argv[0]).toBe("IO_ERROR");
  }
  expect(envelope(await exo(repo, "pr-check", "--base", "HEAD", "--markdown", "out/report.md")).ok).toBe(true);
  expect(await readFile(join(repo, "out/report.md"), "utf8")).toMatch(/^## exo pr-check: /);
  expect((await readdir(join(repo, "out"))).filter((n) => n.endsWith(".tmp"))).toEqual([]);
});
