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
import { DIST, envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";

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
