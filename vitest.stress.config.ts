// `npm run test:stress` (issue #18): the soak test, outside the default suite (test/**/*.test.ts).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/stress/**/*.stress.ts"],
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
