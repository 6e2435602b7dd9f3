#!/usr/bin/env node
// The `exo-mcp` executable: stdio MCP server. Only protocol traffic on stdout; logs on stderr.
import { resolve } from "node:path";
import { readFile } from "node:fs/promises";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createServer } from "./server.js";
import { discoverRepo } from "../io/paths.js";
import type * as Yaml from "yaml";

function parseArgs(argv: string[]): { repo: string; allow: string[]; profile: string | undefined } {
  let repo = process.cwd();
  const allow: string[] = [];
  let profile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? "";
    if (flag === "--repo") repo = resolve(value());
    else if (flag === "--allow-repo") allow.push(resolve(value()));
    else if (flag === "--profile") profile = value();
    else if (flag === "--help" || flag === "-h") {
      process.stdout.write("Usage: exo-mcp [--repo PATH] [--allow-repo PATH]... [--profile core|all]\n");
      process.exit(0);
    } else {
      process.stderr.write(`exo-mcp: unknown option ${arg}\n`);
      process.exit(2);
    }
  }
  return { repo, allow, profile };
}

/** Profile: flag, else EXO_MCP_PROFILE, else config mcp.profile, else all. */
async function configProfile(repoDir: string): Promise<string | undefined> {
  try {
    const repo = await discoverRepo(repoDir, process.env);
    const text = await readFile(repo.configFile, "utf8");
    // A code-split bundle may hand the module back as its default export only.
    const yaml = (await import("yaml")) as typeof Yaml & { default?: typeof Yaml };
    const parse = typeof yaml.parse === "function" ? yaml.parse : yaml.default?.parse;
    if (!parse) return undefined;
    const doc = parse(text) as { mcp?: { profile?: string } } | null;
    return doc?.mcp?.profile;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const envRoots = (process.env["EXO_MCP_ROOTS"] ?? "").split(":").filter(Boolean).map((p) => resolve(p));
  const chosen = args.profile ?? process.env["EXO_MCP_PROFILE"] ?? (await configProfile(args.repo)) ?? "all";
  if (chosen !== "core" && chosen !== "all") {
    process.stderr.write(`exo-mcp: --profile must be core or all, not ${chosen}\n`);
    process.exit(2);
  }
  const server = createServer({ repo: args.repo, allowedRoots: [args.repo, ...args.allow, ...envRoots], profile: chosen, env: process.env });
  await server.connect(new StdioServerTransport());
}

void main();
