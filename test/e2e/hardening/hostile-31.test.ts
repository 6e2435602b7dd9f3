// Round 31 of hostile state and races: a pipe swapped in at a ledger segment just before the
// append's open, and more (see docs/hardening.md). Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { decision, fixture, hook, claudeSessionRepo } from "../../helpers/hooks.js";
import { expectPipeRefused, pipeAt } from "../../helpers/pipes.js";
import { bounded, boundedNode, DIST, envelope, exo, git, initRepo, tempScript } from "../../helpers/repo.js";


// Appends twice; before the second append opens its segment to write, a pipe is renamed over the
// segment (a sync tool, a hand's mkfifo and mv). With `reader`, something holds the pipe open for
// reading (the records would go into it); without, nothing does (the open would wait for ever).
const SWAPPER = `
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
const [dist, repoDir, mode] = process.argv.slice(2);
const original = fs.openSync;
let armed = false;
let reader = null;
fs.openSync = (path, flags, mode_) => {
  if (armed && typeof path === "string" && path.endsWith(".jsonl") && typeof flags === "number" && (flags & fs.constants.O_WRONLY)) {
    armed = false;
    const fifo = path + ".fifo";
    execFileSync("mkfifo", [fifo]);
    fs.renameSync(fifo, path);
    if (mode === "reader") reader = original(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  }
  return original(path, flags, mode_);
};
syncBuiltinESMExports();
const { appendLedger, discoverRepo } = await import(dist + "/testing.js");
const repo = await discoverRepo(repoDir, process.env);
const who = { actor: "agent:test", host: (await import("node:os")).hostname(), now: new Date() };
await appendLedger(repo, who, [{ type: "check.completed", data: { i: 1 } }]);
armed = true;
await appendLedger(repo, who, [{ type: "check.completed", data: { i: 2 } }]);
if (reader !== null) fs.closeSync(reader);
console.log(JSON.stringify({ armed }));
`;

test("a pipe renamed over a ledger segment between the append's look and its open: the append opens without blocking, tells the pipe apart and continues in a new segment (before: with no reader the append waited for ever; with one, its records went into the pipe and were lost)", async () => {
  for (const mode of ["reader", "none"]) {
    const repo = await initRepo();
    const script = await tempScript(SWAPPER);
    const run = await boundedNode(script, [DIST, repo, mode], repo, 10_000);
    expect(run.code, `${mode}: ${run.stderr}`).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ armed: false });
    // Record 2 is in a regular segment of this checkout, beside the pipe.
    const dir = join(repo, ".exo/ledger");
    const files = readdirSync(dir, { withFileTypes: true }).filter((d) => d.name.endsWith(".jsonl") && d.isFile());
    const records = files.flatMap((d) => readFileSync(join(dir, d.name), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { type: string; data: { i?: number } }));
    expect(records.filter((r) => r.type === "check.completed").map((r) => r.data.i), mode).toContain(2);
    // The pipe is named by ledger-verify as one, and the run was quick.
    const verify = await exo(repo, "ledger-verify");
    expect(`${verify.stdout}`).toContain("pipe");
    expect(envelope(verify).ok).toBe(false);
  }
});

test("an EXO_HOST with a newline or a space where the agent runs: the write hook names this machine by its host name, as when EXO_HOST is unset (before: the hook took it as it was, opened a ledger segment named after it, evil-host.main.…, and wrote the two-line host into its records, where every command refuses it)", async () => {
  const repo = await claudeSessionRepo({ "src/auth/a.ts": "a\n" });
  const payload = await fixture("claude-pretooluse-write.json", repo, (p) => {
    (p["tool_input"] as Record<string, unknown>)["file_path"] = join(repo, "other/x.ts");
  });
  const dir = join(repo, ".exo/ledger");
  const before = readdirSync(dir).filter((n) => n.endsWith(".jsonl"));
  for (const host of ["evil\nhost", "two words"]) {
    const run = await hook(repo, "claude", "PreToolUse", payload, { EXO_ACTOR: "agent:claude", EXO_HOST: host });
    expect(run.code).toBe(0);
    expect(decision(run)?.decision).toBe("deny");
  }
  // The denials went on this machine's segment; no segment is named after the bad hosts.
  expect(readdirSync(dir).filter((n) => n.endsWith(".jsonl"))).toEqual(before);
  const text = before.map((n) => readFileSync(join(dir, n), "utf8")).join("");
  expect(text.match(/"type":"hook.denied"/g)?.length).toBe(2);
  expect(text).not.toContain("evil");
  expect(text).not.toContain("two words");
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
});

test("a pipe at .exo/.gitignore or .exo/.gitattributes (a hand's mkfifo, a bad sync): every command says so, STATE_CORRUPT with hint exo doctor --fix, which removes it and restores exo's file from git (before: git opens each file as it walks .exo/ and waits on the pipe for a writer, so exo status and session-start hung for ever, and doctor --fix failed IO_ERROR and repaired nothing)", async () => {
  for (const name of [".gitignore", ".gitattributes"]) {
    const repo = await initRepo();
    expect(envelope(await exo(repo, "ticket-create", "do x", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
    git(repo, "add", "--all");
    git(repo, "commit", "--quiet", "--message", "T1");
    const file = join(repo, ".exo", name);
    const committed = readFileSync(file, "utf8");
    pipeAt(repo, `.exo/${name}`);
    await expectPipeRefused(repo, `.exo/${name}`);
    const fix = await bounded(repo, ["doctor", "--fix"], 30_000);
    expect(fix.code, fix.stderr).not.toBe(-1);
    expect(JSON.stringify(envelope(fix).data.fixed)).toContain(`removed .exo/${name}`);
    expect(lstatSync(file).isFile()).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(committed);
    const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
    expect(envelope(start).ok, start.stdout).toBe(true);
  }
}, 120_000);

test("a pipe where a ticket goes (a hand's mkfifo .exo/tickets/T3.yaml): doctor's tickets section says it is a pipe git keeps no copy of, with rm -- <file> as the hint, which works when pasted (before: 'a device or pipe behind a symlink?; remove it (git rm)' and no section hint; git rm answers 'did not match any files', for git never tracks a pipe)", async () => {
  const repo = await initRepo();
  expect(envelope(await exo(repo, "ticket-create", "do x", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  execFileSync("mkfifo", [join(repo, ".exo/tickets/T3.yaml")]);
  const check = await bounded(repo, ["doctor", "--section", "tickets"], 20_000);
  expect(check.code, check.stderr).toBe(1);
  const tickets = (envelope(check).data.sections as { name: string; status: string; message: string; hint?: string }[]).find((s) => s.name === "tickets");
  expect(tickets?.status).toBe("fail");
  expect(tickets?.message).toContain(".exo/tickets/T3.yaml is a named pipe");
  expect(tickets?.message).not.toContain("git rm");
  expect(tickets?.hint).toBe("rm -- .exo/tickets/T3.yaml");
  execFileSync("sh", ["-c", tickets?.hint ?? "false"], { cwd: repo });
  const again = await bounded(repo, ["doctor", "--section", "tickets"], 20_000);
  expect((envelope(again).data.sections as { name: string; status: string }[]).find((s) => s.name === "tickets")?.status).not.toBe("fail");
}, 60_000);

test("a quarantine grown past 256 MiB or 1,000 files (repairs in a loop, a sync bringing the same bad file back): doctor's state section warns naming its size, with a look at it as the hint (before: doctor passed, and the quarantine grew without bound)", async () => {
  const repo = await initRepo();
  const dir = join(repo, ".exo/cache/quarantine/1700000000000-T1.json");
  execFileSync("mkdir", ["-p", dir]);
  // Sparse: 300 MiB by size, no disk.
  execFileSync("truncate", ["-s", "300M", join(dir, "big")]);
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  const state = (envelope(check).data.sections as { name: string; status: string; message: string; hint?: string }[]).find((s) => s.name === "state");
  expect(state?.status).toBe("warn");
  expect(state?.message).toContain(".exo/cache/quarantine holds 1 file, 300 MiB");
  expect(state?.hint).toBe("ls -la -- .exo/cache/quarantine");
  execFileSync("sh", ["-c", state?.hint ?? "false"], { cwd: repo });
  rmSync(join(repo, ".exo/cache/quarantine"), { recursive: true });
  const again = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect((envelope(again).data.sections as { name: string; status: string }[]).find((s) => s.name === "state")?.status).toBe("pass");
}, 60_000);
