// exo next / status with 1,000 tickets and 10,000 ledger records in 20 segments, and 16 parallel
// next calls. Printed, never asserted.
import { execFileSync, spawn } from "node:child_process";
import { EXO, header, report, seedLedger, seedTickets, spawnTimer, tempGitRepo, timeRuns } from "./lib.mjs";

header("dispatch and status at scale (1,000 tickets, 10,000 ledger records in 20 segments)");
const { root } = tempGitRepo();
execFileSync(process.execPath, [EXO, "init"], { cwd: root, stdio: "pipe" });
seedTickets(root, 1000);
seedLedger(root, 20, 500);
report("exo next --dry-run (1,000 tickets)", timeRuns(spawnTimer([EXO, "next", "--dry-run"], { cwd: root })), { budget: "≤ 250 ms" });
report("exo status (1,000 tickets)", timeRuns(spawnTimer([EXO, "status"], { cwd: root })), { budget: "≤ 250 ms" });

const par = tempGitRepo();
execFileSync(process.execPath, [EXO, "init"], { cwd: par.root, stdio: "pipe" });
seedTickets(par.root, 50);
const started = process.hrtime.bigint();
const results = await Promise.all(
  Array.from({ length: 16 }, (_, i) =>
    new Promise((resolve) => {
      let out = "";
      const child = spawn(process.execPath, [EXO, "--format", "json", "next", "--owner", `agent:${i}`], { cwd: par.root });
      child.stdout.on("data", (d) => (out += d));
      child.on("close", () => resolve(JSON.parse(out)));
    }),
  ),
);
const wall = Number(process.hrtime.bigint() - started) / 1e9;
const ids = results.filter((r) => r.ok).map((r) => r.data.ticket.id);
console.log(`${"16 parallel exo next on 50 tickets".padEnd(52)} ${new Set(ids).size} distinct tickets, ${results.filter((r) => !r.ok).length} failures, ${(wall * 1000).toFixed(0)} ms wall`);
