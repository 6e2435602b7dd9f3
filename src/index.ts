// The public library API (SPEC §9.3): named exports only.
import { createContext } from "./commands/context.js";
import { commands, findCommand } from "./commands/index.js";
import { failure, invoke, type Envelope } from "./commands/invoke.js";
import { ExoError, ErrorCode } from "./errors.js";
import { decideSync, type LibraryDecision } from "./hooks/decide-sync.js";

export { commands } from "./commands/index.js";
export { ExoError, ErrorCode, WarningCode } from "./errors.js";
export type { Issue } from "./errors.js";
export type { Command } from "./commands/command.js";
export type { Envelope } from "./commands/invoke.js";
export type { GovernanceLock, SealedPolicy } from "./stdlib/governance/model.js";
export type { LedgerRecord } from "./kernel/ledger.js";
export type { Constitution, Rule } from "./stdlib/constitution/model.js";
export type { Config } from "./stdlib/config/model.js";
// The file formats of SPEC §4, one type each (§9.3).
export type { Ticket, TicketKind, TicketStatus, TicketSummary } from "./stdlib/tickets/types.js";
export type { LockState, DistributedLease } from "./stdlib/locks/types.js";
export type { SessionRecord, Advisory } from "./stdlib/sessions/types.js";
export type { Memento, HandoffRecord } from "./stdlib/sessions/closeout.js";
export type { Features, Requirements } from "./stdlib/governance/manifests.js";
export type { Learning } from "./stdlib/learnings/store.js";
export type { Generated } from "./stdlib/adapters/store.js";

export interface ExoOptions {
  repo?: string;
  actor?: string;
  env?: Readonly<Record<string, string | undefined>>;
  harness?: string;
}

type Input = Record<string, unknown>;
type Helper = (input?: Input) => Promise<Record<string, unknown>>;

export interface Exo {
  /** Any registry command → its envelope; never throws ExoError. */
  run(name: string, input?: Input): Promise<Envelope>;
  /** Any registry command → its data; throws ExoError on failure. */
  call<T = unknown>(name: string, input?: Input): Promise<T>;
  next: Helper;
  sessionStart: Helper;
  sessionFinish: Helper;
  sessionSuspend: Helper;
  sessionResume: Helper;
  sessionHandoff: Helper;
  check: Helper;
  status: Helper;
  ticketCreate: Helper;
  intentCreate: Helper;
  /** The synchronous §7.2 decision the hooks would take for one path. */
  decide(input: { path: string; action?: "read" | "write" | "delete" }): LibraryDecision;
}

/** camelCase helper arguments → the registry's snake_case input keys. */
function snake(input: Input): Input {
  const out: Input = {};
  for (const [k, v] of Object.entries(input)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  return out;
}

export function createExo(options: ExoOptions = {}): Exo {
  const env = options.env ?? process.env;
  const run = async (name: string, input: Record<string, unknown> = {}): Promise<Envelope> => {
    const command = findCommand(name);
    if (!command) return failure(new ExoError(ErrorCode.USAGE_ERROR, `Unknown command ${name}.`)).envelope;
    // Input that is not an object, or a key the command does not take, is INVALID_INPUT as over MCP
    // (SPEC §8.8); before, a null input threw a TypeError and a misspelt key (`scopeAlow`) was
    // dropped without a word, so the command ran with its default.
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      return failure(new ExoError(ErrorCode.INVALID_INPUT, `The input of ${name} must be an object of its arguments.`, { details: { issues: [{ path: "", code: "type_invalid", message: "object expected", severity: "error" }] } }), [], null, { command: command.name }).envelope;
    }
    const unknown = Object.keys(input).filter((k) => !(k in command.input.shape));
    if (unknown.length > 0) {
      const names = Object.keys(command.input.shape);
      return failure(
        new ExoError(ErrorCode.INVALID_INPUT, `Unknown argument ${unknown[0] as string} for ${name}. Its arguments: ${names.join(", ")}.`, {
          details: { issues: unknown.map((k) => ({ path: k, code: "unknown_key", message: `unknown argument ${k}`, severity: "error" })) },
        }),
        [],
        null,
        { command: command.name },
      ).envelope;
    }
    try {
      const ctx = createContext({ cwd: options.repo ?? process.cwd(), env, actor: options.actor, harness: options.harness ?? "sdk", defaultActor: "human" });
      return (await invoke(command, input, ctx)).envelope;
    } catch (error) {
      if (error instanceof ExoError) return failure(error).envelope;
      throw error;
    }
  };
  const call = async <T>(name: string, input: Input = {}): Promise<T> => {
    const envelope = await run(name, input);
    if (!envelope.ok && envelope.error) {
      throw new ExoError(envelope.error.code as ErrorCode, envelope.error.message, { hint: envelope.error.hint, details: envelope.error.details });
    }
    return envelope.data as T;
  };
  const helper = (name: string): Helper => (input = {}) => call<Record<string, unknown>>(name, snake(input));
  return {
    run,
    call,
    next: helper("next"),
    sessionStart: helper("session-start"),
    sessionFinish: helper("session-finish"),
    sessionSuspend: helper("session-suspend"),
    sessionResume: helper("session-resume"),
    sessionHandoff: helper("session-handoff"),
    check: helper("check"),
    status: helper("status"),
    ticketCreate: helper("ticket-create"),
    intentCreate: helper("intent-create"),
    decide: (input) => decideSync(options.repo ?? process.cwd(), input.path, input.action ?? "write", { ...env, ...(options.actor ? { EXO_ACTOR: options.actor } : {}) }),
  };
}

/** Names of every registry command. */
export function commandNames(): string[] {
  return commands.map((c) => c.name);
}
