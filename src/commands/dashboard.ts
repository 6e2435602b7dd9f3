// exo dashboard: a self-contained HTML overview (or --serve it on loopback).
import { z } from "zod";
import { defineCommand } from "./command.js";

export const dashboard = defineCommand({
  name: "dashboard",
  summary: "Write a self-contained HTML dashboard (sessions, drift, fleet, intents, locks, ledger), or --serve it on 127.0.0.1.",
  examples: ["exo dashboard", "exo dashboard --serve --port 7317"],
  cliOnly: ["serve", "port"],
  input: z.object({
    out: z.string().min(1).optional().describe("Output file (default .exo/cache/dashboard.html)"),
    serve: z.boolean().default(false).describe("Serve on 127.0.0.1 until interrupted (CLI only)"),
    port: z.number().int().min(1).max(65535).default(7317).describe("Port for --serve"),
  }),
  async run(ctx, input) {
    const { dashboard: run } = await import("../orchestrator/dashboard.js");
    return run(ctx, input);
  },
});
