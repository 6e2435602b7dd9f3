// Round 42 of hostile state and races: a config hand-edited past what node's timers hold (see
// docs/hardening.md). Each case failed before its fix.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

test("checks.timeout_seconds set past 24.8 days by hand (a month, for no timeout): the check runs to its end and passes (before: node's timer, past 2^31-1 ms, fired at once, every check was killed as timed out in milliseconds, exo check and every finish failed, and node printed a TimeoutOverflowWarning on stderr)", async () => {
  const repo = await repoWithTicket();
  const config = join(repo, ".exo/config.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace("  allowlist: []", '  allowlist: ["sleep 0.3"]').replace(/ {2}timeout_seconds: \d+/, "  timeout_seconds: 2592000"));
  expect(envelope(await bounded(repo, ["compose"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["ticket-update", "T1", "--check", "sleep 0.3"], 15_000)).ok).toBe(true);
  const run = await bounded(repo, ["check", "--ticket-id", "T1"], 15_000);
  expect(run.stderr).not.toContain("TimeoutOverflowWarning");
  const check = envelope(run);
  expect(check.ok, run.stdout).toBe(true);
  expect(check.data.results).toMatchObject([{ command: "sleep 0.3", exit_code: 0, passed: true, timed_out: false }]);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(finish.ok).toBe(true);
  expect(finish.data.checks).toMatchObject([{ command: "sleep 0.3", passed: true, timed_out: false }]);
}, 60_000);
