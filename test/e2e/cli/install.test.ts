import { staleAdapters } from "../../helpers/adapters.js";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, tempDir, tempRepo, writeFiles } from "../../helpers/repo.js";

const GITIGNORE = "# exo: ephemeral state, never committed\n/sessions/\n/locks/\n/cache/\n/logs/\n/traces/\n";

function snapshot(repo: string): string {
  return git(repo, "ls-files", "-s") + git(repo, "status", "--porcelain");
}

test("install on a fresh repo writes governance, adapters and hooks in one commit of exactly those paths; a second install changes nothing", async () => {
  const repo = await tempRepo({ "package.json": '{"name":"app","scripts":{"test":"vitest run"}}\n', "package-lock.json": "{}\n", "src/index.ts": "export {};\n" });
  await writeFiles(repo, { "scratch.txt": "user work in progress\n" });
  const run = await exo(repo, "install");
  expect(run.code).toBe(0);
  const env = envelope(run);
  expect(env.data.status).toBe("ok");
  expect(env.data.steps.map((s: { name: string }) => s.name)).toEqual(["preflight", "scan", "scaffold", "compose", "adapters", "hooks", "gitignore", "commit"]);
  const files = git(repo, "show", "--name-only", "--format=", "HEAD").trim().split("\n").sort();
  expect(files).toEqual(expect.arrayContaining([".exo/.gitignore", ".exo/constitution.yaml", ".exo/config.yaml", ".exo/governance.lock.json", ".exo/policy.sealed.json", ".exo/generated.json", ".exo/bin/exo-hook.mjs", "CLAUDE.md", "AGENTS.md", ".claude/settings.json", ".cursor/rules/exo.mdc"]));
  expect(files.every((f) => f.startsWith(".exo/") || ["CLAUDE.md", "AGENTS.md", ".claude/settings.json", ".cursor/rules/exo.mdc", ".mcp.json"].includes(f))).toBe(true);
  expect(files).not.toContain("scratch.txt");
  expect(git(repo, "log", "-1", "--format=%B")).toMatch(/chore\(exo\): install governance \(exo [\d.]+\)\n\nExo-Generated: true/);
  expect(await readFile(join(repo, ".exo/.gitignore"), "utf8")).toBe(GITIGNORE);
  const config = await readFile(join(repo, ".exo/config.yaml"), "utf8");
  expect(config).toMatch(/allowlist: \["npm test"\]/);
  expect(config).toMatch(/default_ticket_checks: \["npm test"\]/);
  const before = snapshot(repo);
  const head = git(repo, "rev-parse", "HEAD");
  const second = envelope(await exo(repo, "install"));
  expect(second.data.steps.every((s: { status: string }) => s.status === "unchanged")).toBe(true);
  expect(second.data.committed).toBeNull();
  expect(git(repo, "rev-parse", "HEAD")).toBe(head);
  expect(snapshot(repo)).toBe(before);
});

test("brownfield: user text in CLAUDE.md and AGENTS.md is kept byte for byte; a dirty CLAUDE.md stays uncommitted", async () => {
  const userClaude = "# Team notes\n\nAlways run the linter.\n";
  const userAgents = "# Agents\n\nBe nice.\n\n<!-- exo:begin -->\nold block\n<!-- exo:end -->\n\nFooter stays.\n";
  const repo = await tempRepo({ "CLAUDE.md": userClaude, "AGENTS.md": userAgents });
  await writeFile(join(repo, "CLAUDE.md"), `${userClaude}Uncommitted line.\n`);
  const env = envelope(await exo(repo, "install"));
  expect(env.data.left_uncommitted).toEqual(["CLAUDE.md"]);
  const claude = await readFile(join(repo, "CLAUDE.md"), "utf8");
  expect(claude.startsWith(`${userClaude}Uncommitted line.\n\n<!-- exo:begin -->\n<!-- exo:governance sha256=`)).toBe(true);
  const agents = await readFile(join(repo, "AGENTS.md"), "utf8");
  expect(agents.startsWith("# Agents\n\nBe nice.\n\n<!-- exo:begin -->\n")).toBe(true);
  expect(agents.endsWith("<!-- exo:end -->\n\nFooter stays.\n")).toBe(true);
  expect(agents).not.toContain("old block");
  expect(git(repo, "status", "--porcelain")).toMatch(/ M CLAUDE\.md/);
});

test("adapters: stale after a compose, edited after a hand edit inside the block, fresh after regenerating", async () => {
  const repo = await tempRepo();
  await exo(repo, "install", "--no-hooks");
  expect(envelope(await exo(repo, "adapter-generate", "--check")).ok).toBe(true);
  const stale = await staleAdapters(repo);
  expect(stale.data.targets.find((t: { target: string }) => t.target === "claude").status).toBe("stale");
  expect(envelope(await exo(repo, "adapter-generate")).data.targets.every((t: { status: string }) => t.status === "written")).toBe(true);
  // Teammates' agents read the files from git: the human output says to commit what was written.
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, (await readFile(constitution, "utf8")).replace("max_files: 11", "max_files: 10"));
  expect((await exo(repo, "compose")).code).toBe(0);
  const human = await exo(repo, "adapter-generate", { json: false });
  expect(human.stdout).toMatch(/^next: git add CLAUDE\.md AGENTS\.md \.cursor\/rules\/exo\.mdc \.exo\/generated\.json && git commit -m "chore: exo agent instructions" -m "Exo-Generated: true" -- CLAUDE\.md AGENTS\.md \.cursor\/rules\/exo\.mdc \.exo\/generated\.json$/m);
  expect((await exo(repo, "adapter-generate", { json: false })).stdout).not.toMatch(/^next:/m);
  const claude = join(repo, "CLAUDE.md");
  await writeFile(claude, (await readFile(claude, "utf8")).replace("### Checks", "### Checks (hand edited)"));
  expect(envelope(await exo(repo, "adapter-generate", "--check")).data.targets.find((t: { target: string }) => t.target === "claude").status).toBe("edited");
  const mdc = join(repo, ".cursor/rules/exo.mdc");
  await writeFile(mdc, `${await readFile(mdc, "utf8")}extra\n`);
  const refused = await exo(repo, "adapter-generate", "--target", "cursor");
  expect(envelope(refused).error?.code).toBe("ADAPTER_EDITED");
  expect((await exo(repo, "adapter-generate", "--target", "cursor", "--force")).code).toBe(0);
});

test("broken markers (one begin, no end) are refused naming the file; nothing is half-written", async () => {
  const broken = "# Mine\n<!-- exo:begin -->\nno end here\n";
  const repo = await tempRepo({ "AGENTS.md": broken });
  await exo(repo, "init");
  const run = await exo(repo, "adapter-generate");
  expect(run.code).toBe(1);
  expect(envelope(run).error).toMatchObject({ code: "ADAPTER_EDITED", details: { paths: ["AGENTS.md"] } });
  expect(await readFile(join(repo, "AGENTS.md"), "utf8")).toBe(broken);
  await expect(readFile(join(repo, "CLAUDE.md"), "utf8")).rejects.toThrow();
});

test("scan maps node, python, go and rust markers to checks; sensitive files become RULE-SEC-003; manifests become delete-only", async () => {
  const repo = await tempRepo({
    "pyproject.toml": "[project]\nname='x'\ndependencies=['pytest']\n[tool.ruff]\n",
    "go.mod": "module x\n",
    "Cargo.toml": "[package]\nname='x'\n",
    "Makefile": "test:\n\techo ok\n",
    "deploy/credentials.json": "{}\n",
    ".env.example": "A=1\n",
    "app.py": "print(1)\n",
  });
  const env = envelope(await exo(repo, "install", "--no-hooks", "--no-adapters", "--no-commit"));
  expect(env.data.scan.languages).toEqual(["python", "go", "rust", "make"]);
  expect(env.data.scan.checks).toEqual(["python3 -m pytest", "ruff check .", "go test ./...", "go vet ./...", "cargo test", "make test"]);
  expect(env.data.scan.sensitive_patterns).toEqual(["**/credentials*"]);
  const constitution = await readFile(join(repo, ".exo/constitution.yaml"), "utf8");
  expect(constitution).toMatch(/RULE-SEC-003[\s\S]*"\*\*\/credentials\*"[\s\S]*actions: \[read, write, delete\]/);
  expect(constitution).toMatch(/RULE-DEL-001[\s\S]*patterns: \["Cargo.toml", "go.mod", "pyproject.toml"\]\n {4}actions: \[delete\]/);
  // A delete-only rule never becomes a write ban.
  const policy = envelope(await exo(repo, "sandbox-policy"));
  expect(policy.data.claude.permissions.deny).toContain("Read(**/credentials*)");
  expect(policy.data.claude.permissions.deny.some((d: string) => d.includes("Cargo.toml"))).toBe(false);
  expect(policy.data.hook_only.map((h: { pattern: string }) => h.pattern)).toEqual(["Cargo.toml", "go.mod", "pyproject.toml"]);
  expect(envelope(await exo(repo, "decide", "--path", "go.mod")).data.decision).toBe("allow");
});

test("scan without a manifest: a bare app.py is Python (its bytecode caches ignored), with no checks guessed", async () => {
  const repo = await tempRepo({ "app.py": "print(1)\n", "lib/util.py": "X = 1\n", "README.md": "# x\n" });
  const env = envelope(await exo(repo, "install", "--no-hooks", "--no-adapters", "--no-commit"));
  expect(env.data.scan).toMatchObject({ languages: ["python"], checks: [], ignore_paths: ["**/__pycache__/**", ".venv/**"] });
  const bare = await tempRepo({ "README.md": "# x\n" });
  expect(envelope(await exo(bare, "install", "--no-hooks", "--no-adapters", "--no-commit")).data.scan).toMatchObject({ languages: [], checks: [] });
});

test("scan of a monorepo whose root has no test script: the workspaces' scripts become checks, and the check runs in each workspace", async () => {
  const repo = await tempRepo({
    "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*", "!packages/skip"] }),
    "package-lock.json": "{}\n",
    "packages/a/package.json": JSON.stringify({ name: "a", scripts: { test: "node -e \"require('fs').writeFileSync('ran.txt', 'a')\"" } }),
    "packages/b/package.json": JSON.stringify({ name: "b", scripts: { lint: "node -e 0" } }),
    "packages/skip/package.json": JSON.stringify({ name: "skip", scripts: { typecheck: "tsc" } }),
    "tools/x/package.json": JSON.stringify({ name: "x", scripts: { typecheck: "tsc" } }),
  });
  const env = envelope(await exo(repo, "install", "--no-hooks", "--no-adapters"));
  expect(env.data.scan.checks).toEqual(["npm run test --workspaces --if-present", "npm run lint --workspaces --if-present"]);
  expect(await readFile(join(repo, ".exo/config.yaml"), "utf8")).toMatch(/default_ticket_checks: \["npm run test --workspaces --if-present"\]/);
  expect(envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "packages/**")).ok).toBe(true);
  const check = await exo(repo, "check", "--ticket-id", "T1");
  expect(check.code, check.stdout + check.stderr).toBe(0);
  expect(await readFile(join(repo, "packages/a/ran.txt"), "utf8")).toBe("a");
  // pnpm: pnpm-workspace.yaml names the packages; the root's own script wins where it has one.
  const pnpm = await tempRepo({
    "package.json": JSON.stringify({ name: "mono", scripts: { test: "vitest run" } }),
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n",
    "apps/web/package.json": JSON.stringify({ name: "web", scripts: { test: "vitest", typecheck: "tsc" } }),
  });
  expect(envelope(await exo(pnpm, "install", "--no-hooks", "--no-adapters", "--no-commit")).data.scan.checks).toEqual(["pnpm test", "pnpm -r --if-present run typecheck"]);
});

test("bad input: not a git repo; a read-only file in the way; --dry-run writes nothing", async () => {
  const plain = await tempDir();
  const notRepo = await exo(plain, "install");
  expect(notRepo.code).toBe(2);
  expect(envelope(notRepo).error?.code).toBe("NOT_A_GIT_REPO");
  const dry = await tempRepo();
  const planned = envelope(await exo(dry, "install", "--dry-run"));
  expect(planned.data.steps.every((s: { status: string }) => ["planned", "unchanged", "skipped"].includes(s.status))).toBe(true);
  expect(git(dry, "status", "--porcelain")).toBe("");
  // A file where a folder must go: the adapters step fails naming it, and writes nothing.
  const blocked = await tempRepo({ "CLAUDE.md": "# mine\n", ".cursor": "not a folder\n" });
  const run = await exo(blocked, "install", "--no-hooks");
  expect(run.code).toBe(1);
  const env = envelope(run);
  expect(env.error?.code).toBe("INSTALL_INCOMPLETE");
  const adapters = env.data.steps.find((s: { name: string }) => s.name === "adapters");
  expect(adapters).toMatchObject({ status: "failed", code: "IO_ERROR" });
  expect(adapters.message).toMatch(/\.cursor\/rules\/exo\.mdc/);
  expect(await readFile(join(blocked, "CLAUDE.md"), "utf8")).toBe("# mine\n");
  // The next steps start with the repair: exo does not govern fully until then.
  expect(env.data.next_steps[0]).toMatch(/^Fix what failed \(adapters: .*\), then run exo install again/);
  // A broken harness settings file: install fails its hooks step, doctor names the file.
  const broken = await tempRepo({ ".claude/settings.json": "{bad" });
  const partial = envelope(await exo(broken, "install"));
  expect(partial.error?.code).toBe("INSTALL_INCOMPLETE");
  // The repair is the only step, and runs as printed once the file is fixed (creating work would be ungoverned).
  expect(partial.data.next_steps).toEqual(['Fix what failed (above) and rerun install; exo does not govern this repository fully before that: "${EDITOR:-vi}" +1 .claude/settings.json && exo install']);
  const hooks = envelope(await exo(broken, "doctor", "--section", "hooks")).data.sections[0];
  expect(hooks).toMatchObject({ name: "hooks", status: "fail", fixable: false });
  expect(hooks.message).toMatch(/^\.claude\/settings\.json line 1, column 2: unexpected "b"/);
  // Codex: the next steps say its hooks need trusting.
  const codex = envelope(await exo(await tempRepo(), "install", "--harness", "codex", "--harness", "git"));
  expect(codex.data.next_steps).toEqual(expect.arrayContaining([expect.stringMatching(/^Trust exo's hooks in Codex: start codex in this repository and run \/hooks/)]));
  if (process.getuid?.() !== 0) {
    const ro = await tempRepo({ "AGENTS.md": "# mine\n" });
    await chmod(join(ro, "AGENTS.md"), 0o444);
    expect(envelope(await exo(ro, "install", "--no-hooks")).error?.code).toBe("INSTALL_INCOMPLETE");
  }
});

test("install refuses while a cherry-pick is stopped on a conflict, as during a merge or rebase, naming it", async () => {
  const repo = await tempRepo({ "f.txt": "a\n" });
  git(repo, "checkout", "-qb", "side");
  await writeFile(join(repo, "f.txt"), "side\n");
  git(repo, "commit", "-qam", "side");
  git(repo, "checkout", "-q", "main");
  await writeFile(join(repo, "f.txt"), "main\n");
  git(repo, "commit", "-qam", "main");
  expect(() => git(repo, "cherry-pick", "side")).toThrow();
  const r = await exo(repo, "install");
  expect(r.code).not.toBe(0);
  const steps = envelope(r).data?.steps as { name: string; status: string; message: string; code?: string }[] | undefined;
  const preflight = steps?.find((s) => s.name === "preflight") ?? (envelope(r).error?.details?.steps as { name: string; status: string; message: string; code?: string }[] | undefined)?.find((s) => s.name === "preflight");
  expect(preflight).toMatchObject({ status: "failed", code: "DIRTY_WORKTREE", message: expect.stringContaining("a cherry-pick is in progress") });
});
