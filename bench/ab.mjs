// Compare two builds of exo command by command: `node bench/ab.mjs <dist A> <dist B> [rounds]`
// (build the other commit in a clone with `npm run build`; its dist/ is the argument).
//
// Each build gets its own repository (exo install, 60 tickets). Every round runs status, next,
// session-start and session-finish on both builds, alternating which goes first, and the median
// of the per-round ratios B ÷ A is printed: on a shared machine both halves of a round see the same
// load, so the ratio is steadier than either time.
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { median, seedTickets, tempGitRepo, timed } from "./lib.mjs";

const [a, b, roundsArg = "15"] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node bench/ab.mjs <dist A> <dist B> [rounds]");
  process.exit(2);
}
const dists = [resolve(a), resolve(b)];
const rounds = Number(roundsArg);
const env = { ...process.env, EXO_ACTOR: "agent:bench" };
const run = (dist, root, args) => execFileSync(process.execPath, [join(dist, "cli", "bin.js"), ...args], { cwd: root, env, stdio: "pipe" });
const repos = dists.map((dist) => {
  const { root, git } = tempGitRepo();
  run(dist, root, ["install"]);
  seedTickets(root, 60);
  git("add", "-A");
  git("commit", "-qm", "seed", "--no-verify");
  return root;
});
const commands = [["status"], ["next", "--owner", "agent:bench"], ["session-start"], ["session-finish", "--summary", "ab", "--skip-check", "--break-glass-reason", "bench"]];
const ratios = commands.map(() => []);
const ms = commands.map(() => [[], []]);
for (let i = 0; i <= rounds; i++) {
  for (const [k, args] of commands.entries()) {
    const t = [];
    for (const j of i % 2 ? [1, 0] : [0, 1]) t[j] = timed(() => run(dists[j], repos[j], args));
    if (i === 0) continue; // warm-up: code caches, first compiled forms
    ratios[k].push(t[1] / t[0]);
    ms[k][0].push(t[0]);
    ms[k][1].push(t[1]);
  }
}
console.log(`B ÷ A over ${rounds} rounds (A ${dists[0]}, B ${dists[1]})`);
for (const [k, args] of commands.entries()) {
  console.log(`${args[0].padEnd(16)} ${median(ratios[k]).toFixed(3)}   (A ${median(ms[k][0]).toFixed(0)} ms, B ${median(ms[k][1]).toFixed(0)} ms)`);
}
