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
      // Ledger and payload data are unknown-typed JSON; String() on them is intended.
      "@typescript-eslint/no-base-to-string": "off",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true, allowNullish: true }],
      "no-restricted-imports": ["error", { patterns: [{ group: ["fs", "path", "os", "child_process", "crypto"], message: "Use the node: protocol." }] }],
    },
  },
  {
    files: ["src/**"],
    rules: {
      // `import { z } from "zod"` makes the bundles build zod's namespace objects (about 900
      // property getters, 150 KB that tree-shaking cannot drop) on every start; `import * as z`
      // resolves each z.member to its binding (docs/performance.md).
      "no-restricted-syntax": ["error", { selector: 'ImportDeclaration[source.value="zod"][importKind="value"] > ImportSpecifier[imported.name="z"]', message: 'Use import * as z from "zod".' }],
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
      // The hot path may use light stdlib I/O (ledger append), never YAML, zod, commander or MCP.
      "no-restricted-imports": ["error", { patterns: [{ group: [...heavy, "../commands/*", "../stdlib/config/*", "../stdlib/governance/*"], message: "The hook hot path reads compiled JSON only." }] }],
    },
  },
  {
    files: ["src/cli/**", "bench/**", "scripts/**", "test/**"],
    rules: { "no-console": "off" },
  },
  {
    // Tests read untyped JSON envelopes on purpose.
    files: ["test/**"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, "no-undef": "off" },
  },
);
