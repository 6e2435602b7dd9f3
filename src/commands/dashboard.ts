// exo dashboard: a self-contained HTML view of the fleet (or --serve it live on 127.0.0.1).
import * as z from "zod";
import { defineCommand } from "./command.js";
import { OutFile } from "./schemas.js";

export const dashboard = defineCommand({
  name: "dashboard",
  summary: "Write a self-contained HTML dashboard (live sessions, ledger timeline, intents, locks, drift); exo dashboard --serve serves it live on 127.0.0.1.",
  examples: ["exo dashboard", "exo dashboard --serve --port 7317"],
  cliOnly: ["serve", "port", "bind", "allow_remote"],
  input: () => z.object({
    out: OutFile().optional().describe("Output file (default .exo/cache/dashboard.html)"),
    serve: z.boolean().default(false).describe("Serve live on 127.0.0.1 until interrupted; pushes changes as they happen (CLI only)"),
    port: z.number().int().min(0).max(65535).optional().describe("Port for --serve (default 7317; 0 picks a free one)"),
    bind: z.string().min(1).optional().describe("Address for --serve (default 127.0.0.1); loopback only unless --allow-remote"),
    allow_remote: z.boolean().default(false).describe("Let --bind take a non-loopback address (exposes the fleet's data to the network)"),
  }),
  async run(ctx, input) {
    const { runDashboard } = await import("../dashboard/index.js");
    return runDashboard(ctx, input);
  },
});
