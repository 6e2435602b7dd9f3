// Round 42 of hostile state and races: a config hand-edited past what node's timers hold, a
// worktree made again at its default path in a repository whose path has spaces and Unicode, a
// handoff record and a lock hand-edited to wrong types (see docs/hardening.md). Each case failed
// before its fix.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, coded, envelope, pasted, tempDir } from "../../helpers/repo.js";
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

test("exo worktree-create made again for a ticket at its default path (a retry after a lost answer, a second agent), in a repository whose path holds spaces and Unicode: INVALID_INPUT branch_checked_out naming the worktree, hint the quoted cd and session-start there, which runs as pasted (before: \"<path> exists already; pick another --path\", hint exo worktree-create --help, and another --path was then refused as the branch's worktree)", async () => {
  const made = await repoWithTicket();
  const repo = join(await tempDir(), "my repo ü");
  renameSync(made, repo);
  const first = envelope(await bounded(repo, ["worktree-create", "--ticket-id", "T1"], 20_000));
  expect(first.ok).toBe(true);
  const path = first.data.path as string;
  expect(path).toBe(join(repo, "..", "my repo ü-T1"));
  const again = coded(await bounded(repo, ["worktree-create", "--ticket-id", "T1"], 20_000), "INVALID_INPUT", 2);
  expect(again.error?.details?.issues).toMatchObject([{ code: "branch_checked_out" }]);
  expect(again.error?.message).toContain(`The branch exo/T1 is checked out already in the worktree ${path}`);
  expect(again.error?.hint).toBe(`cd '${path}' && exo session-start --ticket-id T1`);
  expect(JSON.parse(pasted(repo, `${again.error?.hint ?? "false"} --format json`, { EXO_ACTOR: "agent:a" })).ok).toBe(true);
  // A folder of something else at the path is still refused as before.
  const other = coded(await bounded(repo, ["worktree-create", "--ticket-id", "T1", "--branch", "exo/T1-b"], 20_000), "INVALID_INPUT", 2);
  expect(other.error?.message).toBe(`${path} exists already; pick another --path.`);
}, 90_000);

test("a handoff record hand-edited to a wrong type (to_actor a number): exo status, ready and next answer as for a garbled record, the start names the file (STATE_CORRUPT, hint exo doctor --fix), and after doctor --fix the start works (before: status and next failed INTERNAL, \"e.startsWith is not a function\", matching the number against actors, and ready said \"handed to 5\")", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-handoff", "--to", "agent:b", "--summary", "half", "--actor", "agent:a"], 20_000)).ok).toBe(true);
  const file = join(repo, ".exo/handoffs/T1.json");
  writeFileSync(file, readFileSync(file, "utf8").replace('"to_actor": "agent:b"', '"to_actor": 5'));
  for (const args of [["status"], ["ready"], ["next"]]) {
    const run = await bounded(repo, [...args, "--actor", "agent:b"], 15_000);
    expect(envelope(run).error?.code, `${args.join(" ")}: ${run.stdout}`).not.toBe("INTERNAL");
  }
  expect(envelope(await bounded(repo, ["status", "--actor", "agent:b"], 15_000)).ok).toBe(true);
  const start = coded(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000), "STATE_CORRUPT");
  expect(start.error?.message).toBe(".exo/handoffs/T1.json is unreadable (to_actor is not a string or null); run exo doctor --fix to move it aside.");
  pasted(repo, "exo doctor --fix --actor agent:b");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000)).ok).toBe(true);
}, 90_000);

test("a lock file hand-edited so its distributed field is no remote lease (a number, a list, a string): the lock is refused as garbled (STATE_CORRUPT naming the field, hint exo doctor --fix), and doctor --fix rebuilds it so the heartbeat and the finish pass (before: exo lease-heartbeat failed INTERNAL, \"Cannot read properties of undefined (reading 'length')\", and doctor's integrity section offered to adopt the edit as it stood)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const file = join(repo, ".exo/locks/T1.json");
  writeFileSync(file, readFileSync(file, "utf8").replace('"distributed": null', '"distributed": 5'));
  const beat = coded(await bounded(repo, ["lease-heartbeat", "--actor", "agent:a"], 15_000), "STATE_CORRUPT");
  expect(beat.error?.message).toContain("distributed is not a remote lease {remote, ref, commit, nonce} or null");
  expect(beat.error?.hint).toBe("exo doctor --fix --actor agent:a");
  pasted(repo, "exo doctor --fix --actor agent:a");
  expect(envelope(await bounded(repo, ["lease-heartbeat", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000)).ok).toBe(true);
}, 90_000);
