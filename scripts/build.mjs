// Build: esbuild bundles the CLI, the MCP server and the library (code-split, so lazy imports
// stay lazy), plus the hook entries as standalone bundles with a metafile the tests inspect.
import { build } from "esbuild";
import { chmod, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";

const banner = {
  // Bundled CommonJS dependencies call require(); give ESM chunks one.
  js: "import { createRequire as __exoCreateRequire } from 'node:module'; const require = __exoCreateRequire(import.meta.url);",
};

// EXO_DIST lets parallel builds (and their tests) use separate output folders.
const out = process.env.EXO_DIST ?? "dist";
await rm(out, { recursive: true, force: true });
await build({
  entryPoints: {
    "cli/bin": "src/cli/bin.ts",
    "mcp/bin": "src/mcp/bin.ts",
    index: "src/index.ts",
    "kernel/index": "src/kernel-api.ts",
    testing: "src/testing.ts",
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunks/[name]-[hash]",
  banner,
  sourcemap: false,
  logLevel: "warning",
});

// Hook entries: one self-contained file each, no code splitting, light imports only.
const hookEntries = existsSync("src/hooks") ? (await readdir("src/hooks")).filter((f) => f.endsWith("-entry.ts")) : [];
if (hookEntries.length > 0) {
  await mkdir(`${out}/hooks`, { recursive: true });
  const result = await build({
    entryPoints: hookEntries.map((f) => `src/hooks/${f}`),
    outdir: `${out}/hooks`,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    banner,
    metafile: true,
    logLevel: "warning",
  });
  await writeFile(`${out}/hooks/meta.json`, JSON.stringify(result.metafile, null, 2));
}

await chmod(`${out}/cli/bin.js`, 0o755);
await chmod(`${out}/mcp/bin.js`, 0o755);
