// Round 11: files a pull brings (symlinks, folders, look-alikes) and racing clones.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";
import { claudeSessionRepo, decision, fixture, hook } from "../../helpers/hooks.js";

const AGENT = { env: { EXO_ACTOR: "agent:a" } };

test("ledger segments that are symlinks (to /dev/zero, to a path outside) are reported, never read or written through", async () => {
  const repo = await initRepo();
  const outside = await tempDir();
  const [own] = (await readdir(join(repo, ".exo/ledger"))).filter((n) => n.endsWith(".jsonl"));
  // A pull replaces this clone's own segment with a dangling link outside and adds one to /dev/zero.
  await rm(join(repo, ".exo/ledger", own as string));
  await symlink(join(outside, "planted.jsonl"), join(repo, ".exo/ledger", own as string));
  await symlink("/dev/zero", join(repo, ".exo/ledger/evil.main.abcdefgh.jsonl"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "hostile pull");
  // The registry still names that segment as this clone's; its tail cache is gone (git clean -X).
  await rm(join(repo, ".exo/cache/ledger", (own as string).replace(/\.jsonl$/, ".tail.json")));
  const started = Date.now();
  const verify = envelope(await exo(repo, "ledger-verify"));
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(verify.error?.code).toBe("LEDGER_INVALID");
  expect(verify.data.errors.map((e: { code: string }) => e.code).sort()).toEqual(["not_a_file", "not_a_file"]);
  expect((await exo(repo, "ticket-create", "one", "--id", "T1")).code).toBe(0);
  expect(existsSync(join(outside, "planted.jsonl"))).toBe(false);
  const doctor = envelope(await exo(repo, "doctor", "--section", "ledger"));
  expect(doctor.data.sections[0].message).toMatch(/symlink or a folder/);
});

test("tickets, handoffs and config that are symlinks to /dev/zero: coded errors in well under a second, never an endless read", { timeout: 60_000 }, async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  await symlink("/dev/zero", join(repo, ".exo/tickets/T2.yaml"));
  await symlink("/dev/zero", join(repo, ".exo/handoffs/T1.json"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "hostile pull");
  const list = envelope(await exo(repo, "tickets"));
  expect(list.data.tickets.map((t: { id: string }) => t.id)).toEqual(["T1"]);
  expect(list.warnings?.map((w) => w.message).join("\n")).toMatch(/T2\.yaml is not a regular file/);
  const start = await exo(repo, "session-start", "--ticket-id", "T1", AGENT);
  expect(start.code).toBe(1);
  expect(envelope(start).error?.code).toBe("IO_ERROR");
  expect(envelope(start).error?.message).toMatch(/handoffs\/T1\.json is not a regular file/);
  const doctor = envelope(await exo(repo, "doctor"));
  expect(doctor.error?.code).toBe("DOCTOR_FAILED");
  expect(JSON.stringify(doctor.data.sections)).toMatch(/T2\.yaml is not a regular file/);
  expect(envelope(await exo(repo, "doctor", "--fix")).data.fixed.map((f: { action: string }) => f.action).join("\n")).toMatch(/moved \.exo\/handoffs\/T1\.json/);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", AGENT)).ok).toBe(true);
  await rm(join(repo, ".exo/config.yaml"));
  await symlink("/dev/zero", join(repo, ".exo/config.yaml"));
  const next = await exo(repo, "status");
  expect(envelope(next).error?.code).toBe("IO_ERROR");
});

test("a pulled .exo (or .exo/ledger) that is a symlink to a folder outside the repository: STATE_CORRUPT, nothing written there", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  const outside = await tempDir();
  git(repo, "mv", ".exo/ledger", ".exo/ledger-real");
  await symlink(outside, join(repo, ".exo/ledger"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "hostile pull");
  for (const args of [["next", "--owner", "bob"], ["doctor"], ["status"]]) {
    const run = await exo(repo, ...args);
    expect(run.code, args.join(" ")).toBe(1);
    expect(envelope(run).error?.code).toBe("STATE_CORRUPT");
    expect(envelope(run).error?.message).toMatch(/^\.exo\/ledger is a symlink to .* outside the repository/);
  }
  expect(await readdir(outside)).toEqual([]);
  // A symlink that stays inside the repository is fine.
  await rm(join(repo, ".exo/ledger"));
  await symlink("ledger-real", join(repo, ".exo/ledger"));
  expect((await exo(repo, "next", "--owner", "bob")).code).toBe(0);
  // .exo itself
  git(repo, "mv", ".exo", "exo-moved");
  await symlink(join(repo, "exo-moved"), join(repo, ".exo"));
  expect((await exo(repo, "status")).code).toBe(0);
  await rm(join(repo, ".exo"));
  await symlink(outside, join(repo, ".exo"));
  expect(envelope(await exo(repo, "status")).error?.code).toBe("STATE_CORRUPT");
});

test("a pulled t1.yaml beside T1.yaml (ids differ only in case): one is listed and dispatched, the other reported", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1", created_at: "2026-11-01T00:00:00.000Z" }, { id: "t1", created_at: "2026-11-02T00:00:00.000Z" }]);
  const list = envelope(await exo(repo, "tickets"));
  expect(list.data.tickets.map((t: { id: string }) => t.id)).toEqual(["T1"]);
  expect(list.warnings?.map((w) => w.message).join("\n")).toMatch(/t1\.yaml: id t1 differs from T1 only in case/);
  expect(envelope(await exo(repo, "next", "--owner", "a")).data.ticket.id).toBe("T1");
  expect(envelope(await exo(repo, "next", "--owner", "b")).error?.code).toBe("NO_TICKET");
  const doctor = envelope(await exo(repo, "doctor", "--section", "tickets"));
  expect(doctor.data.sections[0].message).toMatch(/only in case/);
});

test("forged remote leases (expiring in year 9999, a 1e23 token, garbage, another ticket's state) never hold a ticket; a real one still does", async () => {
  const origin = await initRepo();
  await commitTickets(origin, [{ id: "T1" }, { id: "T2" }, { id: "T3" }, { id: "T4" }]);
  const base = await tempDir();
  const bare = join(base, "remote.git");
  git(base, "clone", "-q", "--bare", origin, bare);
  const a = join(base, "a");
  git(base, "clone", "-q", bare, a);
  const forge = (ticket: string, message: string) => {
    const sha = execFileSync("git", ["commit-tree", "4b825dc642cb6eb9a060e54bf8d69288fbee4904"], { cwd: bare, input: message, encoding: "utf8" }).trim();
    git(bare, "update-ref", `refs/exo/leases/${ticket}`, sha);
  };
  const at = "heartbeat_at: 2026-11-24T09:00:00.000Z\nacquired_at: 2026-11-24T09:00:00.000Z\nhost: evil\nnonce: x\n";
  forge("T1", `exo-lease/1\n\nticket: T1\nstate: held\nowner: agent:evil\nsession: -\nfencing_token: 3\n${at}expires_at: 9999-12-31T00:00:00.000Z\n`.replace(/2026-11-24T09/g, "9999-12-30T09"));
  forge("T2", `exo-lease/1\n\nticket: T2\nstate: released\nowner: agent:evil\nsession: -\nfencing_token: 99999999999999999999999\n${at}expires_at: 2026-11-24T10:00:00.000Z\n`);
  forge("T3", "garbage \x01 [[[\n");
  forge("T4", `exo-lease/1\n\nticket: T9\nstate: held\nowner: agent:evil\nsession: -\nfencing_token: 3\n${at}expires_at: 2026-11-24T11:00:00.000Z\n`);
  const now = { EXO_NOW: "2026-11-24T09:30:00.000Z" };
  for (const t of ["T1", "T2", "T3", "T4"]) {
    const run = envelope(await exo(a, "session-start", "--ticket-id", t, "--distributed", { env: { ...now, EXO_ACTOR: `agent:o${t}` } }));
    expect(run.ok, `${t}: ${JSON.stringify(run.error)}`).toBe(true);
    expect(run.data.session.fencing_token, t).toBeLessThan(10);
  }
  // A real lease still holds: T1 is now oT1's.
  const b = join(base, "b");
  git(base, "clone", "-q", bare, b);
  const held = envelope(await exo(b, "session-start", "--ticket-id", "T1", "--distributed", { env: { ...now, EXO_ACTOR: "agent:bob" } }));
  expect(held.error?.code).toBe("LEASE_HELD");
  expect(held.error?.details).toMatchObject({ owner: "agent:oT1" });
});

test("the write hook with policy.sealed.json pulled as a symlink to /dev/zero denies at once (no hang past the harness's hook timeout)", async () => {
  const repo = await claudeSessionRepo({ "src/auth/a.ts": "a\n" });
  await rm(join(repo, ".exo/policy.sealed.json"));
  await symlink("/dev/zero", join(repo, ".exo/policy.sealed.json"));
  const started = Date.now();
  const run = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo), { EXO_ACTOR: "agent:claude" });
  expect(Date.now() - started).toBeLessThan(8_000);
  expect(decision(run)).toMatchObject({ decision: "deny" });
  expect(decision(run)?.reason).toMatch(/policy\.sealed\.json is not a regular file/);
});

test("pulled learning files of the wrong shape: never INTERNAL, never in a bootstrap; naming one is STATE_CORRUPT", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  expect((await exo(repo, "reflect", "--pattern", "p", "--insight", "good", AGENT)).code).toBe(0);
  const bad = "REF-20261203-131017-AAAAAA";
  await writeFile(join(repo, `.exo/learnings/${bad}.yaml`), `id: ${bad}\npattern: {a: 1}\ninsight: [1, 2]\nseverity: 7\nscope: 5\ntags: "x"\nactor: null\nsession: 5\ncreated_at: 12\nstatus: active\n`);
  await writeFile(join(repo, ".exo/learnings/REF-20261203-131017-CCCCCC.yaml"), "42\n");
  const human = await exo(repo, "reflections", { json: false });
  expect(human.code, human.stderr).toBe(0);
  expect(human.stdout).toContain("good");
  const all = envelope(await exo(repo, "reflections", "--status", "all"));
  expect(all.data.learnings.map((l: { insight: string }) => l.insight)).toEqual(["good"]);
  const dismiss = envelope(await exo(repo, "reflect-dismiss", bad, AGENT));
  expect(dismiss.error?.code).toBe("STATE_CORRUPT");
  expect(dismiss.error?.message).toMatch(/restore it from git/);
  const start = await exo(repo, "session-start", "--ticket-id", "T1", { ...AGENT, json: false });
  expect(start.code).toBe(0);
  expect(start.stdout).not.toMatch(/\[object Object\]|1,2/);
});

test("YAML nested 20,000 levels deep: too_deep naming the file, not a raw 'Maximum call stack size exceeded'", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }, { id: "T2", brain_dump: "x" }]);
  const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
  const file = join(repo, ".exo/tickets/T2.yaml");
  await writeFile(file, (await readFile(file, "utf8")).replace('brain_dump: "x"', `brain_dump: ${deep}`));
  const list = envelope(await exo(repo, "tickets"));
  expect(list.data.tickets.map((t: { id: string }) => t.id)).toEqual(["T1"]);
  expect(list.warnings?.map((w) => w.message).join("\n")).toMatch(/T2\.yaml: nested too deeply for exo to read at line \d+/);
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, `${await readFile(cfg, "utf8")}extra: ${deep}\n`);
  const run = envelope(await exo(repo, "next", "--owner", "a"));
  expect(run.error?.code).toBe("CONFIG_INVALID");
  expect(run.error?.details?.issues?.[0]?.code).toBe("too_deep");
});
