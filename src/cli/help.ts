// Help generated from the registry: per-command pages (purpose, usage, required flags marked,
// defaults, examples), space-separated groups (`exo ledger`), and "did you mean" suggestions.
// Loaded lazily: only when help is asked for or a name is wrong.
import { ownsActor, type Command } from "../commands/command.js";
import { commands, findCommand } from "../commands/index.js";
import { fieldsOf, type FieldInfo } from "./program.js";
import { shellLine } from "../kernel/quote.js";
import { editDistance } from "../kernel/edit-distance.js";
import { COLUMNS, plural } from "./render/style.js";

export const GLOBAL_FLAGS = ["--format", "--repo", "--actor", "--help", "--version"];

/** The candidates closest to `word`: a prefix match first, then names ending in `-word`, else edit distance ≤ 2 (or a third of its length). */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(w) && w.length >= 3);
  if (prefixed.length > 0 && prefixed.length <= 3) return prefixed;
  // The last word of a longer name: `exo start` → session-start, `--reason` → --break-glass-reason.
  const core = w.replace(/^-+/, "");
  const suffixed = core.length >= 3 ? candidates.filter((c) => c.toLowerCase().endsWith(`-${core}`)) : [];
  if (suffixed.length > 0 && suffixed.length <= 3) return suffixed;
  const limit = Math.max(2, Math.floor(w.length / 3));
  const scored = candidates.map((c) => ({ c, d: editDistance(w, c.toLowerCase()) })).filter((x) => x.d <= limit);
  const best = Math.min(...scored.map((x) => x.d));
  return scored.filter((x) => x.d === best).map((x) => x.c).slice(0, 3);
}

/** Commands in a space-separated group: `ledger` → ledger-verify, ledger-show. */
export function groupMembers(word: string): Command[] {
  return commands.filter((c) => c.name.startsWith(`${word}-`));
}

export function groupHelp(word: string): string {
  const members = groupMembers(word);
  // The listing beside the group (`exo worktrees` beside `exo worktree create`) is where a reader
  // of the group page looks next, though its name is not in the group.
  const listing = findCommand(`${word}s`);
  const width = Math.max(...members.map((c) => c.name.length - word.length)) + 2;
  return [
    `exo ${word}: ${plural(members.length, "command")}`,
    "",
    ...members.flatMap((c) => hang(`  exo ${word} ${c.name.slice(word.length + 1).padEnd(width)}`, c.summary)),
    ...(listing ? ["", "See also:", ...hang(`  exo ${listing.name.padEnd(word.length + 1 + width)}`, listing.summary)] : []),
    "",
    ...wrapTo(`Run exo ${word} <command> --help (or exo ${members[0]?.name ?? word} --help) for its options.`, 0),
    "",
  ].join("\n");
}

/** Commands whose --blocker is free text (a blocker met, SPEC §6), not a ticket id. */
const TEXT_BLOCKERS = new Set(["session-finish"]);

/** Up to 4 choices shown in the option (`--risk <low|medium|high>`) while it fits the terminal. */
function inlineChoices(f: FieldInfo): boolean {
  return f.choices != null && f.choices.length <= 4 && 4 + f.flag.length + f.choices.join("|").length + 4 <= COLUMNS;
}

function placeholder(f: FieldInfo, command: string): string {
  if (f.kind === "boolean") return "";
  if (inlineChoices(f)) return ` <${(f.choices ?? []).join("|")}>`;
  if (f.kind === "number") return " <n>";
  const key = f.key;
  if (key === "blocker" && TEXT_BLOCKERS.has(command)) return " <text>";
  if (key.endsWith("ticket_id") || key === "parent" || key === "blocker" || key === "add_blocker" || key === "remove_blocker" || key === "id") return " <id>";
  if (key.endsWith("session_id")) return " <session>";
  if (key.includes("scope") || key === "boundary" || key === "path" && f.kind === "array") return " <glob>";
  if (key === "since" || key === "until") return " <time>";
  // export-traces: a collector URL (http:// included) and K=V headers, not free text.
  if (key === "endpoint") return " <url>";
  if (key === "header") return " <K=V>";
  const named = NAMED[key];
  if (named) return ` <${named}>`;
  return " <text>";
}

/**
 * Values that are not free text, named for what they are (before: `--path <text>`, `--branch
 * <text>` on worktree-create). `<text>` stays for prose: titles, summaries, reasons.
 */
const NAMED: Record<string, string> = {
  path: "path", out: "path", markdown: "path", cwd: "path", apply_patch: "path", artifact: "path",
  base: "ref", head: "ref", governance_ref: "ref", branch: "branch", remote: "remote",
  owner: "actor", to: "actor", actor: "actor", writer: "writer",
  status: "status", type: "type", label: "label", add_label: "label", remove_label: "label", tag: "tag", lane: "lane",
  harness: "harness", target: "target", section: "section", skip: "section", feature: "feature",
  check: "command", bash: "command", bind: "address", vendor: "vendor", model: "model", role: "role", error: "tool:message",
};

function flagText(f: FieldInfo, command: string): string {
  if (f.kind === "boolean" && f.defaultValue !== false) return `--[no-]${f.flag}`;
  return `--${f.flag}${placeholder(f, command)}${f.kind === "array" ? "…" : ""}`;
}

function describe(f: FieldInfo): string {
  const parts = [f.description.replace(/\s*\((repeatable)\)\s*/g, " ").trim()];
  const notes: string[] = [];
  if (f.required) notes.push("required");
  if (f.kind === "array") notes.push("repeatable");
  if (f.choices && !inlineChoices(f)) notes.push(`one of ${f.choices.join(", ")}`);
  const def = f.defaultValue;
  if (def !== undefined && !(Array.isArray(def) && def.length === 0) && def !== false && def !== "" && !/\(default/.test(f.description)) {
    notes.push(`default: ${Array.isArray(def) ? def.join(", ") : String(def)}`);
  }
  if (notes.length) parts.push(`(${notes.join("; ")})`);
  return parts.filter(Boolean).join(" ");
}

export function wrapTo(text: string, indent: number, cols = COLUMNS): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > cols) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out;
}

/** `left` then `text` wrapped to COLUMNS, continuation lines indented to `indent` (default: left's width). */
export function hang(left: string, text: string, indent = left.length): string[] {
  // The first line has the columns after `left`, the others those after `indent` (before: the
  // first was cut at the deeper indent too, so a usage line of 66 columns wrapped at 80).
  const words = text.split(/\s+/).filter(Boolean);
  let head = words.shift() ?? "";
  while (words.length > 0 && left.length + head.length + 1 + (words[0] ?? "").length <= COLUMNS) head = `${head} ${words.shift() ?? ""}`;
  const tail = words.length > 0 ? wrapTo(words.join(" "), indent) : [];
  return [`${left}${head}`, ...tail.map((t) => `${" ".repeat(indent)}${t}`)];
}

function rows(entries: [string, string][]): string[] {
  // Narrower than 30 columns left for the text (a terminal under 60 columns): each text under its
  // option, indented 6.
  const col = COLUMNS - Math.min(30, Math.max(...entries.map(([l]) => l.length)) + 4) >= 30 ? Math.min(30, Math.max(...entries.map(([l]) => l.length)) + 4) : 6;
  const out: string[] = [];
  for (const [left, right] of entries) {
    const wrapped = wrapTo(right, col);
    if (left.length + 2 >= col) {
      out.push(`  ${left}`);
      out.push(...wrapped.map((w) => `${" ".repeat(col)}${w}`));
    } else {
      out.push(`  ${left.padEnd(col - 2)}${wrapped[0] ?? ""}`);
      out.push(...wrapped.slice(1).map((w) => `${" ".repeat(col)}${w}`));
    }
  }
  return out;
}

/**
 * An example at COLUMNS: its comment on a line above it when both do not fit, and a line longer
 * than the terminal continued with a backslash between words (quoted words kept whole), so it still
 * runs as pasted.
 */
function example(text: string): string[] {
  if (2 + [...text].length <= COLUMNS) return [`  ${text}`];
  const [line = "", comment] = text.split(/\s{2,}(?=# )/);
  const words = line.match(/(?:[^\s"']+|"(?:[^"\\]|\\.)*"|'[^']*')+/g) ?? [line];
  const out = comment === undefined ? [] : [`  ${comment}`];
  let current = "  ";
  for (const word of words) {
    if (current.trim() !== "" && current.length + 1 + word.length + 2 > COLUMNS) {
      out.push(`${current} \\`);
      current = `      ${word}`;
    } else current = current.trim() === "" ? `${current}${word}` : `${current} ${word}`;
  }
  out.push(current);
  return out;
}

/** A command's arguments, options and usage line, as its help page shows them. */
function pageParts(command: Command): { args: FieldInfo[]; options: FieldInfo[]; usage: string } {
  const fields = fieldsOf(command);
  const positional = new Set<string>(command.positional ?? []);
  const args = (command.positional ?? []).map((k) => fields.find((f) => f.key === k)).filter((f): f is FieldInfo => f !== undefined);
  const options = fields.filter((f) => !positional.has(f.key));
  const required = options.filter((f) => f.required);
  const usage = [`exo ${command.name}`, ...args.map((a) => (a.required ? `<${a.flag}>` : `[${a.flag}]`)), ...required.map((f) => flagText(f, command.name)), ...(options.length > required.length ? ["[options]"] : [])].join(" ");
  return { args, options, usage };
}

/** The --help page of one command. */
export function commandHelp(command: Command): string {
  const { args, options, usage } = pageParts(command);
  const out = [...hang("", `exo ${command.name}: ${command.summary}`, 2), "", ...hang("Usage: ", usage, Math.min(`Usage: exo ${command.name} `.length, COLUMNS <= 60 ? 4 : 80))];
  if (args.length) out.push("", "Arguments:", ...rows(args.map((a) => [`<${a.flag}>`, describe(a)])));
  out.push("", "Options:", ...rows([...options.map((f): [string, string] => [flagText(f, command.name), describe(f)]), ["-h, --help", "Show this help"]]));
  if (command.examples && command.examples.length > 0) out.push("", "Examples:", ...command.examples.flatMap(example));
  const traits = [command.readOnly ? "read-only" : null, command.destructive ? "destructive" : null, `MCP tool exo_${command.name.replaceAll("-", "_")}`].filter(Boolean);
  // A command with its own --actor (ledger-show's filter) reads the flag as its own.
  const globals = ownsActor(command) ? "--format human|json, --repo PATH" : "--format human|json, --repo PATH, --actor NAME";
  out.push("", ...wrapTo(`Global options: ${globals} (exo --help).`, 0), ...wrapTo(`${traits.join(", ").replace(/^./, (ch) => ch.toUpperCase())}.`, 0));
  return `${out.join("\n")}\n`;
}

/**
 * Help as data, for `--format json` (`exo help CMD --format json`, `exo CMD --help --format json`):
 * the page's parts, so a script or an agent reads flags and defaults without parsing text.
 */
export function commandHelpData(command: Command): Record<string, unknown> {
  const { args, options, usage } = pageParts(command);
  const field = (f: FieldInfo) => ({
    description: f.description.replace(/\s*\((repeatable)\)\s*/g, " ").trim(),
    kind: f.kind,
    required: f.required,
    repeatable: f.kind === "array",
    choices: f.choices,
    default: f.defaultValue ?? null,
  });
  return {
    command: command.name,
    summary: command.summary,
    usage,
    arguments: args.map((a) => ({ name: a.flag, ...field(a) })),
    // value: the placeholder the page shows (`<path>`, `<id>`), null for a switch, as global_options has it.
    options: options.map((f) => ({ flag: `--${f.flag}`, value: placeholder(f, command.name).trim() || null, ...(f.kind === "boolean" && f.defaultValue !== false ? { negated: `--no-${f.flag}` } : {}), ...field(f) })),
    examples: [...(command.examples ?? [])],
    read_only: command.readOnly === true,
    destructive: command.destructive === true,
    mcp_tool: `exo_${command.name.replaceAll("-", "_")}`,
    global_options: ownsActor(command) ? ["--format", "--repo"] : ["--format", "--repo", "--actor"],
  };
}

/** `exo --help --format json`: every command with its summary, and the global options. */
export function globalHelpData(version: string): Record<string, unknown> {
  return {
    version,
    usage: "exo [global options] <command> [options]",
    commands: commands.map((c) => ({ name: c.name, summary: c.summary })),
    global_options: [
      { flag: "--format", value: "human|json", description: "Output mode (json prints the SPEC envelope)" },
      { flag: "--repo", value: "PATH", description: "Any folder inside the target git work tree" },
      { flag: "--actor", value: "NAME", description: "Who acts (default $EXO_ACTOR, else human:<git email>)" },
      { flag: "--help", value: null, description: "Help for exo or a command" },
      { flag: "--version", value: null, description: "Print the version" },
    ],
    extras: [
      { name: "help", usage: "exo help [COMMAND]", summary: "Help for a command (exo help ticket-create)" },
      { name: "completion", usage: "exo completion bash|zsh|fish", summary: "Shell completion script: bash, zsh or fish" },
    ],
  };
}

/** `exo ledger --help --format json`: the group's commands, each with its spaced and dashed name. */
export function groupHelpData(word: string): Record<string, unknown> {
  return { group: word, commands: groupMembers(word).map((c) => ({ name: c.name, words: `${word} ${c.name.slice(word.length + 1)}`, summary: c.summary })) };
}

/** `exo help completion --format json`. */
export const COMPLETION_HELP_DATA = {
  command: "completion",
  summary: "Prints a completion script generated from the command registry.",
  usage: "exo completion bash|zsh|fish",
  examples: ["source <(exo completion bash)", "source <(exo completion zsh)", "exo completion fish > ~/.config/fish/completions/exo.fish"],
};

/** Words people type for a listing, and exo's command for it. */
const SYNONYMS: Record<string, string> = { sessions: "session-scan", log: "ledger-show", logs: "ledger-show", history: "ledger-show", list: "tickets", ls: "tickets", tasks: "tickets" };

/** Other tools' nouns for exo's: a task or an issue is a ticket, a lock a lease. */
const NOUNS: Record<string, string> = { ticket: "ticket", task: "ticket", issue: "ticket", intent: "intent", session: "session", worktree: "worktree", reflection: "reflection", learning: "reflection", lease: "lease", lock: "lease", ledger: "ledger" };
/** Per exo noun, the verbs people type for its commands (a CRUD habit: ticket-list, list-tickets, add-task). */
const VERBS: Record<string, Record<string, string>> = {
  ticket: { list: "tickets", ls: "tickets", all: "tickets", new: "ticket-create", add: "ticket-create", make: "ticket-create", edit: "ticket-update", set: "ticket-update", modify: "ticket-update", change: "ticket-update", done: "ticket-close", complete: "ticket-close", finish: "ticket-close", delete: "ticket-close", remove: "ticket-close", rm: "ticket-close", cancel: "ticket-close", view: "ticket-show", get: "ticket-show", info: "ticket-show", describe: "ticket-show", claim: "next", take: "next" },
  intent: { list: "intents", ls: "intents", all: "intents", new: "intent-create", add: "intent-create", make: "intent-create" },
  session: { list: "session-scan", ls: "session-scan", all: "session-scan", show: "session-scan", new: "session-start", create: "session-start", begin: "session-start", open: "session-start", end: "session-finish", stop: "session-finish", close: "session-finish", done: "session-finish", complete: "session-finish", pause: "session-suspend", continue: "session-resume", unpause: "session-resume" },
  worktree: { list: "worktrees", ls: "worktrees", all: "worktrees", new: "worktree-create", add: "worktree-create", delete: "worktree-remove", rm: "worktree-remove" },
  reflection: { list: "reflections", ls: "reflections", all: "reflections", new: "reflect", add: "reflect", create: "reflect", delete: "reflect-dismiss", remove: "reflect-dismiss", rm: "reflect-dismiss" },
  lease: { release: "lease-release", unlock: "lease-release", free: "lease-release", renew: "lease-renew", extend: "lease-renew", heartbeat: "lease-heartbeat", list: "status", ls: "status", gc: "gc-locks", clean: "gc-locks", cleanup: "gc-locks" },
  ledger: { list: "ledger-show", ls: "ledger-show", log: "ledger-show", view: "ledger-show", check: "ledger-verify", validate: "ledger-verify" },
};

/** `ticket-list`, `list-tickets`, `tasks_ls`, `add-task`: a noun and a verb exo spells another way, as its command. */
function nounVerbCommand(name: string): string | null {
  const words = name.toLowerCase().split(/[-_\s]+/).filter(Boolean);
  if (words.length !== 2) return null;
  const noun = (w: string) => NOUNS[w] ?? (w.endsWith("s") ? NOUNS[w.slice(0, -1)] : undefined);
  for (const [n, v] of [[words[0], words[1]], [words[1], words[0]]] as [string, string][]) {
    const exo = noun(n);
    const command = exo ? VERBS[exo]?.[v] : undefined;
    if (command) return command;
  }
  return null;
}

/** Message and hint for an unknown command name. */
export function unknownCommand(name: string): { message: string; hint: string } {
  // Taking exo out is a recipe, not a command: before, "did you mean install?" pointed the other way.
  if (/^(un-?install|remove|uninit|deinit|deinstall|purge)$/i.test(name)) {
    return {
      message: `exo has no ${name} command: exo hook-install --uninstall takes exo's hooks out (yours stay); the rest (instruction blocks, .exo/, MCP entries) is the recipe "Taking exo out" in docs/adoption.md (node_modules/exoprotocol/docs/adoption.md in a local install).`,
      hint: "exo hook-install --uninstall",
    };
  }
  // `exo version` (as npm, go and kubectl have it): the version is a flag here.
  if (/^-*(version|ver)$/i.test(name)) return { message: `exo has no ${name} command; exo --version prints the version.`, hint: "exo --version" };
  // Other tools' words for exo's listings: `exo sessions`, `exo log`, `exo list`.
  const synonym = SYNONYMS[name.toLowerCase()] ?? nounVerbCommand(name);
  if (synonym) return { message: `Unknown command ${JSON.stringify(name)}; did you mean ${synonym}?`, hint: `exo ${synonym}` };
  const names = [...commands.map((c) => c.name), "help", "completion"];
  const close = suggest(name, names);
  if (close.length > 0) return { message: `Unknown command ${JSON.stringify(name)}; did you mean ${close.join(" or ")}?`, hint: `exo ${close[0]}` };
  return { message: `Unknown command ${JSON.stringify(name)}; run exo --help for the list.`, hint: "exo --help" };
}

/**
 * `exo sesion-finish --sumary x`: what was typed after a mistyped command, with each option the
 * command does not have and that is one edit-distance match away corrected, so the hint line runs
 * (before, it kept `--sumary` and failed again). Options after `--` and values are left alone.
 */
export function correctedOptions(command: Command, rest: readonly string[]): string[] {
  const positional = new Set<string>(command.positional ?? []);
  const flags = [...fieldsOf(command).filter((f) => !positional.has(f.key)).flatMap((f) => (f.kind === "boolean" && f.defaultValue !== false ? [`--${f.flag}`, `--no-${f.flag}`] : [`--${f.flag}`])), ...GLOBAL_FLAGS];
  const end = rest.indexOf("--");
  return rest.map((arg, i) => {
    if ((end >= 0 && i >= end) || !arg.startsWith("--")) return arg;
    const bare = arg.split("=")[0] ?? arg;
    if (flags.includes(bare)) return arg;
    const close = suggest(bare, flags);
    return close.length === 1 ? `${close[0] as string}${arg.slice(bare.length)}` : arg;
  });
}

/** Message and hint for an unknown option before the command (only the global ones go there). */
export function unknownGlobalOption(option: string): { message: string; hint: string } {
  const bare = option.split("=")[0] ?? option;
  if (bare === "--json") return { message: "Unknown option --json; JSON output is --format json (exo alone is for people: in JSON its view is exo status).", hint: "exo status --format json" };
  const close = suggest(bare, GLOBAL_FLAGS);
  if (close.length > 0) return { message: `Unknown option ${bare}; did you mean ${close.join(" or ")}?`, hint: "exo --help" };
  return { message: `Unknown option ${bare}; run exo --help (a command's own options go after its name).`, hint: "exo --help" };
}

/** Options named as other trackers and CLIs name them, and exo's flags that mean them (the first a command has is meant). */
const OPTION_SYNONYMS: Record<string, string[]> = {
  "--depends-on": ["--blocker", "--add-blocker"],
  "--depends": ["--blocker", "--add-blocker"],
  "--depend-on": ["--blocker", "--add-blocker"],
  "--blocked-by": ["--blocker", "--add-blocker"],
  "--after": ["--blocker", "--add-blocker"],
  "--tag": ["--label", "--add-label"],
  "--label": ["--tag"],
};

/**
 * Message and hint for an unknown option of a command. With `rest` (what was typed after the
 * command) and one close match, the hint is that line with the option corrected:
 * `exo check --ticket X` → `exo check --ticket-id X`.
 */
export function unknownOption(command: Command, option: string, rest?: readonly string[]): { message: string; hint: string } {
  const positional = new Set<string>(command.positional ?? []);
  const flags = [...fieldsOf(command).filter((f) => !positional.has(f.key)).flatMap((f) => (f.kind === "boolean" && f.defaultValue !== false ? [`--${f.flag}`, `--no-${f.flag}`] : [`--${f.flag}`])), ...GLOBAL_FLAGS];
  const bare = option.split("=")[0] ?? option;
  const base = `Unknown option ${bare} for exo ${command.name}`;
  // `exo ticket-create --title x`: the title is the command's argument. (It was "did you mean
  // --title?", with the same failing line as the hint.) The line without the option name runs.
  // `exo ticket-close --ticket-id X` (session-start's flag, `--ticket` as check takes it): the id too.
  // `--titel x`, spelt wrong, is that argument too, when no option is as close (before: "run exo
  // ticket-create --help", as for a word exo cannot place).
  const slip = (f: { key: string; flag: string }) => f.key !== "id" && f.flag.length >= 4 && suggest(bare, flags).length === 0 && suggest(bare, [`--${f.flag}`]).length > 0;
  const named = (f: { key: string; flag: string }) => `--${f.flag}` === bare || slip(f) || (f.key === "id" && (/^--[a-z]+-id$/.test(bare) || (command.name.startsWith("ticket-") && bare === "--ticket")));
  const arg = fieldsOf(command).find((f) => positional.has(f.key) && named(f));
  if (arg) {
    const at = rest ? rest.findIndex((a) => a === option || a.split("=")[0] === bare) : -1;
    const next = rest?.[at + 1];
    const fixed =
      !rest || at < 0 || positional.size !== 1 ? null : option.includes("=") ? rest.map((a, i) => (i === at ? a.slice(bare.length + 1) : a)) : next !== undefined && !next.startsWith("-") ? rest.filter((_, i) => i !== at) : null;
    return { message: `${base}: the ${arg.flag} is its argument, not an option (exo ${command.name} <${arg.flag}>).`, hint: fixed ? `exo ${command.name} ${shellLine(fixed)}` : `exo ${command.name} --help` };
  }
  // `exo next --ticket-id T`: next picks the task itself; a given one is claimed by starting a
  // session on it (before: "run exo next --help", whose options name no ticket).
  if (command.name === "next" && /^--(ticket(-id)?|id)$/.test(bare)) {
    const at = rest ? rest.findIndex((a) => a === option || a.split("=")[0] === bare) : -1;
    const value = option.includes("=") ? option.slice(bare.length + 1) : rest?.[at + 1];
    const id = value !== undefined && value !== "" && !value.startsWith("-") ? value : null;
    return { message: `${base}: next claims the best ready task itself; to work on a given one, start a session on it (that takes its lock): exo session-start --ticket-id ${id ?? "<id>"}.`, hint: id ? `exo session-start --ticket-id ${shellLine([id])}` : "exo ready" };
  }
  // `--json` (as gh and npm take it): exo's is --format json.
  if (bare === "--json" && !flags.includes("--json")) {
    // `--json=true` as well: the hint is the line with JSON asked for (before: the line as typed).
    const fixed = rest?.flatMap((a) => (a === "--json" || a.startsWith("--json=") ? ["--format", "json"] : [a]));
    return { message: `${base}; JSON output is --format json.`, hint: fixed ? `exo ${command.name} ${shellLine(fixed)}` : `exo ${command.name} --format json` };
  }
  // `-m "…"` as git commit takes it: the summary. A dependency or tag named as other trackers name
  // it (`--depends-on T1`): the flag that means it here (before: --help, as for any unknown word).
  const synonym = (OPTION_SYNONYMS[bare] ?? []).filter((f) => flags.includes(f));
  const close = bare === "-m" && flags.includes("--summary") ? ["--summary"] : synonym.length > 0 ? synonym.slice(0, 1) : suggest(bare, flags);
  if (close.length > 0) {
    const at = rest ? rest.findIndex((a) => a === option || a.split("=")[0] === bare) : -1;
    const end = rest ? rest.indexOf("--") : -1;
    const fixed = close.length === 1 && rest && at >= 0 && (end < 0 || at < end) ? rest.map((a, i) => (i === at ? `${close[0]}${a.slice(bare.length)}` : a)) : null;
    // `exo session-start --ticket` with nothing after it: the corrected flag still needs its value,
    // shown as help shows it (`--ticket-id <id>`), not a line that fails on the missing value.
    const field = fieldsOf(command).find((f) => `--${f.flag}` === close[0]);
    const next = rest?.[at + 1];
    if (fixed && field && field.kind !== "boolean" && !option.includes("=") && (next === undefined || next.startsWith("-"))) {
      const before = shellLine(fixed.slice(0, at + 1));
      const after = fixed.slice(at + 1);
      // A placeholder exo refuses as a value (an id, an actor, a number, a choice) is quoted, as a
      // missing value's hint has it: pasted, the line gets exo's refusal, not the shell's redirect
      // from a file named id (before: `--ticket-id <id>`, "id: No such file"). One exo would take
      // (a path, a text) stays bare, so the line pasted unedited stops in the shell, creating nothing.
      const shown = placeholder(field, command.name).trim();
      const quoted = /^<(id|session|actor|n|[a-z]+(\|[a-z]+)+)>$/.test(shown) ? `'${shown}'` : shown;
      return { message: `${base}; did you mean ${close.join(" or ")}?`, hint: `exo ${command.name} ${before} ${quoted}${after.length > 0 ? ` ${shellLine(after)}` : ""}` };
    }
    return { message: `${base}; did you mean ${close.join(" or ")}?`, hint: fixed ? `exo ${command.name} ${shellLine(fixed)}` : `exo ${command.name} --help` };
  }
  // A value that starts with a dash ("- item", "-1"): not an option at all.
  if (!option.startsWith("--") && (/\s/.test(option) || /^-\d/.test(option) || option === "-")) {
    const quoted = `'${option.replaceAll("'", "'\\''")}'`;
    return { message: `${base}; a value that starts with - goes after --: exo ${command.name} -- ${quoted}.`, hint: `exo ${command.name} -- ${quoted}` };
  }
  return { message: `${base}; run exo ${command.name} --help for its options.`, hint: `exo ${command.name} --help` };
}

/** `exo completion --help` (and `exo help completion`). */
export const COMPLETION_HELP =
  "Usage: exo completion bash|zsh|fish\n\nPrints a completion script generated from the command registry.\n\nExamples:\n  source <(exo completion bash)          # in ~/.bashrc\n  source <(exo completion zsh)           # in ~/.zshrc, after compinit\n  exo completion fish > ~/.config/fish/completions/exo.fish\n";

/** `exo help [command|group]`; `data` is the same help for `--format json`. */
export function helpFor(words: readonly string[], globalHelp: () => string, version = ""): { text: string; ok: boolean; data?: Record<string, unknown>; message?: string; hint?: string } {
  const target = words.filter((w) => !w.startsWith("-"));
  if (target.length === 0 || (target.length === 1 && target[0] === "help")) return { text: globalHelp(), ok: true, data: globalHelpData(version) };
  if (target.length === 1 && target[0] === "completion") return { text: COMPLETION_HELP, ok: true, data: COMPLETION_HELP_DATA };
  const joined = target.join("-");
  const command = findCommand(joined) ?? findCommand(target[0] as string);
  if (command) return { text: commandHelp(command), ok: true, data: commandHelpData(command) };
  if (groupMembers(target[0] as string).length > 0) return { text: groupHelp(target[0] as string), ok: true, data: groupHelpData(target[0] as string) };
  const { message, hint } = unknownCommand(joined);
  // Asked for help: the hint is the help of the command meant, not running it.
  return { text: "", ok: false, message, hint: hint === "exo --help" || hint.startsWith("exo --") ? hint : hint.replace(/^exo /, "exo help ") };
}
