// Round 18 of team hardening: several clones of one remote, racing agents, hostile state pulled
// or pushed by a teammate (or another tool). Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { lstatSync } from "node:fs";
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, git, tempDir } from "../../helpers/repo.js";
import { claudeSessionRepo, decision, fixture, hook } from "../../helpers/hooks.js";
import { mcpConverse } from "../../helpers/mcp.js";
import { leaseState, team, type Clone } from "../../helpers/team.js";

const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/** A file outside every clone (a teammate's link may point at one like it), with `text`. */
async function outsideFile(name: string, text: string): Promise<string> {
  const file = join(await tempDir(), name);
  await writeFile(file, text);
  return file;
}

/** A teammate commits everything in `from` (no exo hooks) and pushes; `to` pulls it. */
function shareChange(from: Clone, to: Clone | null, message: string): void {
  git(from.dir, "add", "-A");
  git(from.dir, "commit", "-qm", message, "--no-verify");
  if (!to) return;
  git(from.dir, "push", "-q", "origin", "HEAD");
  git(to.dir, "pull", "-q", "--no-rebase");
}

/** Write an object into the bare remote (`git hash-object`, `mktag`, `commit-tree`) and return its sha. */
function object(bare: string, args: string[], input: string): string {
  return execFileSync("git", args, { cwd: bare, input, encoding: "utf8" }).trim();
}

test("hand-made lease refs on the remote (a blob, a tree, a tag, a garbage commit, a ref nested below a ticket's): never a raw git failure or an endless 'try again'; the nested one names the ref to delete", async () => {
  const { bare, clones } = await team([{ id: "T1" }, { id: "T2" }, { id: "T3" }, { id: "T4" }, { id: "T5" }, { id: "T6" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  const blob = object(bare, ["hash-object", "-w", "--stdin"], "exo-lease/1\n");
  const garbage = object(bare, ["commit-tree", EMPTY_TREE], "garbage \x01 [[[\n");
  const tag = object(bare, ["mktag"], `object ${garbage}\ntype commit\ntag x\ntagger a <a@b.invalid> 0 +0000\n\nexo-lease/1\n`);
  git(bare, "update-ref", "refs/exo/leases/T1", blob);
  git(bare, "update-ref", "refs/exo/leases/T2", git(bare, "rev-parse", "HEAD^{tree}").trim());
  git(bare, "update-ref", "refs/exo/leases/T3", tag);
  git(bare, "update-ref", "refs/exo/leases/T4", garbage);
  git(bare, "update-ref", "refs/exo/leases/T5/stray", garbage);
  // A high-water mark that is no commit either (before: git commit-tree failed on it when pruning).
  git(bare, "update-ref", "refs/exo/fencing/high-water", blob);

  // session-start claims each ticket whose ref names no lease (before: GIT_FAILED "git commit-tree
  // failed: … is not a valid 'commit' object", hint "git status", for the blob, tree and tag).
  for (const t of ["T1", "T2", "T3"]) {
    const run = envelope(await a.run("session-start", "--ticket-id", t, "--distributed", { env: { EXO_ACTOR: `agent:o${t}` } }));
    expect(run.ok, `${t}: ${JSON.stringify(run.error)}`).toBe(true);
    expect(run.data.session.fencing_token, t).toBe(1);
    expect(git(bare, "cat-file", "-t", `refs/exo/leases/${t}`).trim(), t).toBe("commit");
  }
  // exo next claims a garbage lease as session-start does (before: LEASE_CONFLICT "claimed by
  // another clone … run exo next again", forever, since its snapshot dropped the unreadable ref).
  const next = envelope(await b.run("next", "--owner", "bob", "--distributed"));
  expect(next.ok, JSON.stringify(next.error)).toBe(true);
  expect(next.data.ticket.id).toBe("T4");
  // A ref nested below T5's lease ref stops that ref from ever being created: next moves on to
  // T6, and a claim of T5 names the ref to delete (before: LEASE_CONFLICT "kept changing; try again").
  expect(envelope(await b.run("next", "--owner", "bob2", "--distributed")).data.ticket.id).toBe("T6");
  for (const args of [["next", "--owner", "bob3", "--distributed"], ["session-start", "--ticket-id", "T5", "--distributed", "--actor", "bob3"]]) {
    const refused = coded(await b.run(...args), "REMOTE_REFUSED", 1);
    expect(refused.error?.message).toContain("git push origin --delete refs/exo/leases/T5/stray");
    expect(refused.error?.details).toMatchObject({ reason: "ref_blocked", blocking_ref: "refs/exo/leases/T5/stray" });
  }
  git(b.dir, "push", "-q", "origin", "--delete", "refs/exo/leases/T5/stray");
  expect(envelope(await b.run("session-start", "--ticket-id", "T5", "--distributed", "--actor", "bob3")).ok).toBe(true);
  // The claims are real leases: the other clone is refused each of them.
  for (const t of ["T1", "T2", "T3", "T4", "T5", "T6"]) {
    const c = ["T1", "T2", "T3"].includes(t) ? b : a;
    expect(envelope(await c.run("session-start", "--ticket-id", t, "--distributed", "--actor", "agent:late")).error?.code, t).toBe("LEASE_HELD");
  }
}, 120_000);

test("a pulled ticket with a prototype key far down the file: the error points at that key's line, not line 1", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [(typeof clones)[0]];
  const file = join(a.dir, ".exo/tickets/T2.yaml");
  const text = await readFile(file, "utf8");
  await writeFile(file, `${text}labels: []\nconstructor:\n  prototype:\n    polluted: 1\n`);
  const line = text.split("\n").length + 1;
  const shown = coded(await a.run("ticket-show", "T2"), "TICKET_INVALID", 2);
  expect(shown.error?.message).toContain(`key "constructor" is not allowed`);
  expect(shown.error?.message).toContain(`(line ${line}, column 1)`);
  // Nested: the key's own line and column.
  await writeFile(file, `${text}x_future:\n  a:\n    __proto__:\n      polluted: 1\n`);
  expect(coded(await a.run("ticket-show", "T2"), "TICKET_INVALID", 2).error?.message).toContain(`(line ${line + 1}, column 5)`);
  // Listing goes on with the other ticket and names the line too.
  const listed = envelope(await a.run("tickets"));
  expect(listed.data.tickets.map((t: { id: string }) => t.id)).toEqual(["T1"]);
  expect(JSON.stringify(listed.warnings)).toContain(`line ${line + 1}`);
});

test("lease-release by a holder that lost its lock (another clone took the lease over, the lock file is gone) answers LOCK_LOST as heartbeat and renew do, not 'no live lock; claim it' with a session-start hint", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  const t0 = { EXO_NOW: "2026-11-24T09:00:00.000Z" };
  const t2 = { EXO_NOW: "2026-11-24T11:00:00.000Z" };
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice", "--distributed", "--ttl-hours", "1", { env: t0 })).ok).toBe(true);
  expect(envelope(await b.run("session-start", "--ticket-id", "T1", "--actor", "bob", "--distributed", { env: t2 })).ok).toBe(true);
  for (const args of [["lease-heartbeat", "--ticket-id", "T1"], ["lease-release", "--ticket-id", "T1"], ["lease-release"]]) {
    const lost = coded(await a.run(...args, "--actor", "alice", { env: t2 }), "LOCK_LOST", 1);
    expect(lost.error?.details, args.join(" ")).toMatchObject({ holder: "bob", host: "b", remote: true });
    expect(lost.error?.hint, args.join(" ")).not.toMatch(/session-start/);
  }
  // Someone who never held it still hears there is no lock here; bob's lease is untouched.
  coded(await a.run("lease-release", "--ticket-id", "T1", "--actor", "carol", { env: t2 }), "LOCK_NOT_FOUND", 1);
  expect(leaseState(b.dir, "T1")).toMatchObject({ state: "held", owner: "bob" });

  // One clone: the lock file of a live session went (git clean, a hand): LOCK_LOST with the cleanup line.
  expect(envelope(await b.run("session-start", "--ticket-id", "T2", "--actor", "carl", { env: t2 })).ok).toBe(true);
  await rm(join(b.dir, ".exo/locks/T2.json"));
  const gone = coded(await b.run("lease-release", "--ticket-id", "T2", "--actor", "carl", { env: t2 }), "LOCK_LOST", 1);
  expect(gone.error?.hint).toMatch(/^exo session-cleanup --session-id SES-\S+ --force/);
});

test("a pulled .exo/config.yaml or constitution that is a symlink to a file outside the repository (a key, a token) is never read: STATE_CORRUPT naming the link, no byte of the target in any answer", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  // A value exo would quote back in a validation error (version must be 1, got "ghp_…").
  const secret = await outsideFile("token.yaml", "version: ghp_SECRETSECRETSECRET\nname: ghp_SECRETSECRETSECRET\n");
  for (const name of ["config.yaml", "constitution.yaml"]) {
    const file = join(a.dir, ".exo", name);
    const original = await readFile(file, "utf8");
    await rm(file);
    await symlink(secret, file);
    shareChange(a, b, `${name} elsewhere`);
    for (const args of [["config-validate"], ["status"], ["compose"], ["session-start", "--ticket-id", "T1", "--actor", "agent:x"]]) {
      const run = await b.run(...args);
      expect(`${run.stdout}${run.stderr}`, `${name}: ${args[0]}`).not.toContain("SECRET");
      const env = coded(run, "STATE_CORRUPT", 1);
      expect(env.error?.message).toContain(`.exo/${name} is a symlink to`);
      expect(env.error?.details).toMatchObject({ path: `.exo/${name}`, reason: "symlink_outside" });
    }
    // doctor names it in its config section (round 36), with the commit to look for.
    const check = await b.run("doctor", "--fix");
    expect(`${check.stdout}${check.stderr}`).not.toContain("SECRET");
    const config = (coded(check, "DOCTOR_FAILED", 1).data.sections as { name: string; message: string; hint: string }[]).find((s) => s.name === "config");
    expect(config?.message).toContain(`.exo/${name} is a symlink to`);
    expect(config?.hint).toBe(`git log --oneline -- .exo/${name}`);
    // The hint's history gives the file back.
    await rm(file);
    await writeFile(file, original);
    shareChange(a, b, `${name} back`);
    expect(envelope(await b.run("config-validate")).ok, name).toBe(true);
  }
  // A link inside the repository is still read.
  await rm(join(b.dir, ".exo/config.yaml"));
  await writeFile(join(b.dir, "exo-config.yaml"), await readFile(join(a.dir, ".exo/config.yaml"), "utf8"));
  await symlink("../exo-config.yaml", join(b.dir, ".exo/config.yaml"));
  expect(envelope(await b.run("config-validate")).ok).toBe(true);
});

test("exo-mcp starts at once in a clone whose pulled .exo/config.yaml is a symlink to /dev/zero (before: it read the device into memory for its profile and never answered initialize)", { timeout: 60_000 }, async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [(typeof clones)[0]];
  await rm(join(a.dir, ".exo/config.yaml"));
  await symlink("/dev/zero", join(a.dir, ".exo/config.yaml"));
  const init = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "claude-code", version: "1" } } };
  const list = { jsonrpc: "2.0", id: 2, method: "tools/list" };
  const started = Date.now();
  const replies = await mcpConverse(a.dir, [`${JSON.stringify(init)}\n`, `${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`, `${JSON.stringify(list)}\n`], 2, { timeoutMs: 15_000 });
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(replies.map((r) => r["id"])).toEqual([1, 2]);
  expect(((replies[1]?.["result"] as { tools: unknown[] }).tools ?? []).length).toBeGreaterThan(0);
  // A tool call answers with the coded error, not a hang.
  const call = { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "exo_status", arguments: {} } };
  const answered = await mcpConverse(a.dir, [`${JSON.stringify(init)}\n`, `${JSON.stringify(call)}\n`], 2, { timeoutMs: 15_000 });
  expect(answered[1]?.raw).toMatch(/IO_ERROR|CONFIG_INVALID|STATE_CORRUPT/);
});

test("the write hook answers at once when a pulled .exo/config.yaml is a symlink to /dev/zero (its ledger record reads the config for privacy settings)", { timeout: 60_000 }, async () => {
  const repo = await claudeSessionRepo({ "src/auth/a.ts": "a\n" });
  await rm(join(repo, ".exo/config.yaml"));
  await symlink("/dev/zero", join(repo, ".exo/config.yaml"));
  // An out-of-scope write is denied and recorded (the record is what reads the config).
  const started = Date.now();
  const run = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo), { EXO_ACTOR: "agent:claude" });
  expect(Date.now() - started).toBeLessThan(8_000);
  expect(decision(run)?.decision).toBe("deny");
});

test("a pulled .claude/settings.json linked to a credentials file outside the repository is never merged and written back (before: session-start copied the key into the repository's settings file)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  expect((await a.run("hook-install", "--harness", "claude")).code).toBe(0);
  const secret = '{"type":"service_account","private_key":"-----SECRETKEY-----"}\n';
  const creds = await outsideFile("creds.json", secret);
  await rm(join(a.dir, ".claude/settings.json"));
  await symlink(creds, join(a.dir, ".claude/settings.json"));
  shareChange(a, b, "settings elsewhere");
  for (const args of [["session-start", "--ticket-id", "T1", "--actor", "agent:x"], ["hook-install", "--harness", "claude"], ["doctor", "--fix"]]) {
    const run = await b.run(...args);
    expect(`${run.stdout}${run.stderr}`, args[0]).not.toContain("SECRETKEY");
    expect(lstatSync(join(b.dir, ".claude/settings.json")).isSymbolicLink(), args[0]).toBe(true);
  }
  const refused = coded(await b.run("hook-install", "--harness", "claude"), "STATE_CORRUPT", 1);
  expect(refused.error?.details).toMatchObject({ path: ".claude/settings.json", reason: "symlink_outside" });
  expect(git(b.dir, "status", "--porcelain", "--", ".claude")).toBe("");
  expect(await readFile(creds, "utf8")).toBe(secret);
});

test("a pulled AGENTS.md linked to a file outside the repository: adapter-generate refuses it instead of writing that file's text, around exo's block, into the repository", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  const notes = await outsideFile("private-notes.md", "# private\nSECRETNOTE\n");
  await symlink(notes, join(a.dir, "AGENTS.md"));
  shareChange(a, b, "agents elsewhere");
  const refused = coded(await b.run("adapter-generate", "--target", "agents"), "STATE_CORRUPT", 1);
  expect(refused.error?.details).toMatchObject({ path: "AGENTS.md", reason: "symlink_outside" });
  expect(`${refused.error?.message}`).not.toContain("SECRETNOTE");
  expect(lstatSync(join(b.dir, "AGENTS.md")).isSymbolicLink()).toBe(true);
  expect(await readFile(notes, "utf8")).toBe("# private\nSECRETNOTE\n");
});

test("exo install over a pulled .mcp.json linked to a file outside the repository: the MCP step fails naming the link (before: it merged that file's keys into a new .mcp.json and committed them)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [(typeof clones)[0]];
  const creds = await outsideFile("c.json", '{"private_key":"SECRETMCP"}\n');
  await symlink(creds, join(a.dir, ".mcp.json"));
  shareChange(a, null, "mcp elsewhere");
  const run = await a.run("install", "--harness", "claude");
  expect(envelope(run).data?.mcp ?? envelope(run).error?.details).toBeDefined();
  expect(`${run.stdout}`).toContain(".mcp.json is a symlink to");
  expect(lstatSync(join(a.dir, ".mcp.json")).isSymbolicLink()).toBe(true);
  expect(git(a.dir, "log", "-p", "--all", "--", ".mcp.json")).not.toContain("SECRETMCP");
  expect(await readFile(creds, "utf8")).toBe('{"private_key":"SECRETMCP"}\n');
});

test("sandbox-policy --write over a pulled .claude/settings.json linked outside the repository: refused, nothing of the target copied in (before: written back merged, key and all)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [(typeof clones)[0]];
  const creds = await outsideFile("c.json", '{"private_key":"SECRETSB"}\n');
  await mkdir(join(a.dir, ".claude"), { recursive: true });
  await symlink(creds, join(a.dir, ".claude/settings.json"));
  shareChange(a, null, "settings elsewhere");
  const refused = coded(await a.run("sandbox-policy", "--write"), "STATE_CORRUPT", 1);
  expect(refused.error?.details).toMatchObject({ path: ".claude/settings.json", reason: "symlink_outside" });
  expect(lstatSync(join(a.dir, ".claude/settings.json")).isSymbolicLink()).toBe(true);
});
