// `node dist/hook-run.cjs <harness> <event>`: what the launcher does once it has found dist/hook.mjs
// (runHook), as a CommonJS entry, so it starts without the ES module loader (about a tenth of a
// Node start). exo's git hook scripts run it when they find the bundle themselves
// (src/stdlib/hooks/git-hook-body.ts); harnesses run the launcher.
import { runHook } from "./hook-main.js";

void runHook(process.argv[2] ?? "", process.argv[3] ?? "");
