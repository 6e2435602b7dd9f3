// Build-time only: every command's MCP tool definition, written to dist/mcp/tools.json so that
// exo-mcp answers tools/list without building ~50 zod schemas and their JSON Schemas per start.
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { commands } from "../commands/index.js";
import { SERVER_INFO, SERVER_OPTIONS, toolCommands, toolDefinition } from "./server.js";
import type { FastAnswers } from "./bin.js";

export const toolDefinitions = () => Object.fromEntries(commands.map((c) => [c.name, toolDefinition(c)]));

/** dist/mcp/fast.json: what exo-mcp's front answers before the SDK is loaded (src/mcp/bin.ts). */
export const fastAnswers = (): FastAnswers => ({
  protocol: { supported: [...SUPPORTED_PROTOCOL_VERSIONS], latest: LATEST_PROTOCOL_VERSION },
  initialize: { capabilities: SERVER_OPTIONS.capabilities, serverInfo: SERVER_INFO, instructions: SERVER_OPTIONS.instructions },
  tools: { core: toolCommands("core").map((c) => c.name), all: toolCommands("all").map((c) => c.name) },
});
