// The exo-mcp server: one tool per registry command, generated, never hand-written (SPEC §8.8).
import { ACTOR } from "../stdlib/adapters/model.js";
import { readFileSync, realpathSync } from "node:fs";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { Protocol } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { ownsActor, toolName, type Command } from "../commands/command.js";
import { createContext } from "../commands/context.js";
import { commands } from "../commands/index.js";
import { failure, invoke, type Outcome } from "../commands/invoke.js";
import { renderHuman } from "../cli/render/index.js";
import { call as callOf, commandLine, describeForTool, hintAsCall, messageForTool, toolHint, toolInputHint, typedArgs } from "./hints.js";
import { fieldsOf } from "../cli/fields.js";
import type { Env } from "../io/env.js";
import { EXO_VERSION } from "../version.js";
import { sinceNow } from "../kernel/since.js";

export interface ServerOptions {
  repo: string;
  allowedRoots: string[];
  profile: "core" | "all";
  env: Env;
  /** Who a call acts as without an actor argument or EXO_ACTOR (exo-mcp --default-actor). */
  defaultActor?: string;
  /** The MCP client's name from initialize (clientInfo.name), when known. */
  client?: () => string | undefined;
}

/**
 * The actor a tool call acts as when it names none and EXO_ACTOR is unset: the agent the client is
 * (Claude Code → agent:claude, as the instruction files tell that agent to set EXO_ACTOR), so a
 * session started with the CLI is the same actor's over MCP; agent:mcp for a client exo does not know.
 */
export function clientActor(name: string | undefined): string {
  const n = (name ?? "").toLowerCase();
  const known: [RegExp, string][] = [[/claude/, ACTOR.claude], [/cursor/, ACTOR.cursor], [/codex/, ACTOR.agents], [/windsurf|cascade/, ACTOR.windsurf], [/gemini/, ACTOR.gemini], [/copilot/, ACTOR.copilot]];
  return known.find(([re]) => re.test(n))?.[1] ?? "agent:mcp";
}

const INSTRUCTIONS =
  "exo governs this repository. Start a session with exo_session_start before editing files, stay inside the ticket's scope, and close it with exo_session_finish.";

/** What the server says about itself in its initialize answer (the build writes it to fast.json too). */
export const SERVER_INFO = { name: "exo", version: EXO_VERSION };
export const SERVER_OPTIONS = { capabilities: { tools: {} }, instructions: INSTRUCTIONS };

/** Commands offered under a profile. */
export function toolCommands(profile: "core" | "all"): Command[] {
  return commands.filter((c) => profile === "all" || c.core === true);
}

/** Drop zod's safe-integer bounds: they say nothing and cost tokens in every tools/list. */
function compactSchema(value: unknown): object {
  if (typeof value !== "object" || value === null) return value as object;
  if (Array.isArray(value)) return value.map(compactSchema);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if ((k === "maximum" && v === Number.MAX_SAFE_INTEGER) || (k === "minimum" && v === Number.MIN_SAFE_INTEGER)) continue;
    out[k] = typeof v === "object" && v !== null ? compactSchema(v) : v;
  }
  return out;
}

/** The MCP tool definition of a command: its zod schema as JSON Schema plus repo and actor. */
export function toolDefinition(command: Command): Tool {
  const schema = z.toJSONSchema(command.input, { io: "input" }) as { properties?: Record<string, unknown>; required?: string[] };
  const properties: Record<string, object> = {};
  for (const [key, value] of Object.entries(schema.properties ?? {})) properties[key] = compactSchema(value);
  for (const key of command.cliOnly ?? []) delete properties[key];
  properties["repo"] = { type: "string", description: "Repository folder, inside an allowed root" };
  if (!ownsActor(command)) properties["actor"] = { type: "string", description: "Actor (default $EXO_ACTOR, else the client's agent)" };
  const required = (schema.required ?? []).filter((k) => !(command.cliOnly ?? []).includes(k));
  const fields = fieldsOf(command);
  const offered = new Set(Object.keys(properties));
  for (const value of Object.values(properties) as { description?: string }[]) {
    if (typeof value.description === "string") value.description = describeForTool(value.description, fields, offered);
  }
  return {
    name: toolName(command),
    description: describeForTool(command.summary, fields, offered),
    inputSchema: { type: "object", properties, ...(required.length > 0 ? { required } : {}) },
    annotations: {
      title: command.summary,
      readOnlyHint: command.readOnly === true,
      destructiveHint: command.destructive === true,
      idempotentHint: command.idempotent === true,
    },
  };
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith("/") ? root : `${root}/`);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function toResult(outcome: Outcome, command: Command): CallToolResult {
  const envelope = outcome.envelope as unknown as Record<string, unknown>;
  if (!outcome.envelope.ok) {
    return { isError: true, content: [{ type: "text", text: JSON.stringify(outcome.envelope) }], structuredContent: envelope };
  }
  const human = renderHuman(command.name, outcome.envelope.data);
  const warnings = (outcome.envelope.warnings ?? []).map((w) => `warning: ${w.message}`);
  const text = [human, ...warnings].filter((t) => t !== "").join("\n") || "ok";
  return { content: [{ type: "text", text }], structuredContent: envelope };
}

/**
 * Tool arguments read as the command line reads its flags, in one pass over the command's fields:
 * - SPEC §8.8 names arguments after the long flags, and SPEC §6 spells some switches only as their
 *   --no-… form (--no-acquire-lock, --no-git, --no-write, …): no_<name> is <name> negated, for the
 *   switches the command line offers a --no- form of;
 * - a repeatable argument given one string (`path: "README.md"`, as models often write it) is a
 *   list of that one value, as the CLI's single --path is.
 * Returns the keys given as one string, so an error about them names them as given.
 */
function asFlags(command: Command, raw: Record<string, unknown>, known: ReadonlySet<string>): string[] {
  const listed: string[] = [];
  for (const f of fieldsOf(command)) {
    const negated = `no_${f.key}`;
    if (f.kind === "boolean" && f.defaultValue !== false && negated in raw && known.has(f.key) && !known.has(negated) && !(f.key in raw)) {
      const value = raw[negated];
      delete raw[negated];
      raw[f.key] = typeof value === "boolean" ? !value : value;
    }
    if (f.kind === "array" && typeof raw[f.key] === "string") {
      raw[f.key] = [raw[f.key]];
      listed.push(f.key);
    }
  }
  return listed;
}

/** An INVALID_INPUT about a string taken as a list of one names the argument as given (status, not status.0). */
function asGiven(outcome: Outcome, listed: readonly string[]): Outcome {
  const error = outcome.envelope.error;
  if (listed.length === 0 || error?.code !== ErrorCode.INVALID_INPUT) return outcome;
  const unlisted = (text: string) => listed.reduce((t, key) => t.replaceAll(`${key}.0`, key), text);
  const issues = (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  const details = issues ? { ...error.details, issues: issues.map((i) => ({ ...i, path: unlisted(i.path), message: unlisted(i.message) })) } : error.details;
  return { ...outcome, envelope: { ...outcome.envelope, error: { ...error, message: unlisted(error.message), ...(details ? { details } : {}) } } };
}

/**
 * The USAGE_ERROR of a tool this server does not offer: a tool of the all profile asked of a core
 * server says how to get it, a slip (session_start, exo_sesion_start) names the tool meant.
 */
async function unknownTool(name: string, profile: "core" | "all"): Promise<ExoError> {
  const elsewhere = commands.find((c) => toolName(c) === name);
  if (elsewhere) {
    return new ExoError(ErrorCode.USAGE_ERROR, `${name} is not offered under the core tool profile; start exo-mcp with --profile all (or set mcp.profile: all), or run exo ${elsewhere.name} in a shell.`, { hint: `exo ${elsewhere.name} --help` });
  }
  const { suggest } = await import("../cli/help.js");
  const offered = toolCommands(profile).map((c) => toolName(c));
  const near = suggest(name.startsWith("exo_") ? name : `exo_${name}`, offered);
  const meant = near.length > 0 ? `; did you mean ${near.join(" or ")}?` : "; list the tools again (tools/list).";
  return new ExoError(ErrorCode.USAGE_ERROR, `Unknown tool ${name}${meant}`);
}

/** Run one tool call to an outcome, with the same envelope as the CLI. */
export async function callTool(name: string, args: Record<string, unknown>, opts: ServerOptions): Promise<CallToolResult> {
  const command = toolCommands(opts.profile).find((c) => toolName(c) === name);
  if (!command) {
    const error = await unknownTool(name, opts.profile);
    return { isError: true, content: [{ type: "text", text: JSON.stringify(failure(error).envelope) }], structuredContent: failure(error).envelope as unknown as Record<string, unknown> };
  }
  const { repo: repoArg, ...rest } = args;
  const raw: Record<string, unknown> = { ...rest };
  let actor: string | undefined;
  let actorProblem = false;
  if (!ownsActor(command)) {
    // An actor that is not a string is refused like an invalid one, never dropped for the default.
    actorProblem = raw["actor"] !== undefined && typeof raw["actor"] !== "string";
    actor = typeof raw["actor"] === "string" ? (raw["actor"]) : undefined;
    delete raw["actor"];
  }
  const known = new Set(Object.keys(command.input.shape).filter((k) => !(command.cliOnly ?? []).includes(k)));
  const listed = asFlags(command, raw, known);
  const unknown = Object.keys(raw).filter((k) => !known.has(k));
  try {
    if (actorProblem) {
      throw new ExoError(ErrorCode.INVALID_INPUT, `actor must be a string like agent:claude, not ${JSON.stringify(args["actor"])}.`, {
        details: { issues: [{ path: "actor", code: "actor_invalid", message: "string expected", severity: "error" }] },
      });
    }
    if (unknown.length > 0) {
      // Name the arguments the tool does take, and the one meant when it is clear (ticket_id → id).
      const { suggest } = await import("../cli/help.js");
      const word = unknown[0] as string;
      const shown = /^[\w.-]+$/.test(word) ? word : JSON.stringify(word);
      const names = [...known, "repo", ...(ownsActor(command) ? [] : ["actor"])];
      // `port` to exo_dashboard: an option of the command line only (serving), not an argument
      // spelt wrong (before: "did you mean out?", its hint exo_dashboard {"out":9999}).
      if ((command.cliOnly ?? []).includes(word)) {
        throw new ExoError(ErrorCode.INVALID_INPUT, `${word} is an option of the command line only (exo ${command.name} --${word.replaceAll("_", "-")}, see exo ${command.name} --help), not an argument of ${name}; its arguments: ${names.join(", ")}.`, {
          details: { issues: [{ path: word, code: "unknown_key", message: `unknown argument ${word}`, severity: "error" }] },
        });
      }
      // exo_next {"ticket_id": T}: next picks the task itself; a given one is claimed by starting a
      // session on it (before: the hint `exo_next without ticket_id`, a call that claims another task).
      const given = raw[word];
      if (command.name === "next" && ["ticket_id", "id", "ticket"].includes(word) && typeof given === "string" && given !== "") {
        const start = `exo_session_start ${JSON.stringify({ ticket_id: given, ...(actor !== undefined ? { actor } : {}) })}`;
        throw new ExoError(ErrorCode.INVALID_INPUT, `${word} is not an argument of ${name}, which claims the best ready task itself; to work on ${given}, start a session on it (that takes its lock): ${start}.`, {
          details: { issues: [{ path: word, code: "unknown_key", message: `unknown argument ${word}`, severity: "error", call: start }] },
        });
      }
      const near = [...new Set([...names.filter((n) => word.endsWith(`_${n}`) || n.endsWith(`_${word}`)), ...suggest(word, names)])];
      const meant = near.length > 0 ? `; did you mean ${near.join(" or ")}?` : ".";
      throw new ExoError(ErrorCode.INVALID_INPUT, `Unknown argument ${shown} for ${name}${meant} Its arguments: ${names.join(", ")}.`, {
        details: { issues: unknown.map((k) => ({ path: k, code: "unknown_key", message: `unknown argument ${k}`, severity: "error", ...(k === word && near.length > 0 ? { meant: near } : {}) })) },
      });
    }
    let cwd = opts.repo;
    if (repoArg !== undefined) {
      if (typeof repoArg !== "string" || repoArg === "") throw new ExoError(ErrorCode.INVALID_INPUT, "repo must be a folder path.", { details: { issues: [{ path: "repo", code: "type_invalid", message: "string expected", severity: "error" }] } });
      const resolved = realOrSelf(repoArg.startsWith("/") ? repoArg : `${opts.repo}/${repoArg}`);
      if (!opts.allowedRoots.some((root) => isInside(resolved, realOrSelf(root)))) {
        throw new ExoError(ErrorCode.REPO_NOT_ALLOWED, `${repoArg} is outside the repositories this server may use; start exo-mcp with --allow-repo.`, { hint: "exo-mcp --allow-repo PATH" });
      }
      cwd = resolved;
    }
    const ctx = createContext({ cwd, env: opts.env, actor, harness: "mcp", defaultActor: opts.defaultActor ?? clientActor(opts.client?.()) });
    return toResult(forCaller(asGiven(await invoke(command, raw, ctx), listed), command, name, args, opts.profile, sinceNow(opts.env)), command);
  } catch (error) {
    if (error instanceof ExoError) return toResult(forCaller(failure(error, [], null, { command: command.name }), command, name, args, opts.profile, sinceNow(opts.env)), command);
    const internal = new ExoError(ErrorCode.INTERNAL, "internal error: this is a bug in exo", { details: { message: error instanceof Error ? error.message : String(error) } });
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return toResult(failure(internal), command);
  }
}

/**
 * An error's hint and message in the MCP caller's terms (mcp/hints.ts): an INVALID_INPUT's hint is
 * the corrected call, not the command line's `exo <command> --help`; a usage error's (or a
 * break-glass refusal's) hint that is a line of the tool's own command is that call, and its
 * message names the tool's arguments, not --flags. Other errors keep the CLI's envelope.
 */
function forCaller(outcome: Outcome, command: Command, tool: string, args: Record<string, unknown>, profile: "core" | "all", now: number): Outcome {
  const error = outcome.envelope.error;
  const ignored = outcome.envelope.warnings?.some((w) => w.code === WarningCode.OPTION_IGNORED) === true;
  if (!error && !ignored) return outcome;
  // An argument that cannot apply is named as the caller passed it (before: the CLI's flags,
  // `--apply is ignored: --dry-run asks for a report only … (drop --dry-run to remove)`).
  if (ignored) outcome = { ...outcome, envelope: { ...outcome.envelope, warnings: (outcome.envelope.warnings ?? []).map((w) => (w.code === WarningCode.OPTION_IGNORED ? { ...w, message: messageForTool(w.message, command.name, tool, fieldsOf(command)) } : w)) } };
  if (!error) return outcome;
  const shape = (c: Command) => {
    const fields = fieldsOf(c);
    return { name: c.name, tool: toolName(c), fields, positional: c.positional ?? [], offered: new Set(fields.map((f) => f.key).filter((k) => !(c.cliOnly ?? []).includes(k))) };
  };
  const { fields, offered } = shape(command);
  // A call that writes: not a read-only tool, nor one asked only to preview (dry_run, check, gc
  // without apply), whose answers are the CLI's envelope, field for field (conformance-19).
  const writes = command.readOnly !== true && args["dry_run"] !== true && args["check"] !== true && !(command.name === "gc" && args["apply"] !== true);
  // Errors about the call's own arguments; others keep the CLI's hint (SPEC §8.8).
  const reworded = error.code === ErrorCode.USAGE_ERROR || error.code === ErrorCode.BREAK_GLASS_REQUIRED;
  const asCall = reworded && error.hint ? hintAsCall(error.hint, command.name, tool, fields, command.positional ?? [], offered, args) : null;
  let hint = error.code === ErrorCode.INVALID_INPUT ? toolInputHint(tool, args, error, now) : (asCall ?? error.hint);
  // A tool that writes names its own arguments, not --flags, in any refusal ("pass --ticket-id" →
  // "pass ticket_id"); a read-only tool's answer stays the CLI's envelope, word for word.
  const message = reworded || (error.code !== ErrorCode.INVALID_INPUT && writes) ? messageForTool(error.message, command.name, tool, fields) : error.message;
  // A hint still a command line (another command's, or one set by EXO_ACTOR): the tool call it
  // means, in a field of its own, so `hint` stays the CLI's (before: only the line, which an MCP
  // caller cannot run, its actor an environment variable it cannot set). Only on a call that writes.
  // An id typed with a slip (details typed, meant): the call made, corrected, as the CLI's line is;
  // on a read-only tool too, whose envelope otherwise stays the CLI's (before: its hint only, the
  // command line `exo ticket-show TICKET-001`, which an MCP caller cannot run).
  const fixed = (error.code === ErrorCode.TICKET_NOT_FOUND || error.code === ErrorCode.INVALID_PARENT || error.code === ErrorCode.CHECK_NOT_ALLOWED) ? typedArgs(args, error.details) : null;
  const slip = fixed && callOf(tool, fixed);
  // Its hint is the command line with the id corrected, as the CLI's is (before: `exo ticket-show …`
  // from the stdlib for every tool, exo_brief's too); a line exo cannot build keeps the stdlib's.
  if (fixed && error.code === ErrorCode.TICKET_NOT_FOUND) hint = commandLine(command.name, fields, command.positional ?? [], fixed) ?? hint;
  const call = slip ?? (hint !== undefined && !hint.startsWith("exo_") && writes ? toolHint(hint, (name) => {
    // Only the command the hint names has its fields worked out.
    const named = toolCommands(profile).find((c) => c.name === name);
    return named && shape(named);
  }) : null);
  return { ...outcome, envelope: { ...outcome.envelope, error: { ...error, message, ...(hint !== undefined ? { hint } : {}), ...(call !== null ? { tool_hint: call } : {}) } } };
}

/** tools.json beside the built server (scripts/build.mjs writes it from toolDefinition), when there. */
function builtDefinitions(): Record<string, Tool> | null {
  // This module sits in dist/chunks/ (shared with the library) or beside the server in dist/mcp/.
  for (const at of ["../mcp/tools.json", "./tools.json"]) {
    try {
      return JSON.parse(readFileSync(new URL(at, import.meta.url), "utf8")) as Record<string, Tool>;
    } catch {
      // next place
    }
  }
  return null;
}

/** A tools/call whose params are not {name, arguments?}: exo's one-line INVALID_INPUT, as a tool result (SPEC §8.8). */
function malformedCall(message: string, path: string, tool?: string): CallToolResult {
  const error = new ExoError(ErrorCode.INVALID_INPUT, message, { details: { issues: [{ path, code: "type_invalid", message, severity: "error" }] } });
  const command = tool === undefined ? undefined : commands.find((c) => toolName(c) === tool);
  const envelope = failure(error, [], null, command ? { command: command.name } : undefined).envelope;
  // The generic hint names a command line; a known tool's hint is the call, without one there is none.
  if (envelope.error) {
    if (command && tool !== undefined) envelope.error.hint = `${tool} {}`;
    else delete envelope.error.hint;
  }
  return { isError: true, content: [{ type: "text", text: JSON.stringify(envelope) }], structuredContent: envelope as unknown as Record<string, unknown> };
}

/** Read a tools/call's params leniently: exo answers a malformed call itself instead of the SDK's zod dump. */
export function callFromParams(params: unknown, opts: ServerOptions): Promise<CallToolResult> {
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v);
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    return Promise.resolve(malformedCall(`tools/call needs params {name, arguments}, not ${kind(params)}; list the tools with tools/list.`, "params"));
  }
  const { name, arguments: args } = params as { name?: unknown; arguments?: unknown };
  if (typeof name !== "string" || name === "") {
    const got = name === undefined ? "none was given" : `got ${kind(name)}`;
    return Promise.resolve(malformedCall(`tools/call needs name, the tool to call (e.g. exo_status), as a string; ${got}.`, "name"));
  }
  if (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))) {
    return Promise.resolve(malformedCall(`arguments of ${name} must be an object of named arguments ({} for none), not ${kind(args)}.`, "arguments", name));
  }
  return callTool(name, (args ?? {}) as Record<string, unknown>, opts);
}

// The SDK's Server validates every tools/call against its own schema before the handler runs and
// answers a bad one with a multi-line zod dump; the base Protocol registration skips that wrapper,
// so exo reads the params itself (callFromParams).
const LenientCallSchema = z.looseObject({ method: z.literal(CallToolRequestSchema.shape.method.value), params: z.unknown().optional() });

export function createServer(opts: ServerOptions): Server {
  const server = new Server(SERVER_INFO, SERVER_OPTIONS);
  const tools = toolCommands(opts.profile);
  const built = builtDefinitions();
  server.setRequestHandler(ListToolsRequestSchema, () => Promise.resolve({ tools: tools.map((c) => built?.[c.name] ?? toolDefinition(c)) }));
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the server as `this`
  const register = Protocol.prototype.setRequestHandler as (this: Server, schema: typeof LenientCallSchema, handler: (request: z.infer<typeof LenientCallSchema>) => Promise<CallToolResult>) => void;
  const withClient: ServerOptions = { ...opts, client: () => server.getClientVersion()?.name };
  register.call(server, LenientCallSchema, (request) => callFromParams(request.params, withClient));
  return server;
}
