import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { DIST, envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { decision, fixture, hook } from "../../helpers/hooks.js";

const CLAUDE = { EXO_ACTOR: "agent:claude" };

/** Governed repo, hooks installed, one session on T1 with scope src/auth/**. */
async function governed(): Promise<string> {
  const repo = await initRepo({ "src/auth/login.ts": "export const a = 1;\n", "docs/README.md": "a = 1\n", "src/api/routes.ts": "x\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude", "--harness", "cursor", "--harness", "codex", "--harness", "git")).code).toBe(0);
  await exo(repo, "ticket-create", "signup", "--id", "T1", "--scope-allow", "src/auth/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: CLAUDE })).code).toBe(0);
  return repo;
}

test("Claude Write/Edit/MultiEdit/NotebookEdit: out of scope → deny JSON exit 0; in scope → no output; hook.denied recorded", async () => {
  const repo = await governed();
  for (const name of ["claude-pretooluse-write.json", "claude-pretooluse-edit.json", "claude-pretooluse-multiedit.json", "claude-pretooluse-notebookedit.json"]) {
    const run = await hook(repo, "claude", "PreToolUse", await fixture(name, repo), CLAUDE);
    expect(run.code, name).toBe(0);
    const d = decision(run);
    const payload = JSON.parse(await fixture(name, repo)) as { tool_input: { file_path?: string; notebook_path?: string } };
    const target = (payload.tool_input.file_path ?? payload.tool_input.notebook_path ?? "").replace(`${repo}/`, "");
    if (target.startsWith("src/auth/")) expect(run.stdout.trim(), name).toBe("");
    else {
      expect(d?.decision, name).toBe("deny");
      expect(d?.reason).toMatch(/outside the scope of T1 \(allowed: src\/auth\/\*\*\)/);
    }
  }
  const inScope = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/src/auth/new.ts`)), CLAUDE);
  expect(inScope.code).toBe(0);
  expect(inScope.stdout.trim()).toBe("");
  const ledger = envelope(await exo(repo, "ledger-show", "--type", "hook.denied", "--all"));
  expect(ledger.data.total).toBeGreaterThan(0);
  expect(ledger.data.records[0].data).toMatchObject({ harness: "claude", code: "OUT_OF_SCOPE" });
});

test("Claude Bash: sed -i and a redirection out of scope are denied; in-scope shell writes pass", async () => {
  const repo = await governed();
  const out = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-bash.json", repo), CLAUDE);
  expect(decision(out)?.decision).toBe("deny");
  expect(decision(out)?.reason).toMatch(/docs\/README\.md/);
  const ok = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-bash.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["command"] = "sed -i s/1/2/ src/auth/login.ts && echo ok > src/auth/log.txt")), CLAUDE);
  expect(ok.stdout.trim()).toBe("");
  const unknown = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-bash.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["command"] = "python3 -c 'open(\"x\",\"w\")'")), CLAUDE);
  expect(decision(unknown)?.decision).toBe("ask");
});

test("path tricks are denied when out of scope: ../, absolute, symlink out, ~/.ssh, ./src/../docs", async () => {
  const repo = await governed();
  const outside = await tempDir();
  await symlink(outside, join(repo, "src/auth/escape"));
  const cases: [string, string][] = [
    [`${repo}/src/auth/../../docs/x.md`, "OUT_OF_SCOPE"],
    ["./src/../docs/x", "OUT_OF_SCOPE"],
    [`${repo}/src/auth/escape/evil.txt`, "PATH_OUTSIDE_REPO"],
    ["~/.ssh/config", "RULE_DENIED"],
    [`${repo}/.exo/config.yaml`, "EXO_STATE_PROTECTED"],
    [`${repo}/.claude/settings.json`, "RULE_DENIED"],
    [`${repo}/src/auth/.env`, "RULE_DENIED"],
  ];
  // Test repositories live under $TMPDIR: take the $TMPDIR allowance away for the outside case.
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("hooks:\n", "hooks:\n  external_write_allow: []\n"));
  await exo(repo, "compose");
  for (const [path, code] of cases) {
    const payload = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = path));
    const run = await hook(repo, "claude", "PreToolUse", payload, CLAUDE);
    expect(decision(run)?.decision, path).toBe("deny");
    const d = envelope(await exo(repo, "decide", "--path", path.startsWith("./") ? path : path, { env: CLAUDE }));
    expect(d.data.code, path).toBe(code);
  }
  const tmpWrite = envelope(await exo(repo, "decide", "--path", join(tmpdir(), "exo-ok.txt")));
  expect(tmpWrite.data.code).toBe("PATH_OUTSIDE_REPO");
});

test("a write under $TMPDIR is allowed by default; a delete-only rule blocks rm but not Write", async () => {
  const repo = await governed();
  expect(envelope(await exo(repo, "decide", "--path", join(tmpdir(), "scratch.txt"), { env: CLAUDE })).data.decision).toBe("allow");
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, `${await readFile(constitution, "utf8")}\n`.replace("rules:\n", "rules:\n  - id: RULE-KEEP\n    type: filesystem_deny\n    patterns: [\"src/auth/keep.ts\"]\n    actions: [delete]\n    message: Never delete keep.ts.\n"));
  await exo(repo, "compose");
  const rm = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-bash.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["command"] = "rm src/auth/keep.ts")), CLAUDE);
  expect(decision(rm)?.reason).toMatch(/RULE-KEEP/);
  const write = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/src/auth/keep.ts`)), CLAUDE);
  expect(write.stdout.trim()).toBe("");
});

test("Cursor preToolUse and beforeShellExecution render Cursor's JSON; Codex apply_patch is decided per target", async () => {
  const repo = await governed();
  const write = await hook(repo, "cursor", "preToolUse", await fixture("cursor-pretooluse-write.json", repo), CLAUDE);
  expect(JSON.parse(write.stdout)).toMatchObject({ permission: "deny", user_message: expect.stringMatching(/docs\/notes\.md/), agentMessage: expect.any(String) });
  const shell = await hook(repo, "cursor", "beforeShellExecution", await fixture("cursor-beforeshellexecution.json", repo), CLAUDE);
  expect(JSON.parse(shell.stdout).permission).toBe("deny");
  const fine = await hook(repo, "cursor", "beforeShellExecution", await fixture("cursor-beforeshellexecution.json", repo, (p) => (p["command"] = "ls -la")), CLAUDE);
  expect(JSON.parse(fine.stdout)).toEqual({});
  const patch = await hook(repo, "codex", "PreToolUse", await fixture("codex-pretooluse-apply-patch.json", repo), CLAUDE);
  expect(decision(patch)?.decision).toBe("deny");
  expect(decision(patch)?.reason).toMatch(/docs\/notes\.md|src\/api\/routes\.ts/);
});

test("advisory enforcement turns a deny into allow with hook.warned; a tampered seal denies writes", async () => {
  const repo = await governed();
  const cfg = join(repo, ".exo/config.yaml");
  const original = await readFile(cfg, "utf8");
  await writeFile(cfg, original.replace("enforcement: strict", "enforcement: advisory"));
  await exo(repo, "compose");
  const run = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo), CLAUDE);
  expect(decision(run)).toBeNull();
  expect(run.stdout).toMatch(/advisory mode/);
  expect(envelope(await exo(repo, "ledger-show", "--type", "hook.warned")).data.total).toBe(1);
  const d = envelope(await exo(repo, "decide", "--path", "docs/x.md", { env: CLAUDE }));
  expect(d.data.decision).toBe("allow");
  expect(d.warnings?.map((w) => w.code)).toEqual(["HOOK_ADVISORY"]);
  await writeFile(cfg, original);
  await exo(repo, "compose");
  const seal = join(repo, ".exo/policy.sealed.json");
  await writeFile(seal, (await readFile(seal, "utf8")).replace('"enforcement": "strict"', '"enforcement": "advisory"'));
  const tampered = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/src/auth/ok.ts`)), CLAUDE);
  expect(decision(tampered)?.reason).toMatch(/governance files were edited by hand/);
});

test("no bundle: strict launcher blocks gating writes with exit 2; an ungoverned repo is allowed silently", async () => {
  const repo = await governed();
  const plain = await tempDir();
  await writeFile(join(plain, "x"), "");
  const ungoverned = await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: plain, tool_name: "Write", tool_input: { file_path: `${plain}/x` } }), CLAUDE);
  expect(ungoverned.code).toBe(0);
  expect(ungoverned.stdout.trim()).toBe("");
  const { rm } = await import("node:fs/promises");
  await rm(join(repo, ".exo/cache/hook-bundle.json"));
  const noBundle = { ...CLAUDE, EXO_HOOK_BUNDLE: "/nonexistent/hook.mjs", PATH: "/usr/bin:/bin" };
  const blocked = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo), noBundle);
  expect(blocked.code).toBe(2);
  expect(blocked.stderr).toMatch(/exo is not installed on this machine/);
  const read = await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: repo, tool_name: "Read", tool_input: { file_path: `${repo}/README.md` } }), noBundle);
  expect(read.code, read.stderr + read.stdout).toBe(0);
  const lifecycle = await hook(repo, "claude", "Stop", "{}", noBundle);
  expect(lifecycle.code).toBe(0);
  expect(lifecycle.stderr).toMatch(/bundle was not found/);
});

test("~user, ~+ and ~- name folders exo cannot see: never taken for repository paths, even under a scope of **", async () => {
  const repo = await initRepo();
  expect(envelope(await exo(repo, "ticket-create", "wide", "--id", "W1")).data.ticket.scope).toMatchObject({ allow: ["**"] });
  expect((await exo(repo, "session-start", "--ticket-id", "W1", { env: CLAUDE })).code).toBe(0);
  const shell = envelope(await exo(repo, "decide", "--bash", "touch ~root/.bashrc", { env: CLAUDE }));
  expect(shell.data.decision).not.toBe("allow");
  expect(shell.data.unknown_writes.join(" ")).toMatch(/~root\/\.bashrc starts with a ~ form/);
  const path = envelope(await exo(repo, "decide", "--path", "~root/.bashrc", { env: CLAUDE }));
  expect(path.error?.code).toBe("PATH_INVALID");
  expect(envelope(await exo(repo, "decide", "--path", "~/notes.txt", { env: CLAUDE })).data.code).not.toBe("PATH_INVALID");
});

test("an archive extracted into an in-scope folder holding a symlink out of scope is asked about; without the link it passes", async () => {
  const repo = await governed();
  const bash = (command: string) => fixture("claude-pretooluse-bash.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["command"] = command));
  const commands = ["tar xf /tmp/a.tar -C src/auth", "cd src/auth && tar xf /tmp/a.tar", "unzip /tmp/a.zip -d src/auth", "cpio -i --no-absolute-filenames -D src/auth < /tmp/a.cpio"];
  for (const command of commands) expect((await hook(repo, "claude", "PreToolUse", await bash(command), CLAUDE)).stdout.trim(), command).toBe("");
  // A member L/pwn of the archive would land in docs/pwn through the link.
  await symlink("../../docs", join(repo, "src/auth/L"));
  for (const command of commands) {
    const d = decision(await hook(repo, "claude", "PreToolUse", await bash(command), CLAUDE));
    expect(d?.decision, command).toBe("ask");
    expect(d?.reason, command).toMatch(/through the symlink .*src\/auth\/L.*docs/);
  }
  // A link that stays in scope changes nothing; one deeper, behind an in-scope link, is found too.
  await import("node:fs/promises").then((fs) => fs.rm(join(repo, "src/auth/L")));
  await import("node:fs/promises").then((fs) => fs.mkdir(join(repo, "src/auth/sub/deep"), { recursive: true }));
  await symlink("sub", join(repo, "src/auth/S"));
  expect((await hook(repo, "claude", "PreToolUse", await bash(commands[0] as string), CLAUDE)).stdout.trim()).toBe("");
  await symlink("../../../../docs", join(repo, "src/auth/sub/deep/D"));
  expect(decision(await hook(repo, "claude", "PreToolUse", await bash(commands[0] as string), CLAUDE))?.decision).toBe("ask");
});

test("a payload cwd in a repository the agent made inside the scope (its own .exo/, a policy allowing every write) does not swap in that policy", async () => {
  const repo = await governed();
  // All in scope for T1: git init src/auth/n, governance files written there, exo compose there.
  const nested = join(repo, "src/auth/n");
  git(repo, "init", "-q", nested);
  await mkdir(join(nested, ".exo"), { recursive: true });
  const config = (await readFile(join(repo, ".exo/config.yaml"), "utf8")).replace("hooks:\n", 'hooks:\n  external_write_allow: ["/**"]\n');
  await writeFile(join(nested, ".exo/config.yaml"), config);
  await writeFile(join(nested, ".exo/constitution.yaml"), await readFile(join(repo, ".exo/constitution.yaml"), "utf8"));
  expect((await exo(nested, "compose")).code).toBe(0);
  // Then `cd src/auth/n`: the harness sends that folder as the payload cwd.
  const write = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["cwd"] = nested), ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/docs/pwned.md`)));
  expect(decision(await hook(repo, "claude", "PreToolUse", write, CLAUDE))?.decision).toBe("deny");
  const bash = await fixture("claude-pretooluse-bash.json", repo, (p) => ((p["cwd"] = nested), ((p["tool_input"] as Record<string, string>)["command"] = `echo x > ${repo}/docs/pwned.md`)));
  expect(decision(await hook(repo, "claude", "PreToolUse", bash, CLAUDE))?.decision).toBe("deny");
  const cursor = await fixture("cursor-beforeshellexecution.json", repo, (p) => ((p["cwd"] = nested), (p["command"] = "echo hi > ../../../docs/out.txt")));
  expect(decision(await hook(repo, "cursor", "beforeShellExecution", cursor, CLAUDE))?.decision).toBe("deny");
  // In scope still passes from there.
  const ok = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["cwd"] = nested), ((p["tool_input"] as Record<string, string>)["file_path"] = `${nested}/ok.ts`)));
  expect((await hook(repo, "claude", "PreToolUse", ok, CLAUDE)).stdout.trim()).toBe("");
  // A repository the agent made outside the project (Cursor can cd anywhere) does not govern either.
  const elsewhere = await tempDir();
  git(elsewhere, "init", "-q");
  await mkdir(join(elsewhere, ".exo"), { recursive: true });
  await writeFile(join(elsewhere, ".exo/config.yaml"), config);
  await writeFile(join(elsewhere, ".exo/constitution.yaml"), await readFile(join(repo, ".exo/constitution.yaml"), "utf8"));
  expect((await exo(elsewhere, "compose")).code).toBe(0);
  const far = await fixture("cursor-beforeshellexecution.json", repo, (p) => ((p["cwd"] = elsewhere), (p["command"] = `echo hi > ${repo}/docs/out.txt`)));
  expect(decision(await hook(repo, "cursor", "beforeShellExecution", far, CLAUDE))?.decision).toBe("deny");
});

test("without a launcher (exo hook …), a payload cwd in an ungoverned repository nested in a governed one is governed by the outer one", async () => {
  const repo = await governed();
  const nested = join(repo, "src/auth/m");
  git(repo, "init", "-q", nested);
  const write = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["cwd"] = nested), ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/docs/pwned.md`)));
  const run = await exo(nested, "hook", "claude", "PreToolUse", { input: write, json: false, env: { ...CLAUDE, CLAUDE_PROJECT_DIR: "" } });
  expect(decision(run)?.decision).toBe("deny");
});

test("a file tool's path is judged as Claude Code takes it too (trimmed, `..` collapsed before the links), not only as the kernel would", async () => {
  const repo = await governed();
  // In scope: a link into a deeper folder of the scope (ln -s a/b/c src/auth/L).
  await mkdir(join(repo, "src/auth/a/b/c"), { recursive: true });
  await symlink("a/b/c", join(repo, "src/auth/L"));
  const auth = join(repo, "src/auth");
  const cases: [cwd: string, path: string, tool: string][] = [
    // Kernel: src/auth/a/b/c/../../.. = src/auth, so src/auth/docs/x.md; Claude Code: docs/x.md.
    [repo, `${repo}/src/auth/L/../../../docs/x.md`, "Write"],
    [repo, `${repo}/src/auth/L/../../../docs/x.md`, "Edit"],
    [repo, `${repo}/src/auth/L/../../../.exo/config.yaml`, "MultiEdit"],
    // Kernel: a folder named "  " under the cwd; Claude Code trims: docs/x.md, ~/.bashrc.
    [auth, `  ${repo}/docs/x.md`, "Write"],
    [auth, `${repo}/docs/x.md\n`, "Edit"],
    [auth, " ~/.bashrc", "Edit"],
  ];
  for (const [cwd, path, tool] of cases) {
    const payload = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["cwd"] = cwd), (p["tool_name"] = tool), ((p["tool_input"] as Record<string, string>)["file_path"] = path)));
    expect(decision(await hook(repo, "claude", "PreToolUse", payload, CLAUDE))?.decision, JSON.stringify(path)).toBe("deny");
  }
  const notebook = await fixture("claude-pretooluse-notebookedit.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["notebook_path"] = `${repo}/src/auth/L/../../../docs/n.ipynb`));
  expect(decision(await hook(repo, "claude", "PreToolUse", notebook, CLAUDE))?.decision).toBe("deny");
  const cursor = await fixture("cursor-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/src/auth/L/../../../docs/x.md`));
  expect(decision(await hook(repo, "cursor", "preToolUse", cursor, CLAUDE))?.decision).toBe("deny");
  expect(envelope(await exo(repo, "decide", "--path", "src/auth/L/../../../docs/x.md", { env: CLAUDE })).data.decision).toBe("deny");
  // Everyday paths still pass: in scope, through the link, with `..` that stays in scope.
  for (const path of [`${repo}/src/auth/new.ts`, `${repo}/src/auth/L/x.ts`, `${repo}/src/auth/a/../y.ts`, `${repo}/src/auth/L/../z.ts`]) {
    const payload = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = path));
    expect((await hook(repo, "claude", "PreToolUse", payload, CLAUDE)).stdout.trim(), path).toBe("");
  }
});

test("exo's hook code in node_modules/exoprotocol (the bundle the launcher loads first) is protected like .exo/, even under a scope of **; so is .exo from a [!…] glob", async () => {
  const repo = await initRepo({ "a.txt": "a\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await exo(repo, "ticket-create", "wide", "--id", "T2");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T2", { env: CLAUDE })).code).toBe(0);
  // Written, <repo>/node_modules/exoprotocol/dist/hook.mjs would answer every later hook call, .exo/ writes included.
  for (const path of ["node_modules/exoprotocol/dist/hook.mjs", "node_modules/exoprotocol/dist/hook-gate.cjs", "node_modules/exoprotocol"]) {
    const payload = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/${path}`));
    const d = decision(await hook(repo, "claude", "PreToolUse", payload, CLAUDE));
    expect(d?.decision, path).toBe("deny");
    expect(d?.reason, path).toMatch(/exo's own hook code/);
  }
  expect(envelope(await exo(repo, "decide", "--bash", "mkdir -p node_modules/exoprotocol/dist && echo 'export async function runHook() {}' > node_modules/exoprotocol/dist/hook.mjs", { env: CLAUDE })).data.code).toBe("EXO_STATE_PROTECTED");
  // The shell's `[!…]` negation expands as bash expands it: .[!.]* is .claude .exo .git …
  for (const command of ["rm -rf .[!.]*", "rm -rf .[!g]x[!x]", "mv .[!.]x? /tmp/gone"]) {
    expect(envelope(await exo(repo, "decide", "--bash", command, { env: CLAUDE })).data.decision, command).toBe("deny");
  }
  expect(envelope(await exo(repo, "decide", "--bash", "rm -f a.tx[!y]", { env: CLAUDE })).data.decision).toBe("allow");
  // Installing, cleaning and reading packages are untouched; other packages stay writable under **.
  for (const command of ["npm install", "rm -rf node_modules", "ls node_modules/exoprotocol/dist", "echo x > node_modules/other/x.js"]) {
    expect(envelope(await exo(repo, "decide", "--bash", command, { env: CLAUDE })).data.decision, command).toBe("allow");
  }
});

test("the hook code's real place is protected too: pnpm's linked package, the recorded bundle's package, and a folder moved or linked in as node_modules", async () => {
  const repo = await initRepo({ "a.txt": "a\n", "src/fake/exoprotocol/dist/hook.mjs": "export async function runHook() {}\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await exo(repo, "ticket-create", "wide", "--id", "T2");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T2", { env: CLAUDE })).code).toBe(0);
  const decide = async (command: string) => envelope(await exo(repo, "decide", "--bash", command, { env: CLAUDE })).data as { decision: string; code: string | null; reason: string };
  // No node_modules yet: a folder moved, copied or linked in under that name brings its own exoprotocol.
  for (const command of ["ln -s src/fake node_modules", "mv src/fake node_modules", "cp -r src/fake ./node_modules"]) {
    expect(await decide(command), command).toMatchObject({ decision: "deny", code: "EXO_STATE_PROTECTED" });
  }
  for (const command of ["mkdir node_modules", "mv src/fake lib"]) expect((await decide(command)).decision, command).toBe("allow");
  // pnpm: node_modules/exoprotocol is a link into node_modules/.pnpm/, where the bundle really is.
  const real = "node_modules/.pnpm/exoprotocol@1.0.0/node_modules/exoprotocol";
  await mkdir(join(repo, real, "dist"), { recursive: true });
  // (Its bundle hands over to this build's, as an installed exo would answer.)
  await writeFile(join(repo, real, "dist/hook.mjs"), `export * from ${JSON.stringify(pathToFileURL(join(DIST, "hook.mjs")).href)};\n`);
  await symlink(".pnpm/exoprotocol@1.0.0/node_modules/exoprotocol", join(repo, "node_modules/exoprotocol"));
  const payload = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/${real}/dist/hook.mjs`));
  const d = decision(await hook(repo, "claude", "PreToolUse", payload, CLAUDE));
  expect(d?.decision).toBe("deny");
  expect(d?.reason).toMatch(/exo's own hook code/);
  expect((await decide(`echo x > ${real}/dist/hook-gate.cjs`)).code).toBe("EXO_STATE_PROTECTED");
  expect((await decide("echo x > node_modules/.pnpm/other@1.0.0/x.js")).decision).toBe("allow");
  // The bundle recorded in cache/hook-bundle.json (a workspace package's node_modules) is the launcher's next choice.
  await mkdir(join(repo, "packages/tools/node_modules/exoprotocol/dist"), { recursive: true });
  await writeFile(join(repo, ".exo/cache/hook-bundle.json"), JSON.stringify({ path: join(repo, "packages/tools/node_modules/exoprotocol/dist/hook.mjs"), version: "1.0.0" }));
  expect((await decide("echo x > packages/tools/node_modules/exoprotocol/dist/hook-gate.cjs")).code).toBe("EXO_STATE_PROTECTED");
  expect((await decide("echo x > packages/tools/src/x.ts")).decision).toBe("allow");
});

test("from a linked worktree, the main checkout's state folder (sessions, locks) is not writable, even where external_write_allow ($TMPDIR) reaches", async () => {
  const repo = await governed();
  const wt = `${repo}-wt`;
  git(repo, "worktree", "add", "-q", wt, "-b", "wt1");
  const env = { ...CLAUDE, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") };
  const session = (await readdir(join(repo, ".exo/sessions"))).find((n) => /^SES-.*\.json$/.test(n)) as string;
  // Test repositories live under $TMPDIR, so $TMPDIR/** reaches the main checkout from the worktree.
  for (const path of [join(repo, ".exo/sessions", session), join(repo, ".exo/locks/T1.json")]) {
    const payload = await fixture("claude-pretooluse-write.json", wt, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = path));
    const d = decision(await hook(wt, "claude", "PreToolUse", payload, env));
    expect(d?.decision, path).toBe("deny");
    expect(d?.reason, path).toMatch(/exo's state/);
  }
  const rm = await fixture("claude-pretooluse-bash.json", wt, (p) => ((p["tool_input"] as Record<string, string>)["command"] = `rm -rf ${repo}/.exo/sessions`));
  expect(decision(await hook(wt, "claude", "PreToolUse", rm, env))?.decision).toBe("deny");
});

test("a tool exo does not know that names a file_path/notebook_path is judged as a write of it (unless its name only reads)", async () => {
  const repo = await governed();
  const call = async (harness: string, tool: string, input: Record<string, unknown>) => decision(await hook(repo, harness, "PreToolUse", JSON.stringify({ session_id: "x", cwd: repo, tool_name: tool, tool_input: input }), CLAUDE));
  for (const harness of ["claude", "codex"]) {
    expect((await call(harness, "Create", { file_path: `${repo}/docs/x.md`, content: "x" }))?.decision, harness).toBe("deny");
    expect((await call(harness, "StrReplaceFile", { file_path: `${repo}/.exo/config.yaml` }))?.decision, harness).toBe("deny");
    expect((await call(harness, "NotebookWrite", { notebook_path: `${repo}/docs/n.ipynb` }))?.decision, harness).toBe("deny");
    // In scope, reading tools and tools without a file are untouched.
    expect(await call(harness, "Create", { file_path: `${repo}/src/auth/new.ts` }), harness).toBeNull();
    expect(await call(harness, "NotebookRead", { notebook_path: `${repo}/docs/n.ipynb` }), harness).toBeNull();
    expect(await call(harness, "ReadFile", { file_path: `${repo}/docs/README.md` }), harness).toBeNull();
    expect(await call(harness, "TodoWrite", { todos: [{ content: "x", status: "pending" }] }), harness).toBeNull();
    expect(await call(harness, "BashOutput", { bash_id: "1" }), harness).toBeNull();
  }
});

test("under a scope of **, the files that load or switch off exo's hooks (.codex/config.toml, .windsurf/hooks.json, …) and the folders holding them are not writable (red-team round 8)", async () => {
  const repo = await initRepo({ "a.txt": "a\n", ".codex/config.toml": "[mcp_servers.exo]\ncommand = \"node\"\n", ".windsurf/hooks.json": "{}\n", ".github/workflows/ci.yml": "on: push\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude", "--harness", "codex")).code).toBe(0);
  await exo(repo, "ticket-create", "wide", "--id", "T2");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T2", { env: CLAUDE })).code).toBe(0);
  const decide = async (command: string) => envelope(await exo(repo, "decide", "--bash", command, { env: CLAUDE })).data as { decision: string; code: string };
  // Codex reads [features] hooks = false from the project's config.toml: exo's Codex hooks off.
  for (const command of ["printf '[features]\\nhooks = false\\n' >> .codex/config.toml", "echo '{}' > .windsurf/hooks.json", "rm -rf .codex", "mv .codex /tmp/gone", "rm -rf .claude", "mv .claude .claude-old", "rm -rf .windsurf"]) {
    expect(await decide(command), command).toMatchObject({ decision: "deny", code: "EXO_STATE_PROTECTED" });
  }
  // A folder holding a file a deny rule names (RULE-EXO-001's workflow) is that rule's too; .github
  // also holds Copilot CLI's .github/hooks/exo.json.
  expect(await decide("rm -rf .github/workflows")).toMatchObject({ decision: "deny", code: "RULE_DENIED" });
  expect(await decide("rm -rf .github")).toMatchObject({ decision: "deny", code: "EXO_STATE_PROTECTED" });
  const payload = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/.codex/config.toml`));
  expect(decision(await hook(repo, "claude", "PreToolUse", payload, CLAUDE))?.decision).toBe("deny");
  // A subagent's, skill's or slash command's frontmatter may carry hooks Claude Code runs outside the gate (red-team round 13),
  // and a command's !`cmd` lines run unseen when it is invoked (harness round 22: test/e2e/harness/claude-code-self.test.ts).
  for (const command of ["echo x > .claude/agents/x.md", "echo x > .claude/commands/x.md"]) expect(await decide(command), command).toMatchObject({ decision: "deny", code: "EXO_STATE_PROTECTED" });
  for (const command of ["mkdir -p .codex/prompts", "rm -rf .github/workflows/ci.yml", "echo x > a.txt"]) {
    expect((await decide(command)).decision, command).toBe("allow");
  }
});

test("exo's MCP tools that write where told are judged where exo-mcp writes: a relative repo argument is the server's, from the top (red-team round 8)", async () => {
  const repo = await governed();
  const mcp = (name: string, input: Record<string, unknown>, cwd: string) =>
    fixture("claude-pretooluse-bash.json", repo, (p) => {
      p["tool_name"] = `mcp__exo__${name}`;
      p["tool_input"] = input;
      p["cwd"] = cwd;
    });
  const ask = async (name: string, input: Record<string, unknown>, cwd = `${repo}/src/auth`) => decision(await hook(repo, "claude", "PreToolUse", await mcp(name, input, cwd), CLAUDE))?.decision ?? "allow";
  // From a cwd inside the scope: exo-mcp resolves repo "docs" from the top, so out lands in docs/.
  expect(await ask("exo_export_traces", { out: "x.jsonl", repo: "docs" })).toBe("deny");
  expect(await ask("exo_export_traces", { out: "README.md" })).toBe("deny");
  expect(await ask("exo_worktree_create", { ticket_id: "T1", path: "wt", repo: "src/auth" })).toBe("deny");
  expect(await ask("exo_export_traces", { out: "src/auth/t.jsonl" }, repo)).toBe("allow");
});

test("only exo's own tools (exo_…) of a server named exo are exempt, and under ** the MCP registrations naming it are not writable (red-team round 8)", async () => {
  const repo = await initRepo({ "a.txt": "a\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await exo(repo, "ticket-create", "wide", "--id", "T2", "--scope-deny", "docs/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T2", { env: CLAUDE })).code).toBe(0);
  // A filesystem server registered as "exo" in .mcp.json would have had every write exempt.
  for (const command of [`echo '{"mcpServers":{"exo":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/"]}}}' > .mcp.json`, "rm -f .cursor/mcp.json"]) {
    expect(envelope(await exo(repo, "decide", "--bash", command, { env: CLAUDE })).data, command).toMatchObject({ decision: "deny", code: "EXO_STATE_PROTECTED" });
  }
  const payload = await fixture("claude-pretooluse-bash.json", repo, (p) => {
    p["tool_name"] = "mcp__exo__write_file";
    p["tool_input"] = { path: "docs/x.md", content: "x" };
  });
  expect(decision(await hook(repo, "claude", "PreToolUse", payload, CLAUDE))?.decision).not.toBe("allow");
});
