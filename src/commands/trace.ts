// exo trace: check @feature tags against features.yaml (SPEC §7.28).
import * as z from "zod";
import { FeatureId, ScopeGlob } from "./schemas.js";
import { defineCommand } from "./command.js";
import type { FeatureTrace } from "../stdlib/trace/model.js";

export const trace = defineCommand({
  name: "trace",
  summary: "Check feature tags in the code against features.yaml.",
  examples: ["exo trace", "exo trace --feature auth"],
  readOnly: true,
  input: () => z.object({
    feature: FeatureId().optional().describe("Only this feature"),
    path: z.array(ScopeGlob()).default([]).describe("Only files matching these globs (repeatable)"),
  }),
  async run(ctx, input): Promise<FeatureTrace> {
    const { loadFeatures, scanRepository } = await import("../stdlib/trace/store.js");
    const { traceFeatures } = await import("../stdlib/trace/model.js");
    const { loadConfig } = await import("../stdlib/config/store.js");
    const { compileGlob } = await import("../kernel/globs.js");
    const repo = await ctx.governed();
    const manifest = await loadFeatures(repo);
    if (!manifest) return { passed: true, features: [], violations: [] };
    const feature = input.feature;
    if (feature !== undefined && !manifest.features.some((f) => f.id === feature)) {
      // A filter naming no feature would report an empty, passing trace: say so instead.
      const { ExoError, ErrorCode } = await import("../errors.js");
      const ids = manifest.features.map((f) => f.id);
      throw new ExoError(ErrorCode.INVALID_INPUT, `--feature ${feature} is not in features.yaml${ids.length > 0 ? ` (features: ${ids.slice(0, 10).join(", ")}${ids.length > 10 ? ", …" : ""})` : ""}.`, {
        hint: "exo features",
        details: { issues: [{ path: "feature", code: "not_found", message: `no feature ${feature}`, severity: "error" }] },
      });
    }
    const { files, tags } = await scanRepository(repo, await loadConfig(repo), input.path);
    const matched = (patterns: string[]) => files.filter((f) => patterns.some((p) => compileGlob(p)(f)));
    return traceFeatures(manifest, tags, matched, input.feature ?? null);
  },
  verdict(data) {
    if (data.passed) return null;
    const errors = data.violations.filter((v) => v.severity === "error");
    const first = errors[0];
    // What to do about the first error, and a hint that shows the features a tag may name (before:
    // `exo trace`, the command that had just failed).
    const todo = first?.code === "unknown_feature" ? `: add ${first.feature ?? "it"} to .exo/features.yaml (then exo compose) or correct the tag` : first?.code === "deleted_feature" ? ": remove the tag, or give the feature another status in .exo/features.yaml" : "";
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
    return { code: "TRACE_FAILED", message: `Feature trace failed: ${first?.message ?? "errors found"}${todo}${more}.`, hint: "exo features" };
  },
});
