#!/usr/bin/env node
// The `exo` executable: hands argv to main() and sets the exit code; nothing else.
// `exo --help` and `--version` are answered from text generated at build time, so they load
// neither commander nor zod (SPEC §11: help within 1.3× of a bare node start).
import { readFileSync } from "node:fs";

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
let fast: string | null = null;
if (only === "--help" || only === "-h" || only === "--version" || only === "-V") {
  try {
    const built = JSON.parse(readFileSync(new URL("./help.json", import.meta.url), "utf8")) as { help: string; version: string };
    fast = only === "--version" || only === "-V" ? `${built.version}\n` : built.help;
  } catch {
    fast = null; // not built with help.json (e.g. running from source): take the normal path
  }
}
if (fast !== null) {
  process.stdout.write(fast);
} else if (argv[0] === "hook" && argv.length >= 3) {
  // Hidden entry `exo hook <harness> <event>` (SPEC §8.1): the same bundle the launcher runs.
  const bundle = new URL("./hook.mjs", import.meta.url).href;
  const { runHook } = (await import(bundle)) as { runHook: (harness: string, event: string) => Promise<void> };
  await runHook(argv[1] as string, argv[2] as string);
} else {
  const { main } = await import("./main.js");
  process.exitCode = await main(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
  });
}
