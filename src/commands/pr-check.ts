// exo pr-check: the CI verdict on a branch (SPEC §7.19).
import * as z from "zod";
import { defineCommand } from "./command.js";
import { shellLine } from "../kernel/quote.js";

export const prCheck = defineCommand({
  name: "pr-check",
  summary: "CI verdict: governed commits, finished sessions, drift, scope coverage, governance and ledger integrity.",
  examples: ["exo pr-check", "exo pr-check --base origin/main --markdown pr-report.md"],
  // With --governance-ref (sidecar) the checkout has no .exo/: everything is read from that ref.
  requires: "repo",
  input: () => z.object({
    base: z.string().min(1).optional().describe("Base ref (default <remote>/<base_branch>, else <base_branch>)"),
    head: z.string().min(1).default("HEAD").describe("Head ref"),
    drift_threshold: z.number().min(0).max(1).optional().describe("High-drift threshold (default pr_check.drift_threshold)"),
    strict: z.boolean().default(false).describe("Treat warnings as failure"),
    governance_ref: z.string().min(1).optional().describe("Sidecar branch holding .exo/"),
    markdown: z.string().min(1).optional().describe("Write a Markdown report to this file"),
  }),
  async run(ctx, input) {
    const { resolveGovernanceRef, runPrCheck } = await import("../stdlib/prcheck/store.js");
    const { renderMarkdown } = await import("../stdlib/prcheck/model.js");
    const { loadConfig } = await import("../stdlib/config/store.js");
    const repo = input.governance_ref ? await ctx.repo() : await ctx.governed();
    let config;
    // The ref is resolved to a commit first: every read below uses the sha, never the text given.
    // In sidecar mode (SPEC §7.27) the head tree has no .exo/: without --governance-ref the
    // governance files and ledger are those the .exo worktree has committed (SPEC §7.19 reads them
    // from the sidecar's tree). Before, nothing was read: governance went unchecked and every
    // session's commit was an ungoverned_commit "which no ledger record knows".
    const governanceSha = input.governance_ref
      ? await resolveGovernanceRef(repo, input.governance_ref, repo.isInitialised ? (await loadConfig(repo)).git.remote : "origin")
      : await sidecarHead(repo.exoDir);
    if (governanceSha !== null && !repo.isInitialised) {
      const { gitRaw } = await import("../io/git.js");
      const { parseConfig } = await import("../stdlib/config/model.js");
      const { ExoError, ErrorCode } = await import("../errors.js");
      const text = await gitRaw(repo.root, ["show", `${governanceSha}:config.yaml`]);
      const parsed = text.code === 0 ? parseConfig(text.stdout).value : null;
      // The ref is a commit (resolved above): fetching it again cannot help. The step names a
      // sidecar branch or a remote this repository has (before: git fetch origin …, always).
      if (!parsed) throw new ExoError(ErrorCode.NOT_INITIALIZED, `No readable config.yaml at the root of --governance-ref ${JSON.stringify(input.governance_ref)}: it is not a sidecar branch (exo sidecar-init makes one); name the sidecar branch.`, { hint: await (await import("../stdlib/prcheck/store.js")).sidecarStep(repo, input.governance_ref ?? "", "origin") });
      config = parsed;
    } else {
      config = await loadConfig(repo);
      if (governanceSha !== null) {
        // A commit with no governance files at its root (the main branch, say) is no sidecar branch:
        // before, nothing was read from it and the check passed with governance unchecked.
        const { gitRaw } = await import("../io/git.js");
        const { ExoError, ErrorCode } = await import("../errors.js");
        const has = await gitRaw(repo.root, ["cat-file", "-e", `${governanceSha}:config.yaml`]);
        if (has.code !== 0) throw new ExoError(ErrorCode.INVALID_INPUT, `--governance-ref ${JSON.stringify(input.governance_ref)} has no config.yaml at its root: it is not a sidecar branch (exo sidecar-init); drop --governance-ref to check the .exo/ of the head.`, { hint: "exo pr-check", details: { issues: [{ path: "governance_ref", code: "not_sidecar", message: `no config.yaml on ${input.governance_ref}`, severity: "error" }] } });
      }
    }
    const report = await runPrCheck(repo, config, {
      base: input.base ?? null,
      head: input.head,
      threshold: input.drift_threshold ?? null,
      governanceRef: governanceSha,
    });
    if (input.markdown) {
      const [{ writeReportFile }, { reportTarget }, { judgedReportTarget }] = await Promise.all([import("../io/fs-atomic.js"), import("../io/report-target.js"), import("../orchestrator/decide.js")]);
      await writeReportFile(await judgedReportTarget(ctx, reportTarget(repo, ctx.cwd, input.markdown, "--markdown", { confined: ctx.harness === "mcp", command: "pr-check" }), "--markdown"), renderMarkdown(report));
    }
    return report;
  },
  verdict(data, input) {
    if (data.verdict === "pass" || (data.verdict === "warn" && !input.strict)) return null;
    const first = data.findings.find((f) => f.severity === "error") ?? data.findings[0];
    // The report of the range that failed: the line keeps what was typed (before: `exo pr-check
    // --markdown exo-pr-check.md`, which dropped --base, checked origin/main..HEAD and passed).
    const words = ["pr-check", ...(input.base ? ["--base", input.base] : []), ...(input.head !== "HEAD" ? ["--head", input.head] : []), ...(input.governance_ref ? ["--governance-ref", input.governance_ref] : []), ...(input.drift_threshold !== undefined ? ["--drift-threshold", String(input.drift_threshold)] : []), ...(input.strict ? ["--strict"] : []), "--markdown", input.markdown ?? "exo-pr-check.md"];
    const hint = `exo ${shellLine(words)}`;
    return { code: "PR_CHECK_FAILED", message: `pr-check ${data.verdict}: ${first?.message ?? "findings"}${data.findings.length > 1 ? ` (${data.findings.length} findings)` : ""}.`, hint };
  },
});

/** The commit the .exo sidecar worktree has checked out, when .exo/ is one and it has a config.yaml; else null. */
async function sidecarHead(exoDir: string): Promise<string | null> {
  const { isSidecar } = await import("../stdlib/git/sidecar.js");
  if (!isSidecar(exoDir)) return null;
  const { gitRaw } = await import("../io/git.js");
  const head = await gitRaw(exoDir, ["rev-parse", "--verify", "-q", "HEAD^{commit}"]);
  if (head.code !== 0) return null;
  const sha = head.stdout.trim();
  return (await gitRaw(exoDir, ["cat-file", "-e", `${sha}:config.yaml`])).code === 0 ? sha : null;
}
