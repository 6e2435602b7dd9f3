// `npm run bench`: runs every bench/*.mjs (except helpers and ab.mjs, which compares two builds) in turn.
import { readdirSync } from "node:fs";

const files = readdirSync(new URL(".", import.meta.url)).filter((f) => f.endsWith(".mjs") && !["run.mjs", "lib.mjs", "ab.mjs"].includes(f)).sort();
const only = process.argv.slice(2);
for (const file of files) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  await import(new URL(`./${file}`, import.meta.url).href);
}
