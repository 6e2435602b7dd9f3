// exo requirements: the requirements manifest.
import * as z from "zod";
import { defineCommand } from "./command.js";

export const requirements = defineCommand({
  name: "requirements",
  summary: "List requirements from requirements.yaml.",
  examples: ["exo requirements"],
  readOnly: true,
  input: () => z.object({
    status: z.enum(["active", "deprecated", "deleted"]).optional().describe("Only requirements with this status"),
  }),
  async run(ctx, input) {
    const { loadRequirements } = await import("../stdlib/trace/store.js");
    const manifest = await loadRequirements(await ctx.governed());
    return { requirements: (manifest?.requirements ?? []).filter((r) => !input.status || r.status === input.status) };
  },
});
