// Black-box checks from the round-24 audit: §13's acceptance scenarios run as written, then the
// SPEC sections the earlier rounds covered least (§7.8 leases and gc-locks, §7.13
// suspend/resume/handoff, §7.14 cleanup, §7.15 changed files and drift, §7.19 pr-check findings,
// §7.21 intents, §7.25 scan and install, §8.4 Cursor hooks, §8.9 traces, §8.10 sandbox policy,
// §8.12 CI workflow, §9.3 library API, §10 codes and exit codes). Each test fails on the behaviour
// before its fix.
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

const as = (actor: string, extra: Record<string, string> = {}) => ({ env: { EXO_ACTOR: actor, ...extra } });

test("§7.15, §4.7 a person's hook-install or sandbox-policy --write while an agent works is not the agent's change: .cursor/hooks.json and .claude/settings.json, still as exo wrote them, are left out of the session's changed files and drift (before: charged, a RULE-EXO-001 violation and out of scope)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a")));
  expect(envelope(await exo(repo, "hook-install", "--harness", "cursor", as("human:lead"))).ok).toBe(true);
  expect(envelope(await exo(repo, "sandbox-policy", "--write", as("human:lead"))).ok).toBe(true);
  const env = envelope(await exo(repo, "session-finish", "--summary", "nothing of mine", "--skip-check", "--break-glass-reason", "test", as("agent:a")));
  expect(env.ok, JSON.stringify(env.error)).toBe(true);
  const paths = (env.data.changed_files as ({ path: string } | string)[]).map((f) => (typeof f === "string" ? f : f.path));
  expect(paths).not.toContain(".cursor/hooks.json");
  expect(paths).not.toContain(".claude/settings.json");
  expect(env.data.drift).toMatchObject({ changed: 0, score: 0, boundary_violation: false });
});

test("§7.15 an `exo install --harness codex --no-commit` by a person while an agent works leaves .codex/hooks.json and .codex/config.toml (its MCP registration) out of the agent's changed files while they hold what exo wrote (before: both charged as the agent's work)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a")));
  expect(envelope(await exo(repo, "install", "--harness", "codex", "--no-commit", "--no-adapters", as("human:lead"))).ok).toBe(true);
  const env = envelope(await exo(repo, "session-finish", "--summary", "nothing of mine", "--skip-check", "--break-glass-reason", "test", as("agent:a")));
  expect(env.ok, JSON.stringify(env.error)).toBe(true);
  const paths = (env.data.changed_files as ({ path: string } | string)[]).map((f) => (typeof f === "string" ? f : f.path));
  expect(paths).not.toContain(".codex/hooks.json");
  expect(paths).not.toContain(".codex/config.toml");
  expect(env.data.drift).toMatchObject({ boundary_violation: false });
});

test("§6.4 session-cleanup --dry-run reports what the cleanup does: a session suspended too long, whose lock its suspend released, is lock_released true in both (before: the dry run said false, the cleanup true)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a")));
  expect(envelope(await exo(repo, "session-suspend", "--reason", "lunch", as("agent:a"))).data.lock_released).toBe(true);
  const later = { env: { EXO_NOW: "2027-06-01T00:00:00.000Z" } };
  const dry = envelope(await exo(repo, "session-cleanup", "--dry-run", later));
  const real = envelope(await exo(repo, "session-cleanup", later));
  expect(real.data.recovered).toHaveLength(1);
  expect(real.data.recovered[0]).toMatchObject({ reasons: ["suspended_too_long"], ticket_status: "todo", lock_released: true });
  expect(dry.data.recovered).toEqual(real.data.recovered);
});
