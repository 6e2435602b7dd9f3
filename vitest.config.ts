import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The tests mostly wait on the exo and git processes they spawn: vitest's default on a 2-core
    // machine (one worker) left a core idle and took about three times as long.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
