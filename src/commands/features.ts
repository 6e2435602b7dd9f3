// exo features: the features manifest with the files tagged for each feature.
import * as z from "zod";
import { defineCommand } from "./command.js";

export const features = defineCommand({
  name: "features",
  summary: "List features from features.yaml with the files tagged for each.",
  examples: ["exo features", "exo features --status deprecated"],
  readOnly: true,
  input: () => z.object({
    status: z.enum(["active", "experimental", "deprecated", "deleted"]).optional().describe("Only features with this status"),
  }),
  async run(ctx, input) {
    const { loadFeatures, scanRepository } = await import("../stdlib/trace/store.js");
    const { loadConfig } = await import("../stdlib/config/store.js");
    const repo = await ctx.governed();
    const manifest = await loadFeatures(repo);
    if (!manifest) return { features: [] };
    const { tags } = await scanRepository(repo, await loadConfig(repo), []);
    return {
      features: manifest.features
        .filter((f) => !input.status || f.status === input.status)
        .map((f) => ({
          id: f.id,
          title: f.title,
          status: f.status,
          allow_agent_edit: f.allow_agent_edit,
          files: f.files,
          tagged_files: tags.filter((t) => t.features.some((x) => x.id === f.id)).map((t) => t.path),
        })),
    };
  },
});
