import { build } from "esbuild";
const entry = process.argv[2];
const r = await build({ entryPoints: [entry], outdir: "/tmp/exo14/cl2", bundle: true, splitting: true, format: "esm", platform: "node", metafile: true, write: false, logLevel: "error", define: { __EXO_GLOB_ENGINE__: '"x"' } });
const ins = r.metafile.inputs;
const parent = new Map([[entry, null]]); const q = [entry];
while (q.length) { const x = q.shift(); for (const i of ins[x]?.imports ?? []) { if (i.kind !== "import-statement" || parent.has(i.path)) continue; parent.set(i.path, x); q.push(i.path); } }
for (const target of process.argv.slice(3)) { const hits = [...parent.keys()].filter((k) => k.includes(target)); if (!hits.length) { console.log(target, "not reached"); continue; } const hit = hits[0]; const chain = []; for (let c = hit; c; c = parent.get(c)) chain.push(c); console.log(chain.reverse().join(" -> ")); }
