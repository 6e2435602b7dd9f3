// exo next / status with 1,000 tickets and 10,000 ledger records in 20 segments, and 16 parallel
// next calls. Printed, never asserted.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXO, header, report, spawnTimer, tempGitRepo, timeRuns } from "./lib.mjs";

export function seedTickets(root, n) {
  for (let i = 0; i < n; i++) {
    const id = `T${String(i).padStart(4, "0")}`;
    writeFileSync(join(root, ".exo/tickets", `${id}.yaml`), `id: ${id}\nkind: task\ntitle: "task ${i}"\nstatus: todo\npriority: ${1 + (i % 5)}\nparent: null\nbudgets:\n  max_files: 12\n  max_loc: 400\nblockers: []\ncreated_at: "2026-11-24T09:00:00.000Z"\ncreated_by: bench\nupdated_at: "2026-11-24T09:00:00.000Z"\n`);
  }
}

export function seedLedger(root, segments, perSegment) {
  const canon = (v) => (v === null || typeof v !== "object" ? JSON.stringify(v) : Array.isArray(v) ? `[${v.map(canon).join(",")}]` : `{${Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(",")}}`);
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
