// The full exo-mcp server (dist/mcp/main.cjs): the MCP SDK's Server with one tool per command
// (server.ts). The front (bin.ts) loads it through the V8 code cache when a message needs it, and
// hands over the bytes it read: the initialize request and initialized notification it already
// answered are replayed first (the server's answer to the replayed initialize is dropped), then
// everything else in order, parsed and validated by the SDK as its stdio transport does.
import { serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { JSONRPCMessageSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type * as Yaml from "yaml";
import { discoverRepo } from "../io/paths.js";
import { readGovernedTextOrNull } from "../io/read.js";
import { createServer } from "./server.js";
import { REPLAY_ID } from "./replay.js";


export interface Feed {
  /** Messages the front already answered, to replay first. */
  replay: JSONRPCMessage[];
  /** stdin's bytes from where the front stopped, then the rest as they come. */
  onData(listener: (chunk: Buffer) => void): void;
}

export interface ServeOptions {
  repo: string;
  allowedRoots: string[];
  /** null: read mcp.profile from the repository's config.yaml. */
  profile: "core" | "all" | null;
  /** Who a call acts as without an actor argument or EXO_ACTOR (default agent:mcp). */
  defaultActor?: string | undefined;
}

/** The longest line read, as the SDK's stdio buffer (STDIO_DEFAULT_MAX_BUFFER_SIZE). */
const MAX_LINE = 10 * 1024 * 1024;

/**
 * stdio as the SDK's StdioServerTransport does it, reading from the front's feed, except that a
 * line that is not a JSON-RPC message gets JSON-RPC 2.0's answer (-32700 Parse error for a line
 * that is not JSON, -32600 Invalid Request for anything else, with the request's id when it has
 * one) instead of silence, which left a client waiting for ever on a request it got wrong.
 */
class FeedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of an over-long line are being dropped until its end. */
  private oversized = false;
  private closed = false;
  private readonly feed: Feed;

  constructor(feed: Feed) {
    this.feed = feed;
  }

  start(): Promise<void> {
    for (const message of this.feed.replay) this.onmessage?.(message);
    this.feed.onData((chunk) => {
      if (this.closed) return;
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      for (let nl = this.pending.indexOf(10); nl >= 0; nl = this.pending.indexOf(10)) {
        const line = this.pending.toString("utf8", 0, nl).replace(/\r$/, "");
        this.pending = this.pending.subarray(nl + 1);
        if (this.oversized) {
          // The end of a line too long to keep: it is answered once, as the SDK's buffer limit drops it.
          this.oversized = false;
          this.refuse(null, -32600, `Invalid Request: a message longer than ${MAX_LINE} bytes is not read.`);
        } else this.receive(line);
      }
      if (this.pending.length > MAX_LINE) {
        this.pending = Buffer.alloc(0);
        this.oversized = true;
      }
    });
    // Like the SDK's stdio transport, the end of stdin closes nothing: answers still in flight are
    // written, and the process ends when nothing is left to do.
    return Promise.resolve();
  }

  private receive(line: string): void {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.refuse(null, -32700, "Parse error: the line is not JSON; send one JSON-RPC message per line.");
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (parsed.success) {
      this.onmessage?.(parsed.data);
      return;
    }
    const message = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    // A malformed answer to one of the server's own requests is never answered (JSON-RPC 2.0).
    if (message && !("method" in message) && ("result" in message || "error" in message)) return;
    const id = message && (typeof message["id"] === "string" || typeof message["id"] === "number") ? message["id"] : null;
    const problem = Array.isArray(value) ? "batches are not supported; send one message per line" : "expected {jsonrpc: \"2.0\", method, params?, id?}";
    this.refuse(id, -32600, `Invalid Request: ${problem}.`);
  }

  private refuse(id: string | number | null, code: number, message: string): void {
    void this.send({ jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if ("id" in message && message.id === REPLAY_ID && !("method" in message)) return Promise.resolve();
    // The client is gone (bin.ts keeps that error from ending the process): nothing to wait for.
    if (process.stdout.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      if (process.stdout.write(serializeMessage(message))) resolve();
      else process.stdout.once("drain", resolve);
    });
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.pending = Buffer.alloc(0);
      this.onclose?.();
    }
    return Promise.resolve();
  }
}

/** mcp.profile of the repository's config.yaml (SPEC §8.8), when it says one. */
async function configProfile(repoDir: string): Promise<string | undefined> {
  try {
    const repo = await discoverRepo(repoDir, process.env);
    // A regular file of the repository only: a pulled link to /dev/zero or outside is no profile.
    const text = await readGovernedTextOrNull(repo.configFile, [repo.mainRoot, repo.root]);
    if (text === null) return undefined;
    const yaml = (await import("yaml")) as typeof Yaml & { default?: typeof Yaml };
    const parse = typeof yaml.parse === "function" ? yaml.parse : yaml.default?.parse;
    if (!parse) return undefined;
    const doc = parse(text) as { mcp?: { profile?: string } } | null;
    return doc?.mcp?.profile;
  } catch {
    return undefined;
  }
}

export async function serve(opts: ServeOptions, feed: Feed): Promise<void> {
  const chosen = opts.profile ?? (await configProfile(opts.repo)) ?? "all";
  if (chosen !== "core" && chosen !== "all") {
    process.stderr.write(`exo-mcp: --profile must be core or all, not ${chosen}\n`);
    process.exit(2);
  }
  const server = createServer({ repo: opts.repo, allowedRoots: opts.allowedRoots, profile: chosen, env: process.env, ...(opts.defaultActor ? { defaultActor: opts.defaultActor } : {}) });
  await server.connect(new FeedTransport(feed));
}
