// Build: esbuild bundles the CLI, the MCP server and the library (code-split, so lazy imports
// stay lazy), plus the hook entries as standalone bundles with a metafile the tests inspect.
import { build } from "esbuild";
import { chmod, copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { emitTypes } from "./build-types.mjs";

const banner = {
  // Bundled CommonJS dependencies call require(); give ESM chunks one.
  js: "import { createRequire as __exoCreateRequire } from 'node:module'; const require = __exoCreateRequire(import.meta.url);",
};

// EXO_DIST lets parallel builds (and their tests) use separate output folders.
const out = process.env.EXO_DIST ?? "dist";
await rm(out, { recursive: true, force: true });
// Declarations for `exoprotocol` and `exoprotocol/kernel` (tsc, in parallel with esbuild).
const types = emitTypes(out);

// zod re-exports every locale (≈700 KB); exo only uses English messages. Point zod's locale
// index at a stub that exports `en` alone so start-up stays fast.
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${"node_modules"}/zod/`) ? { path: "zod-locales-en", namespace: "exo-stub" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "exo-stub" }, () => ({
      contents: `export { default as en } from "./en.js";`,
      resolveDir: new URL("../node_modules/zod/v4/locales/", import.meta.url).pathname,
      loader: "js",
    }));
  },
};
await build({
  entryPoints: {
    "cli/bin": "src/cli/bin.ts",
    "mcp/bin": "src/mcp/bin.ts",
    index: "src/index.ts",
    "kernel/index": "src/kernel-api.ts",
    testing: "src/testing.ts",
    // Agent SDK integrations (SPEC §9.4); their SDKs are optional peers, never bundled.
    "sdk/openai-agents": "src/sdk/openai-agents.ts",
    "sdk/claude-agent-sdk": "src/sdk/claude-agent-sdk.ts",
    "help-source": "src/cli/help-source.ts",
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunks/[name]-[hash]",
  external: ["@openai/agents", "@anthropic-ai/claude-agent-sdk"],
  banner,
  plugins: [zodEnglishOnly],
  sourcemap: false,
  logLevel: "warning",
});

// The hook bundle (hot path: kernel + light io only; its metafile is checked by a test) and the
// lifecycle bundle it loads for non-gating events. Copies sit beside the CLI so the launcher can
// find them next to the `exo` executable.
const hookBuild = { bundle: true, format: "esm", platform: "node", target: "node20", banner, logLevel: "warning", plugins: [zodEnglishOnly] };
const hot = await build({ ...hookBuild, entryPoints: { hook: "src/hooks/hook-entry.ts" }, outdir: out, outExtension: { ".js": ".mjs" }, metafile: true });
await build({ ...hookBuild, entryPoints: { "hook-lifecycle": "src/hooks/lifecycle.ts" }, outdir: out, outExtension: { ".js": ".mjs" } });
await build({ ...hookBuild, entryPoints: { "hook-git": "src/hooks/git-entry.ts" }, outdir: out, outExtension: { ".js": ".mjs" } });
await mkdir(`${out}/hooks`, { recursive: true });
await writeFile(`${out}/hooks/meta.json`, JSON.stringify(hot.metafile, null, 2));
for (const f of ["hook.mjs", "hook-lifecycle.mjs", "hook-git.mjs"]) await copyFile(`${out}/${f}`, `${out}/cli/${f}`);

await chmod(`${out}/cli/bin.js`, 0o755);
await chmod(`${out}/mcp/bin.js`, 0o755);

// Pre-rendered `exo --help` / `--version` for the fast path in cli/bin.ts.
const { globalHelp } = await import(new URL(`../${out}/help-source.js`, import.meta.url).href);
const { EXO_VERSION } = await import(new URL(`../${out}/help-source.js`, import.meta.url).href);
await writeFile(`${out}/cli/help.json`, JSON.stringify({ help: globalHelp(), version: EXO_VERSION }));
await rm(`${out}/help-source.js`, { force: true });
await types;
