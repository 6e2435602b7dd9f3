// Every exo command the README and docs/ show, in code blocks and in inline code, is checked
// against the command registry the CLI is built from: the command exists, each --flag is one of
// its options (or a global one), a value with choices is one of them, numbers are numbers, and
// a line meant to be pasted has its required arguments. `exo_<command>` MCP tool names and
// exo-mcp's own options are checked too. `<placeholders>`, `…`, `ID`-like capitals and
// `[--optional]` forms count as filled in; the lines the docs show on purpose as mistakes
// (how exo answers a typo) are listed below with why, and each must still be in the docs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { commands, findCommand } from "../../src/commands/index.js";
import { toolName, type Command } from "../../src/commands/command.js";
import { fieldsOf, type FieldInfo } from "../../src/cli/fields.js";
import { groupMembers } from "../../src/cli/help.js";

const ROOT = join(import.meta.dirname, "../..");
const FILES = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** Inline code that shows a mistake on purpose (docs/cli.md's error answers) or is no command. */
const SHOWN_AS_MISTAKES = new Set([
  "exo ticket-update T --priority high", // a word where a number 1 to 5 goes, and what exo says
  "exo stauts", // an unknown command and the one meant
  "exo check --ticket X", // an unknown option and the one meant
  "exo session-start --ticket", // the same, typed without its value
  "exo finish",
  "exo verify",
  "exo ticket shwo T-1",
  "exo sessions",
  "exo log",
  "exo list",
  "exo ticket-list", // another tool's noun and verb, and exo's command for them
  "exo list-tasks",
  "exo add-task",
  "exo session-end",
  "exo lock-release",
  "exo ticket-list --status todo",
  "exo version",
  'exo ticket-create --title "x"', // an option given for an argument
  'exo ticket-create --titel "Signup form"', // the same, its name spelt wrong
  "exo next --ticket-id T", // next picks the task itself: the answer names session-start
  "exo session-handoff needs --to and --summary", // error messages quoted
  "exo intent-create needs <title> and --brain-dump",
  "exo next alice", // a stray word and the option it was meant for
  'exo ticket-create "Fix login" "the form 500s"',
  "exo ticket-create signup form",
  "exo uninstall", // a command people expect: the answer names hook-install --uninstall
  "exo session-start TICKET-001", // an id typed without its flag
  "exo next --owner", // a flag left without its value
  "exo next --owner --dry-run",
  "exo status --format",
  "exo --format status",
  "exo --format json tikets",
  "exo sesion-finish --sumary x", // a mistyped command and option, corrected in the hint
  'exo session-finish "first change"', // words typed where no argument goes
  "exo ticket-update T-1 review",
  "exo_version", // a field of the governance lock, not a tool
  "exo <exo@localhost.invalid>", // a git author, not a command
]);
/** Inline code that quotes what exo prints (`exo blocked write to …`, `exo next: interrupted …`). */
const MESSAGE = /^exo (blocked |[a-z-]+: )/;

const GLOBAL_VALUE = new Set(["--format", "--repo", "--actor"]);
const FORMATS = ["human", "json"];
const MCP_FLAGS = new Set(["--repo", "--allow-repo", "--profile", "--default-actor", "--help", "--version"]);
const TOOLS = new Set(commands.map((c) => toolName(c)));

interface Found {
  where: string;
  text: string;
  /** A line to paste (a code block line or an inline span with arguments). */
  fenced: boolean;
}

/** A word that stands for a value the reader fills in. */
function placeholder(word: string): boolean {
  return /^<[^>]*>$|…|^'<.*>'$|^"<.*>"$|^[A-Z][A-Z_]*$|^\.\.\.$|^\$\{?[A-Za-z_]/.test(word) || /^[%$][A-Z]$/.test(word);
}

function unquote(word: string): string {
  return /^(["']).*\1$/s.test(word) ? word.slice(1, -1) : word;
}

/** Shell words of one command (quotes kept together). */
function words(line: string): string[] {
  return line.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
}

/** The exo invocations of one shell line: after env assignments, npx and in each `&&`, `;` or `|` part. */
function invocations(line: string): string[][] {
  const out: string[][] = [];
  const all = words(line.replace(/(^|\s)#\s.*$/, ""));
  let part: string[] = [];
  const flush = () => {
    let w = part;
    while (w.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(w[0] as string)) w = w.slice(1);
    if (w[0] === "npx" || (w[0] === "npm" && w[1] === "exec")) {
      w = w.slice(w[0] === "npx" ? 1 : 2);
      while (w[0]?.startsWith("-") && w[0] !== "--") w = w.slice(w[0] === "-p" || w[0] === "--package" ? 2 : 1);
      if (w[0] === "--") w = w.slice(1);
      if (w[0] === "exoprotocol") w = ["exo", ...w.slice(1)];
    }
    if (w[0] === "exo" || w[0] === "exo-mcp") out.push(w);
    part = [];
  };
  for (const w of all) {
    if (w === "&&" || w === "||" || w === "|" || w === ";" || w === "\\") {
      if (w !== "\\") flush();
      continue;
    }
    if (w.endsWith(";") && !/^["']/.test(w)) {
      part.push(w.slice(0, -1));
      flush();
      continue;
    }
    // `source <(exo completion bash)`
    if (w.startsWith("<(")) {
      flush();
      part.push(w.slice(2));
      continue;
    }
    part.push(w.replace(/\)$/, ""));
  }
  flush();
  return out;
}

/** Code block lines (with `\` continuations joined) and inline code spans of a Markdown file. */
function extract(file: string): Found[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const found: Found[] = [];
  const blocks = /^```([^\n]*)\n([\s\S]*?)^```/gm;
  for (const m of text.matchAll(blocks)) {
    const lang = (m[1] ?? "").trim();
    if (!["", "sh", "bash", "shell", "console", "text"].includes(lang)) continue;
    const line0 = text.slice(0, m.index).split("\n").length + 1;
    const lines = (m[2] as string).split("\n");
    for (let i = 0; i < lines.length; i++) {
      let line = (lines[i] as string).replace(/^\s*\$ /, "");
      const at = i;
      while (/\\\s*$/.test(line) && i + 1 < lines.length) line = `${line.replace(/\\\s*$/, " ")}${lines[++i] as string}`;
      found.push({ where: `${file}:${line0 + at}`, text: line, fenced: true });
    }
  }
  const prose = text.replace(blocks, (block) => block.replace(/[^\n]/g, " "));
  // Inline spans may wrap a line in the Markdown source; they never hold a backtick.
  for (const m of prose.matchAll(/(?<!`)`([^`]+)`(?!`)/g)) {
    const span = (m[1] as string).replace(/\s*\n\s*/g, " ");
    if (!/^(exo|exo-mcp|npx |exo_)/.test(span)) continue;
    found.push({ where: `${file}:${prose.slice(0, m.index).split("\n").length}`, text: span, fenced: false });
  }
  return found;
}

/** `[--lane L]`, `[--fix]`, `[--section NAME]…`, `[--by actor|vendor|model]`: the optional parts as words. */
function optionalForms(argv: string[]): string[][] {
  const plain: string[] = [];
  const alternatives: string[][] = [];
  for (const w of argv) {
    const bare = w.replace(/^\[/, "").replace(/\]…?$/, "");
    if (bare === "") continue;
    if (w.includes("|") && !w.startsWith("-") && !/^["']/.test(w)) alternatives.push(bare.split("|"));
    else plain.push(bare);
  }
  if (alternatives.length === 0) return [plain];
  // Each alternative of `a|b|c` in the place it stands (one set of alternatives per line is enough here).
  const at = argv.findIndex((w) => w.includes("|") && !w.startsWith("-") && !/^["']/.test(w));
  return (alternatives[0] as string[]).map((alt) => [...plain.slice(0, at), alt, ...plain.slice(at)]);
}

function checkCommand(command: Command, argv: string[], fenced: boolean, problems: string[]): void {
  const fields = fieldsOf(command);
  const byFlag = new Map<string, FieldInfo>();
  for (const f of fields) {
    byFlag.set(`--${f.flag}`, f);
    if (f.kind === "boolean" && f.defaultValue !== false) byFlag.set(`--no-${f.flag}`, f);
  }
  const positional = (command.positional ?? []).map((k) => fields.find((f) => f.key === k) as FieldInfo);
  const given = new Set<string>();
  let args = 0;
  let valued = false;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i] as string;
    if (w === "--") break;
    if (w === "…" || w === "...") {
      valued = true;
      continue;
    }
    if (w.startsWith("-")) {
      const [flag, inline] = w.includes("=") ? [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)] : [w, undefined];
      const field = byFlag.get(flag);
      if (!field) {
        problems.push(`unknown option ${flag} for exo ${command.name}`);
        if (inline === undefined && argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith("-")) i++;
        continue;
      }
      given.add(field.key);
      if (field.kind === "boolean" || flag.startsWith("--no-")) continue;
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      if (value === undefined) {
        // Inline code naming an option (`exo decide --path`) refers to it; a line to paste needs the value.
        if (fenced) problems.push(`${flag} needs a value`);
        continue;
      }
      valued = true;
      const v = unquote(value);
      if (placeholder(value) || placeholder(v)) continue;
      if (field.choices && !field.choices.includes(v)) problems.push(`${flag} ${v}: not one of ${field.choices.join("|")}`);
      if (field.kind === "number" && !/^-?\d+(\.\d+)?$/.test(v)) problems.push(`${flag} ${v}: not a number`);
      continue;
    }
    valued = true;
    const field = positional[args++];
    if (!field) {
      problems.push(`exo ${command.name} takes ${positional.length} argument(s); ${JSON.stringify(w)} is one too many`);
      continue;
    }
    given.add(field.key);
    const v = unquote(w);
    if (!placeholder(w) && !placeholder(v) && field.choices && !field.choices.includes(v)) problems.push(`${field.flag} ${v}: not one of ${field.choices.join("|")}`);
  }
  // A bare name (`exo doctor`) or a name and switches (`exo hook-install --uninstall`) in prose
  // refers to the command; a code block line or a span with values is meant to run as it is.
  if (!fenced && !valued) return;
  if (argv.includes("…") || argv.includes("...")) return; // `exo ticket-create … --parent …`: the rest left out on purpose
  for (const f of fields) {
    if (f.required && !given.has(f.key) && f.kind !== "boolean") problems.push(`missing ${positional.includes(f) ? `<${f.flag}>` : `--${f.flag}`}`);
  }
}

/** Problems of one `exo …` invocation (argv[0] is `exo` or `exo-mcp`). */
function checkLine(argv0: string[], fenced: boolean): string[] {
  const problems: string[] = [];
  if (argv0[0] === "exo-mcp") {
    for (let i = 1; i < argv0.length; i++) {
      const w = argv0[i] as string;
      if (!w.startsWith("-")) continue;
      const flag = w.split("=")[0] as string;
      if (!MCP_FLAGS.has(flag.replace(/^\[/, "").replace(/\]…?$/, ""))) problems.push(`exo-mcp has no option ${flag}`);
      if (flag === "--profile" && argv0[i + 1] && !placeholder(argv0[i + 1] as string) && !["core", "all"].includes(argv0[i + 1] as string)) problems.push(`--profile ${argv0[i + 1]}: not core or all`);
    }
    return problems;
  }
  for (const argv of optionalForms(argv0.slice(1))) {
    const rest: string[] = [];
    let help = false;
    for (let i = 0; i < argv.length; i++) {
      const w = argv[i] as string;
      const flag = w.split("=")[0] as string;
      if (GLOBAL_VALUE.has(flag)) {
        const value = w.includes("=") ? w.slice(w.indexOf("=") + 1) : argv[++i];
        if (value === undefined) {
          if (fenced) problems.push(`${flag} needs a value`);
        } else if (flag === "--format" && !placeholder(value) && !FORMATS.includes(unquote(value))) problems.push(`--format ${value}: not human or json`);
      } else if (w === "--help" || w === "-h" || w === "--version" || w === "-V" || w === "-v") help = true;
      else rest.push(w);
    }
    const [first, second] = rest;
    if (first === undefined) continue; // `exo`, `exo --help`, `exo --version`
    if (placeholder(first)) continue; // `exo <command> --help`, `exo …`
    if (first === "help") {
      const topic = rest[1];
      if (topic !== undefined && !placeholder(topic) && !findCommand(topic) && groupMembers(topic).length === 0) problems.push(`exo help ${topic}: no such command`);
      continue;
    }
    if (first === "completion") {
      if (!["bash", "zsh", "fish", "ids"].includes(second ?? "")) problems.push(`exo completion ${second ?? ""}: not bash, zsh or fish`);
      continue;
    }
    const two = second !== undefined ? findCommand(`${first}-${second}`) : undefined;
    const command = findCommand(first) ?? two;
    if (!command) {
      if (groupMembers(first).length > 0 && (second === undefined || placeholder(second))) continue; // `exo ledger` lists the group
      problems.push(`no command ${first}`);
      continue;
    }
    if (help) continue;
    checkCommand(command, rest.slice(findCommand(first) ? 1 : 2), fenced, problems);
  }
  return problems;
}

test("every exo command in the README and docs/ names a command, its options and valid values", () => {
  const problems: string[] = [];
  const mistakesSeen = new Set<string>();
  let checked = 0;
  for (const file of FILES) {
    for (const found of extract(file)) {
      if (!found.fenced && (SHOWN_AS_MISTAKES.has(found.text) || MESSAGE.test(found.text))) {
        mistakesSeen.add(found.text);
        continue;
      }
      if (!found.fenced && found.text.startsWith("exo_")) {
        const name = /^exo_[a-z_]*/.exec(found.text)?.[0] ?? "";
        if (name === "exo_" || found.text.startsWith("exo_…")) continue; // `exo_…`, `exo_<command>`
        checked++;
        if (!TOOLS.has(name)) problems.push(`${found.where}: ${found.text}  →  no MCP tool ${name}`);
        continue;
      }
      for (const argv of invocations(found.text)) {
        checked++;
        for (const p of checkLine(argv, found.fenced)) problems.push(`${found.where}: ${found.text}  →  ${p}`);
      }
    }
  }
  expect(problems).toEqual([]);
  expect([...SHOWN_AS_MISTAKES].filter((m) => !mistakesSeen.has(m))).toEqual([]);
  expect(checked).toBeGreaterThan(300);
});

test("the checker itself catches each kind of mistake", () => {
  const problems = (line: string, fenced = true) => invocations(line).flatMap((argv) => checkLine(argv, fenced));
  expect(problems("exo stauts")).toEqual(["no command stauts"]);
  expect(problems("exo next --ownr alice")).toEqual(["unknown option --ownr for exo next"]);
  expect(problems("exo tickets --format text")).toEqual(["--format text: not human or json"]);
  expect(problems("exo ticket-create x --kind story")).toEqual(["--kind story: not one of task|epic"]);
  expect(problems('exo session-finish')).toEqual(["missing --summary"]);
  expect(problems("exo intent-create --brain-dump x")).toEqual(["missing <title>"]);
  expect(problems("exo session-finish", false)).toEqual([]); // a command named in prose
  expect(problems("EXO_ACTOR=agent:a exo ledger verify && exo doctor --fix --section integrity")).toEqual([]);
  expect(problems("npx --no-install exo ticket-show T1 T2")).toEqual(['exo ticket-show takes 1 argument(s); "T2" is one too many']);
  expect(problems("exo fleet-drift [--by actor|vendor|model]", false)).toEqual([]);
  expect(problems("exo fleet-drift [--by actor|team]", false)).toEqual(["--by team: not one of actor|vendor|model"]);
  expect(problems("exo-mcp --profile some")).toEqual(["--profile some: not core or all"]);
  expect(TOOLS.has("exo_ledger_verify")).toBe(true);
});

test("the fallback hints of the error table quote their placeholders, so a pasted hint reaches exo, not a shell redirect", async () => {
  const { ERROR_HINTS } = await import("../../src/error-hints.js");
  // `exo <command>` is always filled in with the command run (commands/invoke.ts).
  const bare = Object.entries(ERROR_HINTS).filter(([, hint]) => /(^|[^'])<(?!command>)[^>]+>/.test(hint));
  expect(bare).toEqual([]);
});
