import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { DIST, envelope, exo, git, initRepo, runNode, tempDir, tempScript } from "../../helpers/repo.js";

const APPENDER = `
const [dist, repoDir, n, tag] = process.argv.slice(2);
const { appendLedger, discoverRepo } = await import(dist + "/testing.js");
const repo = await discoverRepo(repoDir, process.env);
for (let i = 0; i < Number(n); i++) {
  await appendLedger(repo, { actor: "agent:test", host: (await import("node:os")).hostname(), now: new Date() }, [{ type: "check.completed", data: { command: tag, i } }]);
}
`;

async function segments(repo: string): Promise<string[]> {
  return (await readdir(join(repo, ".exo/ledger"))).filter((f) => f.endsWith(".jsonl"));
}

test("8 processes × 250 concurrent appends → 2,000 records, every chain valid", async () => {
  const repo = await initRepo();
  const script = await tempScript(APPENDER);
  const runs = await Promise.all(Array.from({ length: 8 }, (_, p) => runNode(script, [DIST, repo, "250", `p${p}`], repo)));
  for (const run of runs) expect(run.stderr).toBe("");
  const verify = envelope(await exo(repo, "ledger-verify"));
  expect(verify.ok).toBe(true);
  const shown = envelope(await exo(repo, "ledger-show", "--type", "check.completed", "--all"));
  expect(shown.data.total).toBe(2000);
  const perProcess = new Map<string, Set<number>>();
  for (const r of shown.data.records) {
    const set = perProcess.get(r.data.command) ?? new Set<number>();
    set.add(r.data.i);
    perProcess.set(r.data.command, set);
  }
  expect([...perProcess.values()].map((s) => s.size)).toEqual(Array(8).fill(250));
}, 120_000);

test("a single changed byte makes ledger-verify exit 1 naming segment and record", async () => {
  const repo = await initRepo();
  const [seg] = await segments(repo);
  const file = join(repo, ".exo/ledger", seg as string);
  const text = await readFile(file, "utf8");
  // Flip one character inside the second record's data (the version number 1 → 7).
  const lines = text.split("\n");
  lines[1] = (lines[1] as string).replace('"version":1', '"version":7');
  await writeFile(file, lines.join("\n"));
  const run = await exo(repo, "ledger-verify", "--no-git");
  expect(run.code).toBe(1);
  const env = envelope(run);
  expect(env.error?.code).toBe("LEDGER_INVALID");
  expect(env.data.valid).toBe(false);
  expect(env.data.errors[0]).toMatchObject({ segment: (seg as string).replace(".jsonl", ""), seq: 2, line: 2, code: "hash_mismatch" });
});

test("deleting, reordering or truncating committed records is caught", async () => {
  const repo = await initRepo();
  const [seg] = await segments(repo);
  const file = join(repo, ".exo/ledger", seg as string);
  // A few more records, committed.
  for (let i = 0; i < 3; i++) {
    await writeFile(join(repo, ".exo/constitution.yaml"), (await readFile(join(repo, ".exo/constitution.yaml"), "utf8")).replace(/max_loc: \d+/, `max_loc: ${300 + i}`));
    expect((await exo(repo, "compose")).code).toBe(0);
  }
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "more records");
  const original = await readFile(file, "utf8");
  const lines = original.trimEnd().split("\n");
  expect(lines.length).toBe(5);

  await writeFile(file, `${[lines[0], lines[1], lines[3], lines[4]].join("\n")}\n`);
  let env = envelope(await exo(repo, "ledger-verify"));
  expect(env.error?.code).toBe("LEDGER_INVALID");
  expect(env.data.errors[0]).toMatchObject({ line: 3, code: "seq_gap" });

  await writeFile(file, `${[lines[0], lines[2], lines[1], lines[3], lines[4]].join("\n")}\n`);
  env = envelope(await exo(repo, "ledger-verify"));
  expect(env.data.errors[0].line).toBe(2);

  // Truncation keeps a valid chain on its own; only git knows records are missing.
  await writeFile(file, `${lines.slice(0, 3).join("\n")}\n`);
  env = envelope(await exo(repo, "ledger-verify"));
  expect(env.data.valid).toBe(false);
  expect(env.data.errors).toEqual([expect.objectContaining({ code: "truncated", line: 4, seq: 4 })]);
  expect(envelope(await exo(repo, "ledger-verify", "--no-git")).data.valid).toBe(true);

  await writeFile(file, original);
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
});

test("a deleted committed segment is segment_deleted", async () => {
  const repo = await initRepo();
  const [seg] = await segments(repo);
  git(repo, "rm", "-q", `.exo/ledger/${seg}`);
  const env = envelope(await exo(repo, "ledger-verify"));
  expect(env.ok).toBe(false);
  expect(env.data.errors).toEqual([expect.objectContaining({ code: "segment_deleted", segment: (seg as string).replace(/\.jsonl$/, ""), seq: null, line: null })]);
});

test("switching to a branch with an older segment rotates; merging both branches has no conflict", async () => {
  const repo = await initRepo();
  git(repo, "checkout", "-qb", "feature");
  const bump = async (n: number) => {
    const file = join(repo, ".exo/constitution.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace(/max_loc: \d+/, `max_loc: ${n}`));
    expect((await exo(repo, "compose")).code).toBe(0);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", `bump ${n}`);
  };
  await bump(301);
  git(repo, "checkout", "-q", "main");
  // main's segment is shorter than what this checkout wrote: a new segment must start.
  await bump(302);
  const segs = await segments(repo);
  expect(segs.length).toBe(2);
  const show = envelope(await exo(repo, "ledger-show", "--type", "ledger.segment_opened", "--all"));
  expect(show.data.records.map((r: { data: { reason: string } }) => r.data.reason).sort()).toEqual(["new", "tail_mismatch"]);
  // The ledger files merge cleanly (the lock/seal conflict is resolved by compose --repair).
  const merge = (() => {
    try {
      git(repo, "merge", "-q", "--no-edit", "feature");
      return "clean";
    } catch {
      return "conflict";
    }
  })();
  const conflicted = git(repo, "diff", "--name-only", "--diff-filter=U").split("\n").filter(Boolean);
  expect(conflicted.filter((p) => p.startsWith(".exo/ledger/"))).toEqual([]);
  expect(["clean", "conflict"]).toContain(merge);
  expect(envelope(await exo(repo, "ledger-verify", "--no-git")).data.valid).toBe(true);
});

const SESSION_READER = `
const [dist, repoDir] = process.argv.slice(2);
const { appendLedger, discoverRepo, readSessionRecords, readTicketRecords } = await import(dist + "/testing.js");
const repo = await discoverRepo(repoDir, process.env);
const A = "SES-20261201-120000-AAAAAA";
const B = "SES-20261201-120000-BBBBBB";
const who = { actor: "agent:test", host: (await import("node:os")).hostname(), now: new Date("2027-01-01T12:00:00.000Z") };
for (let i = 0; i < 6; i++) {
  const session = i % 2 === 0 ? A : B;
  // B's records name A inside their data: only the top-level member counts.
  await appendLedger(repo, { ...who, now: new Date(who.now.getTime() + i * 1000) }, [{ type: "check.completed", session, data: { i, session: A, note: '"session":"' + A + '"' } }]);
}
// 3,000 records of another session an hour later (about 1 MB), then A again two hours after that.
const filler = Array.from({ length: 3000 }, (_, i) => ({ type: "check.completed", session: B, data: { i: 100 + i, command: "x".repeat(200) } }));
await appendLedger(repo, { ...who, now: new Date("2027-01-01T13:00:00.000Z") }, filler);
await appendLedger(repo, { ...who, now: new Date("2027-01-01T15:00:00.000Z") }, [{ type: "check.completed", session: A, data: { i: 9 } }]);
const ids = async (since) => (await readSessionRecords(repo, A, since)).map((r) => r.data.i);
// The whole ledger; from the start of the session (read back from the end); from a later start.
// Tickets likewise: T1's records by their top-level ticket member, not T1 named in the data or T10.
await appendLedger(repo, { ...who, now: new Date("2027-01-01T15:30:00.000Z") }, [{ type: "session.started", session: A, ticket: "T1", data: { i: 19 } }]);
await appendLedger(repo, { ...who, now: new Date("2027-01-01T16:00:00.000Z") }, [
  { type: "session.suspended", session: A, ticket: "T10", data: { i: 20, ticket: "T1" } },
  { type: "session.suspended", session: A, ticket: "T1", data: { i: 21 } },
  { type: "session.resumed", session: B, ticket: "T1", data: { i: 22, note: '"ticket":"T1"' } },
]);
const tickets = (await readTicketRecords(repo, "T1")).map((r) => r.data.i);
console.log(JSON.stringify([await ids(), await ids("2027-01-01T12:00:00.000Z"), await ids("2027-01-01T15:00:00.000Z"), tickets]));
`;

test("a session's (and a ticket's) records are found by their top-level session (ticket) member; status counts records from each segment's tail", async () => {
  const repo = await initRepo();
  const run = await runNode(await tempScript(SESSION_READER), [DIST, repo], repo);
  expect(run.stderr).toBe("");
  // Read back from the end, a session started at 15:00 stops an hour before it: A's records of
  // 12:00 are not read at all.
  // A's ids from 16:00 are its ticket records (20, 21), read too; T1's records come in time order.
  expect(JSON.parse(run.stdout)).toEqual([[0, 2, 4, 9, 19, 20, 21], [0, 2, 4, 9, 19, 20, 21], [9, 19, 20, 21], [19, 21, 22]]);

  const [seg] = await segments(repo);
  const file = join(repo, ".exo/ledger", seg as string);
  const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean).length;
  const records = async () => envelope(await exo(repo, "status")).data.ledger.records as number;
  expect(await records()).toBe(lines);
  // A torn last line (a crash mid-append) is counted line by line, as before.
  await writeFile(file, `${await readFile(file, "utf8")}{"v":1,"seq":\n`);
  expect(await records()).toBe(lines + 1);
  await writeFile(file, `${await readFile(file, "utf8")}{"v":1,"seq"`);
  expect(await records()).toBe(lines + 1);
}, 60_000);

const BIG_APPENDER = `
const [dist, repoDir] = process.argv.slice(2);
const { appendLedger, discoverRepo } = await import(dist + "/testing.js");
const repo = await discoverRepo(repoDir, process.env);
const who = { actor: "agent:test", host: (await import("node:os")).hostname(), now: new Date() };
// Multi-byte text of odd lengths, so the megabyte reads split characters; then one record
// larger than two megabytes, then more.
const batch = (from) => Array.from({ length: 4000 }, (_, i) => ({ type: "check.completed", data: { i: from + i, note: "é日本".repeat(1 + ((from + i) % 97)) } }));
await appendLedger(repo, who, batch(0));
await appendLedger(repo, who, [{ type: "check.completed", data: { i: -1, note: "x".repeat(2_500_000) + "ü" } }]);
await appendLedger(repo, who, batch(4000));
`;

test("verify reads segments in pieces: characters split between reads, a record larger than the read buffer, blank and unterminated lines", async () => {
  const repo = await initRepo();
  const run = await runNode(await tempScript(BIG_APPENDER), [DIST, repo], repo);
  expect(run.stderr).toBe("");
  const [seg] = await segments(repo);
  const file = join(repo, ".exo/ledger", seg as string);
  const text = await readFile(file, "utf8");
  const lines = text.trimEnd().split("\n");
  expect(Buffer.byteLength(text)).toBeGreaterThan(3_000_000);

  let env = envelope(await exo(repo, "ledger-verify", "--no-git"));
  expect(env.ok).toBe(true);
  expect(env.data.records).toBe(lines.length);
  // Views read the same way: every record is shown, the large one whole.
  const shown = envelope(await exo(repo, "ledger-show", "--type", "check.completed", "--all"));
  expect(shown.data.total).toBe(8001);
  expect(shown.data.records.find((r: { data: { i: number } }) => r.data.i === -1).data.note).toHaveLength(2_500_001);

  // A last line without its newline is still a record.
  await writeFile(file, text.trimEnd());
  env = envelope(await exo(repo, "ledger-verify", "--no-git"));
  expect(env.ok).toBe(true);
  expect(env.data.records).toBe(lines.length);

  // A blank line in the middle is a line that is not JSON.
  await writeFile(file, `${[...lines.slice(0, 5000), "", ...lines.slice(5000)].join("\n")}\n`);
  env = envelope(await exo(repo, "ledger-verify", "--no-git"));
  expect(env.data.valid).toBe(false);
  expect(env.data.records).toBe(lines.length + 1);
  expect(env.data.errors[0]).toMatchObject({ line: 5001, code: "parse_error" });

  // One changed byte after the large record is still found.
  await writeFile(file, `${lines.map((l, i) => (i === 6000 ? l.replace('"i":', '"i":1') : l)).join("\n")}\n`);
  env = envelope(await exo(repo, "ledger-verify", "--no-git"));
  expect(env.data.errors[0]).toMatchObject({ line: 6001, code: "hash_mismatch" });
}, 120_000);

test("a long segment verified by several threads reports what one thread reports", async () => {
  const { appendAudit } = await import("../../../src/kernel/ledger.js");
  const repo = await initRepo();
  const writer = "w1.main.s0000000";
  const lines: string[] = [];
  let tail: { seq: number; hash: string; ts: string } | null = null;
  for (let i = 1; i <= 4000; i++) {
    // Record 2000 is stamped before the one ahead of it (another writer's clock): a regression.
    const ts = new Date(Date.UTC(2026, 0, 1) + (i === 2000 ? 0 : i * 1000)).toISOString();
    const { record, line } = appendAudit(tail && i === 2000 ? { ...tail, ts: "" } : tail, { writer, actor: "agent:a", type: "note", ts, data: { i, pad: "x".repeat(180) } });
    tail = { seq: record.seq, hash: record.hash, ts: record.ts };
    lines.push(line);
  }
  const file = join(repo, ".exo/ledger", `${writer}.jsonl`);
  await writeFile(file, lines.join(""));
  const verify = async (threads: string) => {
    const run = await exo(repo, "ledger-verify", "--no-git", { env: { EXO_LEDGER_THREADS: threads } });
    const { records_per_second: _rate, threads: _threads, ...data } = envelope(run).data;
    return { code: run.code, data };
  };
  const threads = envelope(await exo(repo, "ledger-verify", "--no-git", { env: { EXO_LEDGER_THREADS: "2" } })).data.threads;
  expect(threads).toBe(3);
  const whole = await verify("2");
  expect(whole.code).toBe(0);
  expect(whole.data.segments.find((s: { writer: string }) => s.writer === writer)).toMatchObject({ records: 4000, valid: true });
  expect(whole.data.ts_regressions).toEqual([{ segment: writer, seq: 2000 }]);
  expect(await verify("0")).toEqual(whole);
  // One helper: the thread the executable started while the CLI loaded (stdlib/ledger/prestart.ts).
  expect(envelope(await exo(repo, "ledger-verify", "--no-git", { env: { EXO_LEDGER_THREADS: "1" } })).data.threads).toBe(2);
  expect(await verify("1")).toEqual(whole);
  // Records 3500 and 3600 edited (past the first megabyte, in a range a helper thread takes).
  lines[3499] = (lines[3499] as string).replace('"i":3500', '"i":3501');
  lines[3599] = (lines[3599] as string).replace('"i":3600', '"i":3601');
  await writeFile(file, lines.join(""));
  const broken = await verify("2");
  expect(broken.code).toBe(1);
  expect(broken.data.errors).toEqual([expect.objectContaining({ segment: writer, line: 3500, seq: 3500, code: "hash_mismatch" })]);
  expect(await verify("0")).toEqual(broken);
  expect(await verify("1")).toEqual(broken);
}, 60_000);

test("ledger-verify's early thread holds nothing open: a small ledger, or a verify that fails before it starts, ends as usual", async () => {
  const repo = await initRepo();
  const small = await exo(repo, "ledger-verify", "--no-git", { env: { EXO_LEDGER_THREADS: "1" } });
  expect(small.code).toBe(0);
  expect(envelope(small).data.threads).toBe(1);
  const outside = await tempDir();
  const refused = await exo(outside, "ledger-verify", { env: { EXO_LEDGER_THREADS: "1" } });
  expect(refused.code).not.toBe(0);
  expect(envelope(refused).ok).toBe(false);
  expect(refused.stderr).not.toMatch(/at .*\.(c?js|ts):\d+/);
}, 60_000);
