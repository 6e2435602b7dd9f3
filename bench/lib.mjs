// Shared helpers for benchmarks: spawn timing with warm-up, medians printed next to a bare
// `node -e ''` measured in the same run. Figures are printed, never asserted.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const DIST = resolve(process.env.EXO_DIST ?? "dist");
export const EXO = join(DIST, "cli", "bin.js");

export function tempGitRepo(prefix = "exo-bench-") {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const git = (...args) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("config", "user.name", "bench");
  git("config", "user.email", "bench@example.invalid");
  git("commit", "-q", "--allow-empty", "-m", "init");
  return { root, git };
}

/** Milliseconds `fn` takes, once. */
export function timed(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** The median of some numbers (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Time `fn` (one spawn) `runs` times after `warmup` runs; seconds. */
export function timeRuns(fn, { runs = 20, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))];
  return { median, min: samples[0], max: samples[samples.length - 1], p95 };
}

export function spawnTimer(args, opts = {}) {
  return () => {
    const r = spawnSync(process.execPath, args, { stdio: ["pipe", "ignore", "pipe"], ...opts });
    if (r.status !== 0 && !opts.allowFail) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  };
}

let baseline;
export function nodeBaseline() {
  baseline ??= timeRuns(spawnTimer(["-e", ""]), { runs: 30 });
  return baseline;
}

const fmt = (s) => `${(s * 1000).toFixed(1)} ms`;

export function report(label, t, { budget } = {}) {
  const base = nodeBaseline();
  const ratio = t.median / base.median;
  console.log(
    `${label.padEnd(52)} median ${fmt(t.median).padStart(9)}  min ${fmt(t.min).padStart(9)}  max ${fmt(t.max).padStart(9)}  ` +
      `${ratio.toFixed(2)}× node -e ''${budget ? `  (goal ${budget})` : ""}`,
  );
}

export function header(title) {
  const base = nodeBaseline();
  console.log(`\n## ${title}\n${"node -e ''".padEnd(52)} median ${fmt(base.median).padStart(9)}  min ${fmt(base.min).padStart(9)}  max ${fmt(base.max).padStart(9)}`);
}

/** The 10,000-file repository of the install figures: 100 folders of 100 files and a package.json, committed. */
export function seedInstallRepo() {
  const repo = tempGitRepo();
  for (let d = 0; d < 100; d++) {
    mkdirSync(join(repo.root, "src", `m${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(repo.root, "src", `m${d}`, `f${f}.ts`), `export const v${f} = ${f};\n`);
  }
  writeFileSync(join(repo.root, "package.json"), '{"name":"big","scripts":{"test":"vitest"}}\n');
  repo.git("add", "-A");
  repo.git("commit", "-qm", "files");
  return repo;
}

export function seedTickets(root, n) {
  for (let i = 0; i < n; i++) {
    const id = `T${String(i).padStart(4, "0")}`;
    writeFileSync(join(root, ".exo/tickets", `${id}.yaml`), `id: ${id}\nkind: task\ntitle: "task ${i}"\nstatus: todo\npriority: ${1 + (i % 5)}\nparent: null\nbudgets:\n  max_files: 12\n  max_loc: 400\nblockers: []\ncreated_at: "2026-11-24T09:00:00.000Z"\ncreated_by: bench\nupdated_at: "2026-11-24T09:00:00.000Z"\n`);
  }
}

export function seedLedger(root, segments, perSegment) {
  const canon = (v) => (v === null || typeof v !== "object" ? JSON.stringify(v) : Array.isArray(v) ? `[${v.map(canon).join(",")}]` : `{${Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(",")}}`);
  mkdirSync(join(root, ".exo/ledger"), { recursive: true });
  for (let s = 0; s < segments; s++) {
    const writer = `bench.main.s${String(s).padStart(7, "0")}`;
    let prev = null;
    const lines = [];
    for (let i = 1; i <= perSegment; i++) {
      const rec = { v: 1, seq: i, ts: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(), writer, actor: "bench", type: "check.completed", data: { command: "npm test", passed: true }, prev };
      const hash = createHash("sha256").update(canon(rec)).digest("hex");
      lines.push(canon({ ...rec, hash }));
      prev = hash;
    }
    writeFileSync(join(root, ".exo/ledger", `${writer}.jsonl`), `${lines.join("\n")}\n`);
  }
}

