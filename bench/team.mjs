// Team claims: a bare remote, 3 clones (one EXO_HOST each), 4 agents per clone asking
// `exo next --distributed` at the same moment, 3 rounds. Prints claims per second and the p95
// latency of one claim (one lease fetch + compare-and-swap push + local lock). Never asserted.
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { EXO, header, seedTickets, tempGitRepo } from "./lib.mjs";

header("team claims (bare remote, 3 clones × 4 agents, next --distributed)");
const origin = tempGitRepo("exo-bench-team-");
execFileSync(process.execPath, [EXO, "init"], { cwd: origin.root, stdio: "pipe" });
seedTickets(origin.root, 60);
origin.git("add", "-A");
origin.git("commit", "-qm", "tickets");
const bare = join(origin.root, "..", `${origin.root.split("/").pop()}-remote.git`);
execFileSync("git", ["clone", "-q", "--bare", origin.root, bare], { stdio: "pipe" });
const hosts = ["host-a", "host-b", "host-c"];
const clones = hosts.map((host) => {
  const dir = `${bare}-${host}`;
  execFileSync("git", ["clone", "-q", bare, dir], { stdio: "pipe" });
  execFileSync("git", ["config", "user.email", "bench@example.invalid"], { cwd: dir });
  execFileSync("git", ["config", "user.name", "bench"], { cwd: dir });
  return { dir, host };
});

function claim(clone, agent) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    let out = "";
    const child = spawn(process.execPath, [EXO, "--format", "json", "next", "--distributed", "--owner", agent], { cwd: clone.dir, env: { ...process.env, EXO_HOST: clone.host } });
    child.stdout.on("data", (d) => (out += d));
    child.on("close", () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      let env = null;
      try {
        env = JSON.parse(out);
      } catch {
        env = { ok: false };
      }
      resolve({ ms, ok: env.ok, ticket: env.ok ? env.data.ticket.id : null });
    });
  });
}

const samples = [];
const tickets = [];
let wall = 0;
for (let round = 0; round < 3; round++) {
  const start = process.hrtime.bigint();
  const results = await Promise.all(clones.flatMap((c) => Array.from({ length: 4 }, (_, i) => claim(c, `agent:${c.host}-${round}-${i}`))));
  wall += Number(process.hrtime.bigint() - start) / 1e9;
  for (const r of results) {
    samples.push(r.ms);
    if (r.ok) tickets.push(r.ticket);
  }
}
samples.sort((a, b) => a - b);
const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))];
const median = samples[Math.floor(samples.length / 2)];
console.log(
  `${"36 distributed claims (3 rounds of 12)".padEnd(52)} ${(tickets.length / wall).toFixed(2)} claims/s  median ${median.toFixed(0)} ms  p95 ${p95.toFixed(0)} ms  ` +
    `${new Set(tickets).size} distinct of ${tickets.length} claimed, ${samples.length - tickets.length} failed`,
);
