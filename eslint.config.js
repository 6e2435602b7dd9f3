// Lint: type-aware rules (no-floating-promises catches an unawaited write or lock release)
// and the layer rules of STYLE.md §1 as per-folder import restrictions.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const heavy = ["yaml", "zod", "commander", "@modelcontextprotocol/*"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-console": "error",
      "no-restricted-imports": ["error", { patterns: [{ group: ["fs", "path", "os", "child_process", "crypto"], message: "Use the node: protocol." }] }],
    },
  },
  {
    files: ["src/kernel/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: [...heavy, "../io/*", "../stdlib/*", "../commands/*", "node:fs", "node:child_process"], message: "The kernel is pure: no I/O, no heavy modules." }] }],
    },
  },
  {
    files: ["src/hooks/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: [...heavy, "../stdlib/*", "../commands/*"], message: "The hook hot path reads compiled JSON only." }] }],
    },
  },
  {
    files: ["src/cli/**", "bench/**", "scripts/**", "test/**"],
    rules: { "no-console": "off" },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
