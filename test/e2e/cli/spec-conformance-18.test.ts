// Black-box checks from the round-18 audit: §13's scenarios run as written, then the §6 commands
// with the fewest tests (flags from the CLI and MCP, data, §10 codes, exit codes, ledger events).
// Each test fails on the behaviour before its fix.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { decision, hook } from "../../helpers/hooks.js";

const as = (actor: string) => ({ env: { EXO_ACTOR: actor } });

test("§7.13 resume binds the lock its session kept at suspend, even when someone else claimed it for the agent (next --owner alice, then agent:claude works): same token, no LOCK_HELD", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "signup form", "--id", "T1"));
  expect(envelope(await exo(repo, "next", "--owner", "alice")).data.lock.fencing_token).toBe(1);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:claude")));
  expect(started.data.lock.owner).toBe("alice");
  const suspended = await exo(repo, "session-suspend", "--reason", "lunch", "--keep-lock", as("agent:claude"));
  expect(envelope(suspended).data.lock_released).toBe(false);
  const resumed = await exo(repo, "session-resume", as("agent:claude"));
  expect(resumed.code, resumed.stdout).toBe(0);
  const data = envelope(resumed).data;
  expect(data.resumed).toBe(true);
  expect(data.ticket.status).toBe("active");
  expect(data.lock).toMatchObject({ owner: "alice", session: started.data.session.id, fencing_token: 1, state: "held" });
  expect(data.session.fencing_token).toBe(1);
  const lock = JSON.parse(await readFile(join(repo, ".exo/locks/T1.json"), "utf8"));
  expect(lock).toMatchObject({ session: started.data.session.id, fencing_token: 1 });
});

test("§6.1 sidecar-init: an unusable --branch or --remote is INVALID_INPUT naming that flag, before anything is read (was DIRTY_WORKTREE first, the issue path always remote), from the CLI and MCP", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "dirty the ledger", "--id", "T1"));
  const branch = await exo(repo, "sidecar-init", "--branch", "HEAD", "--no-fetch");
  expect(branch.code).toBe(2);
  expect(envelope(branch).error).toMatchObject({ code: "INVALID_INPUT", details: { issues: [{ path: "branch", code: "unsafe_value" }] } });
  expect(envelope(branch).error?.message).toMatch(/^--branch "HEAD" /);
  const remote = await exo(repo, "sidecar-init", "--remote", "-x");
  expect(remote.code).toBe(2);
  expect(envelope(remote).error).toMatchObject({ code: "INVALID_INPUT", details: { issues: [{ path: "remote", code: "unsafe_value" }] } });
  const client = await mcpClient(repo);
  const viaMcp = structured(await client.callTool({ name: "exo_sidecar_init", arguments: { branch: "bad..name" } }));
  expect(viaMcp.error?.code).toBe("INVALID_INPUT");
  expect(git(repo, "branch", "--list").trim()).toBe("* main");
});

test("§6.1, §8.7 adapter-generate --check: a whole file replaced by hand is edited, not missing, and the ADAPTERS_STALE hint (and doctor's and drift's) is the exact command that repairs it (--force for an edited whole file, --target for a target outside the defaults, like ci)", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "adapter-generate")).code).toBe(0);
  expect((await exo(repo, "adapter-generate", "--target", "ci")).code).toBe(0);
  await writeFile(join(repo, ".cursor/rules/exo.mdc"), "hand edited\n");
  const edited = envelope(await exo(repo, "adapter-generate", "--check"));
  // Replaced whole by hand: edited (generating refuses it without --force), not missing.
  expect(edited.data.targets.find((t: { target: string }) => t.target === "cursor")?.status).toBe("edited");
  expect(envelope(await exo(repo, "adapter-generate")).error?.code).toBe("ADAPTER_EDITED");
  for (const report of [["doctor", "--section", "adapters"], ["drift"]]) {
    const section = envelope(await exo(repo, ...report)).data.sections.find((s: { name: string }) => s.name === "adapters");
    expect(section).toMatchObject({ status: "warn", message: "cursor edited", hint: "exo adapter-generate --force", fixable: false });
  }
  expect(edited.error).toMatchObject({ code: "ADAPTERS_STALE", hint: "exo adapter-generate --force" });
  expect((await exo(repo, ...(edited.error?.hint as string).split(" ").slice(1))).code).toBe(0);
  expect((await exo(repo, "adapter-generate", "--check")).code).toBe(0);
  // A governance change makes ci stale; the default targets do not include it.
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, (await readFile(constitution, "utf8")).replace(/^name: .*$/m, 'name: "renamed governance"'));
  expect((await exo(repo, "compose")).code).toBe(0);
  const stale = envelope(await exo(repo, "adapter-generate", "--check", "--target", "ci"));
  expect(stale.error).toMatchObject({ code: "ADAPTERS_STALE", hint: "exo adapter-generate --target ci" });
  expect((await exo(repo, ...(stale.error?.hint as string).split(" ").slice(1))).code).toBe(0);
  expect((await exo(repo, "adapter-generate", "--check", "--target", "ci")).code).toBe(0);
});

test("§6.3, §6.10 a flag that cannot apply is not dropped silently: gc-locks --prune-released without --remote and gc --apply with --dry-run warn OPTION_IGNORED (CLI and MCP)", async () => {
  const repo = await initRepo();
  const prune = envelope(await exo(repo, "gc-locks", "--prune-released", "30"));
  expect(prune.ok).toBe(true);
  expect(prune.warnings?.map((w) => w.code)).toEqual(["OPTION_IGNORED"]);
  expect(prune.warnings?.[0]?.message).toMatch(/--remote/);
  const gc = envelope(await exo(repo, "gc", "--apply", "--dry-run"));
  expect(gc.data.applied).toBe(false);
  expect(gc.warnings?.map((w) => w.code)).toEqual(["OPTION_IGNORED"]);
  const client = await mcpClient(repo);
  const viaMcp = structured(await client.callTool({ name: "exo_gc_locks", arguments: { prune_released: 30 } })) as { warnings?: { code: string }[] };
  expect(viaMcp.warnings?.map((w) => w.code)).toEqual(["OPTION_IGNORED"]);
  expect(envelope(await exo(repo, "gc-locks")).warnings).toBeUndefined();
  expect(envelope(await exo(repo, "gc", "--apply")).warnings).toBeUndefined();
});

test("§7.1 step 2, §7.2 step 1: a file tool path starting with ~user (not ~ or ~/) is denied PATH_INVALID by the hook (it was allowed as a repository file under scope **), and decide reports that deny in its data", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  envelope(await exo(repo, "ticket-create", "wide", "--id", "W1"));
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "W1", as("agent:claude")));
  const env = { EXO_SESSION_ID: started.data.session.id as string };
  for (const path of ["~root/.bashrc", "~+/x.ts"]) {
    const run = await hook(repo, "claude", "PreToolUse", JSON.stringify({ session_id: "c1", hook_event_name: "PreToolUse", cwd: repo, tool_name: "Write", tool_input: { file_path: path, content: "x" } }), env);
    expect(run.code).toBe(0);
    expect(decision(run)?.decision, path).toBe("deny");
  }
  const denied = (await readFile(join(repo, ".exo/ledger", (await readdir(join(repo, ".exo/ledger")))[0] as string), "utf8")).split("\n").filter((l) => l.includes('"hook.denied"'));
  expect(denied.map((l) => JSON.parse(l).data.code)).toEqual(["PATH_INVALID", "PATH_INVALID"]);
  const decided = await exo(repo, "decide", "--path", "~root/.bashrc", "--session-id", started.data.session.id);
  expect(decided.code).toBe(1);
  const report = envelope(decided);
  expect(report.error?.code).toBe("PATH_INVALID");
  expect(report.data).toMatchObject({ decision: "deny", code: "PATH_INVALID", targets: [{ path: "~root/.bashrc", action: "write", decision: "deny", code: "PATH_INVALID" }] });
});

test("§6.2 a ticket given itself as a blocker is one BLOCKER_CYCLE issue saying what to do, not that issue plus a second 'cycle' one ('(and 1 more)')", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "A"));
  const run = await exo(repo, "ticket-update", "A", "--add-blocker", "A");
  expect(run.code).toBe(2);
  const error = envelope(run).error;
  expect(error?.code).toBe("BLOCKER_CYCLE");
  expect(error?.details.issues).toHaveLength(1);
  expect(error?.message).toBe("a ticket cannot block itself; leave A out of its own blockers.");
});

test("§7.6 next --dry-run (and status.next) plan as the claim would: a claim whose lock expired counts as todo, without writing anything", async () => {
  const repo = await initRepo();
  const at = (iso: string) => ({ env: { EXO_NOW: iso } });
  envelope(await exo(repo, "ticket-create", "urgent", "--id", "A", "--priority", "1", at("2026-11-24T09:00:00.000Z")));
  envelope(await exo(repo, "ticket-create", "later", "--id", "B", "--priority", "5", at("2026-11-24T09:00:00.000Z")));
  expect(envelope(await exo(repo, "next", "--owner", "alice", at("2026-11-24T09:01:00.000Z"))).data.ticket.id).toBe("A");
  const ledger = join(repo, ".exo/ledger");
  const before = await Promise.all((await readdir(ledger)).map((f) => readFile(join(ledger, f), "utf8")));
  const ticketBefore = await readFile(join(repo, ".exo/tickets/A.yaml"), "utf8");
  // Three hours on, alice's two-hour claim has expired.
  const later = at("2026-11-24T12:00:00.000Z");
  const dry = envelope(await exo(repo, "next", "--owner", "bob", "--dry-run", later));
  expect(dry.data).toMatchObject({ ticket: { id: "A" }, lock: null, dry_run: true });
  expect(envelope(await exo(repo, "status", later)).data.next).toMatchObject({ ticket: "A" });
  expect(await Promise.all((await readdir(ledger)).map((f) => readFile(join(ledger, f), "utf8")))).toEqual(before);
  expect(await readFile(join(repo, ".exo/tickets/A.yaml"), "utf8")).toBe(ticketBefore);
  expect(envelope(await exo(repo, "next", "--owner", "bob", later)).data.ticket.id).toBe("A");
});

test("§7.18 a check no longer in checks.allowlist fails CHECKS_FAILED / SESSION_VERIFY_FAILED with a message saying so, not only its name", async () => {
  const repo = await initRepo();
  const config = join(repo, ".exo/config.yaml");
  const text = await readFile(config, "utf8");
  await writeFile(config, text.replace(/allowlist: \[\]/, 'allowlist: ["true"]'));
  expect((await exo(repo, "compose")).code).toBe(0);
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--check", "true"));
  await writeFile(config, text);
  expect((await exo(repo, "compose")).code).toBe(0);
  const checked = envelope(await exo(repo, "check", "--ticket-id", "T1"));
  expect(checked.error).toMatchObject({ code: "CHECKS_FAILED", message: "1 check failed: true (not in checks.allowlist)." });
  expect(checked.data.results[0]).toMatchObject({ command: "true", not_allowed: true, passed: false });
  expect((await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).code).toBe(0);
  const finish = envelope(await exo(repo, "session-finish", "--summary", "done", as("agent:a")));
  expect(finish.error?.code).toBe("SESSION_VERIFY_FAILED");
  expect(finish.error?.message).toMatch(/^1 check failed \(true \(not in checks\.allowlist\)\)/);
});
