// Foundation figures: `exo --help` and `exo status` start-up, and ledger verify throughput.
import { execFileSync } from "node:child_process";
import { EXO, header, report, seedLedger, spawnTimer, tempGitRepo, timeRuns } from "./lib.mjs";

header("foundation");
const { root } = tempGitRepo();
execFileSync(process.execPath, [EXO, "init"], { cwd: root, stdio: "pipe" });

report("exo --help", timeRuns(spawnTimer([EXO, "--help"])), { budget: "≤ 1.3×" });
report("exo status", timeRuns(spawnTimer([EXO, "status"], { cwd: root })), { budget: "≤ 1.3×" });

// 100,000 chained records in 10 segments, written directly in the SPEC format.
seedLedger(root, 10, 10_000);
const out = JSON.parse(execFileSync(process.execPath, [EXO, "--format", "json", "ledger-verify", "--no-git"], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 }));
console.log(`${"ledger verify, records per second".padEnd(52)} ${out.data.records_per_second.toLocaleString("en")} records/s over ${out.data.records.toLocaleString("en")} records (goal ≥ 200,000/s)`);
report("exo ledger-verify --no-git (100k records, whole process)", timeRuns(spawnTimer([EXO, "ledger-verify", "--no-git"], { cwd: root }), { runs: 5, warmup: 1 }));
