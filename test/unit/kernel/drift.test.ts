import { expect, test } from "vitest";
import { computeDrift, type ChangedFile } from "../../../src/kernel/drift.js";

const file = (path: string, status: ChangedFile["status"] = "modified"): ChangedFile => ({ path, status, added: 1, removed: 0 });

test("SPEC's worked example scores 0.496", () => {
  const report = computeDrift({
    files: ["src/auth/a.ts", "src/auth/b.ts", "src/auth/c.ts", "src/api/x.ts", "README.md"].map((p) => file(p)),
    scope: { allow: ["src/auth/**"], deny: [], boundaries: ["src/api/**"] },
    deny: [],
    allow: [],
    maxFiles: 12,
    maxLoc: 400,
  });
  expect(report).toMatchObject({ score: 0.496, changed: 5, in_scope: 3, scope_compliance: 0.6, files_ratio: 0.417, boundary_violation: true, out_of_scope: ["src/api/x.ts", "README.md"] });
});

test("one out-of-scope file and nothing else: 0.529; nothing changed: 0", () => {
  const one = computeDrift({ files: [file("README.md")], scope: { allow: ["src/**"], deny: [], boundaries: [] }, deny: [], allow: [], maxFiles: 12, maxLoc: 400 });
  expect(one.score).toBe(0.529);
  const none = computeDrift({ files: [], scope: { allow: ["src/**"], deny: [], boundaries: [] }, deny: [], allow: [], maxFiles: 12, maxLoc: 400 });
  expect(none).toMatchObject({ score: 0, scope_compliance: 1, changed: 0 });
});

test("constitution deny rules count by action; allow exceptions lift them; delete-only rules ignore writes", () => {
  const deny = [
    { id: "RULE-SEC", patterns: ["**/.env", "**/.env.*"], actions: ["read", "write", "delete"] },
    { id: "RULE-DEL", patterns: ["keep/**"], actions: ["delete"] },
  ];
  const allow = [{ id: "RULE-OK", patterns: ["**/.env.example"], actions: ["write"], cancels: ["RULE-SEC"] }];
  const scope = { allow: ["**"], deny: [], boundaries: [] };
  const base = { scope, deny, allow, maxFiles: 12, maxLoc: 400 };
  expect(computeDrift({ ...base, files: [file(".env")] }).violations).toEqual([{ path: ".env", kind: "rule", rule: "RULE-SEC" }]);
  expect(computeDrift({ ...base, files: [file(".env.example")] }).violations).toEqual([]);
  expect(computeDrift({ ...base, files: [file("keep/a.ts")] }).violations).toEqual([]);
  expect(computeDrift({ ...base, files: [file("keep/a.ts", "deleted")] }).violations).toEqual([{ path: "keep/a.ts", kind: "rule", rule: "RULE-DEL" }]);
});
