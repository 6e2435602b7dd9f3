// session-start / session-finish with 1,000 tickets, flat as history grows (after 0 and 200
// finished sessions), the full next + start + commit + finish cycle, and doctor/metrics/
// fleet-drift after 200 sessions. Printed, never asserted.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXO, header, report, seedTickets, tempGitRepo, timeRuns, spawnTimer } from "./lib.mjs";

header("session lifecycle at scale (1,000 tickets)");
const { root, git } = tempGitRepo();
const env = { ...process.env, EXO_ACTOR: "agent:bench" };
const exo = (...args) => execFileSync(process.execPath, [EXO, ...args], { cwd: root, env, stdio: "pipe" });
exo("init");
exo("config-validate");
writeFileSync(join(root, ".exo/config.yaml"), execFileSync("cat", [join(root, ".exo/config.yaml")], { encoding: "utf8" }).replace("auto_commit: true", "auto_commit: false"));
exo("compose");
seedTickets(root, 1000);
git("add", "-A");
git("commit", "-qm", "seed");
let n = 0;
const timeOne = (label) => {
  const starts = [];
  const finishes = [];
  for (let i = 0; i < 20; i++) {
    const id = `T${String(n++).padStart(4, "0")}`;
    let t = process.hrtime.bigint();
    exo("session-start", "--ticket-id", id);
    starts.push(Number(process.hrtime.bigint() - t) / 1e9);
    t = process.hrtime.bigint();
    exo("session-finish", "--summary", "bench", "--skip-check", "--break-glass-reason", "bench");
    finishes.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  const stats = (xs) => {
    xs.sort((a, b) => a - b);
    return { median: xs[Math.floor(xs.length / 2)], min: xs[0], max: xs[xs.length - 1] };
  };
  report(`session-start (${label})`, stats(starts), { budget: "≤ 200 ms" });
  report(`session-finish --skip-check (${label})`, stats(finishes), { budget: "≤ 200 ms" });
};
timeOne("fresh");
while (n < 200) {
  const id = `T${String(n++).padStart(4, "0")}`;
  exo("session-start", "--ticket-id", id);
  exo("session-finish", "--summary", "bench", "--skip-check", "--break-glass-reason", "bench");
}
timeOne("after 200 finished sessions");
const cycles = [];
for (let i = 0; i < 10; i++) {
  const t = process.hrtime.bigint();
  exo("next", "--owner", "agent:bench");
  exo("session-start");
  writeFileSync(join(root, `f${i}.txt`), "x\n");
  git("add", `f${i}.txt`);
  git("commit", "-qm", `work ${i}`, "--no-verify");
  exo("session-finish", "--summary", "cycle", "--skip-check", "--break-glass-reason", "bench");
  cycles.push(Number(process.hrtime.bigint() - t) / 1e9);
}
cycles.sort((a, b) => a - b);
report("full cycle: next + start + commit + finish", { median: cycles[5], min: cycles[0], max: cycles[9] }, { budget: "≤ 500 ms" });
report("exo doctor (after 200+ sessions)", timeRuns(spawnTimer([EXO, "doctor"], { cwd: root, allowFail: true }), { runs: 10, warmup: 1 }), { budget: "≤ 300 ms" });
report("exo metrics (after 200+ sessions)", timeRuns(spawnTimer([EXO, "metrics"], { cwd: root }), { runs: 10, warmup: 1 }));
report("exo fleet-drift (after 200+ sessions)", timeRuns(spawnTimer([EXO, "fleet-drift"], { cwd: root }), { runs: 10, warmup: 1 }));
