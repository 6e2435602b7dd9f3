// The write hook and a session record or lock that is a symlink (by hand, a sync tool keeping it
// elsewhere): the CLI refuses such files (STATE_CORRUPT, hostile round 40) and doctor --fix sets
// them aside; the hook read them through, and its heartbeat wrote a plain file over the link. Now a
// gated write is denied STATE_CORRUPT naming the link, and the link is left for doctor.
import { lstatSync, mkdirSync, readFileSync, renameSync, symlinkSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { DIST, bounded, envelope, tempDir } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

function write(repo: string, now?: string): { decision: string; reason: string } {
  const payload = { session_id: "conv-1", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, "src/a.ts"), content: "x" } };
  const run = spawnSync(process.execPath, [join(DIST, "cli", "bin.js"), "hook", "claude", "PreToolUse"], { cwd: repo, input: JSON.stringify(payload), encoding: "utf8", env: { ...process.env, ...(now ? { EXO_NOW: now } : {}) } });
  if (run.stdout.trim() === "") return { decision: "allow", reason: "" };
  const out = (JSON.parse(run.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;
  return { decision: out.permissionDecision, reason: out.permissionDecisionReason };
}

async function started() {
  const repo = await repoWithTicket();
  mkdirSync(join(repo, "src"), { recursive: true });
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a", "--harness", "claude", "--agent-session-id", "conv-1"], 15_000);
  const id = envelope(start).data.session.id as string;
  expect(write(repo).decision).toBe("allow");
  return { repo, id };
}

test("a session record that is a symlink: the write hook denies STATE_CORRUPT naming it (before: it read the session through the link), leaves the link, and after doctor --fix the write is the no-session case again", async () => {
  const { repo, id } = await started();
  const file = join(repo, `.exo/sessions/${id}.json`);
  const outside = join(await tempDir(), `${id}.json`);
  renameSync(file, outside);
  symlinkSync(outside, file);
  const denied = write(repo);
  expect(denied).toMatchObject({ decision: "deny" });
  expect(denied.reason).toBe(`exo blocked this write: .exo/sessions/${id}.json is a symlink, not a session record exo wrote, so exo cannot tell whose session it is. A human must run exo doctor --fix.`);
  expect(lstatSync(file).isSymbolicLink()).toBe(true);
  envelope(await bounded(repo, ["doctor", "--fix", "--section", "state", "--actor", "agent:a"], 20_000));
  expect(lstatSync(file, { throwIfNoEntry: false })).toBeUndefined();
  expect(write(repo).reason).not.toMatch(/symlink/);
}, 120_000);

test("a lock that is a symlink: the write hook denies STATE_CORRUPT naming it, and neither its heartbeat nor its lapsed-lock revival writes over the link; after doctor --fix rebuilds the lock the write passes", async () => {
  const { repo } = await started();
  const file = join(repo, ".exo/locks/T1.json");
  const outside = join(await tempDir(), "T1.json");
  renameSync(file, outside);
  symlinkSync(outside, file);
  const held = readFileSync(outside, "utf8");
  const denied = write(repo);
  expect(denied).toMatchObject({ decision: "deny" });
  expect(denied.reason).toBe("exo blocked this write: .exo/locks/T1.json is a symlink, not the lock exo wrote, so exo cannot tell who holds T1. A human must run exo doctor --fix.");
  // Late in the lease (a heartbeat is due) and past it (a revival would run): still the link, untouched.
  const expires = Date.parse(JSON.parse(held).expires_at as string);
  for (const at of [expires - 60_000, expires + 3_600_000]) {
    expect(write(repo, new Date(at).toISOString()).decision).toBe("deny");
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readFileSync(outside, "utf8")).toBe(held);
  }
  envelope(await bounded(repo, ["doctor", "--fix", "--section", "state", "--actor", "agent:a"], 20_000));
  expect(lstatSync(file).isFile()).toBe(true);
  expect(write(repo).decision).toBe("allow");
}, 120_000);
