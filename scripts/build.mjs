// Build: esbuild bundles the CLI, the MCP server and the library (code-split, so lazy imports
// stay lazy), plus the hook entries as standalone bundles with a metafile the tests inspect.
import { build } from "esbuild";
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { isAscii } from "node:buffer";
import { join } from "node:path";
import { emitTypes } from "./build-types.mjs";

const banner = {
  // Bundled CommonJS dependencies call require(); give ESM chunks one.
  js: "import { createRequire as __exoCreateRequire } from 'node:module'; const require = __exoCreateRequire(import.meta.url);",
};

// A hash of exo's sources names this build: compiled JSON forms made by another build are stale.
async function sourceHash(dir) {
  const { createHash } = await import("node:crypto");
  const { readdir } = await import("node:fs/promises");
  const hash = createHash("sha256");
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith(".ts"));
  const files = entries.map((e) => `${e.parentPath ?? e.path}/${e.name}`).sort();
  for (const f of files) hash.update(`${f}\0`).update(await readFile(f)).update("\0");
  return hash.digest("hex").slice(0, 16);
}
const buildId = JSON.stringify(await sourceHash("src"));

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
    index: "src/index.ts",
    "kernel/index": "src/kernel-api.ts",
    testing: "src/testing.ts",
    // Agent SDK integrations (SPEC §9.4); their SDKs are optional peers, never bundled.
    "sdk/openai-agents": "src/sdk/openai-agents.ts",
    "sdk/claude-agent-sdk": "src/sdk/claude-agent-sdk.ts",
    "help-source": "src/cli/help-source.ts",
    "mcp-tools-source": "src/mcp/tools-source.ts",
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
  define: { __EXO_BUILD_ID__: buildId, __EXO_GLOB_ENGINE__: JSON.stringify(`picomatch@${JSON.parse(await readFile(new URL("../node_modules/picomatch/package.json", import.meta.url), "utf8")).version}`) },
  sourcemap: false,
  logLevel: "warning",
});

// The hook entry and its bundles. dist/hook.mjs (what the launcher imports) is a small ES module
// that loads the one CommonJS bundle an event needs through the V8 code cache
// (src/hooks/hook-main.ts): hook-gate.cjs (hot path: kernel + light io only; its metafile is
// checked by a test), hook-git.cjs (git hooks and after-edit events) and hook-lifecycle.cjs (the
// rest, with the full library). Copies sit beside the CLI so the launcher can find them next to
// the `exo` executable.
const { version: picomatchVersion } = JSON.parse(await readFile(new URL("../node_modules/picomatch/package.json", import.meta.url), "utf8"));
const define = { __EXO_BUILD_ID__: buildId, __EXO_GLOB_ENGINE__: JSON.stringify(`picomatch@${picomatchVersion}`) };
// The gating and git bundles and the CLI compile globs from the cache (kernel/globs.ts) and require
// picomatch from glob-engine.cjs only for a glob not compiled yet.
const lazyGlobEngine = {
  name: "lazy-glob-engine",
  setup(b) {
    b.onResolve({ filter: /^\.\/glob-engine\.js$/ }, (args) =>
      args.importer.endsWith(`${"src"}/kernel/globs.ts`) ? { path: new URL("../src/hooks/glob-engine-lazy.ts", import.meta.url).pathname } : undefined,
    );
  },
};
// The gate and the CLI load the shell analysis (kernel/shell.ts: two thirds of the gate's code,
// a fifth of the CLI's) from hook-shell.cjs, only for a call or command that analyses a command
// line (src/hooks/shell-lazy.ts): every other command neither reads it nor runs its top level.
const SHELL_USERS = [`${"src"}/hooks/hook-entry.ts`, `${"src"}/orchestrator/decide.ts`];
const lazyShell = {
  name: "lazy-shell",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/kernel\/shell\.js$/ }, (args) =>
      SHELL_USERS.some((user) => args.importer.endsWith(user)) ? { path: new URL("../src/hooks/shell-lazy.ts", import.meta.url).pathname } : undefined,
    );
  },
};
// Built-ins that Node's own start-up has not loaded cost their module and its internal ones on
// first require: child_process brings net and dgram, fs/promises readline and the streams, http
// a dozen more (together about 40 internal modules). In the CLI and hook bundles an import of one
// goes through a module of getters that requires it on first use, so a command that spawns
// nothing (status in a plain clone) or a commit that writes nothing asynchronously never loads it.
const LAZY_BUILTINS = /^node:((fs|timers)\/promises|child_process|http|net|os|worker_threads)$/;
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    b.onResolve({ filter: LAZY_BUILTINS }, (args) => (args.namespace === "lazy-builtin" ? { path: args.path, external: true } : { path: args.path, namespace: "lazy-builtin" }));
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({ contents: gettersModule(args.path, args.path), loader: "js" }));
  },
};
/**
 * A CommonJS module whose exports are getters over `module`'s (as this build's Node lists them),
 * requiring `target` on the first read of one: the lazy form of a static import.
 */
function gettersModule(module, target) {
  const names = Object.keys(createRequire(import.meta.url)(module)).filter((n) => n !== "default" && n !== "__esModule");
  const getters = names.map((n) => `${JSON.stringify(n)}: { enumerable: true, get: () => load()[${JSON.stringify(n)}] }`).join(",\n");
  return `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(target)}));\nObject.defineProperties(module.exports, {\n${getters}\n});\n`;
}
// CommonJS bundles (the CLI's and the hooks'): import.meta.url becomes the bundle's own file URL.
// Whitespace and syntax minified: every call reads and decodes them, and without comments they are
// pure ASCII, which V8 takes in as a one-byte string. Identifiers keep their names, because the
// dashboard serialises its view functions with Function.prototype.toString (src/dashboard/page.ts)
// and calls them by name.
// Identifiers too: every start reads, copies and keeps the bundle's text, and V8's code cache
// carries its names; short names took the CLI bundle from 1.36 MB to 1.0 MB and its code caches
// by a sixth. Nothing in exo reads a function's or a class's name.
const minified = process.env.EXO_NO_MINIFY === "1" ? {} : { minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: true, legalComments: "none" };
const cjs = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  plugins: [zodEnglishOnly],
  define: { ...define, "import.meta.url": "__exo_meta_url" },
  banner: { js: 'const __exo_meta_url = require("node:url").pathToFileURL(__filename).href;' },
};
const hookMain = await build({ bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "warning", define, entryPoints: { hook: "src/hooks/hook-main.ts" }, outdir: out, outExtension: { ".js": ".mjs" }, metafile: true });
const hookGate = await build({ ...cjs, ...minified, plugins: [zodEnglishOnly, lazyGlobEngine, lazyBuiltins, lazyShell], entryPoints: { "hook-gate": "src/hooks/hook-entry.ts" }, outdir: out, outExtension: { ".js": ".cjs" }, metafile: true });
await build({ ...cjs, ...minified, plugins: [zodEnglishOnly, lazyGlobEngine, lazyBuiltins], entryPoints: { "hook-shell": "src/kernel/shell.ts" }, outdir: out, outExtension: { ".js": ".cjs" } });
await build({ entryPoints: { "glob-engine": "node_modules/picomatch/index.js" }, bundle: true, format: "cjs", platform: "node", target: "node20", outdir: out, outExtension: { ".js": ".cjs" }, logLevel: "warning" });
await build({ ...cjs, ...minified, entryPoints: { "hook-lifecycle": "src/hooks/lifecycle.ts" }, outdir: out, outExtension: { ".js": ".cjs" } });
await build({ ...cjs, ...minified, plugins: [zodEnglishOnly, lazyGlobEngine, lazyBuiltins], entryPoints: { "hook-git": "src/hooks/git-entry.ts" }, outdir: out, outExtension: { ".js": ".cjs" } });
// hook-run.cjs: runHook as a CommonJS entry, for exo's git hook scripts (no ES module loader).
await build({ ...cjs, ...minified, entryPoints: { "hook-run": "src/hooks/hook-run.ts" }, outdir: out, outExtension: { ".js": ".cjs" } });
await mkdir(`${out}/hooks`, { recursive: true });
await mkdir(`${out}/cli`, { recursive: true });
// What a gating call loads: the entry and the gate bundle (a test reads this metafile).
await writeFile(`${out}/hooks/meta.json`, JSON.stringify({ inputs: { ...hookMain.metafile.inputs, ...hookGate.metafile.inputs }, outputs: { ...hookMain.metafile.outputs, ...hookGate.metafile.outputs } }, null, 2));
// The bundles src/io/compile-cache.ts runs through vm.Script come wrapped in the function it
// calls (its BUNDLE_HEAD), so it compiles the string it read instead of a wrapped copy of it.
const BUNDLE_HEAD = "(function (exports, require, module, __filename, __dirname) {";
async function wrapBundle(file) {
  const text = await readFile(file, "latin1");
  if (!text.startsWith(BUNDLE_HEAD)) await writeFile(file, `${BUNDLE_HEAD}${text}\n})`, "latin1");
}
for (const f of ["hook-gate.cjs", "hook-shell.cjs", "hook-lifecycle.cjs", "hook-git.cjs"]) await wrapBundle(`${out}/${f}`);
const HOOK_FILES = ["hook.mjs", "hook-run.cjs", "hook-gate.cjs", "hook-shell.cjs", "hook-lifecycle.cjs", "hook-git.cjs", "glob-engine.cjs"];
for (const f of HOOK_FILES) await copyFile(`${out}/${f}`, `${out}/cli/${f}`);

// exo-mcp: CommonJS too. bin.js is the front (Node built-ins only) that answers initialize and
// tools/list itself; main.cjs, the full server, runs through the code cache. The MCP SDK and zod
// are taken from their own CommonJS builds (an ES-to-CommonJS conversion of them initialises the
// SDK's schemas before zod's classes), with zod's locales cut to English as above.
const cjsDependencies = {
  name: "cjs-dependencies",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.cjs$/ }, (args) =>
      args.importer.includes(`${"node_modules"}/zod/`) ? { path: "zod-locales-en-cjs", namespace: "exo-stub" } : undefined,
    );
    b.onLoad({ filter: /^zod-locales-en-cjs$/, namespace: "exo-stub" }, () => ({
      contents: `const en = require("./en.cjs"); module.exports = { en: en.default ?? en };`,
      resolveDir: new URL("../node_modules/zod/v4/locales/", import.meta.url).pathname,
      loader: "js",
    }));
    b.onResolve({ filter: /^(zod|@modelcontextprotocol\/sdk)(\/|$)/ }, (args) => {
      if (args.kind === "require-call") return undefined;
      return { path: createRequire(join(args.resolveDir, "x.js")).resolve(args.path) };
    });
  },
};
await mkdir(`${out}/mcp`, { recursive: true });
await Promise.all([
  build({ ...cjs, plugins: [], entryPoints: ["src/mcp/bin.ts"], outfile: `${out}/mcp/bin.js` }),
  build({ ...cjs, ...minified, plugins: [cjsDependencies], entryPoints: ["src/mcp/main.ts"], outfile: `${out}/mcp/main.cjs` }).then(() => wrapBundle(`${out}/mcp/main.cjs`)),
]);
await writeFile(`${out}/mcp/package.json`, `${JSON.stringify({ type: "commonjs" })}\n`);

// The CLI: CommonJS, so bin.js starts without the ES module loader and main.cjs (the whole CLI in
// one file) runs through the V8 code cache (src/io/compile-cache.ts).
// The YAML parser and commander are their own files (dist/cli/vendor/), required when a command
// needs them: status, next and the other everyday reads never read, compile or cache their 210 KB.
// An import of one goes through a module of getters that requires the file on the first use of
// an export: a static import would otherwise require it when its importer's module initialises
// (every command initialises the ticket and learning stores), and a dynamic import() stays
// import() in CommonJS output, which the code cache cannot run (see below).
const VENDOR = ["yaml", "commander"];
const vendorFile = (name) => `./vendor/${name}.cjs`;
const vendored = {
  name: "vendored",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${VENDOR.join("|")})$`) }, (args) =>
      args.kind === "require-call" ? { path: vendorFile(args.path), external: true } : { path: args.path, namespace: "vendor-lazy" },
    );
    b.onResolve({ filter: /^\.\/vendor\//, namespace: "vendor-lazy" }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: "vendor-lazy" }, (args) => ({ contents: gettersModule(args.path, vendorFile(args.path)), loader: "js" }));
  },
};
// The ledger verify helper thread (src/stdlib/ledger/parallel.ts looks for it beside the bundle
// that starts it: dist/cli/ for the CLI, dist/ for the library's chunks).
await build({ ...cjs, ...minified, entryPoints: { "ledger-worker": "src/stdlib/ledger/verify-worker.ts" }, outdir: `${out}/cli`, outExtension: { ".js": ".cjs" } });
await copyFile(`${out}/cli/ledger-worker.cjs`, `${out}/ledger-worker.cjs`);
// dist/cli/meta.json: the bytes each source file takes in main.cjs (a test reads it; it shows
// what every command start reads and initialises).
await Promise.all([
  build({ ...cjs, entryPoints: ["src/cli/bin.ts"], outfile: `${out}/cli/bin.js` }),
  build({ ...cjs, ...minified, plugins: [zodEnglishOnly, vendored, lazyBuiltins, lazyGlobEngine, lazyShell], entryPoints: ["src/cli/main.ts"], outfile: `${out}/cli/main.cjs`, metafile: true }).then(async (r) => (await wrapBundle(`${out}/cli/main.cjs`), r)).then((r) => writeFile(`${out}/cli/meta.json`, JSON.stringify({ inputs: Object.fromEntries(Object.entries(Object.values(r.metafile.outputs)[0].inputs).map(([k, v]) => [k, v.bytesInOutput])) }))),
  ...VENDOR.map((name) => build({ ...cjs, ...minified, plugins: [], entryPoints: { [name]: name }, outdir: `${out}/cli/vendor`, outExtension: { ".js": ".cjs" } })),
]);
// A dynamic import() of a built-in or an external file stays import() in CommonJS output, and V8
// loses its loader callback when the function comes from the code cache: they are imported
// statically or required.
// They are read as latin1 when ASCII (src/io/compile-cache.ts): say so when one is not.
for (const bundle of ["cli/main.cjs", "mcp/main.cjs", ...HOOK_FILES.filter((f) => f.startsWith("hook-")).map((f) => `cli/${f}`)]) {
  const bytes = await readFile(`${out}/${bundle}`);
  if (/[^\w."'`]import\(["'](node:|\.)/.test(bytes.toString("utf8"))) throw new Error(`${bundle}: dynamic import() of a built-in or a file; import or require it`);
  if (process.env.EXO_NO_MINIFY !== "1" && !isAscii(bytes)) throw new Error(`${bundle}: not ASCII; every start would decode it as UTF-8`);
}
await writeFile(`${out}/cli/package.json`, `${JSON.stringify({ type: "commonjs" })}\n`);
await chmod(`${out}/cli/bin.js`, 0o755);
await chmod(`${out}/mcp/bin.js`, 0o755);

// Pre-rendered `exo --help` / `--version` for the fast path in cli/bin.ts.
// The page at 80 columns, and its lines for a narrower terminal (filled when shown).
const { globalHelp, globalHelpLines, EXO_VERSION } = await import(new URL(`../${out}/help-source.js`, import.meta.url).href);
await writeFile(`${out}/cli/help.json`, JSON.stringify({ help: globalHelp(80), lines: globalHelpLines(), version: EXO_VERSION }));
await rm(`${out}/help-source.js`, { force: true });
// exo-mcp's tools/list answer, made from the same registry code (src/mcp/server.ts reads it).
const { toolDefinitions, fastAnswers } = await import(new URL(`../${out}/mcp-tools-source.js`, import.meta.url).href);
await writeFile(`${out}/mcp/tools.json`, JSON.stringify(toolDefinitions()));
await writeFile(`${out}/mcp/fast.json`, JSON.stringify(fastAnswers()));
await rm(`${out}/mcp-tools-source.js`, { force: true });
await types;
