// The full exo-mcp server (dist/mcp/main.cjs): the MCP SDK's Server with one tool per command
// (server.ts). The front (bin.ts) loads it through the V8 code cache when a message needs it, and
// hands over the bytes it read: the initialize request and initialized notification it already
// answered are replayed first (the server's answer to the replayed initialize is dropped), then
// everything else in order, parsed and validated by the SDK as its stdio transport does.
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
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

/** stdio as the SDK's StdioServerTransport does it, reading from the front's feed. */
class FeedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly buffer = new ReadBuffer();
  private closed = false;
  private readonly feed: Feed;

  constructor(feed: Feed) {
    this.feed = feed;
  }

  start(): Promise<void> {
    for (const message of this.feed.replay) this.onmessage?.(message);
    this.feed.onData((chunk) => {
      try {
        this.buffer.append(chunk);
      } catch (error) {
        this.onerror?.(error as Error);
        return;
      }
      for (;;) {
        try {
          const message = this.buffer.readMessage();
          if (message === null) break;
          this.onmessage?.(message);
        } catch (error) {
          this.onerror?.(error as Error);
        }
      }
    });
    // Like the SDK's stdio transport, the end of stdin closes nothing: answers still in flight are
    // written, and the process ends when nothing is left to do.
    return Promise.resolve();
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
      this.buffer.clear();
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
