// Soak (issue #18, `npm run test:stress`): 8 processes at a time run a mix of next,
// session-start, lease-heartbeat, session-suspend, session-resume, session-finish, ticket-create
// and ledger-verify against one repository for EXO_STRESS_SECONDS (default 300). Then: every
// record a successful command promised is in the ledger (none lost), every chain verifies, no
// lock is bound to a missing session, no guard or index.lock is left, and no output carries
// INTERNAL (every answer is a JSON envelope with a coded result).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { expect, test } from "vitest";
import { baseEnv, EXO_BIN, git, initRepo } from "../helpers/repo.js";
import { writeTickets } from "../helpers/tickets.js";

const SECONDS = Number(process.env["EXO_STRESS_SECONDS"] ?? 300);
const PROCS = Number(process.env["EXO_STRESS_PROCS"] ?? 8);

interface Result {
  command: string;
  code: number | null;
  signal: string | null;
  envelope: any;
  raw: string;
}

function run(repo: string, home: string, actor: string, args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EXO_BIN, "--format", "json", ...args], { cwd: repo, env: baseEnv({ HOME: home, EXO_ACTOR: actor }) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      let envelope: any = null;
      try {
        envelope = JSON.parse(stdout);
      } catch {
        envelope = null;
      }
      resolve({ command: args[0] ?? "", code, signal, envelope, raw: `${stdout}\n${stderr}` });
    });
    child.stdin.end("");
  });
}

// A small seeded generator: the same mix on every run of the same worker.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test(`soak: ${PROCS} processes × mixed commands for ${SECONDS} s`, async () => {
  const repo = await initRepo();
  const home = join(repo, ".home");
  await mkdir(home, { recursive: true });
  await writeFiles(repo);
  await writeTickets(repo, Array.from({ length: 24 }, (_, i) => ({ id: `SOAK-${i + 1}`, allow: ["src/**"] })));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "soak tickets");

  const results: Result[] = [];
  const expected: { type: string; key: string; value: string }[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  const mix = ["next", "session-start", "lease-heartbeat", "session-suspend", "session-resume", "session-finish", "ticket-create", "ledger-verify"] as const;

  await Promise.all(
    Array.from({ length: PROCS }, async (_, w) => {
      const actor = `agent:soak${w}`;
      const random = rng(w + 1);
      let n = 0;
      let suspended = false;
      while (Date.now() < deadline) {
        // After a suspend, resume half the time (otherwise a later start resumes it).
        const pick = suspended && random() < 0.5 ? "session-resume" : (mix[Math.floor(random() * mix.length)] as (typeof mix)[number]);
        n++;
        const args: string[] =
          pick === "next" ? ["next", "--owner", actor]
          : pick === "session-start" ? ["session-start", "--dispatch"]
          : pick === "session-suspend" ? ["session-suspend", "--reason", `pause ${n}`]
          : pick === "session-finish" ? ["session-finish", "--summary", `soak ${w}/${n}`]
          : pick === "ticket-create" ? ["ticket-create", `soak ticket ${w}/${n}`, "--scope-allow", "src/**"]
          : [pick];
        if (pick === "session-finish") {
          // Some work in scope to finish with (a file per worker, so drift stays attributable).
          await writeFileSafe(join(repo, "src", `w${w}.ts`), `export const w${w} = ${n};\n`);
        }
        const r = await run(repo, home, actor, args);
        results.push(r);
        const d = r.envelope?.ok ? r.envelope.data : null;
        if (pick === "session-suspend" && d) suspended = true;
        if (pick === "session-resume" || pick === "session-start") suspended = false;
        if (!d) continue;
        if (pick === "ticket-create") expected.push({ type: "ticket.created", key: "ticket", value: d.ticket?.id ?? d.id });
        if (pick === "session-start" && !d.reused && !d.resumed) expected.push({ type: "session.started", key: "session", value: d.session.id });
        if (pick === "session-finish" && d.outcome === "finished") expected.push({ type: "session.finished", key: "session", value: d.session });
        if (pick === "session-suspend") expected.push({ type: "session.suspended", key: "session", value: d.session?.id ?? d.session });
        if (pick === "session-resume") expected.push({ type: "session.resumed", key: "session", value: d.session?.id ?? d.session });
        if (pick === "next") expected.push({ type: "dispatch.claimed", key: "ticket", value: d.ticket.id });
      }
    }),
  );

  // Every answer is one JSON envelope; no INTERNAL anywhere; no process died.
  const byCommand = new Map<string, { ok: number; coded: Map<string, number> }>();
  for (const r of results) {
    expect(r.signal, r.raw).toBeNull();
    expect(r.envelope, r.raw).not.toBeNull();
    expect(r.raw).not.toContain("INTERNAL");
    expect([0, 1, 2]).toContain(r.code);
    const entry = byCommand.get(r.command) ?? { ok: 0, coded: new Map() };
    if (r.envelope.ok) entry.ok++;
    else entry.coded.set(r.envelope.error.code, (entry.coded.get(r.envelope.error.code) ?? 0) + 1);
    byCommand.set(r.command, entry);
  }
  // No record lost: each promised record is in some segment.
  const records: any[] = [];
  for (const f of (await readdir(join(repo, ".exo/ledger"))).filter((x) => x.endsWith(".jsonl"))) {
    for (const line of (await readFile(join(repo, ".exo/ledger", f), "utf8")).split("\n").filter(Boolean)) records.push(JSON.parse(line));
  }
  const missing = expected.filter((e) => !records.some((r) => r.type === e.type && r[e.key] === e.value));
  expect(missing).toEqual([]);
  const verify = (await run(repo, home, "agent:check", ["ledger-verify"])).envelope;
  expect(verify.ok && verify.data.valid, JSON.stringify(verify.data?.errors ?? verify.error)).toBe(true);
  // No stuck lock: every held lock's session exists (unbound claims of `next` are legitimate);
  // no guard file is left; git's index is free.
  const stuck: string[] = [];
  for (const n of (await readdir(join(repo, ".exo/locks")).catch(() => [] as string[])).filter((x) => x.endsWith(".json"))) {
    const lock = JSON.parse(await readFile(join(repo, ".exo/locks", n), "utf8"));
    if (lock.state === "held" && lock.session && !existsSync(join(repo, ".exo/sessions", `${lock.session}.json`))) stuck.push(lock.ticket);
  }
  expect(stuck).toEqual([]);
  const guards = (await readdir(join(repo, ".exo/cache/guards")).catch(() => [] as string[])).filter((g) => g.endsWith(".guard"));
  expect(guards).toEqual([]);
  expect(existsSync(join(repo, ".git/index.lock"))).toBe(false);
  const doctor = (await run(repo, home, "agent:check", ["doctor"])).envelope;
  const failing = (doctor.data?.sections ?? []).filter((s: { status: string; name: string }) => s.status === "fail" && s.name !== "git_tracking");
  expect(failing, JSON.stringify(failing)).toEqual([]);

  const lines = [`soak: ${PROCS} processes, ${SECONDS} s, ${results.length} commands (${(results.length / SECONDS).toFixed(1)}/s), ${records.length} ledger records, ${expected.length} promised records checked, 0 lost`];
  for (const [command, e] of [...byCommand].sort()) lines.push(`  ${command.padEnd(16)} ok ${String(e.ok).padStart(4)}  ${[...e.coded].map(([c, k]) => `${c} ${k}`).join(", ")}`);
  console.log(lines.join("\n"));
}, (SECONDS + 300) * 1000);

async function writeFiles(repo: string): Promise<void> {
  await writeFileSafe(join(repo, "src", "index.ts"), "export {};\n");
}

async function writeFileSafe(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}
