// exo check: run the ticket's checks and the required checks (allowlisted commands only).
import * as z from "zod";
import { TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";
import { failedChecksText } from "../kernel/checks.js";
import type { CheckResult } from "../stdlib/checks/run.js";
import { plural } from "../kernel/plural.js";

export const check = defineCommand({
  name: "check",
  summary: "Run the ticket's checks plus the constitution's required checks (allowlist only, no shell).",
  examples: ["exo check", "exo check --ticket-id TICKET-001"],
  core: true,
  input: () => z.object({
    ticket_id: TicketId().optional().describe("Ticket (default: your session's; none = required checks only)"),
  }),
  ticketIds: ["ticket_id"],
  async run(ctx, input): Promise<{ ticket: string | null; commands: string[]; results: CheckResult[]; passed: boolean; suspended_session?: { session: string; ticket: string } }> {
    const { runCheckCommand } = await import("../orchestrator/check.js");
    return runCheckCommand(ctx, input.ticket_id);
  },
  verdict(data, input) {
    if (data.passed) return null;
    const failed = data.results.filter((r) => !r.passed);
    // Run again once fixed: the same checks. A bare `exo check` without a session runs only the
    // required checks, and would pass where this failed.
    const again = input.ticket_id && data.ticket ? `exo check --ticket-id ${data.ticket}` : "exo check";
    return { code: "CHECKS_FAILED", message: `${plural(failed.length, "check")} failed: ${failedChecksText(data.results)}.`, hint: again };
  },
});
