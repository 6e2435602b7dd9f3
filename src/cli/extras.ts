// The CLI's own words that are not registry commands (they print text, or help's data with
// --format json, and have no MCP tool): `exo help [COMMAND]` and `exo completion bash|zsh|fish` (plus `completion ids`,
// which the scripts call for ticket ids).
import { ExoError, ErrorCode } from "../errors.js";
import type { Stdio } from "./main.js";

export async function extra(name: "help" | "completion", rest: readonly string[], io: Stdio, globalHelp: () => string, fail: (e: ExoError) => Promise<number>, json = false): Promise<number> {
  if (name === "help") {
    const { helpFor } = await import("./help.js");
    const { EXO_VERSION } = await import("../version.js");
    const result = helpFor(rest, globalHelp, EXO_VERSION);
    if (!result.ok) return fail(new ExoError(ErrorCode.USAGE_ERROR, result.message ?? "Unknown command.", { hint: result.hint }));
    // --format json: the help as an envelope, as every other command answers (before: the text page).
    io.stdout(json ? `${JSON.stringify({ ok: true, data: result.data ?? null })}\n` : result.text);
    return 0;
  }
  const shell = rest.find((a) => !a.startsWith("-"));
  if (rest.includes("--help") || rest.includes("-h")) {
    const help = await import("./help.js");
    io.stdout(json ? `${JSON.stringify({ ok: true, data: help.COMPLETION_HELP_DATA })}\n` : help.COMPLETION_HELP);
    return 0;
  }
  const completion = await import("./completion.js");
  if (shell === "ids") {
    io.stdout(await completion.ticketIds(io));
    return 0;
  }
  if (shell !== "bash" && shell !== "zsh" && shell !== "fish") {
    return fail(new ExoError(ErrorCode.USAGE_ERROR, `exo completion needs a shell: bash, zsh or fish${shell ? `, not ${JSON.stringify(shell)}` : ""}.`, { hint: "exo completion bash" }));
  }
  io.stdout(completion.script(shell));
  return 0;
}
