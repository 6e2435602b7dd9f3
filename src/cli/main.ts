// argv → exit code. The only place besides cli/render that decides what is printed.
import { ExoError, ErrorCode } from "../errors.js";
import type { Command } from "../commands/command.js";
import { createContext } from "../commands/context.js";
import { commands, findCommand } from "../commands/index.js";
import { failure, invoke, type Envelope, type Outcome } from "../commands/invoke.js";
import type { Env } from "../io/env.js";
import { EXO_VERSION } from "../version.js";
import { fastParse } from "./fast-args.js";
import { prepareHuman, renderHuman } from "./render/index.js";

export interface Stdio {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
  cwd: string;
}

interface Globals {
  format: string;
  repo: string | undefined;
  actor: string | undefined;
  help: boolean;
  version: boolean;
}

const TWO_WORD: Record<string, string[]> = { ledger: ["verify", "show"] };

/** Pull global flags out of argv wherever they are (last occurrence wins). */
export function splitGlobals(argv: readonly string[]): { globals: Globals; name: string | null; rest: string[] } {
  const globals: Globals = { format: "human", repo: undefined, actor: undefined, help: false, version: false };
  const rest: string[] = [];
  let name: string | null = null;
  let command: Command | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const takeValue = () => (inline !== undefined ? inline : (argv[++i] ?? ""));
    const ownsActor = command ? Object.hasOwn(command.input.shape, "actor") : false;
    if (flag === "--format") globals.format = takeValue();
    else if (flag === "--repo") globals.repo = takeValue();
    else if (flag === "--actor" && !(name !== null && ownsActor)) globals.actor = takeValue();
    else if (name === null && (arg === "--help" || arg === "-h")) globals.help = true;
    else if (name === null && (arg === "--version" || arg === "-V")) globals.version = true;
    else if (name === null && !arg.startsWith("-")) {
      name = arg;
      const next = argv[i + 1];
      if (TWO_WORD[arg] && next && TWO_WORD[arg].includes(next)) {
        name = `${arg}-${next}`;
        i++;
      }
      command = findCommand(name);
    } else rest.push(arg);
  }
  return { globals, name, rest };
}

export function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const lines = [
    `exo ${EXO_VERSION}: governance for AI coding agent sessions`,
    "",
    "Usage: exo [--format human|json] [--repo PATH] [--actor NAME] <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Global options:",
    "  --format human|json  Output mode (json prints the SPEC envelope)",
    "  --repo PATH          Any folder inside the target git work tree",
    "  --actor NAME         Who acts (default $EXO_ACTOR, else human)",
    "  -h, --help           Help for exo or a command",
    "  -V, --version        Print the version",
    "",
    "Run `exo <command> --help` for the options of a command.",
  ];
  return `${lines.join("\n")}\n`;
}

function usage(message: string, hint?: string): ExoError {
  return new ExoError(ErrorCode.USAGE_ERROR, message, { hint });
}

function emit(outcome: Outcome, format: string, commandName: string, io: Stdio): number {
  const { envelope } = outcome;
  if (format === "json") {
    io.stdout(`${JSON.stringify(envelope)}\n`);
    return outcome.exitCode;
  }
  printHuman(envelope, commandName, io);
  return outcome.exitCode;
}

function printHuman(envelope: Envelope, commandName: string, io: Stdio): void {
  if (envelope.data !== null && envelope.data !== undefined) {
    const text = renderHuman(commandName, envelope.data);
    if (text) io.stdout(`${text}\n`);
  }
  for (const w of envelope.warnings ?? []) io.stderr(`warning: ${w.message}\n`);
  if (envelope.error) {
    io.stderr(`error: ${envelope.error.message} [${envelope.error.code}]\n`);
    if (envelope.error.hint) io.stderr(`hint: ${envelope.error.hint}\n`);
  }
}

export async function main(argv: readonly string[], io: Stdio): Promise<number> {
  const { globals, name, rest } = splitGlobals(argv);
  const format = globals.format === "json" ? "json" : "human";
  const fail = (error: ExoError) => emit(failure(error), format, name ?? "exo", io);
  if (globals.format !== "json" && globals.format !== "human") {
    return fail(new ExoError(ErrorCode.INVALID_INPUT, `--format must be human or json, not ${JSON.stringify(globals.format)}.`, { details: { issues: [{ path: "format", code: "enum_invalid", message: "human or json", severity: "error" }] } }));
  }
  if (name === null) {
    if (globals.version) {
      io.stdout(`${EXO_VERSION}\n`);
      return 0;
    }
    if (globals.help) {
      io.stdout(globalHelp());
      return 0;
    }
    if (rest.length > 0) return fail(usage(`Unknown option ${rest[0]}; run exo --help.`, "exo --help"));
    io.stderr(globalHelp());
    return fail(usage("No command given; run exo --help.", "exo --help"));
  }
  const command = findCommand(name);
  if (!command) return fail(usage(`Unknown command ${JSON.stringify(name)}; run exo --help for the list.`, "exo --help"));

  const raw = fastParse(command, rest) ?? (await parseWithCommander(command, rest, io, fail));
  if (typeof raw === "number") return raw;
  try {
    const ctx = createContext({ cwd: globals.repo ?? io.cwd, env: io.env, actor: globals.actor, harness: "cli", defaultActor: "human" });
    const outcome = await invoke(command, raw, ctx);
    if (format === "human") await prepareHuman(command.name);
    return emit(outcome, format, command.name, io);
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

/** commander for help, usage errors and every unusual command line: the raw input, or an exit code. */
async function parseWithCommander(command: Command, rest: string[], io: Stdio, fail: (error: ExoError) => number): Promise<Record<string, unknown> | number> {
  const [{ CommanderError }, { buildProgram }] = await Promise.all([import("commander"), import("./program.js")]);
  const { program, collect } = buildProgram(command);
  let helpText = "";
  let commanderMessage = "";
  program.exitOverride().configureOutput({
    writeOut: (text) => (helpText += text),
    writeErr: (text) => (commanderMessage += text),
  });
  program.name(`exo ${command.name}`);
  try {
    program.parse(rest, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.help") {
        io.stdout(helpText);
        return 0;
      }
      const message = (commanderMessage || error.message).replace(/^error:\s*/, "").trim().split("\n")[0] ?? "bad usage";
      return fail(usage(`${message} (exo ${command.name}); run exo ${command.name} --help.`, `exo ${command.name} --help`));
    }
    throw error;
  }
  return collect();
}
