// The MCP launcher `.exo/bin/exo-mcp.mjs`: committed beside the hook launcher, identical bytes per
// exo major version, and what every harness's MCP entry runs. It starts the exo-mcp of the exo on
// this machine, found the way the hook launcher finds its bundle (the project's own install, the
// exo that last ran in this repository, exo-mcp on PATH), in this process. Without one it runs the
// version that compiled this repository's governance through npx, so a teammate without exo still
// gets the server. (An `npx -p exoprotocol@<version>` entry asks the registry on every start, even
// with that version installed globally: slow online, and no server at all offline.)
import { READ_JSON, STATE_DIR } from "../hooks/launcher-parts.js";

export const MCP_LAUNCHER_REL = ".exo/bin/exo-mcp.mjs";

export const MCP_LAUNCHER = `#!/usr/bin/env node
// exo MCP launcher (exo 1.x), written by \`exo install\`: do not edit.
// Usage: node .exo/bin/exo-mcp.mjs [exo-mcp options]
// Runs the exo-mcp of the exo on this machine (the project's own, the one that last ran here, or
// exo-mcp on PATH); without one, the version that compiled this repository's governance via npx.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const exoDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = dirname(exoDir);
const args = process.argv.slice(2);
if (!args.some((a) => a === "--repo" || a.startsWith("--repo="))) args.unshift("--repo", repo);

${READ_JSON}
${STATE_DIR}
function findServer() {
  const out = [];
  // A hook bundle is dist/hook.mjs or dist/cli/hook.mjs; the server is dist/mcp/bin.js.
  const near = (bundle) => [join(dirname(bundle), "mcp", "bin.js"), join(dirname(dirname(bundle)), "mcp", "bin.js")];
  if (process.env.EXO_HOOK_BUNDLE) out.push(...near(process.env.EXO_HOOK_BUNDLE));
  out.push(join(repo, "node_modules", "exoprotocol", "dist", "mcp", "bin.js"));
  const cached = readJson(join(stateDir(), "cache", "hook-bundle.json"));
  if (cached && typeof cached.path === "string") out.push(...near(cached.path));
  for (const dir of (process.env.PATH || "").split(delimiter)) {
    const exe = join(dir, "exo-mcp");
    if (!dir || !existsSync(exe)) continue;
    try {
      // (on Windows, npm's shims are scripts for a shell, not the server itself)
      const real = realpathSync(exe);
      if (/\\.(c|m)?js$/.test(real)) out.push(real);
    } catch {
      // dangling link
    }
  }
  return out.find((p) => existsSync(p)) || null;
}

const server = findServer();
if (server) {
  process.argv = [process.argv[0], server, ...args];
  await import(pathToFileURL(server).href);
} else {
  const lock = readJson(join(exoDir, "governance.lock.json"));
  const version = lock && typeof lock.exo_version === "string" && /^[0-9]+\\.[0-9]+\\.[0-9]+[0-9A-Za-z.+-]*$/.test(lock.exo_version) ? lock.exo_version : "1";
  const windows = process.platform === "win32";
  const child = spawn(windows ? "npx.cmd" : "npx", ["-y", "-p", "exoprotocol@" + version, "exo-mcp", ...args], { stdio: "inherit", shell: windows });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", () => {
    process.stderr.write("exo-mcp: exo is not installed on this machine and npx is not available; install it with npm install -g exoprotocol@" + version + "\\n");
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
`;
