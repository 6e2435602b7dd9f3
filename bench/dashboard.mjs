// exo dashboard: render time on 200 tickets and 10,000 ledger records, and the page weight
// (whole page; its code + CSS; its embedded data), raw and gzipped.
// Printed, never asserted.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { EXO, header, report, seedLedger, seedTickets, spawnTimer, tempGitRepo, timeRuns } from "./lib.mjs";

header("dashboard (200 tickets, 10,000 ledger records in 20 segments)");
const { root } = tempGitRepo();
execFileSync(process.execPath, [EXO, "init"], { cwd: root, stdio: "pipe" });
seedTickets(root, 200);
seedLedger(root, 20, 500);
report("exo dashboard (write the page)", timeRuns(spawnTimer([EXO, "dashboard"], { cwd: root }), { runs: 5, warmup: 1 }));
const html = readFileSync(join(root, ".exo/cache/dashboard.html"), "utf8");
const code = [.../<style>([\s\S]*?)<\/style>/.exec(html)?.slice(1) ?? [], .../<script>([\s\S]*?)<\/script>/.exec(html)?.slice(1) ?? []].join("");
const data = /<script type="application\/json" id="exo-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
const kb = (s) => `${(Buffer.byteLength(s) / 1024).toFixed(1)} KB (${(gzipSync(s).length / 1024).toFixed(1)} KB gzipped)`;
console.log(`${"page weight: whole page with data".padEnd(52)} ${kb(html)}`);
console.log(`${"page weight: code + CSS (shipped in the package)".padEnd(52)} ${kb(code)}`);
console.log(`${"page weight: embedded data".padEnd(52)} ${kb(data)}`);
