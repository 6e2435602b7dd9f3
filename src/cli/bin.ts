#!/usr/bin/env node
// The `exo` executable: hands argv to main() and sets the exit code; nothing else.
// Built as CommonJS (dist/cli/bin.js, with dist/cli/package.json saying so): no ES module loader
// on the way in. `exo --help` and `--version` are answered from text generated at build time, so
// they load nothing else (SPEC §11: help within 1.3× of a bare node start). Everything else runs
// the CLI bundle (main.cjs) through the V8 code cache (io/compile-cache.ts).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBundle } from "../io/compile-cache.js";
import { isTerminal, writeAllSync } from "../io/stdio.js";
import { fitColumns, renderHelp, type HelpLine } from "./help-layout.js";
import type * as MainModule from "./main.js";

type Main = typeof MainModule;

const here = fileURLToPath(new URL(".", import.meta.url));
const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;

/**
 * The first word of argv that is not a global option or its value: names the command's code cache
 * only (main's splitGlobals, which knows the registry, decides what actually runs).
 */
function commandWord(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") break;
    if (arg === "--format" || arg === "--repo" || arg === "--actor") i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return "";
}

/**
 * `exo hook <harness> <event>` with the global flags anywhere (SPEC §5.1; Appendix A: a gate that
 * called the CLI with a global flag before the command must still run): `--actor` is the actor the
 * hook starts sessions as (EXO_ACTOR), while `--format` and `--repo` change nothing, since the
 * output is the harness's contract and the payload names the repository. Before, `exo --format
 * json hook claude PreToolUse` was USAGE_ERROR, exit 2, which Claude Code reads as a block, and
 * `exo hook install --harness git` ran the hook entry with harness "install", which did nothing.
 */
function hookCall(args: readonly string[]): { harness: string; event: string } | null {
  if (commandWord(args) !== "hook") return null;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = /^--(format|repo|actor)=(.*)$/s.exec(arg);
    if (arg === "--format" || arg === "--repo" || arg === "--actor") {
      if (arg === "--actor" && args[i + 1] !== undefined) process.env["EXO_ACTOR"] = args[i + 1];
      i++;
    } else if (eq) {
      if (eq[1] === "actor") process.env["EXO_ACTOR"] = eq[2];
    } else words.push(arg);
  }
  // `exo hook install …` is the registry's hook-install, spelt with a space as `exo ledger verify` is.
  return words.length >= 3 && words[0] === "hook" && words[1] !== "install" ? { harness: words[1] as string, event: words[2] as string } : null;
}

async function run(): Promise<void> {
  let fast: string | null = null;
  if (only === "--help" || only === "-h" || only === "--version" || only === "-V" || only === "-v") {
    try {
      const built = JSON.parse(readFileSync(join(here, "help.json"), "utf8")) as { help: string; lines: HelpLine[]; version: string };
      // The help at $COLUMNS, or a terminal's width, as main would print it; at 80 columns (a pipe,
      // a file, a wide terminal) the page rendered at build time.
      const cols = only === "--help" || only === "-h" ? fitColumns(process.env["COLUMNS"], isTerminal(1) ? process.stdout.columns : undefined) : 80;
      fast = only === "--version" || only === "-V" || only === "-v" ? `${built.version}\n` : cols === 80 ? built.help : renderHelp(built.lines, cols);
    } catch {
      fast = null; // not built with help.json (e.g. running from source): take the normal path
    }
  }
  if (fast !== null) {
    writeAllSync(1, fast);
    return;
  }
  const hook = hookCall(argv);
  if (hook !== null) {
    // Hidden entry `exo hook <harness> <event>` (SPEC §8.1): the same bundle the launcher runs.
    // hook-run.cjs, the entry's CommonJS form beside it, skips the ES module loader.
    type Entry = { runHook: (harness: string, event: string) => Promise<void> };
    let entry: Entry | null = null;
    try {
      entry = createRequire(import.meta.url)(join(here, "hook-run.cjs")) as Entry;
    } catch {
      entry = null; // running from source: the ES module entry
    }
    const { runHook } = typeof entry?.runHook === "function" ? entry : ((await import(new URL("./hook.mjs", import.meta.url).href)) as Entry);
    await runHook(hook.harness, hook.event);
    return;
  }
  const word = commandWord(argv);
  // Its helper thread starts while the bundle loads (stdlib/ledger/prestart.ts).
  // (Imported here: the thread modules load for this command only.)
  if (word === "ledger-verify") (await import("../stdlib/ledger/prestart.js")).prestartVerifyThread(join(here, "ledger-worker.cjs"), process.env);
  // A shell left in a folder removed under it (a worktree removed from inside it, rm -rf of the
  // checkout): process.cwd() throws ENOENT, which was a stack trace. One line, and the envelope
  // when JSON was asked for (SPEC §5.4).
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    const message = "The current folder no longer exists (removed while this shell was in it); cd to your repository and run the command again.";
    const json = argv.some((a, i) => a === "--format=json" || (a === "--format" && argv[i + 1] === "json"));
    writeAllSync(json ? 1 : 2, json ? `${JSON.stringify({ ok: false, data: null, error: { code: "IO_ERROR", message, hint: "cd -- <your repository>", details: { reason: "cwd_gone" } } })}\n` : `error: ${message} [IO_ERROR]\nhint: cd -- <your repository>\n`);
    process.exitCode = 2;
    return;
  }
  const loaded = loadBundle<Main>(join(here, "main.cjs"), process.env, word);
  process.exitCode = await loaded.exports.main(argv, {
    stdout: (text) => writeAllSync(1, text),
    stderr: (text) => writeAllSync(2, text),
    env: process.env,
    cwd,
    isTTY: isTerminal(1),
    columns: () => process.stdout.columns,
  });
  if (loaded.exports.isCommandName(word)) loaded.save(loaded.exports.cacheTag());
}

void run();
