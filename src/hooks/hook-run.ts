// `dist/hook-run.cjs`: runHook (hook-main.ts) as a CommonJS entry, so a hook starts without the
// ES module loader for exo's code. The launcher requires it beside the bundle it found and calls
// runHook; exo's git hook scripts start it as `node dist/hook-run.cjs <harness> <event>` when they
// find the bundle themselves (src/stdlib/hooks/git-hook-body.ts), and then it runs the hook itself.
import { runHook } from "./hook-main.js";

export { runHook };

if (/(^|[\\/])hook-run\.(cjs|js|ts)$/.test(process.argv[1] ?? "")) void runHook(process.argv[2] ?? "", process.argv[3] ?? "");
