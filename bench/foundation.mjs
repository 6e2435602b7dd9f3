// Foundation figures: `exo --help` and `exo status` start-up, and ledger verify throughput.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { EXO, header, report, spawnTimer, tempGitRepo, timeRuns } from "./lib.mjs";

header("foundation");
const { root } = tempGitRepo();
execFileSync(process.execPath, [EXO, "init"], { cwd: root, stdio: "pipe" });

report("exo --help", timeRuns(spawnTimer([EXO, "--help"])), { budget: "≤ 1.3×" });
report("exo status", timeRuns(spawnTimer([EXO, "status"], { cwd: root })), { budget: "≤ 1.3×" });

// 100,000 chained records in 10 segments, written directly in the SPEC format.
const canon = (v) =>
  v === null || typeof v !== "object"
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canon).join(",")}]`
      : `{${Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(",")}}`;
const ledgerDir = join(root, ".exo", "ledger");
mkdirSync(ledgerDir, { recursive: true });
for (let s = 0; s < 10; s++) {
  const writer = `bench.main.seg${String(s).padStart(5, "0")}`;
  let prev = null;
  const lines = [];
  for (let i = 1; i <= 10_000; i++) {
    const rec = { v: 1, seq: i, ts: new Date(Date.UTC(2026, 10, 24, 9, 0, i)).toISOString(), writer, actor: "agent:bench", type: "check.completed", ticket: "TKT-1", data: { command: "npm test", exit_code: 0, passed: true, duration_ms: i }, prev };
    const hash = createHash("sha256").update(canon(rec)).digest("hex");
    lines.push(canon({ ...rec, hash }));
    prev = hash;
  }
  writeFileSync(join(ledgerDir, `${writer}.jsonl`), `${lines.join("\n")}\n`);
}
const out = JSON.parse(execFileSync(process.execPath, [EXO, "--format", "json", "ledger-verify", "--no-git"], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 }));
console.log(`${"ledger verify, records per second".padEnd(52)} ${out.data.records_per_second.toLocaleString("en")} records/s over ${out.data.records.toLocaleString("en")} records (goal ≥ 200,000/s)`);
report("exo ledger-verify --no-git (100k records, whole process)", timeRuns(spawnTimer([EXO, "ledger-verify", "--no-git"], { cwd: root }), { runs: 5, warmup: 1 }));
