// A demanding new user's first hour, eleventh pass: an existing project's husky hooks, a hand-broken
// config or actor name, and state doctor repaired half-way.
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempRepo } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

test("install where husky owns core.hooksPath says the git hooks are not in place, and the step it prints puts them there", async () => {
  const repo = await tempRepo({ ".husky/pre-commit": "#!/bin/sh\necho team-hook\n", "src/index.js": "1\n" });
  chmodSync(`${repo}/.husky/pre-commit`, 0o755);
  git(repo, "config", "core.hooksPath", ".husky");
  const install = envelope(await exo(repo, "install"));
  expect(install.ok).toBe(true);
  // Before: the summary said "hooks claude, git" and nothing else, while no git hook gated commits.
  const hooks = (install.data.steps as { name: string; message: string }[]).find((s) => s.name === "hooks");
  expect(hooks?.message).toBe("claude, git (husky: lines to add, see next steps)");
  expect(install.warnings?.map((w) => w.code)).toContain("HOOKS_ACTION_NEEDED");
  const first = (install.data.next_steps as string[])[0] ?? "";
  expect(first).toMatch(/^Gate commits through husky \(exo does not write in its folder\): printf /);
  const human = await exo(repo, "install", { json: false });
  expect(human.stdout).toContain("  hooks      claude, git (husky: lines to add, see next steps)\n");
  expect(human.stdout).toContain("  1. Gate commits through husky");
  // The printed step runs as printed; doctor then finds exo's lines.
  expect(envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0].status).toBe("warn");
  execFileSync("sh", ["-c", first.slice(first.indexOf(": printf ") + 2)], { cwd: repo });
  const doctor = envelope(await exo(repo, "doctor", "--section", "hooks"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "hooks", status: "pass" });
  const again = envelope(await exo(repo, "install"));
  expect((again.data.next_steps as string[]).some((s) => s.startsWith("Gate commits"))).toBe(false);
  expect(again.warnings ?? []).toEqual([]);
});

test("exo alone with a hand-broken config.yaml prints exo's error and the step that shows where, not a stack trace", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "next", "--owner", "your-name")).ok).toBe(true);
  const config = `${repo}/.exo/config.yaml`;
  writeFileSync(config, readFileSync(config, "utf8").replace(/ttl_hours: [0-9.]+/, "ttl_hours: two"));
  const home = await exo(repo, { json: false });
  // Before: an uncaught ExoError, the minified bundle's source line and "Node.js v20".
  expect(home.stderr).not.toMatch(/\n\s+at |Node\.js v|main\.cjs/);
  // The overview still prints (as exo status does), the config's problem as a warning and its
  // step first; the claim's start comes after it (a start refuses CONFIG_INVALID until then).
  expect(home.code).toBe(0);
  expect(home.stderr).toContain('warning: .exo/config.yaml:');
  expect(home.stderr).toContain('locks.ttl_hours must be a number, got "two"');
  expect(home.stderr).toContain("[CONFIG_INVALID]");
  expect(home.stdout).toMatch(/Next:\n {2}exo config-validate +\.exo\/config\.yaml has a problem: see where\n {2}exo session-start --ticket-id T1\n/);
  // The hint runs and names the line.
  const validate = await exo(repo, "config-validate", { json: false });
  expect(validate.stdout).toContain(".exo/config.yaml:");
});

test("an EXO_ACTOR that is no actor name: the error names the variable and a value that works; exo alone does not say to git init", async () => {
  const repo = await initRepo();
  const env = { EXO_ACTOR: "claude code" };
  const home = await exo(repo, { json: false, env });
  // Before: exo alone printed the message and "git init && exo install" in a set-up repository.
  expect(home.stdout).not.toContain("git init");
  expect(home.code).toBe(2);
  expect(home.stderr).toContain('error: EXO_ACTOR is "claude code", which is not a valid actor;');
  expect(home.stderr).toContain("[INVALID_INPUT]\nhint: export EXO_ACTOR=claude-code\n");
  const next = envelope(await exo(repo, "next", { env }));
  expect(next.error?.code).toBe("INVALID_INPUT");
  expect(next.error?.hint).toBe("export EXO_ACTOR=claude-code");
  expect(envelope(await exo(repo, "status", { env: { EXO_ACTOR: "agent : claude" } })).error?.hint).toBe("export EXO_ACTOR=agent:claude");
  // The value the hint exports works.
  const fixed = envelope(await exo(repo, "status", { env: { EXO_ACTOR: "claude-code" } }));
  expect(fixed.ok).toBe(true);
});

test("doctor --fix on an unreadable session file also puts its active task back to todo, so exo ready hands it out", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:a" } }));
  expect(started.ok).toBe(true);
  writeFileSync(`${repo}/.exo/sessions/${started.data.session.id as string}.json`, "{\"broken");
  const fixed = envelope(await exo(repo, "doctor", "--fix"));
  expect(fixed.data.fixed).toContainEqual({ section: "state", action: "set T1 back to todo (exo next can hand it out again)" });
  // Before: T1 stayed active with no lock and no session; exo ready said "status is active" and
  // "next: exo ready", the command just run.
  const ready = envelope(await exo(repo, "ready"));
  expect(ready.data.ready.map((r: { id: string }) => r.id)).toEqual(["T1"]);
  expect(ready.data.next_command).toBe("exo next");
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("todo");
  expect(envelope(await exo(repo, "next", { env: { EXO_ACTOR: "agent:b" } })).data.ticket.id).toBe("T1");
});

test("session-start again on a session whose lock file was deleted says the lock is lost, as finish does, and its hint recovers", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const env = { EXO_ACTOR: "agent:a" };
  const first = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env }));
  expect(first.ok).toBe(true);
  rmSync(`${repo}/.exo/locks/T1.json`);
  // Before: ok, "reused", lock null: a session whose writes the hooks deny and whose finish fails.
  const again = await exo(repo, "session-start", "--ticket-id", "T1", { env });
  expect(again.code).toBe(1);
  const error = envelope(again).error;
  expect(error?.code).toBe("LOCK_LOST");
  expect(error?.message).toContain("its lock file is gone");
  expect(error?.hint).toBe(`exo session-cleanup --session-id ${first.data.session.id as string} --force`);
  expect(envelope(await exo(repo, "session-finish", "--summary", "x", { env })).error?.code).toBe("LOCK_LOST");
  // The hint runs as printed, and the ticket can be started afresh.
  expect(envelope(await exo(repo, ...(error?.hint ?? "").split(" ").slice(1), { env })).ok).toBe(true);
  const fresh = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env }));
  expect(fresh.ok).toBe(true);
  expect(fresh.data.reused).toBe(false);
  expect(fresh.data.lock).not.toBeNull();
});

test("doctor --fix where husky owns the git hooks does not claim to have reinstalled them", async () => {
  const repo = await tempRepo({ ".husky/pre-commit": "#!/bin/sh\necho team-hook\n" });
  git(repo, "config", "core.hooksPath", ".husky");
  expect(envelope(await exo(repo, "install")).ok).toBe(true);
  const ledgerBefore = envelope(await exo(repo, "ledger-show", "--type", "hooks.reinstalled")).data.records.length;
  const fixed = envelope(await exo(repo, "doctor", "--fix"));
  // Before: "fixed hooks: reinstalled claude, git" with nothing reinstalled and the warning unchanged.
  expect(fixed.data.fixed.filter((f: { section: string }) => f.section === "hooks")).toEqual([]);
  const hooks = fixed.data.sections.find((s: { name: string }) => s.name === "hooks");
  expect(hooks).toMatchObject({ status: "warn", fixable: false });
  expect(hooks.message).toContain("husky manages git hooks");
  expect(envelope(await exo(repo, "ledger-show", "--type", "hooks.reinstalled")).data.records.length).toBe(ledgerBefore);
  expect((await exo(repo, "doctor", "--fix", { json: false })).stdout).not.toContain("fixed hooks");
});

test("the JSON envelope has error only on failure and warnings only when there is one, as the README says", async () => {
  const repo = await initRepo();
  const ok = JSON.parse((await exo(repo, "status")).stdout) as Record<string, unknown>;
  expect(Object.keys(ok).sort()).toEqual(["data", "ok"]);
  const failed = JSON.parse((await exo(repo, "ticket-show", "NOPE-1")).stdout) as Record<string, unknown>;
  expect(Object.keys(failed).sort()).toEqual(["data", "error", "ok"]);
  expect(failed["data"]).toBeNull();
  expect(envelope(await exo(repo, "intent-create", "auth", "--brain-dump", "b", "--scope-allow", "src/auth/**", "--id", "INT-1")).ok).toBe(true);
  const warned = JSON.parse((await exo(repo, "ticket-create", "api", "--parent", "INT-1", "--scope-allow", "src/api/**")).stdout) as { ok: boolean; warnings?: unknown[] };
  expect(warned.ok).toBe(true);
  expect(Array.isArray(warned.warnings)).toBe(true);
  expect(readFileSync(new URL("../../../README.md", import.meta.url), "utf8")).toContain("`env.warnings ?? []`");
});

test("an unknown key in constitution.yaml or config.yaml is located at the key, not at its value", async () => {
  const repo = await initRepo();
  const constitution = `${repo}/.exo/constitution.yaml`;
  const text = readFileSync(constitution, "utf8");
  writeFileSync(constitution, text.replace(/^budgets:/m, "bugdets: {max_files: 3}\nbudgets:"));
  const line = text.slice(0, text.search(/^budgets:/m)).split("\n").length;
  const compose = envelope(await exo(repo, "compose"));
  expect(compose.error?.code).toBe("CONSTITUTION_INVALID");
  // Before: "(line N, column 10)", the column of {max_files: 3}.
  expect(compose.error?.message).toContain(`unknown key bugdets (line ${line}, column 1)`);
  writeFileSync(constitution, text);
  const config = `${repo}/.exo/config.yaml`;
  const cfg = readFileSync(config, "utf8");
  writeFileSync(config, cfg.replace(/^( +)ttl_hours: .*$/m, (all, indent: string) => `${all}\n${indent}ttl_hourz: 3`));
  const at = cfg.slice(0, cfg.search(/^ +ttl_hours:/m)).split("\n").length + 1;
  const issues = envelope(await exo(repo, "config-validate")).data.issues as { path: string; line: number; column: number }[];
  expect(issues.find((i) => i.path === "locks.ttl_hourz")).toMatchObject({ line: at, column: 3 });
});

test("exo status names the command for a stale governance lock and for the next ready task, and both run", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const constitution = `${repo}/.exo/constitution.yaml`;
  writeFileSync(constitution, readFileSync(constitution, "utf8").replace(/max_files: (\d+),/, (_all, n: string) => `max_files: ${Number(n) - 1},`));
  const before = (await exo(repo, "status", { json: false })).stdout;
  // Before: "governance  stale · lock v1 …" and "next  T1 "…" score 300", with no command on either.
  expect(before).toMatch(/\ngovernance {2}stale · lock v1 [0-9a-f]{16} \(exo compose\)\n/);
  expect(before).toMatch(/\nnext {8}T1 "[^"]*" score [\d.]+ \(exo next\)\n/);
  expect(envelope(await exo(repo, "compose")).ok).toBe(true);
  expect((await exo(repo, "status", { json: false })).stdout).toMatch(/\ngovernance {2}valid · lock v2 [0-9a-f]{16}\n/);
  expect(envelope(await exo(repo, "next")).data.ticket.id).toBe("T1");
});

test("exo intents and tickets --tree show each ticket's status, so the tree says what is done and what waits", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1", status: "review" }, { id: "T2", parent: "INT-1" }]);
  for (const args of [["intents"], ["tickets", "--tree"]]) {
    const out = (await exo(repo, ...args, { json: false })).stdout;
    // Before: `T1 "…"` and `T2 "…"` read the same though one is in review and one is todo.
    expect(out, args.join(" ")).toMatch(/^INT-1 "[^"]*" \(todo\)/m);
    expect(out, args.join(" ")).toMatch(/── T1 "[^"]*" \(review\)/);
    expect(out, args.join(" ")).toMatch(/── T2 "[^"]*" \(todo\)/);
  }
});
