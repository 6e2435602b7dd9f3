// exo pr-check: the CI verdict on a branch (SPEC §7.19).
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { defineCommand } from "./command.js";

export const prCheck = defineCommand({
  name: "pr-check",
  summary: "CI verdict: governed commits, finished sessions, drift, scope coverage, governance and ledger integrity.",
  examples: ["exo pr-check", "exo pr-check --base origin/main --markdown pr-report.md"],
  input: z.object({
    base: z.string().min(1).optional().describe("Base ref (default <remote>/<base_branch>, else <base_branch>)"),
    head: z.string().min(1).default("HEAD").describe("Head ref"),
    drift_threshold: z.number().min(0).max(1).optional().describe("High-drift threshold (default pr_check.drift_threshold)"),
    strict: z.boolean().default(false).describe("Treat warnings as failure"),
    governance_ref: z.string().min(1).optional().describe("Sidecar branch holding .exo/"),
    markdown: z.string().min(1).optional().describe("Write a Markdown report to this file"),
  }),
  async run(ctx, input) {
    const { runPrCheck } = await import("../stdlib/prcheck/store.js");
    const { renderMarkdown } = await import("../stdlib/prcheck/model.js");
    const { loadConfig } = await import("../stdlib/config/store.js");
    const repo = await ctx.governed();
    const report = await runPrCheck(repo, await loadConfig(repo), {
      base: input.base ?? null,
      head: input.head,
      threshold: input.drift_threshold ?? null,
      governanceRef: input.governance_ref ?? null,
    });
    if (input.markdown) await writeFile(resolve(ctx.cwd, input.markdown), renderMarkdown(report));
    return report;
  },
  verdict(data, input) {
    if (data.verdict === "pass" || (data.verdict === "warn" && !input.strict)) return null;
    const first = data.findings.find((f) => f.severity === "error") ?? data.findings[0];
    return { code: "PR_CHECK_FAILED", message: `pr-check ${data.verdict}: ${first?.message ?? "findings"}${data.findings.length > 1 ? ` (${data.findings.length} findings)` : ""}.` };
  },
});
