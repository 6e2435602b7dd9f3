// The shape of one registry command (SPEC §9.1): the CLI and the MCP server are both
// generated from these objects, so a command is written once.
import type { z } from "zod";
import type { Context } from "./context.js";

/** A failed verdict of a report command: the envelope carries the data and this error. */
export interface Verdict {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

export interface Command<Input extends z.ZodObject = z.ZodObject, Output = unknown> {
  /** kebab-case; the MCP tool is exo_<name with _>. */
  readonly name: string;
  /** --help line and MCP tool description. */
  readonly summary: string;
  /** One or two real command lines for --help (and the docs). */
  readonly examples?: readonly string[];
  readonly input: Input;
  /** Schema keys taken as positional CLI arguments, in order. */
  readonly positional?: readonly (keyof z.infer<Input> & string)[];
  /** Other spellings accepted on the command line (`ledger verify`). */
  readonly aliases?: readonly string[];
  /** What the command needs before it runs; default "initialised". */
  readonly requires?: "none" | "repo" | "initialised";
  /** MCP annotations (§8.8). */
  readonly readOnly?: boolean;
  readonly destructive?: boolean;
  readonly idempotent?: boolean;
  /** Part of the MCP core tool profile. */
  readonly core?: boolean;
  /** Schema keys the MCP tool does not expose (CLI only). */
  readonly cliOnly?: readonly string[];
  /**
   * Schema keys that name a ticket as people type it (any case, a unique prefix): invoke resolves
   * them to the ticket's id before run, for the CLI and MCP alike.
   */
  readonly ticketIds?: readonly (keyof z.infer<Input> & string)[];
  // Method syntax on purpose: it lets one registry array hold every command.
  run(ctx: Context, input: z.infer<Input>): Promise<Output>;
  /** Report commands: a failing verdict turns the envelope into ok:false, data kept. */
  verdict?(data: Output, input: z.infer<Input>): Verdict | null;
}

/** What a command file writes: the input schema as a function, built on first use. */
export type CommandSpec<I extends z.ZodObject, O> = Omit<Command<I, O>, "input"> & { readonly input: () => I };

/**
 * Build a registry command. The input schema is built when first read (the CLI reads it for one
 * command per call; building all ~50 schemas at start-up cost more than a bare Node start).
 */
export function defineCommand<I extends z.ZodObject, O>(spec: CommandSpec<I, O>): Command<I, O> {
  const { input, ...rest } = spec;
  let built: I | undefined;
  return Object.defineProperty(rest, "input", { get: () => (built ??= input()), enumerable: true }) as Command<I, O>;
}

/** A command with its own `actor` input (ledger-show's filter): the global --actor / MCP `actor` is not added. */
export function ownsActor(command: Command): boolean {
  return Object.hasOwn(command.input.shape, "actor");
}

/** The MCP tool name of a command. */
export function toolName(command: { name: string }): string {
  return `exo_${command.name.replaceAll("-", "_")}`;
}
