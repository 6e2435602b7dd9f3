// exo status: a one-screen overview of governance, tickets, sessions, locks and the ledger.
import * as z from "zod";
import { defineCommand } from "./command.js";

export const status = defineCommand({
  name: "status",
  summary: "One-screen overview: governance integrity, tickets, sessions, locks, next ticket, ledger.",
  examples: ["exo status", "exo status --format json"],
  readOnly: true,
  core: true,
  input: () => z.object({}),
  async run(ctx) {
    const { collectStatus } = await import("../orchestrator/status.js");
    return collectStatus(ctx);
  },
});
