import { expect, test } from "vitest";
import { envelope, exo, initRepo, writeFiles } from "../../helpers/repo.js";

const FEATURES = `version: 1
features:
  - id: billing
    title: Billing
    files: ["src/billing/**"]
  - id: legacy
    title: Legacy export
    status: deprecated
  - id: gone
    title: Removed thing
    status: deleted
  - id: search
    title: Search
    files: ["src/search/**"]
`;

const REQUIREMENTS = `version: 1
requirements:
  - id: REQ-AUTH-1
    title: Users can sign up
    acceptance: [ACC-AUTH-1a, ACC-AUTH-1b]
  - id: REQ-AUTH-2
    title: Users can reset passwords
  - id: REQ-OLD
    title: Fax support
    status: deleted
`;

test("without manifests the trace commands pass with empty lists", async () => {
  const repo = await initRepo();
  for (const cmd of ["trace", "trace-reqs", "features", "requirements"]) {
    const env = envelope(await exo(repo, cmd));
    expect(env.ok, cmd).toBe(true);
  }
  expect(envelope(await exo(repo, "trace")).data).toEqual({ passed: true, features: [], violations: [] });
});

test("trace reports unknown, deleted and deprecated feature tags, unbalanced ends and unbound features", async () => {
  const repo = await initRepo({});
  await writeFiles(repo, {
    ".exo/features.yaml": FEATURES,
    "src/billing/tax.ts": "// @feature:billing\nexport const tax = 1;\n// @endfeature\n// @endfeature\n",
    "src/a.ts": "# @feature:nope\nconst x = '@feature:ignored-not-in-comment';\n",
    "src/b.py": "# @feature:gone\n# @feature:legacy\n",
  });
  const run = await exo(repo, "trace");
  expect(run.code).toBe(1);
  const env = envelope(run);
  expect(env.error?.code).toBe("TRACE_FAILED");
  const got = env.data.violations.map((v: { code: string; path: string | null; line: number | null }) => `${v.code}:${v.path}:${v.line}`).sort();
  expect(got).toEqual(["deleted_feature:src/b.py:1", "deprecated_feature:src/b.py:2", "unbalanced_end:src/billing/tax.ts:4", "unbound_feature:null:null", "unknown_feature:src/a.ts:1"].sort());
  const billing = env.data.features.find((f: { id: string }) => f.id === "billing");
  expect(billing).toMatchObject({ tagged_files: ["src/billing/tax.ts"], matched_files: ["src/billing/tax.ts"] });
  const features = envelope(await exo(repo, "features", "--status", "active"));
  expect(features.data.features.map((f: { id: string }) => f.id)).toEqual(["billing", "search"]);
});

test("trace-reqs checks requirement and acceptance tags; --check-tests requires tests", async () => {
  const repo = await initRepo();
  await writeFiles(repo, {
    ".exo/requirements.yaml": REQUIREMENTS,
    "src/signup.ts": "// @req:REQ-AUTH-1\nexport {};\n",
    "test/signup.test.ts": "// @acc:ACC-AUTH-1a\n",
    "src/fax.ts": "// @req:REQ-OLD,REQ-NEW\n",
  });
  const plain = envelope(await exo(repo, "trace-reqs"));
  expect(plain.ok).toBe(false);
  const codes = plain.data.violations.map((v: { code: string }) => v.code).sort();
  expect(codes).toEqual(["deleted_requirement", "uncovered_requirement", "unknown_requirement"]);
  const strict = envelope(await exo(repo, "trace-reqs", "--check-tests"));
  expect(strict.data.violations.map((v: { code: string }) => v.code)).toContain("untested_acceptance");
  const req1 = strict.data.requirements.find((r: { id: string }) => r.id === "REQ-AUTH-1");
  expect(req1.implemented_in).toEqual([{ path: "src/signup.ts", line: 1 }]);
  expect(req1.acceptance).toEqual([
    { id: "ACC-AUTH-1a", tested_in: ["test/signup.test.ts"] },
    { id: "ACC-AUTH-1b", tested_in: [] },
  ]);
  // A clean repository passes.
  await writeFiles(repo, { "src/fax.ts": "export {};\n", "src/reset.ts": "// @req:REQ-AUTH-2\n", "test/more.test.ts": "// @acc:ACC-AUTH-1b\n" });
  expect((await exo(repo, "trace-reqs", "--check-tests")).code).toBe(0);
});

test("an invalid manifest is MANIFEST_INVALID", async () => {
  const repo = await initRepo();
  await writeFiles(repo, { ".exo/features.yaml": "version: 1\nfeatures:\n  - id: 9bad\n    title: x\n" });
  const run = await exo(repo, "trace");
  expect(run.code).toBe(2);
  expect(envelope(run).error?.code).toBe("MANIFEST_INVALID");
});
