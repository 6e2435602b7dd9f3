// exo config-validate: every problem of config, constitution and manifests in one run.
import * as z from "zod";
import { defineCommand } from "./command.js";

interface ValidateData {
  valid: boolean;
  issues: { file: string; path: string; code: string; message: string; severity: "error" | "warning"; line?: number; column?: number }[];
}

export const configValidate = defineCommand({
  name: "config-validate",
  summary: "Validate config, constitution and manifests, listing every issue.",
  examples: ["exo config-validate", "exo config-validate --format json"],
  readOnly: true,
  input: () => z.object({}),
  async run(ctx): Promise<ValidateData> {
    const { readSourceTexts } = await import("../stdlib/governance/store.js");
    const { parseSources } = await import("../stdlib/governance/sources.js");
    const repo = await ctx.governed();
    const { issues } = parseSources(await readSourceTexts(repo));
    return {
      valid: !issues.some((i) => i.severity === "error"),
      issues: issues.map((i) => ({ ...i, file: i.file ?? "" })),
    };
  },
  verdict(data) {
    if (data.valid) return null;
    const errors = data.issues.filter((i) => i.severity === "error");
    const first = errors[0];
    return {
      code: "VALIDATION_FAILED",
      message: `${errors.length} problem${errors.length === 1 ? "" : "s"} in governance files${first ? `; first: ${first.message}` : ""}.`,
    };
  },
});
