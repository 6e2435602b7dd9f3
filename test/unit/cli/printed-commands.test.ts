// Every exo command line that exo prints (hints, next steps, refusals, help text) names a real
// command and parses with that command's flags: a new user copies them as they are. The lines are
// found in the source's string literals; `<placeholders>`, `…` and `${…}` count as filled in.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { commands } from "../../../src/commands/index.js";
import { buildProgram } from "../../../src/cli/program.js";

const SRC = join(import.meta.dirname, "../../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [join(dir, e.name)]
        : [],
  );
}

/** The string literals of a TypeScript file ('…', "…", `…` with ${…} as one word). */
function literals(text: string): string[] {
  const out: string[] = [];
  const re =
    /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\$]|\\.|\$(?!\{)|\$\{(?:[^{}]|\{[^{}]*\})*\})*`|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
  for (const m of text.matchAll(re)) {
    const lit = m[0];
    if (lit.startsWith("//") || lit.startsWith("/*")) continue;
    out.push(
      lit
        .slice(1, -1)
        .replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, "X")
        .replace(/\\(["'`\\])/g, "$1"),
    );
  }
  return out;
}

// Where a command line surely ends inside prose (it also ends at its first plain word, below).
const END = /[;)[\]`]|, |\. |\.$| \(|: |—|\n/;
const byName = new Map<string, (typeof commands)[number]>();
for (const c of commands) {
  byName.set(c.name, c);
  for (const alias of c.aliases ?? []) byName.set(alias, c);
}
const GLOBALS = new Set(["--format", "--repo", "--actor"]);

function commandLines(literal: string): string[] {
  const out: string[] = [];
  for (const m of literal.matchAll(/(?:^|[\s(`'"])exo ([a-z][a-z-]*(?: [a-z][a-z-]*)?)/g)) {
    const from = (m.index ?? 0) + m[0].indexOf("exo ");
    const rest = literal.slice(from);
    const end = rest.search(END);
    out.push((end < 0 ? rest : rest.slice(0, end)).trim());
  }
  return out;
}

// A quoted word or a placeholder is always meant as an argument, never as prose.
const MEANT = "\u0000";

function words(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) =>
    /^["'].*["']$/.test(w) ? `${MEANT}${w.slice(1, -1)}` : /^<.*>$|…|^X$/.test(w) ? `${MEANT}x` : w,
  );
}

/**
 * The command's own words: flags (with their values) and as many positional arguments as it
 * takes; the line ends at the first other word ("exo gc --apply to remove them").
 */
function ownWords(command: (typeof commands)[number], rest: string[]): string[] {
  const { program } = buildProgram(command);
  const takesValue = new Set(
    program.options.filter((o) => o.required || o.optional).map((o) => o.long),
  );
  let positionals = program.registeredArguments.length;
  const out: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i] as string;
    const flag = w.split("=")[0] as string;
    if (GLOBALS.has(flag)) {
      if (!w.includes("=")) i++;
    } else if (w.startsWith("--")) {
      out.push(w);
      if (takesValue.has(flag) && !w.includes("=") && i + 1 < rest.length)
        out.push(rest[++i] as string);
    } else if (positionals > 0 || w.startsWith(MEANT)) {
      positionals--;
      out.push(w);
    } else break;
  }
  return out.map((w) => w.replace(MEANT, ""));
}

/** The lines of a Markdown file's fenced code blocks (inline spans are often fragments: `exo decide --bash`). */
function codeOf(text: string): string[] {
  const out: string[] = [];
  for (const block of text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)) out.push(...(block[1] as string).split("\n").map((l) => l.replace(/^\$ /, "")));
  return out;
}

function check(problems: string[], where: string, texts: string[]): number {
  let checked = 0;
  for (const literal of texts) {
    for (const line of commandLines(literal)) {
      const argv = words(line)
        .slice(1)
        .filter((w) => w !== "--format" && w !== "json" && w !== "human");
      const two = `${argv[0]} ${argv[1] ?? ""}`;
      const command = byName.get(two) ?? byName.get(argv[0] ?? "");
      if (!command) continue; // prose: "exo governs …", "exo could not …"
      const rest = ownWords(command, argv.slice(byName.has(two) ? 2 : 1));
      // A bare name in prose ("before exo session-finish") refers to the command; it is no line to run.
      if (rest.length === 0) continue;
      const { program } = buildProgram(command);
      program.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
      try {
        program.parse(rest, { from: "user" });
        checked++;
      } catch (error) {
        problems.push(`${where}: ${line}  →  ${(error as Error).message.split("\n")[0]}`);
      }
    }
  }
  return checked;
}

test("every exo command line in exo's own messages names a command and parses with its flags", () => {
  const problems: string[] = [];
  let checked = 0;
  for (const file of sourceFiles(SRC))
    checked += check(problems, file.slice(SRC.length + 1), literals(readFileSync(file, "utf8")));
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(100);
});

test("so does every exo command line in the code blocks of the README and docs/", () => {
  const problems: string[] = [];
  let checked = 0;
  const root = join(SRC, "..");
  const docs = join(root, "docs");
  for (const file of [
    join(root, "README.md"),
    ...readdirSync(docs)
      .filter((f) => f.endsWith(".md"))
      .map((f) => join(docs, f)),
  ]) {
    checked += check(problems, file.slice(root.length + 1), codeOf(readFileSync(file, "utf8")));
  }
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(15);
});
