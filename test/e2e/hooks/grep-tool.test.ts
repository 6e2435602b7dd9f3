// Claude Code's Grep tool prints the lines it matches, so under the default constitution's secrets
// rule (RULE-SEC-001: no read of **/.env, keys, …) it is gated like Read: a search of a secret
// file, or with a glob that picks secret files, is refused; other searches pass without a word.
// The real Claude Code of this test machine offers no Grep tool (it has no ripgrep here), so this
// runs at payload level against the installed launcher's bundle, with the matcher install writes.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { governedGate } from "../../helpers/hooks.js";

test("Claude's Grep: a search of .env or with a glob reaching secret files is denied; searches of the code, or with other globs, are allowed", async () => {
  const { repo, tool } = await governedGate("src/**", { "src/a.ts": "export const a = 1;\n", ".env": "API_TOKEN=s3cr3t\n", "config/.env.local": "X=1\n", "keys/server.pem": "-----BEGIN-----\n" }, { EXO_ACTOR: "agent:claude" }, "grep");
  // install registered Grep beside Read in Claude's PreToolUse matcher.
  const settings = JSON.parse(await readFile(join(repo, ".claude/settings.json"), "utf8")) as { hooks: { PreToolUse: { matcher: string }[] } };
  expect(settings.hooks.PreToolUse.some((m) => m.matcher.split("|").includes("Grep"))).toBe(true);
  expect(await tool("Grep", { pattern: "TOKEN", path: join(repo, ".env"), output_mode: "content" })).toBe("deny");
  expect(await tool("Grep", { pattern: "TOKEN", path: ".env" })).toBe("deny");
  expect(await tool("Grep", { pattern: "TOKEN", glob: ".env*", output_mode: "content" })).toBe("deny");
  expect(await tool("Grep", { pattern: "BEGIN", path: repo, glob: "*.pem" })).toBe("deny");
  expect(await tool("Grep", { pattern: "X", path: "config", glob: "**/.env.*" })).toBe("deny");
  expect(await tool("Grep", { pattern: "export", path: join(repo, "src"), output_mode: "content" })).toBe("allow");
  // Without a path or glob it searches the whole repository with --hidden: the committed .env and the
  // key are read too (allowed before round 20; test/e2e/hooks/tree-reads.test.ts).
  expect(await tool("Grep", { pattern: "export" })).toBe("deny");
  expect(await tool("Grep", { pattern: "export", type: "ts" })).toBe("allow");
  expect(await tool("Grep", { pattern: "export", glob: "*.ts" })).toBe("allow");
  expect(await tool("Grep", { pattern: "export", path: repo, glob: "src/**/*.{ts,tsx}" })).toBe("allow");
});
