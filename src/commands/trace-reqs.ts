// exo trace-reqs: check @req/@acc tags against requirements.yaml (SPEC §7.28).
import * as z from "zod";
import { ScopeGlob } from "./schemas.js";
import { defineCommand } from "./command.js";
import type { RequirementTrace } from "../stdlib/trace/model.js";

export const traceReqs = defineCommand({
  name: "trace-reqs",
  summary: "Check requirement and acceptance tags against requirements.yaml.",
  examples: ["exo trace-reqs", "exo trace-reqs --check-tests"],
  readOnly: true,
  input: () => z.object({
    path: z.array(ScopeGlob()).default([]).describe("Only files matching these globs (repeatable)"),
    check_tests: z.boolean().default(false).describe("Require an @acc tag in a test file for every acceptance id"),
  }),
  async run(ctx, input): Promise<RequirementTrace> {
    const { loadRequirements, scanRepository } = await import("../stdlib/trace/store.js");
    const { traceRequirements } = await import("../stdlib/trace/model.js");
    const { loadConfig } = await import("../stdlib/config/store.js");
    const { matchesAny } = await import("../kernel/globs.js");
    const repo = await ctx.governed();
    const manifest = await loadRequirements(repo);
    if (!manifest) return { passed: true, requirements: [], violations: [] };
    const config = await loadConfig(repo);
    const { tags } = await scanRepository(repo, config, input.path);
    return traceRequirements(manifest, tags, (p) => matchesAny(config.traceability.test_globs, p) !== null, input.check_tests);
  },
  verdict(data) {
    if (data.passed) return null;
    const errors = data.violations.filter((v) => v.severity === "error");
    const first = errors[0];
    // As exo trace: what to do, and the requirements a tag may name (before: the failed command).
    const todo = first?.code === "unknown_requirement" || first?.code === "unknown_acceptance" ? ": add it to .exo/requirements.yaml (then exo compose) or correct the tag" : first?.code === "deleted_requirement" ? ": remove the tag, or give the requirement another status in .exo/requirements.yaml" : first?.code === "untested_acceptance" ? ": tag a test with it (// @acc:ID in a file of traceability.test_globs)" : "";
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
    return { code: "TRACE_FAILED", message: `Requirement trace failed: ${first?.message ?? "errors found"}${todo}${more}.`, hint: "exo requirements" };
  },
});
