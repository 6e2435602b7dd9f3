// Every error code has a hint, and every `exo …` command a hint names (in the table and at the
// throw sites in src/) exists with the flags it uses.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { commands } from "../../src/commands/index.js";
import { ErrorCode } from "../../src/errors.js";
import { ERROR_HINTS, hintFor } from "../../src/error-hints.js";

const GLOBAL_FLAGS = new Set(["actor", "repo", "format", "help"]);
// Handled by the CLI itself (src/cli/extras.ts), not the registry.
const CLI_EXTRAS = new Set(["help", "completion"]);

/** Problems with the exo commands a hint text names ([] when all of them exist as written). */
function checkCommands(text: string): string[] {
  const problems: string[] = [];
  // Split at sentence-ish boundaries, then look at each `exo <name> …` run.
  for (const m of text.matchAll(/(?<![\w-])exo\s+([a-z][a-z-]*|--help)((?:\s+(?:--?[a-z][a-z-]*|"[^"]*"|'[^']*'|<[^>]*>|[^\s,;()]+))*)/g)) {
    const name = m[1] as string;
    if (name === "--help" || CLI_EXTRAS.has(name)) continue;
    const command = commands.find((c) => c.name === name);
    if (!command) {
      problems.push(`unknown command exo ${name} in ${JSON.stringify(text)}`);
      continue;
    }
    const keys = new Set(Object.keys(command.input.shape));
    for (const f of (m[2] ?? "").matchAll(/(?:^|\s)--([a-z][a-z-]*)/g)) {
      const flag = (f[1] as string).replaceAll("-", "_");
      const ok = GLOBAL_FLAGS.has(flag) || keys.has(flag) || (flag.startsWith("no_") && keys.has(flag.slice(3)));
      if (!ok) problems.push(`exo ${name} has no --${f[1]} (in ${JSON.stringify(text)})`);
    }
  }
  return problems;
}

const RUNNABLE = /(?:^|\s|\(|: )(?:exo|exo-mcp|git|npm|node|npx)\s/;

test("every error code has a hint naming a command", () => {
  for (const code of Object.values(ErrorCode)) {
    const hint = ERROR_HINTS[code];
    expect(hint, code).toBeTruthy();
    expect(` ${hint}`, code).toMatch(RUNNABLE);
    expect(checkCommands(hint), code).toEqual([]);
    expect(hintFor(code, undefined)).toBe(hint);
  }
  expect(Object.keys(ERROR_HINTS).sort()).toEqual(Object.values(ErrorCode).sort());
  expect(hintFor("NO_TICKET", "exo session-cleanup")).toBe("exo session-cleanup");
});

test("the installing hints name the npm package and this version", () => {
  expect(ERROR_HINTS.KERNEL_VERSION_UNSUPPORTED).toBe("npm install -g exoprotocol@latest");
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

test("hints written at throw sites name commands and flags that exist", () => {
  const problems: string[] = [];
  let seen = 0;
  for (const file of sourceFiles("src")) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/hint:\s*(?:[^"'`\n]*\?\s*)?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)/g)) {
      const literal = (m[1] as string).slice(1, -1).replace(/\$\{[^}]*\}/g, "X");
      seen++;
      problems.push(...checkCommands(literal).map((p) => `${file}: ${p}`));
    }
  }
  expect(seen).toBeGreaterThan(20);
  expect(problems).toEqual([]);
});

test("the checker itself catches a wrong command and a wrong flag", () => {
  expect(checkCommands("exo ticket-close T1 --status done")).toEqual([]);
  expect(checkCommands("exo no-such-thing")).toHaveLength(1);
  expect(checkCommands('exo session-finish --summary "x" --nope')).toHaveLength(1);
  expect(checkCommands("exo install --no-mcp --actor me")).toEqual([]);
});
