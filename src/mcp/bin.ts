#!/usr/bin/env node
// The `exo-mcp` executable: stdio MCP server. Only protocol traffic on stdout; logs on stderr.
//
// Built as CommonJS (dist/mcp/bin.js) with nothing but Node built-ins, so it starts as fast as a
// bare Node server. An MCP client starts the server and waits for initialize and tools/list before
// its session is ready; this front answers those two (and ping) from build-time answers
// (dist/mcp/fast.json and tools.json, made by the same server code and the SDK's own constants),
// then loads the full server (main.cjs: the SDK, zod, every command) through the V8 code cache and
// hands it the stream: right after tools/list, or at the first message it does not answer itself.
// Anything unusual (an unknown profile, a malformed message, EXO_MCP_FAST=0) hands over at once,
// so every answer but those three is the SDK's own.
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadBundle } from "../io/compile-cache.js";
import { locateRepo } from "../io/locate.js";
import { readCompiledSync } from "../stdlib/compiled.js";
import type * as Main from "./main.js";
import { REPLAY_ID } from "./replay.js";
import { EXO_VERSION } from "../version.js";
import { editDistance } from "../kernel/edit-distance.js";
import { isActor } from "../kernel/ids.js";

export interface FastAnswers {
  protocol: { supported: string[]; latest: string };
  initialize: { capabilities: object; serverInfo: { name: string; version: string }; instructions: string };
  tools: { core: string[]; all: string[] };
}

interface Args {
  repo: string;
  allow: string[];
  defaultActor: string | undefined;
  profile: string | undefined;
}

const HELP = `Usage: exo-mcp [--repo PATH] [--allow-repo PATH]... [--profile core|all]
               [--default-actor ACTOR]

exo's MCP server on stdio: one tool per exo command (exo_session_start, …).
An MCP client starts it (exo install registers it in .mcp.json,
.cursor/mcp.json and .codex/config.toml); run by hand, it waits for JSON-RPC
on stdin.

Options:
  --repo PATH          The repository (default: the working directory)
  --allow-repo PATH    Another repository the tools may work in (repo argument)
  --profile core|all   Everyday tools or all (default: mcp.profile, else all)
  --default-actor ACTOR
                       Who a tool call acts as when it names no actor and
                       EXO_ACTOR is unset (default: $EXO_MCP_DEFAULT_ACTOR,
                       which install's registrations set to agent:claude,
                       agent:cursor or agent:codex; else the client's agent
                       from initialize, such as agent:claude; else agent:mcp)
  -V, --version        Print the version
  -h, --help           Show this help
`;

function parseArgs(argv: string[]): Args {
  let repo = process.cwd();
  const allow: string[] = [];
  let profile: string | undefined;
  let defaultActor: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const got = inline ?? argv[++i];
      if (got !== undefined) return got;
      // `exo-mcp --repo` with nothing after it: say so rather than serve the working directory.
      process.stderr.write(`exo-mcp: ${flag} needs a value (${flag === "--profile" ? "core or all" : flag === "--default-actor" ? "an actor such as agent:claude" : "a folder"}); run exo-mcp --help.\n`);
      process.exit(2);
    };
    if (flag === "--repo") repo = resolve(value());
    else if (flag === "--allow-repo") allow.push(resolve(value()));
    else if (flag === "--profile") profile = value();
    else if (flag === "--default-actor") {
      defaultActor = value();
      if (!isActor(defaultActor)) {
        process.stderr.write(`exo-mcp: --default-actor ${JSON.stringify(defaultActor)} is not an actor; use a form such as agent:claude.\n`);
        process.exit(2);
      }
    }
    else if (flag === "--help" || flag === "-h") {
      process.stdout.write(HELP);
      process.exit(0);
    } else if (flag === "--version" || flag === "-V") {
      process.stdout.write(`${EXO_VERSION}\n`);
      process.exit(0);
    } else {
      // A slip (--profil, --allow-repos) is named, as exo's own parser does (before: --help only).
      const meant = ["--repo", "--allow-repo", "--profile", "--default-actor", "--help", "--version"].find((f) => editDistance(flag, f) <= 2);
      process.stderr.write(`exo-mcp: unknown option ${flag}${meant ? `; did you mean ${meant}?` : "; run exo-mcp --help."}\n`);
      process.exit(2);
    }
  }
  return { repo, allow, profile, defaultActor };
}

type Message = Record<string, unknown>;
const isObject = (v: unknown): v is Message => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown) => typeof v === "string" || (typeof v === "number" && Number.isInteger(v));

/**
 * mcp.profile without a YAML parser: from the compiled config form the CLI keeps, else "all" when
 * config.yaml cannot name a profile at all (no "profile" in its text, and no backslash that could
 * spell one in an escaped key); undefined when unsure (the full server reads the YAML).
 */
function configuredProfile(repoDir: string): string | undefined {
  try {
    const where = locateRepo(repoDir, process.env);
    if (!where) return undefined;
    const file = join(where.exoDir, "config.yaml");
    // A regular file only: a pulled link to /dev/zero would be read for ever.
    const info = statSync(file);
    if (!info.isFile() || info.size > 1024 * 1024) return undefined;
    const text = readFileSync(file, "utf8");
    const value = readCompiledSync<{ mcp?: { profile?: string } }>(join(where.stateDir, "cache"), "config", file, text);
    if (value) return value.mcp?.profile ?? "all";
    return text.includes("profile") || text.includes("\\") ? undefined : "all";
  } catch {
    return undefined;
  }
}

const args = parseArgs(process.argv.slice(2));

/** EXO_MCP_DEFAULT_ACTOR (set by install's registrations); one that is no actor is named and ignored. */
function defaultActorFromEnv(): string | undefined {
  const value = process.env["EXO_MCP_DEFAULT_ACTOR"];
  if (!value) return undefined;
  if (isActor(value)) return value;
  process.stderr.write(`exo-mcp: EXO_MCP_DEFAULT_ACTOR ${JSON.stringify(value)} is not an actor; using agent:mcp.\n`);
  return undefined;
}
const envRoots = (process.env["EXO_MCP_ROOTS"] ?? "").split(":").filter(Boolean).map((p) => resolve(p));
const given = args.profile ?? process.env["EXO_MCP_PROFILE"];
if (given !== undefined && given !== "core" && given !== "all") {
  process.stderr.write(`exo-mcp: --profile must be core or all, not ${given}\n`);
  process.exit(2);
}

let full = false;
let pending: Buffer = Buffer.alloc(0);
const replay: Message[] = [];
let initialized = false;
const listeners: { data: ((chunk: Buffer) => void) | null } = { data: null };
let prewarm: NodeJS.Timeout | null = null;

/** The tool profile, when known without a YAML parser; null: the full server reads config.yaml. */
const profile = (given ?? configuredProfile(args.repo) ?? null) as "core" | "all" | null;

/** Load the full server and give it the stream from the first byte not answered here. */
function handOver(): void {
  if (full) return;
  full = true;
  if (prewarm) clearTimeout(prewarm);
  const loaded = loadBundle<typeof Main>(join(__dirname, "main.cjs"), process.env, "mcp");
  const feed: Main.Feed = {
    replay: replay as never,
    onData(listener) {
      listeners.data = listener;
      // What came before the server was listening (read here, or while it was starting).
      const rest = pending;
      pending = Buffer.alloc(0);
      if (rest.length > 0) listener(rest);
    },
  };
  void loaded.exports.serve({ repo: args.repo, allowedRoots: [args.repo, ...args.allow, ...envRoots], profile, defaultActor: args.defaultActor ?? defaultActorFromEnv() }, feed).then(() => loaded.save());
}

function main(): void {
  // A client that goes away closes the pipe under an answer (EPIPE). Unhandled, that error killed
  // the server in the middle of the other calls still running (a finish half-way through its
  // close-out); handled, their answers are dropped, they complete, and the process ends with stdin.
  process.stdout.on("error", () => undefined);
  let answers: FastAnswers | null = null;
  let definitions: Record<string, unknown> | null = null;
  if (process.env["EXO_MCP_FAST"] !== "0" && profile !== null) {
    try {
      answers = JSON.parse(readFileSync(join(__dirname, "fast.json"), "utf8")) as FastAnswers;
      definitions = JSON.parse(readFileSync(join(__dirname, "tools.json"), "utf8")) as Record<string, unknown>;
    } catch {
      answers = null;
    }
  }
  const write = (id: unknown, result: object) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, result })}\n`);

  /** Answer one message here, or say it is the full server's. */
  const answer = (msg: Message): boolean => {
    if (!answers || !definitions || msg["jsonrpc"] !== "2.0") return false;
    const params = msg["params"];
    if (msg["method"] === "initialize" && !initialized && isId(msg["id"]) && isObject(params)) {
      const info = params["clientInfo"];
      if (typeof params["protocolVersion"] !== "string" || !isObject(params["capabilities"]) || !isObject(info) || typeof info["name"] !== "string" || typeof info["version"] !== "string") return false;
      const asked = params["protocolVersion"];
      initialized = true;
      replay.push({ ...msg, id: REPLAY_ID });
      write(msg["id"], { protocolVersion: answers.protocol.supported.includes(asked) ? asked : answers.protocol.latest, ...answers.initialize });
      // No tools/list soon (a client that lists later, or never): load the full server meanwhile.
      prewarm = setTimeout(() => handOver(), 250);
      return true;
    }
    if (msg["method"] === "notifications/initialized" && initialized && !("id" in msg)) {
      replay.push(msg);
      return true;
    }
    if (msg["method"] === "ping" && isId(msg["id"]) && (params === undefined || isObject(params))) {
      write(msg["id"], {});
      return true;
    }
    if (msg["method"] === "tools/list" && initialized && isId(msg["id"]) && (params === undefined || isObject(params))) {
      const list = answers.tools[profile ?? "all"].map((name) => definitions?.[name]);
      if (list.some((t) => t === undefined)) return false;
      write(msg["id"], { tools: list });
      // The client is ready to call tools: load the full server now.
      setImmediate(() => handOver());
      return true;
    }
    return false;
  };

  process.stdin.on("data", (chunk: Buffer) => {
    if (full) {
      if (listeners.data) listeners.data(chunk);
      else pending = Buffer.concat([pending, chunk]);
      return;
    }
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      const nl = pending.indexOf(10);
      if (nl < 0) return;
      let msg: unknown;
      try {
        msg = JSON.parse(pending.toString("utf8", 0, nl).replace(/\r$/, ""));
      } catch {
        msg = null;
      }
      if (!isObject(msg) || !answer(msg)) {
        handOver();
        return;
      }
      pending = pending.subarray(nl + 1);
    }
  });
  if (!answers) handOver();
}

main();
