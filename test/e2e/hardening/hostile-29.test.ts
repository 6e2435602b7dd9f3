// Round 29 of hostile state and races: pipes and devices behind exo's cache records (integrity
// receipts, the ledger's writer registry and tails), a lock owner no one can name, and more (see
// docs/hardening.md). Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, coded, envelope, git, tempDir } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";

const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as { name: string; status: string; message: string }[]).find((s) => s.name === name);

/** A named pipe no one writes to: a read of it waits for ever (a /dev/zero reads until memory runs out). */
async function pipe(): Promise<string> {
  const file = join(await tempDir(), "pipe");
  execFileSync("mkfifo", [file]);
  return file;
}

const as = (a: Clone, args: string[], ms = 20_000) => bounded(a.dir, args, ms, { EXO_HOST: a.host });

test("an integrity receipt that is a symlink to a pipe (or /dev/zero): doctor, next and session-finish answer, doctor names the link and --fix removes it (before: each read the receipt and waited for ever)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const fifo = await pipe();
  for (const rel of [".exo/cache/integrity/locks/T1.sha256", ".exo/cache/integrity/tickets/T1.sha256", ".exo/cache/integrity/tickets/T2.sha256"]) {
    rmSync(join(a.dir, rel), { force: true });
    symlinkSync(fifo, join(a.dir, rel));
  }
  const check = await as(a, ["doctor", "--section", "state"]);
  expect(check.code, check.stderr).not.toBe(-1);
  expect(section(check, "state")?.message).toContain(".exo/cache/integrity/locks/T1.sha256 is a symlink");
  const integrity = await as(a, ["doctor", "--section", "integrity"]);
  expect(integrity.code, integrity.stderr).not.toBe(-1);
  const next = await as(a, ["next", "--actor", "bob"]);
  expect(next.code, next.stderr).not.toBe(-1);
  expect(envelope(next).error?.code).not.toBe("INTERNAL");
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = await as(a, ["session-finish", "--summary", "done", "--actor", "alice"]);
  expect(finish.code, finish.stderr).not.toBe(-1);
  expect(envelope(finish).error?.code).not.toBe("INTERNAL");
  const fix = await as(a, ["doctor", "--fix"]);
  expect(fix.code, fix.stderr).not.toBe(-1);
  expect(lstatSync(join(a.dir, ".exo/cache/integrity/locks/T1.sha256"), { throwIfNoEntry: false })?.isSymbolicLink() ?? false).toBe(false);
  expect(section(await a.run("doctor", "--section", "state"), "state")?.status).toBe("pass");
}, 120_000);

test("the ledger's writer registry (cache/ledger/writers.json) a symlink to a pipe: next and session-start append to the ledger and answer (before: every append read the registry and waited for ever)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("status")).ok).toBe(true);
  mkdirSync(join(a.dir, ".exo/cache/ledger"), { recursive: true });
  const registry = join(a.dir, ".exo/cache/ledger/writers.json");
  rmSync(registry, { force: true });
  symlinkSync(await pipe(), registry);
  const next = await as(a, ["next", "--actor", "bob"]);
  expect(next.code, next.stderr).not.toBe(-1);
  expect(envelope(next).error?.code, next.stdout).not.toBe("INTERNAL");
  const start = await as(a, ["session-start", "--ticket-id", "T2", "--actor", "alice"]);
  expect(start.code, start.stderr).not.toBe(-1);
  expect(envelope(start).error?.code, start.stdout).not.toBe("INTERNAL");
  const fix = await as(a, ["doctor", "--fix"]);
  expect(fix.code, fix.stderr).not.toBe(-1);
  expect(lstatSync(registry, { throwIfNoEntry: false })?.isSymbolicLink() ?? false).toBe(false);
  expect(envelope(await a.run("ledger-verify")).ok).toBe(true);
}, 120_000);

test("a ledger tail cache (cache/ledger/<writer>.tail.json) a symlink to a pipe: ledger-verify and doctor answer (before: both read the tail and waited for ever)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const cache = join(a.dir, ".exo/cache/ledger");
  const tails = readdirSync(cache).filter((n) => n.endsWith(".tail.json"));
  expect(tails.length).toBeGreaterThan(0);
  const fifo = await pipe();
  for (const t of tails) {
    rmSync(join(cache, t));
    symlinkSync(fifo, join(cache, t));
  }
  const verify = await as(a, ["ledger-verify"]);
  expect(verify.code, verify.stderr).not.toBe(-1);
  expect(envelope(verify).ok, verify.stdout).toBe(true);
  const check = await as(a, ["doctor"]);
  expect(check.code, check.stderr).not.toBe(-1);
  expect(section(check, "state")?.message).toContain(".tail.json is a symlink");
  const fix = await as(a, ["doctor", "--fix"]);
  expect(fix.code, fix.stderr).not.toBe(-1);
  expect(tails.filter((t) => existsSync(join(cache, t)) && lstatSync(join(cache, t)).isSymbolicLink())).toEqual([]);
}, 120_000);

test("a lock whose owner is no valid actor name (a control character, a hand edit or a pulled file): lease-release's hint is --force, which works when pasted (before: hint exo lease-release --ticket-id T1 --actor <the owner with its control character>, which no shell can pass and exo refuses)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("next", "--actor", "alice")).ok).toBe(true);
  const file = join(a.dir, ".exo/locks/T1.json");
  const lock = JSON.parse(readFileSync(file, "utf8")) as { owner: string };
  lock.owner = "ali\u001bce";
  writeFileSync(file, JSON.stringify(lock, null, 2));
  const refused = coded(await a.run("lease-release", "--ticket-id", "T1", "--actor", "bob"), "LOCK_OWNER_MISMATCH").error;
  expect(refused?.hint).toBe("exo lease-release --ticket-id T1 --force --actor bob");
  expect(refused?.message).toContain("no valid actor name");
  const beat = coded(await a.run("lease-heartbeat", "--ticket-id", "T1", "--actor", "bob"), "LOCK_OWNER_MISMATCH").error;
  expect(beat?.hint).toBe("exo lease-release --ticket-id T1 --force --actor bob");
  // The hint, pasted.
  const pasted = envelope(await a.run(...(refused?.hint ?? "").split(" ").slice(1)));
  expect(pasted.ok, JSON.stringify(pasted)).toBe(true);
  expect(pasted.data.lock.state).toBe("released");
});

test("a pipe (a hand's mkfifo, a bad sync) at one of exo's cache records (cache/git-config.json, the compiled config and sources, the ledger's token index): status, next, session-finish and doctor --fix answer and the record is written again as a file (before: each read the pipe and waited for ever, doctor --fix too)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const cache = join(a.dir, ".exo/cache");
  const records = ["git-config.json", "ledger/tokens.json", ...readdirSync(cache).filter((n) => /^(config|sources)-[0-9a-f]+\.json$/.test(n))];
  expect(records.length).toBeGreaterThanOrEqual(4);
  for (const r of records) {
    rmSync(join(cache, r), { force: true });
    execFileSync("mkfifo", [join(cache, r)]);
  }
  for (const args of [["status"], ["next", "--actor", "bob"], ["doctor", "--fix"]]) {
    const run = await as(a, args);
    expect(run.code, `${args.join(" ")}: ${run.stderr}`).not.toBe(-1);
    expect(envelope(run).error?.code, run.stdout).not.toBe("INTERNAL");
  }
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = await as(a, ["session-finish", "--summary", "done", "--actor", "alice"]);
  expect(finish.code, finish.stderr).not.toBe(-1);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  // git's listing is kept only once the files it came from are 2 s old (a racy write could hide a
  // change): doctor --fix may have just reinstalled the git hooks in this fresh clone.
  await new Promise((r) => setTimeout(r, 2_100));
  expect((await as(a, ["status"])).code).not.toBe(-1);
  expect(records.filter((r) => existsSync(join(cache, r)) && !lstatSync(join(cache, r)).isFile())).toEqual([]);
}, 120_000);

test("a sparse checkout that leaves .exo/tickets/ out while .exo/config.yaml is in: every command and doctor say so with the git sparse-checkout add that brings them back, which works when pasted (before: 'no tickets yet', TICKET_NOT_FOUND for a committed ticket, ticket-create wrote beside the hidden ones, and doctor passed)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  // Patterns (--no-cone): the two folders excluded by name.
  git(a.dir, "sparse-checkout", "set", "--no-cone", "/*", "!/.exo/tickets/");
  expect(existsSync(join(a.dir, ".exo/tickets/T1.yaml"))).toBe(false);
  const start = coded(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"), "STATE_CORRUPT").error;
  expect(start?.message).toContain(".exo/tickets/ is committed but outside this checkout's sparse-checkout patterns");
  expect(start?.hint).toBe("git sparse-checkout add /.exo/tickets/");
  coded(await a.run("tickets"), "STATE_CORRUPT");
  coded(await a.run("ticket-create", "three", "--id", "T3"), "STATE_CORRUPT");
  expect(existsSync(join(a.dir, ".exo/tickets/T3.yaml"))).toBe(false);
  const check = await a.run("doctor", "--section", "scaffold");
  expect(section(check, "scaffold")?.status).toBe("fail");
  expect(envelope(check).error?.hint).toBe("git sparse-checkout add /.exo/tickets/");
  // The hint, pasted.
  git(a.dir, ...(start?.hint ?? "").split(" ").slice(1));
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  // Cone mode: a folder of .exo/ alone in the cone leaves the others out; the hint adds .exo.
  git(b.dir, "sparse-checkout", "set", ".exo/ledger");
  const cone = coded(await b.run("next", "--actor", "bob"), "STATE_CORRUPT").error;
  expect(cone?.message).toContain(".exo/tickets/");
  expect(cone?.hint).toBe("git sparse-checkout add .exo");
  git(b.dir, "sparse-checkout", "add", ".exo");
  expect(envelope(await b.run("next", "--actor", "bob")).ok).toBe(true);
}, 120_000);

test("an EXO_NOW left set to something that is no timestamp: INVALID_INPUT, exit 2, saying it freezes the clock, hint unset EXO_NOW (before: hint exo <command> --help, whose help says nothing of EXO_NOW)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  for (const args of [["status"], ["next", "--actor", "bob"]]) {
    const e = coded(await a.run(...args, { env: { EXO_NOW: "yesterday" } }), "INVALID_INPUT", 2).error;
    expect(e?.message).toContain("unset it to use the real one");
    expect(e?.hint).toBe("unset EXO_NOW");
  }
});
