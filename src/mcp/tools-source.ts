// Build-time only: every command's MCP tool definition, written to dist/mcp/tools.json so that
// exo-mcp answers tools/list without building ~50 zod schemas and their JSON Schemas per start.
import { commands } from "../commands/index.js";
import { toolDefinition } from "./server.js";

export const toolDefinitions = () => Object.fromEntries(commands.map((c) => [c.name, toolDefinition(c)]));
