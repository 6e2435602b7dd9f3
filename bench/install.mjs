// exo install on a generated 10,000-file repository. Printed, never asserted.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { EXO, header, report, seedInstallRepo } from "./lib.mjs";

header("install on a 10,000-file repository");
const samples = [];
for (let r = 0; r < 5; r++) {
  const { root } = seedInstallRepo();
  const t = process.hrtime.bigint();
  execFileSync(process.execPath, [EXO, "install"], { cwd: root, stdio: "pipe" });
  samples.push(Number(process.hrtime.bigint() - t) / 1e9);
  rmSync(root, { recursive: true, force: true });
}
samples.sort((a, b) => a - b);
report("exo install (10,000 tracked files)", { median: samples[2], min: samples[0], max: samples[4] }, { budget: "≤ 430 ms" });
