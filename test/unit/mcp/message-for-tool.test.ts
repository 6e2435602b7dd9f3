// messageForTool: a refusal's --flags of the tool's own command become its argument names, clause by
// clause; a clause that is another command's line keeps its flags, a quoted comma included.
import { expect, test } from "vitest";
import { messageForTool } from "../../../src/mcp/hints.js";

const fields = [{ flag: "ticket-id", key: "ticket_id", kind: "string" }, { flag: "dispatch", key: "dispatch", kind: "boolean" }, { flag: "title", key: "title", kind: "string" }] as never;

test("a clause naming another command keeps its flags; the others name the tool's arguments (before: every flag kept once another command was named)", () => {
  expect(messageForTool("No ticket given; pass --ticket-id, claim one with exo next, or use --dispatch.", "session-start", "exo_session_start", fields)).toBe("No ticket given; pass ticket_id, claim one with exo next, or use dispatch.");
  // A quoted value with a comma does not end the other command's clause.
  expect(messageForTool("run exo ticket-update T --title 'a, --dispatch b' --ticket-id X; then pass --ticket-id.", "session-start", "exo_session_start", fields)).toBe("run exo ticket-update T --title 'a, --dispatch b' --ticket-id X; then pass ticket_id.");
  // The tool's own command line is the tool.
  expect(messageForTool("exo session-start --ticket-id T failed.", "session-start", "exo_session_start", fields)).toBe("exo_session_start ticket_id T failed.");
});
