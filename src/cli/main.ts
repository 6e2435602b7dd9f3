// argv → exit code. The only place besides cli/render that decides what is printed.
import { existsSync } from "node:fs";
import { ExoError, ErrorCode, type Issue } from "../errors.js";
import { ownsActor, type Command } from "../commands/command.js";
import { createContext, nearActor } from "../commands/context.js";
import { isActor } from "../kernel/ids.js";
import { saveGlobCache } from "../hooks/glob-cache.js";
import { commands, findCommand } from "../commands/index.js";
import { failure, invoke, type Envelope, type Outcome } from "../commands/invoke.js";
import type { Env } from "../io/env.js";
import { EXO_VERSION } from "../version.js";
import { fastParse } from "./fast-args.js";
import { config as zodConfig } from "zod";
import { shellLine, shellWord } from "../kernel/quote.js";
import { sinceMeant, sinceNow } from "../kernel/since.js";
import { commaChoices } from "../stdlib/zod-issues.js";
import type { FieldInfo } from "./fields.js";
import { renderHelp, type HelpLine } from "./help-layout.js";

// A CLI call parses each schema once or twice: zod's compiled fast path (generated with
// new Function on an object schema's first parse, so never in the code cache) costs more than
// it saves here. The long-running MCP server keeps it.
zodConfig({ jitless: true });

export interface Stdio {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
  cwd: string;
  /** stdout is a terminal (colour on unless NO_COLOR; FORCE_COLOR forces it). */
  isTTY?: boolean;
  /** The terminal's width, asked only for human output on a terminal. */
  columns?: () => number | undefined;
}

interface Globals {
  format: string;
  repo: string | undefined;
  actor: string | undefined;
  help: boolean;
  version: boolean;
  /** A global option given last with no value after it (`exo status --format`). */
  missing: string | undefined;
}

/** True for a command's name (bin.js keeps a code cache only for those, never for typos). */
export function isCommandName(name: string): boolean {
  return findCommand(name) !== undefined;
}

/** Pull global flags out of argv wherever they are (last occurrence wins). */
export function splitGlobals(argv: readonly string[]): { globals: Globals; name: string | null; rest: string[]; early: string | undefined } {
  const globals: Globals = { format: "human", repo: undefined, actor: undefined, help: false, version: false, missing: undefined };
  const rest: string[] = [];
  let early: string | undefined; // the first unknown option before the command (`exo --formt json status`)
  let name: string | null = null;
  let command: Command | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const takeValue = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) globals.missing = flag;
      return argv[++i] ?? "";
    };
    if (flag === "--format") globals.format = takeValue();
    else if (flag === "--repo") globals.repo = takeValue();
    else if (flag === "--actor" && !(name !== null && command && ownsActor(command))) globals.actor = takeValue();
    else if (name === null && (arg === "--help" || arg === "-h")) globals.help = true;
    else if (name === null && (arg === "--version" || arg === "-V" || arg === "-v")) globals.version = true;
    else if (name === null && !arg.startsWith("-")) {
      name = arg;
      const next = argv[i + 1];
      // Space-separated groups: `exo ledger verify` = `exo ledger-verify`.
      if (next && !findCommand(arg) && findCommand(`${arg}-${next}`)) {
        name = `${arg}-${next}`;
        i++;
      }
      command = findCommand(name);
    } else {
      if (name === null && early === undefined) early = arg;
      rest.push(arg);
    }
  }
  return { globals, name, rest, early };
}

/** The global help as lines (cli/help.json holds them for the `exo --help` fast path). */
export function globalHelpLines(): HelpLine[] {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const option = (term: string, text: string): HelpLine => [`  ${term.padEnd(21)}`, text];
  return [
    `exo ${EXO_VERSION}: governance for AI coding agent sessions`,
    "",
    "Usage: exo [global options] <command> [options]",
    "",
    "Commands:",
    ...commands.map((c): HelpLine => [`  ${c.name.padEnd(width)}`, c.summary]),
    "",
    "Global options:",
    option("--format human|json", "Output mode (json prints the SPEC envelope)"),
    option("--repo PATH", "Any folder inside the target git work tree"),
    option("--actor NAME", "Who acts (default $EXO_ACTOR, else human:<git email>)"),
    option("-h, --help", "Help for exo or a command"),
    option("-V, -v, --version", "Print the version"),
    "",
    option("help [COMMAND]", "Help for a command (exo help ticket-create)"),
    option("completion SHELL", "Shell completion script: bash, zsh or fish"),
    "",
    "Run `exo <command> --help` for the options and examples of a command;",
    "`exo` alone shows this repository's state and what to run next.",
  ];
}

/** The global help at `cols` columns (40 to 80). */
export function globalHelp(cols = 80): string {
  return renderHelp(globalHelpLines(), cols);
}

function usage(message: string, hint?: string): ExoError {
  return new ExoError(ErrorCode.USAGE_ERROR, message, { hint });
}

/**
 * The way the last command took, by output format, when it succeeded: its code cache grows to
 * cover each. A failure's path (an error's rendering, a usage message) is not added: it is rare,
 * and every later call of the command would deserialise it.
 */
let lastWay = "";
export function cacheTag(): string {
  return lastWay;
}

/** The global flags typed on this command line that a pasted hint must keep (` --repo P --actor A`). */
let carried = "";
/** The command line as typed, for hints that correct one value of it. */
let typed: readonly string[] = [];
/** The folder the command acts in (--repo, else the working directory). */
let startDir = ".";
/** True when no --repo was typed: the lines printed are pasted in startDir, maybe below the top. */
let inCwd = true;

/** The fields of an envelope that hold a line to paste (a hint, a next step, a commit line). */
const LINE_KEYS = new Set(["next_command", "commit_command", "hint"]);
/** A line that may name files from the top: a git line, an editor's, husky's printf, chmod, sed. */
const PATHS_FROM_TOP = /^(git |printf |chmod |sed |"\$\{EDITOR:-vi\}" )/;

/**
 * Run from a folder below the top of the work tree (a monorepo's package), the lines with
 * top-relative paths that the envelope holds run each git at the top (`git -C ../.. add -- …`) and
 * name an editor's or husky's files from here (kernel/quote.ts's fromTopLine): before, pasted
 * there, `git add -- .exo/tickets …` and finish's `commit:` failed (`pathspec '.exo/tickets' did
 * not match any files`). With --repo, the folder typed is not where the line is pasted: unchanged.
 */
async function linesFromHere(envelope: Envelope, env: Env): Promise<void> {
  if (!inCwd) return;
  const found: [Record<string, unknown>, string][] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === "string" && LINE_KEYS.has(key) && PATHS_FROM_TOP.test(item)) found.push([value as Record<string, unknown>, key]);
        else visit(item);
      }
    }
  };
  visit(envelope.data);
  visit(envelope.error);
  // install's steps, `What to do: line`: the line after the label.
  const listed = (envelope.data as { next_steps?: unknown } | null)?.next_steps;
  const steps: unknown[] = Array.isArray(listed) ? listed : [];
  const stepAt = (step: string) => step.search(/: (git|printf|"\$\{EDITOR)/);
  const withSteps = steps.some((step) => typeof step === "string" && stepAt(step) >= 0);
  if (found.length === 0 && !withSteps) return;
  const [{ upToTop }, { fromTopLine }] = await Promise.all([import("../io/locate.js"), import("../kernel/quote.js")]);
  const up = upToTop(startDir, env);
  for (const [record, key] of found) record[key] = fromTopLine(record[key] as string, up);
  if (withSteps) {
    (envelope.data as { next_steps: unknown[] }).next_steps = steps.map((step): unknown => {
      if (typeof step !== "string") return step;
      const at = stepAt(step);
      return at < 0 ? step : `${step.slice(0, at + 2)}${fromTopLine(step.slice(at + 2), up)}`;
    });
  }
}

/**
 * Run as `npx exo` (the project's dependency) or `npx exoprotocol` with no `exo` on PATH, the
 * `exo …` commands in the envelope's hint and next/commit lines are written as this shell runs
 * them (before: only install's steps and `exo` alone did; `exo next`'s hint, `exo ready`'s next:
 * and the rest said `exo …`, answered "command not found" when pasted); so are the commands of
 * session-start's bootstrap (its `## Commands`, which said `EXO_ACTOR=… exo session-finish …`).
 */
async function linesAsRun(envelope: Envelope, env: Env): Promise<void> {
  const found: [Record<string, unknown>, string][] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === "string" && ((LINE_KEYS.has(key) && /(^|&& |\|\| |; |=\S+ )exo /.test(item)) || key === "bootstrap")) found.push([value as Record<string, unknown>, key]);
        else visit(item);
      }
    }
  };
  visit(envelope.data);
  visit(envelope.error);
  if (found.length === 0) return;
  const [{ bootstrapAs, exoRunsAs, runAs }, { locateRepo }] = await Promise.all([import("../io/runs-as.js"), import("../io/locate.js")]);
  const root = locateRepo(startDir, env)?.root;
  const as = root === undefined ? null : exoRunsAs(env, root);
  if (as === null) return;
  // The bootstrap's commands are Markdown code (`EXO_ACTOR='agent:claude' exo session-finish …`), one per line.
  for (const [record, key] of found) record[key] = key === "bootstrap" ? bootstrapAs(record[key] as string, as) : runAs(record[key] as string, as);
}

/**
 * `--owner "your name"`, `--actor "bob smith"`, `--to "agent b"`: the line typed with the value
 * turned into the actor name it was meant as (as EXO_ACTOR's hint does), or null.
 */
function actorFixed(details: unknown): string | null {
  const issues = (details as { issues?: { path?: string; code?: string }[] } | undefined)?.issues ?? [];
  const path = issues.find((i) => i.code === "actor_invalid" && i.path !== undefined && i.path !== "EXO_ACTOR")?.path;
  if (path === undefined) return null;
  const flag = `--${path.replaceAll("_", "-")}`;
  const at = typed.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (at < 0) return null;
  const inline = typed[at] !== flag;
  const value = inline ? (typed[at] as string).slice(flag.length + 1) : typed[at + 1];
  // A placeholder pasted as printed ('<actor>'): there is no name in it to mean.
  if (value === undefined || /^<.*>$/.test(value)) return null;
  const near = nearActor(value);
  if (!isActor(near)) return null;
  const line = inline ? [...typed.slice(0, at), `${flag}=${near}`, ...typed.slice(at + 1)] : [...typed.slice(0, at + 1), near, ...typed.slice(at + 2)];
  return `exo ${shellLine(line)}`;
}

/**
 * A value outside a flag's choices typed with a slip (`--status canceled`, `--status reveiw`): the
 * message names the choice meant and the hint is the line typed with it, or null.
 */
function choiceFixed(error: { message: string; details?: Record<string, unknown> }): string | null {
  const issue = ((error.details?.["issues"] ?? []) as Partial<Issue>[])[0];
  const { choices, value } = issue ?? {};
  if (issue?.code !== "invalid_value" || !issue.path || !choices || value === undefined) return null;
  // --harness copilot: the message names the command that sets Copilot up; that is the hint (after
  // the install typed without that harness, which adapter-generate needs first).
  const instead = /: its instructions come from (exo adapter-generate --target [a-z]+)/.exec(error.message)?.[1];
  if (instead) {
    const at = typed.indexOf("install");
    if (at < 0) return instead;
    const rest = typed.slice(at + 1).filter((a, i, all) => !(a === "--harness" && all[i + 1] === value) && !(all[i - 1] === "--harness" && a === value) && a !== `--harness=${value}`);
    return `exo ${shellLine(["install", ...rest])} && ${instead}`;
  }
  // A repeatable flag's issue path is `status.1`: the flag is `--status`, the value the one typed.
  const flag = `--${issue.path.replace(/\.\d+$/, "").replaceAll("_", "-")}`;
  const at = typed.findIndex((a, i) => (a === flag && typed[i + 1] === value) || a === `${flag}=${value}`);
  if (at < 0) return null;
  const inline = typed[at] !== flag;
  // --status todo,review: the flag once per value.
  const several = /\.\d+$/.test(issue.path) ? commaChoices(value, choices) : null;
  if (several) return `exo ${shellLine([...typed.slice(0, at), ...several.flatMap((v) => [flag, v]), ...typed.slice(at + (inline ? 1 : 2))])}`;
  // The message names it already (stdlib/zod-issues.ts), and the issue carries it, for MCP callers too.
  const meant = issue.meant?.[0];
  if (meant === undefined || !choices.includes(meant)) return null;
  const line = inline ? [...typed.slice(0, at), `${flag}=${meant}`, ...typed.slice(at + 1)] : [...typed.slice(0, at + 1), meant, ...typed.slice(at + 2)];
  return `exo ${shellLine(line)}`;
}

/**
 * `--since 7d` (or `7`, `2w`, `12h`, `7 days`): a duration where a date goes. The line typed with
 * the date that many days (weeks, hours) before now, so it runs as printed; or null.
 */
function sinceFixed(details: unknown, env: Env): string | null {
  const issue = ((details as { issues?: { path?: string; code?: string }[] } | undefined)?.issues ?? []).find((i) => i.code === "timestamp_invalid" && (i.path === "since" || i.path === "until"));
  if (!issue?.path) return null;
  const flag = `--${issue.path}`;
  const at = typed.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (at < 0) return null;
  const inline = typed[at] !== flag;
  const value = inline ? (typed[at] as string).slice(flag.length + 1) : typed[at + 1];
  const date = value === undefined ? null : sinceMeant(value, sinceNow(env));
  if (date === null) return null;
  const line = inline ? [...typed.slice(0, at), `${flag}=${date}`, ...typed.slice(at + 1)] : [...typed.slice(0, at + 1), date, ...typed.slice(at + 2)];
  return `exo ${shellLine(line)}`;
}

/**
 * `--scope-allow 'src\auth\**'` (a Windows path), `'src//auth//**'`, `C:\work\app\src\**` or
 * `/home/me/app/src/**`: the line typed with each such value of that flag turned into the
 * repository-relative glob meant (kernel/globs.ts's globMeant), so it runs as printed; or null.
 * Before, a backslash alone was mended, each into a / (`src\\auth` gave `src//auth`, which matches
 * nothing), and an absolute path got the command's --help.
 */
async function slashFixed(details: unknown, env: Env): Promise<string | null> {
  const issue = ((details as { issues?: { path?: string; code?: string; message?: string }[] } | undefined)?.issues ?? []).find((i) => i.code === "glob_invalid");
  if (!issue?.path) return null;
  const [{ globMeant }, { locateRepo }] = await Promise.all([import("../kernel/globs.js"), import("../io/locate.js")]);
  const root = locateRepo(startDir, env)?.root;
  const flag = `--${issue.path.replace(/\.\d+$/, "").replaceAll("_", "-")}`;
  let found = false;
  const line = typed.map((a, i) => {
    const inline = a.startsWith(`${flag}=`);
    if (!inline && typed[i - 1] !== flag) return a;
    const meant = globMeant(inline ? a.slice(flag.length + 1) : a, root);
    if (meant === null) return a;
    found = true;
    return inline ? `${flag}=${meant}` : meant;
  });
  return found ? `exo ${shellLine(line)}` : null;
}

/**
 * `--endpoint localhost:4318`: a collector's address without its scheme. The line typed with
 * http:// in front of that value, so it runs as printed (before: the command's --help); or null.
 */
function schemeFixed(details: unknown): string | null {
  const issue = ((details as { issues?: { path?: string; code?: string }[] } | undefined)?.issues ?? []).find((i) => i.code === "url_scheme_missing");
  if (!issue?.path) return null;
  const flag = `--${issue.path.replaceAll("_", "-")}`;
  const at = typed.findIndex((a, i) => a.startsWith(`${flag}=`) || (typed[i - 1] === flag && a !== flag));
  if (at < 0) return null;
  const word = typed[at] as string;
  const line = word.startsWith(`${flag}=`) ? `${flag}=http://${word.slice(flag.length + 1)}` : `http://${word}`;
  return `exo ${shellLine([...typed.slice(0, at), line, ...typed.slice(at + 1)])}`;
}

/**
 * `--limit 40` where 20 is the most, `--priority 9` where 5 is: the line typed with the nearest
 * value allowed, so it runs as printed (before: the command's --help); or null (a bound that is
 * not itself allowed, `above 0`).
 */
function boundFixed(details: unknown): string | null {
  const issue = ((details as { issues?: { path?: string; code?: string; message?: string }[] } | undefined)?.issues ?? []).find((i) => i.code === "too_big" || i.code === "too_small");
  const bound = /must be a number of at (?:most|least) (-?\d+(?:\.\d+)?),/.exec(issue?.message ?? "")?.[1];
  if (!issue?.path || bound === undefined || issue.path.includes(".")) return null;
  const flag = `--${issue.path.replaceAll("_", "-")}`;
  const at = typed.findIndex((a, i) => a.startsWith(`${flag}=`) || (typed[i - 1] === flag && a !== flag));
  if (at < 0) return null;
  return `exo ${shellLine([...typed.slice(0, at), (typed[at] as string).startsWith(`${flag}=`) ? `${flag}=${bound}` : bound, ...typed.slice(at + 1)])}`;
}

/** A ticket id typed with a slip (details `typed`, `meant`): the line typed with the id corrected, or null. */
function idFixed(details: unknown): string | null {
  const { typed: value, meant } = (details ?? {}) as { typed?: unknown; meant?: unknown };
  if (typeof value !== "string" || typeof meant !== "string") return null;
  const at = typed.findIndex((a) => a === value || a.endsWith(`=${value}`));
  if (at < 0 || typed.indexOf(typed[at] as string, at + 1) >= 0) return null;
  const word = typed[at] as string;
  return `exo ${shellLine([...typed.slice(0, at), `${word.slice(0, word.length - value.length)}${meant}`, ...typed.slice(at + 1)])}`;
}

/**
 * A hint runs as printed: an `exo …` hint gets the --repo and --actor the failing line had, so a
 * pasted hint acts in the same repository as the same actor (not $EXO_ACTOR or the git email).
 * Hints that name their own actor, or are more than one plain command, are left as they are.
 */
function withCarried(hint: string): string {
  if (carried === "" || !hint.startsWith("exo ") || / --help$|--actor|EXO_ACTOR|--repo|&&|\||;| \(or /.test(hint)) return hint;
  return `${hint}${carried}`;
}

async function emit(outcome: Outcome, format: string, commandName: string, io: Stdio): Promise<number> {
  const { envelope } = outcome;
  if (envelope.error?.hint) envelope.error.hint = withCarried(envelope.error.hint);
  const fixed = envelope.error?.code === ErrorCode.INVALID_INPUT ? (actorFixed(envelope.error.details) ?? choiceFixed(envelope.error) ?? sinceFixed(envelope.error.details, io.env) ?? (await slashFixed(envelope.error.details, io.env)) ?? schemeFixed(envelope.error.details) ?? boundFixed(envelope.error.details)) : envelope.error?.code === ErrorCode.TICKET_NOT_FOUND || envelope.error?.code === ErrorCode.INVALID_PARENT || envelope.error?.code === ErrorCode.CHECK_NOT_ALLOWED ? idFixed(envelope.error.details) : null;
  if (envelope.error && fixed) envelope.error.hint = fixed;
  await linesFromHere(envelope, io.env);
  // The human output only: JSON keeps the commands as SPEC writes them (`exo …`), for tools and
  // agents that match on them.
  if (format !== "json") await linesAsRun(envelope, io.env);
  lastWay = envelope.error ? "" : `${format}-ok`;
  if (format === "json") {
    io.stdout(`${JSON.stringify(envelope)}\n`);
    return outcome.exitCode;
  }
  await printHuman(envelope, commandName, io);
  return outcome.exitCode;
}

async function printHuman(envelope: Envelope, commandName: string, io: Stdio): Promise<void> {
  // Text from files others wrote (titles, ids, messages naming them) never drives the terminal.
  const { terminalSafe: safe } = await import("./render/style.js");
  if (envelope.data !== null && envelope.data !== undefined) {
    const [{ renderHuman }, { fitLines }] = await Promise.all([import("./render/index.js"), import("./render/style.js")]);
    // session-start and -resume print the bootstrap, markdown for an agent, verbatim.
    const rendered = renderHuman(commandName, envelope.data);
    const text = commandName === "session-start" || commandName === "session-resume" ? rendered : fitLines(rendered, (word) => findCommand(word) !== undefined);
    if (text) io.stdout(`${safe(text)}\n`);
  }
  for (const w of envelope.warnings ?? []) io.stderr(`warning: ${safe(w.message)}\n`);
  if (envelope.error) {
    io.stderr(`error: ${safe(envelope.error.message)} [${envelope.error.code}]\n`);
    if (envelope.error.hint) io.stderr(`hint: ${safe(envelope.error.hint)}\n`);
  }
}

export async function main(argv: readonly string[], io: Stdio): Promise<number> {
  const { globals, name, rest, early } = splitGlobals(argv);
  typed = argv;
  startDir = globals.repo ?? io.cwd;
  inCwd = globals.repo === undefined;
  carried = `${globals.repo ? ` --repo ${shellWord(globals.repo)}` : ""}${globals.actor ? ` --actor ${shellWord(globals.actor)}` : ""}`;
  const format = globals.format === "json" ? "json" : "human";
  let columns = 80;
  const fail = (error: ExoError) => emit(failure(error, [], null, name && findCommand(name) ? { command: name } : undefined), format, name ?? "exo", io);
  if (format === "human") {
    const style = await import("./render/style.js");
    style.setColor(style.colorWanted(io.env, io.isTTY === true));
    style.setColumns(io.env["COLUMNS"], io.isTTY === true ? io.columns?.() : undefined);
    columns = style.COLUMNS;
  }
  if (globals.missing !== undefined) {
    const what = { "--format": "human or json", "--repo": "a folder inside the git work tree", "--actor": "a name like human:alice or agent:claude" }[globals.missing] ?? "a value";
    return fail(usage(`${globals.missing} needs a value: ${what}.`, globals.missing === "--format" ? `exo ${name && findCommand(name) ? name : "status"} --format json` : "exo --help"));
  }
  // `exo --repo status`, `exo --actor tickets --status todo`: the value left out and the command
  // taken for it (before: --repo showed the home screen for a folder "status", exit 0; --actor ran
  // the home screen as actor "status"). Said as for --format; the hint is the command, here.
  for (const [flag, value] of [["--repo", globals.repo], ["--actor", globals.actor]] as const) {
    if ((name !== null && findCommand(name)) || value === undefined || !findCommand(value) || (flag === "--repo" && existsSync(value))) continue;
    const what = flag === "--repo" ? "a folder inside the git work tree" : "a name like human:alice or agent:claude";
    const at = argv.findIndex((a, i) => a === flag && argv[i + 1] === value);
    if (at < 0) continue;
    // The hint is the line typed without the flag (the other global flags are in it already).
    carried = "";
    return fail(usage(`${flag} needs a value before the command: ${what}, not the command ${value}.`, `exo ${shellLine([...argv.slice(0, at), ...argv.slice(at + 1)])}`));
  }
  if (globals.format !== "json" && globals.format !== "human") {
    if (name === null && findCommand(globals.format)) {
      // `exo --format status`: the value was left out and the command taken for it.
      return fail(usage(`--format needs a value before the command: human or json, not the command ${globals.format}.`, `exo --format json ${globals.format}`));
    }
    // `--format text` (other tools' word for plain output), `--format JSON`: the line typed with the
    // format meant, so the hint runs as printed (before: the command's --help, which lists no format).
    const v = globals.format;
    const meant = /json/i.test(v) ? "json" : /^(text|txt|plain|pretty|table|human|default)$/i.test(v) ? "human" : null;
    const at = argv.findIndex((a, i) => (a === "--format" && argv[i + 1] === v) || a === `--format=${v}`);
    const hint = meant && at >= 0 ? `exo ${shellLine(argv[at] === "--format" ? [...argv.slice(0, at + 1), meant, ...argv.slice(at + 2)] : [...argv.slice(0, at), `--format=${meant}`, ...argv.slice(at + 1)])}` : undefined;
    return fail(new ExoError(ErrorCode.INVALID_INPUT, `--format must be human or json, not ${JSON.stringify(v)}${meant ? `; did you mean ${meant}?` : "."}`, { hint, details: { issues: [{ path: "format", code: "enum_invalid", message: "human or json", severity: "error" }] } }));
  }
  if (name === null) {
    if (globals.version) {
      // --format json: one envelope, as for everything else (SPEC §5.4), so `| jq` reads it.
      io.stdout(format === "json" ? `${JSON.stringify({ ok: true, data: { version: EXO_VERSION } })}\n` : `${EXO_VERSION}\n`);
      return 0;
    }
    if (globals.help) {
      io.stdout(format === "json" ? `${JSON.stringify({ ok: true, data: (await import("./help.js")).globalHelpData(EXO_VERSION) })}\n` : globalHelp(columns));
      return 0;
    }
    if (rest.length > 0) {
      const { message, hint } = (await import("./help.js")).unknownGlobalOption(rest[0] as string);
      return fail(usage(message, hint));
    }
    if (format === "human") {
      // A broken governance file (or any refusal) reads as every command's error, not a stack trace.
      return await (await import("./home.js")).home(io, globals.repo ?? io.cwd).catch((error: unknown) => {
        if (error instanceof ExoError) return fail(error);
        throw error;
      });
    }
    // `exo --format json` alone: the home view is for people; status is its JSON form.
    return fail(usage("No command given: exo alone shows this repository's state to people; in JSON that is exo status (exo --help lists every command).", "exo status --format json"));
  }
  if (name === "help" || name === "completion") return (await import("./extras.js")).extra(name, rest, io, () => globalHelp(columns), fail, format === "json");
  const command = findCommand(name);
  const beforeDashes = (() => {
    const end = rest.indexOf("--");
    return end < 0 ? rest : rest.slice(0, end);
  })();
  const wantsHelp = beforeDashes.some((a) => a === "--help" || a === "-h");
  if (!command) {
    const help = await import("./help.js");
    // An unknown option before an unknown word: the option is the mistake (its value was taken for the command).
    if (early !== undefined) {
      const { message, hint } = help.unknownGlobalOption(early);
      return fail(usage(message, hint));
    }
    const members = help.groupMembers(name);
    if (members.length > 0) {
      // `exo ledger` alone (or with --help) lists the group; anything else there is a usage error.
      const stray = rest.find((a) => a !== "--help" && a !== "-h");
      if ((stray === undefined && format === "human") || wantsHelp) {
        io.stdout(format === "json" ? `${JSON.stringify({ ok: true, data: help.groupHelpData(name) })}\n` : help.groupHelp(name));
        return 0;
      }
      const words = members.map((m) => m.name.slice(name.length + 1)).join(", ");
      const first = members[0]?.name.slice(name.length + 1) ?? "";
      // `exo ticket shwo T-1`: the member meant, with the rest of the line (before: the first
      // member's --help, `exo ticket create --help`).
      const close = stray === undefined ? [] : help.suggest(stray, members.map((m) => m.name.slice(name.length + 1)));
      if (stray !== undefined && close.length === 1) {
        const at = rest.indexOf(stray);
        const after = rest.slice(at + 1);
        return fail(usage(`Unknown command exo ${name} ${stray}; did you mean exo ${name} ${close[0] as string}?`, `exo ${name} ${close[0] as string}${after.length > 0 ? ` ${shellLine(after)}` : ""}`));
      }
      return fail(usage(stray === undefined ? `exo ${name} needs a command: ${words}.` : `Unknown command exo ${name} ${stray}; exo ${name} has: ${words}.`, `exo ${name} ${first} --help`));
    }
    const { message, hint } = help.unknownCommand(name);
    // The command meant, with the rest of what was typed: `exo sesion-start --ticket-id T1` → `exo
    // session-start --ticket-id T1`, its mistyped options corrected too (`--sumary` → `--summary`).
    const meant = /^exo ([a-z-]+)$/.exec(hint)?.[1];
    const meantCommand = meant ? findCommand(meant) : undefined;
    const line = meantCommand ? help.correctedOptions(meantCommand, rest) : rest;
    return fail(usage(message, hint === "exo --help" || rest.length === 0 ? hint : `${hint} ${shellLine(line)}`));
  }
  // `exo status --version`: a global flag in any position (SPEC §5.1), as --help is (before: "Unknown
  // option --version for exo status; did you mean --version?", exit 2).
  if (!wantsHelp && beforeDashes.some((a) => a === "--version" || a === "-V")) {
    io.stdout(format === "json" ? `${JSON.stringify({ ok: true, data: { version: EXO_VERSION } })}\n` : `${EXO_VERSION}\n`);
    return 0;
  }
  if (wantsHelp) {
    const help = await import("./help.js");
    io.stdout(format === "json" ? `${JSON.stringify({ ok: true, data: help.commandHelpData(command) })}\n` : help.commandHelp(command));
    return 0;
  }

  const raw = fastParse(command, rest) ?? (await parseWithCommander(command, rest, io, fail));
  if (typeof raw === "number") return raw;
  try {
    const progress = format === "human" ? (await import("./progress.js")).progressTo(io.stderr) : undefined;
    const ctx = createContext({ cwd: globals.repo ?? io.cwd, env: io.env, actor: globals.actor, harness: "cli", defaultActor: "human", progress });
    const outcome = await invoke(command, raw, ctx);
    // The globs this command had to compile, for the next command and the hooks.
    saveGlobCache();
    return await emit(outcome, format, command.name, io);
  } catch (error) {
    if (error instanceof ExoError) return fail(error);
    const internal = new ExoError(ErrorCode.INTERNAL, "internal error: this is a bug in exo", {
      details: { message: error instanceof Error ? error.message : String(error) },
    });
    if (format === "json") io.stdout(`${JSON.stringify(failure(internal).envelope)}\n`);
    else io.stderr("internal error: this is a bug in exo [INTERNAL]\n");
    if (io.env["EXO_DEBUG"] === "1") io.stderr(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

/** commander's usage messages in exo's words: what the command needs, named as its help names it. */
function plainUsage(code: string, message: string, name: string): string {
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
  const flag = quoted.split(" ")[0] ?? quoted;
  if (code === "commander.missingArgument") return `exo ${name} needs <${quoted.replaceAll("_", "-")}>`;
  if (code === "commander.missingMandatoryOptionValue") return `exo ${name} needs ${flag}`;
  if (code === "commander.optionMissingArgument") return `${flag} needs a value (exo ${name})`;
  if (code === "commander.excessArguments") {
    const expected = /Expected (\d+)/.exec(message)?.[1] ?? "0";
    return expected === "0" ? `exo ${name} takes no arguments` : `exo ${name} takes ${expected} argument${expected === "1" ? "" : "s"}, got more (quote a value with spaces)`;
  }
  return `${message} (exo ${name})`;
}

/**
 * `exo session-start TICKET-001`: a ticket or session id typed where the command takes it as an
 * option. The line again with the flag in front of the id (it runs as printed), or null.
 */
async function strayId(command: Command, rest: readonly string[]): Promise<{ what: string; flag: string; value: string; hint: string } | null> {
  const { fieldsOf } = await import("./fields.js");
  const fields = fieldsOf(command);
  const loose = looseAt(fields, rest);
  if (loose === null || loose.length !== 1) return null;
  const at = loose[0] as number;
  const value = rest[at] as string;
  const has = (key: string) => fields.some((f) => f.key === key) && !rest.includes(`--${key.replaceAll("_", "-")}`);
  const pick = /^SES-/i.test(value) && has("session_id") ? { what: "session", flag: "--session-id" } : !/^SES-/i.test(value) && /^[A-Za-z][A-Za-z0-9_.-]*$/.test(value) && has("ticket_id") ? { what: "ticket", flag: "--ticket-id" } : null;
  if (!pick) return null;
  const line = [...rest.slice(0, at), pick.flag, value, ...rest.slice(at + 1)];
  return { ...pick, value, hint: `exo ${command.name} ${shellLine(line)}` };
}

/** Where the words that are no option or option value stand in `rest` (null after `--`). */
function looseAt(fields: readonly FieldInfo[], rest: readonly string[]): number[] | null {
  const takesValue = new Set(fields.filter((f) => f.kind !== "boolean").map((f) => `--${f.flag}`));
  const loose: number[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === "--") return null;
    if (arg.startsWith("-")) {
      if (takesValue.has(arg)) i++;
      continue;
    }
    loose.push(i);
  }
  return loose;
}

/** The options a word typed on its own is most likely the value of, first the likeliest. */
const MEANT_FOR = ["owner", "to", "summary", "description", "brain_dump", "reason", "insight", "path"];

/**
 * `exo next alice`, `exo ticket-update T-1 done`, `exo ticket-create "Fix login" "the form 500s"`:
 * one word past the command's arguments, and the option it was meant for (a choice it is one of,
 * else the command's likeliest text option): the line typed with the option in front of it.
 */
async function strayWord(command: Command, rest: readonly string[]): Promise<{ flag: string; value: string; hint: string } | null> {
  const { fieldsOf } = await import("./fields.js");
  const fields = fieldsOf(command);
  const positional = new Set<string>(command.positional ?? []);
  const loose = looseAt(fields, rest);
  if (loose === null || loose.length !== positional.size + 1) return null;
  const at = loose.at(-1) as number;
  const value = rest[at] as string;
  const free = fields.filter((f) => !positional.has(f.key) && f.kind !== "boolean" && !rest.some((a) => a === `--${f.flag}` || a.startsWith(`--${f.flag}=`)));
  const choice = free.find((f) => f.choices?.includes(value));
  // `exo ticket-create signup form`: a title typed without quotes, not a second value.
  if (!choice && positional.size > 0 && !/\s/.test(value) && !/\s/.test(rest[loose.at(-2) as number] ?? " ")) return null;
  const field = choice ?? MEANT_FOR.map((key) => free.find((f) => f.key === key && !f.choices)).find((f) => f !== undefined && (f.key !== "owner" && f.key !== "to" ? true : isActor(value)) && (f.key !== "path" || !/\s/.test(value)));
  if (!field) return null;
  const flag = `--${field.flag}`;
  return { flag, value, hint: `exo ${command.name} ${shellLine([...rest.slice(0, at), flag, value, ...rest.slice(at + 1)])}` };
}

/**
 * Every required option left out (`exo session-handoff` needs --to and --summary), and the line
 * typed with them added, values to fill in (`--summary "…"`, `--to '<actor>'`): before, the hint was
 * the command's --help, and a second run named the next missing option.
 */
async function missingRequired(command: Command, rest: readonly string[]): Promise<{ flags: string; hint: string; message?: string } | null> {
  const { fieldsOf } = await import("./fields.js");
  const positional = new Set<string>(command.positional ?? []);
  const end = rest.indexOf("--");
  const given = new Set((end < 0 ? rest : rest.slice(0, end)).filter((a) => a.startsWith("--")).map((a) => a.split("=")[0] as string));
  const fields = fieldsOf(command);
  const missing = fields.filter((f) => f.required && !positional.has(f.key) && f.kind !== "boolean" && !given.has(`--${f.flag}`));
  // The arguments left out too (`exo intent-create` needs <title> and --brain-dump): before, the
  // hint added the option alone and failed again on the title. merge-ticket is git's to call.
  const loose = looseAt(fields, rest) ?? [];
  const noArgs = command.name === "merge-ticket" ? [] : (command.positional ?? []).slice(loose.length).filter((key) => key === "title" || key === "id");
  if (missing.length === 0 && noArgs.length === 0) return null;
  if (missing.length === 0 && noArgs.length === 1 && noArgs[0] === "id") {
    const list = command.name === "reflect-dismiss" ? "exo reflections" : "exo tickets";
    return { flags: "<id>", hint: list, message: `exo ${command.name} needs <id>, the id of a ${command.name === "reflect-dismiss" ? "learning" : "ticket"}; ${list} lists them.` };
  }
  // Words typed past the command's arguments were meant for the options left out, in order:
  // `exo session-finish "first change"` → `--summary 'first change'` (before: the words stayed
  // where they were and `--summary "…"` was added, a line that failed again).
  const strays = loose.slice(positional.size);
  const placed = new Map<number, string>();
  missing.forEach((f, i) => {
    const at = strays[i];
    if (at !== undefined && !f.choices && f.kind !== "number") placed.set(at, f.key);
  });
  const valueOf = new Map([...placed].map(([at, key]) => [key, shellWord(rest[at] as string)]));
  // Placeholders are quoted: pasted as printed, a bare `<actor>` is a shell redirect (and `<a|b>` a pipe).
  const value = (f: { key: string; kind: string; choices: readonly string[] | null }) => valueOf.get(f.key) ?? (f.key === "to" ? "'<actor>'" : f.choices && f.choices.length > 0 ? `'<${f.choices.join("|")}>'` : f.kind === "number" ? "'<n>'" : '"…"');
  const flags = [...noArgs.map((key) => `<${key}>`), ...missing.map((f) => `--${f.flag}`)];
  const list = flags.length === 1 ? (flags[0] as string) : `${flags.slice(0, -1).join(", ")} and ${flags.at(-1) as string}`;
  // An argument's placeholder goes after the arguments typed (or first), where it is read as one.
  const args = noArgs.map((key) => (key === "id" ? "<id>" : '"…"')).join(" ");
  const after = loose.length > 0 ? (loose.at(-1) as number) + 1 : 0;
  const words = rest.map((word, i) => (placed.has(i) ? null : shellWord(word)));
  const typedLine = [...words.slice(0, after), ...(args ? [args] : []), ...words.slice(after)].filter((w) => w !== null).join(" ");
  return { flags: list, hint: `exo ${command.name}${typedLine ? ` ${typedLine}` : ""}${missing.length > 0 ? ` ${missing.map((f) => `--${f.flag} ${value(f)}`).join(" ")}` : ""}` };
}

/** A value flag followed by another of the command's flags, where its value should be (before `--`). */
async function flagForValue(command: Command, rest: readonly string[]): Promise<number | null> {
  const { fieldsOf } = await import("./fields.js");
  const fields = fieldsOf(command);
  const flags = new Set(fields.flatMap((f) => [`--${f.flag}`, `--no-${f.flag}`]));
  const takesValue = new Set(fields.filter((f) => f.kind !== "boolean").map((f) => `--${f.flag}`));
  for (let i = 0; i < rest.length - 1; i++) {
    const arg = rest[i] as string;
    if (arg === "--") return null;
    if (!takesValue.has(arg)) continue;
    if (flags.has(rest[i + 1] as string)) return i;
    i++;
  }
  return null;
}

const ACTOR_FIELDS = new Set(["owner", "to", "actor"]);

/**
 * `exo next --owner` with nothing after it: what the flag takes (its choices, a number, an actor
 * name, else its help text), and the line typed with a value to fill in after the flag; --owner,
 * which defaults to the actor, is left out of it (`exo next` claims for you), as is session-start's
 * --ticket-id (`exo session-start` starts on your claim).
 * Before, the hint was the command's --help.
 */
async function missingValue(command: Command, at: number, rest: readonly string[]): Promise<{ message: string; hint: string } | null> {
  const { fieldsOf } = await import("./fields.js");
  const flag = rest[at] ?? "";
  const field = fieldsOf(command).find((f) => `--${f.flag}` === flag);
  if (!field) return null;
  const actor = ACTOR_FIELDS.has(field.key);
  const about = field.description.replace(/\s*\(default[^)]*\)$/, "").replace(/^./, (ch) => ch.toLowerCase());
  const what = field.choices ? `one of ${field.choices.join(", ")}` : field.kind === "number" ? `a number: ${about}` : actor ? `an actor name such as alice or agent:claude${field.key === "to" ? ", or any" : ""}` : `a value: ${about}`;
  const placeholder = field.choices ? `'<${field.choices.join("|")}>'` : field.kind === "number" ? "'<n>'" : actor ? "'<actor>'" : '"…"';
  // session-start's --ticket-id likewise: without it, the start is on the actor's own claim (before:
  // `--ticket-id "…"`, which failed pasted, TICKET_NOT_FOUND).
  const claim = command.name === "session-start" && field.key === "ticket_id";
  const dropped = (field.key === "owner" || claim) && !field.required;
  const line = dropped ? [...rest.slice(0, at), ...rest.slice(at + 1)] : [...rest.slice(0, at + 1), "\u0000", ...rest.slice(at + 1)];
  const hint = `exo ${shellLine([command.name, ...line]).replace(shellWord("\u0000"), placeholder)}`;
  const tail = claim ? "; leave it out to start on your own claim (exo next claims one)" : dropped ? "; leave it out for your own actor" : "";
  return { message: `exo ${command.name} ${flag} needs ${what}${tail}.`, hint };
}

/** The first `--option` (or `-x`) typed (before `--`) that the command does not have, if any. */
async function unknownTyped(command: Command, rest: readonly string[]): Promise<string | undefined> {
  const { fieldsOf } = await import("./fields.js");
  const known = new Set(fieldsOf(command).flatMap((f) => [`--${f.flag}`, `--no-${f.flag}`]));
  const end = rest.indexOf("--");
  // A short option (`-m "done"`, as git commit takes it): exo has none but -h and -V.
  return (end < 0 ? rest : rest.slice(0, end)).find((a) => (a.startsWith("--") && !known.has(a.split("=")[0] as string) && !["--help", "--format", "--repo", "--actor"].includes(a.split("=")[0] as string)) || (/^-[a-zA-Z]$/.test(a) && a !== "-h" && a !== "-V"));
}

/** commander for help, usage errors and every unusual command line: the raw input, or an exit code. */
async function parseWithCommander(command: Command, rest: string[], io: Stdio, fail: (error: ExoError) => Promise<number>): Promise<Record<string, unknown> | number> {
  const [{ CommanderError }, { buildProgram }] = await Promise.all([import("commander"), import("./program.js")]);
  const { program, collect } = buildProgram(command);
  let helpText = "";
  let commanderMessage = "";
  program.exitOverride().configureOutput({
    writeOut: (text) => (helpText += text),
    writeErr: (text) => (commanderMessage += text),
  });
  program.name(`exo ${command.name}`);
  // `exo next --owner --dry-run`: commander takes the next flag for the value; the value was left out.
  const swallowed = await flagForValue(command, rest);
  if (swallowed !== null) {
    const empty = await missingValue(command, swallowed, rest);
    if (empty) return fail(usage(empty.message, empty.hint));
  }
  try {
    program.parse(rest, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.help") {
        io.stdout(helpText);
        return 0;
      }
      const message = (commanderMessage || error.message).replace(/^error:\s*/, "").trim().split("\n")[0] ?? "bad usage";
      // A required option reported missing because it was mistyped (`--sumary "x"`): the typo is
      // the mistake to name, with the line corrected, not "needs --summary".
      const mistyped = error.code === "commander.missingMandatoryOptionValue" ? await unknownTyped(command, rest) : undefined;
      const unknown = error.code === "commander.unknownOption" ? /'([^']+)'/.exec(message)?.[1] : mistyped;
      if (unknown) {
        const hint = (await import("./help.js")).unknownOption(command, unknown, rest);
        return fail(usage(hint.message, hint.hint));
      }
      if (error.code === "commander.missingMandatoryOptionValue" || error.code === "commander.missingArgument") {
        const needed = await missingRequired(command, rest);
        if (needed) return fail(usage(needed.message ?? `exo ${command.name} needs ${needed.flags}; run exo ${command.name} --help.`, needed.hint));
      }
      const named = error.code === "commander.excessArguments" ? await strayId(command, rest) : null;
      if (named) return fail(usage(`exo ${command.name} takes no arguments; name the ${named.what} with ${named.flag} ${named.value}.`, named.hint));
      const word = error.code === "commander.excessArguments" ? await strayWord(command, rest) : null;
      if (word) return fail(usage(`${plainUsage(error.code, message, command.name).replace(/ \(quote a value with spaces\)$/, "")}; did you mean ${word.flag} ${shellWord(word.value)}?`, word.hint));
      const empty = error.code === "commander.optionMissingArgument" ? await missingValue(command, rest.lastIndexOf(/'([^']+)'/.exec(message)?.[1]?.split(" ")[0] ?? ""), rest) : null;
      if (empty) return fail(usage(empty.message, empty.hint));
      return fail(usage(`${plainUsage(error.code, message, command.name)}; run exo ${command.name} --help.`, `exo ${command.name} --help`));
    }
    throw error;
  }
  return collect();
}
