// The command registry: every command once; the CLI and the MCP server are generated from it.
import type { Command } from "./command.js";
import { compose } from "./compose.js";
import { configValidate } from "./config-validate.js";
import { init } from "./init.js";
import { ledgerShow } from "./ledger-show.js";
import { ledgerVerify } from "./ledger-verify.js";
import { status } from "./status.js";
import { features } from "./features.js";
import { requirements } from "./requirements.js";
import { trace } from "./trace.js";
import { traceReqs } from "./trace-reqs.js";
import { prCheck } from "./pr-check.js";

export const commands: readonly Command[] = [
  init,
  compose,
  configValidate,
  status,
  ledgerVerify,
  ledgerShow,
  features,
  trace,
  requirements,
  traceReqs,
  prCheck,
] as readonly Command[];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
