// Black-box checks from the round-21 audit: §13's acceptance scenarios run as written, then the
// SPEC sections the earlier rounds covered least (§7.8 leases, §7.13 suspend/resume/handoff, §7.14
// liveness and cleanup, §7.15 drift, §7.17 ledger, §7.19 pr-check, §7.21 intents, §7.25 install,
// §7.26 auto-commit, §7.28 tags, §8.4–§8.6 Cursor, Codex and git hooks, §8.9 traces, §8.10 sandbox
// policy, §8.12 CI workflow, §9.3 library API, §10 codes and Appendix A). Each test fails on the
// behaviour before its fix.
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { DIST, envelope, exo, git, initRepo, tempDir, writeFiles } from "../../helpers/repo.js";

const as = (actor: string, extra: Record<string, string> = {}) => ({ env: { EXO_ACTOR: actor, ...extra } });

test("§8.6, §7.2 an advisory pre-commit lets the commit through and records hook.warned per problem, not commit.blocked (metrics count no refusal)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "hook-install", "--harness", "git"));
  const config = join(repo, ".exo/config.yaml");
  await writeFile(config, (await readFile(config, "utf8")).replace("enforcement: strict", "enforcement: advisory"));
  envelope(await exo(repo, "compose"));
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "setup", "--no-verify");
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:claude"))).data.session.id as string;
  await writeFiles(repo, { "docs/d.md": "changed\n", "keys/a.pem": "secret\n" });
  git(repo, "add", "-f", "docs/d.md", "keys/a.pem");
  const env = { ...process.env, EXO_ACTOR: "agent:claude", EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") };
  const run = spawnSync("git", ["commit", "-qm", "docs"], { cwd: repo, env, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/exo warns about this commit/);
  expect(envelope(await exo(repo, "ledger-show", "--type", "commit.blocked")).data.total).toBe(0);
  const warned = envelope(await exo(repo, "ledger-show", "--type", "hook.warned")).data.records as { session: string; data: Record<string, unknown> }[];
  expect(warned.map((r) => r.data)).toEqual([
    expect.objectContaining({ harness: "git", tool: "git commit", path: "docs/d.md", action: "write", code: "OUT_OF_SCOPE", rule: null }),
    expect.objectContaining({ harness: "git", tool: "git commit", path: "keys/a.pem", action: "write", code: "RULE_DENIED", rule: "RULE-SEC-001" }),
  ]);
  expect(warned.every((r) => r.session === session)).toBe(true);
  expect(envelope(await exo(repo, "metrics")).data.hooks).toMatchObject({ warned: 2, commit_blocked: 0 });
});

test("§7.14, §7.2 step 9 the write hook runs the heartbeat before deciding: an active session's expired lock, or one gc-locks released, is extended with the same token and the write passes", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  const T0 = "2026-11-24T09:00:00.000Z";
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--ttl-hours", "1", "--harness", "claude", "--agent-session-id", "conv-1", as("agent:claude", { EXO_NOW: T0 })));
  const sid = start.data.session.id as string;
  const lock = async () => JSON.parse(await readFile(join(repo, ".exo/locks/T1.json"), "utf8"));
  const write = (now: string) => {
    const payload = { session_id: "conv-1", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, "src/a.ts"), content: "x" } };
    return spawnSync(process.execPath, [join(DIST, "cli", "bin.js"), "hook", "claude", "PreToolUse"], { cwd: repo, input: JSON.stringify(payload), encoding: "utf8", env: { ...process.env, EXO_NOW: now } });
  };
  // Expired an hour ago, nobody took it: allowed, the lock held again for an hour, same token.
  const late = write("2026-11-24T11:00:00.000Z");
  expect(late.status).toBe(0);
  expect(late.stdout).toBe("");
  expect(await lock()).toMatchObject({ state: "held", session: sid, fencing_token: 1, heartbeat_at: "2026-11-24T11:00:00.000Z", expires_at: "2026-11-24T12:00:00.000Z" });
  // Settled by gc-locks once expired: taken back the same way.
  envelope(await exo(repo, "gc-locks", { env: { EXO_NOW: "2026-11-24T13:00:00.000Z" } }));
  expect((await lock()).state).toBe("released");
  const later = write("2026-11-24T13:05:00.000Z");
  expect(later.stdout).toBe("");
  expect(await lock()).toMatchObject({ state: "held", session: sid, fencing_token: 1, released_at: null, expires_at: "2026-11-24T14:05:00.000Z" });
  const records = envelope(await exo(repo, "ledger-show", "--type", "lock.reacquired")).data.records as { session: string; data: Record<string, unknown> }[];
  expect(records.map((r) => [r.session, r.data["via"], r.data["fencing_token"]])).toEqual([[sid, "hook", 1], [sid, "hook", 1]]);
  // A lock a person released before it expired is not taken back: the write is still refused.
  envelope(await exo(repo, "lease-release", "--ticket-id", "T1", "--force", as("human", { EXO_NOW: "2026-11-24T13:10:00.000Z" })));
  const released = write("2026-11-24T13:20:00.000Z");
  expect(JSON.parse(released.stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
  expect((await lock()).state).toBe("released");
});

test("§9.3 the library exports a TypeScript type for every file format of §4 (tickets, locks, sessions, mementos, handoffs, manifests, learnings, generated.json besides the lock, seal, ledger, constitution and config)", async () => {
  const dir = await tempDir();
  const file = join(dir, "formats.ts");
  const types = join(DIST, "types", "index.js");
  await writeFile(file, [
    `import type { Constitution, Config, GovernanceLock, SealedPolicy, Ticket, LockState, SessionRecord, Memento, HandoffRecord, LedgerRecord, Features, Requirements, Learning, Generated } from ${JSON.stringify(types)};`,
    `export type Formats = [Constitution, Config, GovernanceLock, SealedPolicy, Ticket, LockState, SessionRecord, Memento, HandoffRecord, LedgerRecord, Features, Requirements, Learning, Generated];`,
    `export const kind: Ticket["kind"] = "task";`,
    `export const lock: LockState["state"] = "held";`,
    `export const status: SessionRecord["status"] = "suspended";`,
    `export const outcome: Memento["outcome"] = "superseded";`,
    `export const to: HandoffRecord["to_actor"] = null;`,
    `export const severity: Learning["severity"] = "critical";`,
    `export const generated: Generated["format"] = "exo.generated/1";`,
    "",
  ].join("\n"));
  const tsc = join(process.cwd(), "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", file], { cwd: dir, encoding: "utf8" });
  expect(run.stdout + run.stderr).toBe("");
  expect(run.status).toBe(0);
});

test("§6.1, §7.2 decide --action read answers as the hooks do: with hooks.guard_reads off a read of a denied path is allowed (the Claude Read hook lets it through), on it is RULE_DENIED", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "hook-install", "--harness", "claude"));
  const config = join(repo, ".exo/config.yaml");
  const text = await readFile(config, "utf8");
  await writeFile(config, text.includes("hooks:\n") ? text.replace("hooks:\n", "hooks:\n  guard_reads: false\n") : `${text}hooks:\n  guard_reads: false\n`);
  envelope(await exo(repo, "compose"));
  const read = () => {
    const payload = { session_id: "conv-r", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Read", tool_input: { file_path: join(repo, ".env") } };
    return spawnSync(process.execPath, [join(DIST, "cli", "bin.js"), "hook", "claude", "PreToolUse"], { cwd: repo, input: JSON.stringify(payload), encoding: "utf8" });
  };
  expect(read().stdout).toBe("");
  const off = await exo(repo, "decide", "--path", ".env", "--action", "read");
  expect(off.code).toBe(0);
  expect(envelope(off).data).toMatchObject({ decision: "allow", code: null });
  await writeFile(config, (await readFile(config, "utf8")).replace("guard_reads: false", "guard_reads: true"));
  envelope(await exo(repo, "compose"));
  expect(JSON.parse(read().stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
  const on = await exo(repo, "decide", "--path", ".env", "--action", "read");
  expect(on.code).toBe(1);
  expect(envelope(on).data).toMatchObject({ decision: "deny", code: "RULE_DENIED", rule: "RULE-SEC-001" });
});

test("§7.14 any gated hook call of an active session refreshes its heartbeat, a denied one too (the agent is alive), so session-scan does not call it stale", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--ttl-hours", "8", "--harness", "claude", "--agent-session-id", "conv-h", as("agent:claude", { EXO_NOW: "2026-11-24T09:00:00.000Z" })));
  const sid = start.data.session.id as string;
  const payload = { session_id: "conv-h", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, "README.md"), content: "x" } };
  const denied = spawnSync(process.execPath, [join(DIST, "cli", "bin.js"), "hook", "claude", "PreToolUse"], { cwd: repo, input: JSON.stringify(payload), encoding: "utf8", env: { ...process.env, EXO_NOW: "2026-11-24T10:30:00.000Z" } });
  expect(JSON.parse(denied.stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
  expect(JSON.parse(await readFile(join(repo, ".exo/sessions", `${sid}.json`), "utf8")).heartbeat_at).toBe("2026-11-24T10:30:00.000Z");
  // 2 h 10 min after the start, 40 min after the denied call: within the 120-minute heartbeat timeout.
  const scan = envelope(await exo(repo, "session-scan", { env: { EXO_NOW: "2026-11-24T11:10:00.000Z" } }));
  expect(scan.data.sessions).toEqual([expect.objectContaining({ id: sid, stale: false, stale_reasons: [] })]);
});

test("§8.4, §7.22 Cursor's hooks written under advisory enforcement, then enforcement switched to strict and composed: doctor's hooks section warns that the gating entries are not fail-closed, and doctor --fix reinstalls them with failClosed (found by the round-21 audit, mended at the merge)", async () => {
  const repo = await initRepo();
  const config = join(repo, ".exo/config.yaml");
  const strictText = await readFile(config, "utf8");
  await writeFile(config, strictText.replace("enforcement: strict", "enforcement: advisory"));
  envelope(await exo(repo, "compose"));
  expect(envelope(await exo(repo, "hook-install", "--harness", "cursor")).ok).toBe(true);
  const cursorFile = join(repo, ".cursor/hooks.json");
  expect(await readFile(cursorFile, "utf8")).not.toContain("failClosed");
  await writeFile(config, strictText);
  envelope(await exo(repo, "compose"));
  const hooks = (run: { stdout: string }) => (envelope(run as never).data.sections as { name: string; status: string; message: string; details: Record<string, unknown> }[]).find((s) => s.name === "hooks");
  const before = hooks(await exo(repo, "doctor", "--section", "hooks"));
  expect(before?.status).toBe("warn");
  expect(before?.message).toMatch(/^Cursor's gating hooks \(preToolUse, beforeShellExecution, beforeMCPExecution, beforeReadFile\) are not fail-closed though enforcement is strict/);
  expect(before?.details["cursor_fail_closed_drift"]).toEqual(["preToolUse", "beforeShellExecution", "beforeMCPExecution", "beforeReadFile"]);
  const fixed = envelope(await exo(repo, "doctor", "--fix", "--section", "hooks"));
  expect(JSON.stringify(fixed.data.fixed)).toContain("reinstalled");
  const entries = JSON.parse(await readFile(cursorFile, "utf8")) as { hooks: Record<string, { failClosed?: boolean }[]> };
  expect(entries.hooks["preToolUse"]?.[0]?.failClosed).toBe(true);
  expect(entries.hooks["afterFileEdit"]?.[0]?.failClosed).toBeUndefined();
  expect(hooks(await exo(repo, "doctor", "--section", "hooks"))?.status).toBe("pass");
});
