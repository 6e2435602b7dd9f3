// A new user's first hours and a team lead's first day, twenty-third pass: two clones of one
// remote (distributed leases, handoffs between them), and what `exo ready` says next.
import { execSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";
import { team } from "../../helpers/team.js";


/** Two clones that each created an intent and regenerated the instruction files; a has pushed. */
async function bothRegenerated() {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  for (const [c, id] of [[a, "INT-A"], [b, "INT-B"]] as const) {
    git(c.dir, "config", "user.email", `${c.host}@example.invalid`);
    expect((await c.run("intent-create", `intent of ${c.host}`, "--brain-dump", "why", "--scope-allow", `${c.host}/**`, "--id", id)).code).toBe(0);
    expect((await c.run("adapter-generate")).code).toBe(0);
    git(c.dir, "add", "-A");
    git(c.dir, "commit", "-qm", `${c.host}'s intent`);
  }
  git(a.dir, "push", "-q", "origin", "HEAD");
  return [a, b] as const;
}

test("exo ready with distributed leases leaves out a ticket another clone leases, as exo next does, and says who holds it", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  for (const c of [a, b]) git(c.dir, "config", "user.email", `${c.host}@example.invalid`);
  const claimed = envelope(await b.run("next", "--distributed"));
  expect(claimed.data.ticket.id).toBe("T1");
  // a fetched (exo next, or a plain git fetch after init's refspecs): the lease is known here.
  expect(envelope(await a.run("next", "--distributed", "--dry-run")).data.ticket.id).toBe("T2");
  const ready = envelope(await a.run("ready", "--distributed"));
  // Before: T1 first ("exo next takes the first") while exo next skipped it as leased remote.
  expect(ready.data.ready.map((r: { id: string }) => r.id)).toEqual(["T2"]);
  expect(ready.data.not_ready).toEqual([expect.objectContaining({ id: "T1", reason: "leased_remote", detail: expect.stringContaining("b@example.invalid") })]);
  // locks.distributed in the config does the same without the flag; brief names T2 to start.
  const cfg = join(a.dir, ".exo", "config.yaml");
  writeFileSync(cfg, readFileSync(cfg, "utf8").replace("distributed: false", "distributed: true"));
  expect(envelope(await a.run("ready")).data.ready.map((r: { id: string }) => r.id)).toEqual(["T2"]);
  expect(envelope(await a.run("brief")).data.commands[0]).toBe("exo session-start --ticket-id T2");
});

test("after a handoff that keeps the lock for bob, the sender's exo ready and exo next name bob's start, not one of the sender's own", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const alice = { env: { EXO_ACTOR: "human:alice" } };
  expect((await exo(repo, "next", alice)).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", alice)).code).toBe(0);
  expect((await exo(repo, "session-handoff", "--to", "human:bob", "--summary", "over to bob", "--keep-lock", alice)).code).toBe(0);
  // Before: `exo session-start --ticket-id TICKET-001`, which alice ran and took bob's claim with.
  expect(envelope(await exo(repo, "ready", alice)).data.next_command).toBe("exo session-start --ticket-id TICKET-001 --actor human:bob");
  const next = await exo(repo, "next", alice);
  expect(envelope(next).error?.code).toBe("NO_TICKET");
  expect(envelope(next).error?.hint).toBe("exo session-start --ticket-id TICKET-001 --actor human:bob");
  // The home view said so already; bob's own ready offers him the start as he is.
  expect((await exo(repo, { json: false, ...alice })).stdout).toContain("EXO_ACTOR=human:bob exo session-start --ticket-id TICKET-001");
  expect(envelope(await exo(repo, "ready", { env: { EXO_ACTOR: "human:bob" } })).data.next_command).toBe("exo session-start --ticket-id TICKET-001");
  // The hint runs as printed: bob's session, with the handoff shown.
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "human:bob" } }));
  expect(started.data.session.actor).toBe("human:bob");
});

test("doctor's hint for a ticket another clone holds too is the suspend of this clone's session on it, not a release that leaves the session without its lock", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  for (const c of [a, b]) git(c.dir, "config", "user.email", `${c.host}@example.invalid`);
  expect((await a.run("next")).code).toBe(0);
  git(a.dir, "add", ".exo");
  git(a.dir, "commit", "-qm", "claim T1");
  git(a.dir, "push", "-q", "origin", "HEAD");
  expect((await b.run("session-start", "--ticket-id", "T1")).code).toBe(0);
  git(b.dir, "fetch", "-q");
  const locks = envelope(await b.run("doctor", "--section", "locks")).data.sections[0];
  expect(locks.details.claimed_elsewhere[0]).toMatchObject({ ticket: "T1" });
  const session = envelope(await b.run("session-scan")).data.sessions[0].id;
  // Before: `exo lease-release --ticket-id T1`: the session went on without its lock (hooks then
  // refuse its writes, session-scan called it stale, and finish said "lock kept").
  expect(locks.hint).toBe(`exo session-suspend --session-id ${session} --reason "…"`);
  const run = await b.run(...locks.hint.replace('"…"', "a-has-it").split(" ").slice(1));
  expect(run.code, run.stdout).toBe(0);
  expect(envelope(run).data.lock_released).toBe(true);
  // With no session on it, releasing the claim stays the step.
  expect((await a.run("doctor", "--section", "locks")).code).toBe(0);
});

test("a pull that conflicts in the instruction files both clones regenerated: doctor's step is exo adapter-generate --force, and its next: line concludes the merge", async () => {
  const [, b] = await bothRegenerated();
  expect(() => git(b.dir, "pull", "-q", "--no-rebase", "origin", "main")).toThrow();
  expect(git(b.dir, "diff", "--name-only", "--diff-filter=U")).toContain(".exo/generated.json");
  const doctor = envelope(await b.run("doctor", "--section", "git_tracking"));
  const section = doctor.data.sections[0];
  expect(section).toMatchObject({ status: "fail" });
  // Before: `git mergetool -- .exo/generated.json`, a hand merge of content hashes (and a commit
  // of the markers made every instruction file read as edited by hand).
  expect(section.hint).toBe("exo adapter-generate --force");
  expect(section.message).toMatch(/generated/);
  const regen = await b.run("adapter-generate", "--force", { json: false });
  expect(regen.code, regen.stderr).toBe(0);
  const next = /^next: (.+)$/m.exec(regen.stdout)?.[1] ?? "";
  expect(next).toMatch(/^git add .*\.exo\/generated\.json && git commit/);
  execSync(next, { cwd: b.dir, stdio: "ignore" });
  expect(git(b.dir, "diff", "--name-only", "--diff-filter=U")).toBe("");
  expect(readFileSync(join(b.dir, "CLAUDE.md"), "utf8")).toMatch(/INT-A[\s\S]*INT-B/);
  expect((await b.run("adapter-generate", "--check")).code).toBe(0);
});

test("exo trace names a tag's file and line once per problem", async () => {
  const repo = await tempRepo({ "src/auth/a.ts": "// @feature:auth\nexport function login() {}\n// @endfeature\n// @feature:bogus\n" });
  expect((await exo(repo, "init")).code).toBe(0);
  writeFileSync(join(repo, ".exo", "features.yaml"), 'version: 1\nfeatures:\n  - id: auth\n    title: Login\n    files: ["src/auth/**"]\n');
  const run = await exo(repo, "trace", { json: false });
  expect(run.code).toBe(1);
  // Before: `error  src/auth/a.ts:4  src/auth/a.ts:4: feature bogus is not in features.yaml`.
  expect(run.stdout).toMatch(/^ {2}error {2}src\/auth\/a\.ts:4 {2}feature bogus is not in features\.yaml \[unknown_feature\]$/m);
  expect(envelope(await exo(repo, "trace")).data.violations[0].message).toBe("src/auth/a.ts:4: feature bogus is not in features.yaml");
});

test("a claim handed over with --keep-lock and finished in the receiver's clone: after the pull the sender is not told to start a session on the ticket in review", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2", blockers: ["T1"] }], ["a", "b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  for (const c of [a, b]) git(c.dir, "config", "user.email", `${c.host}@example.invalid`);
  const alice = { env: { EXO_ACTOR: "human:alice" } };
  const bob = { env: { EXO_ACTOR: "human:bob" } };
  expect((await a.run("session-start", "--ticket-id", "T1", alice)).code).toBe(0);
  expect((await a.run("session-handoff", "--to", "human:bob", "--summary", "yours", "--keep-lock", alice)).code).toBe(0);
  git(a.dir, "push", "-q", "origin", "HEAD");
  git(b.dir, "pull", "-q", "--no-rebase", "origin", "main");
  expect((await b.run("session-start", "--ticket-id", "T1", bob)).code).toBe(0);
  expect(envelope(await b.run("session-finish", "--summary", "done", bob)).data.ticket.status).toBe("review");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase", "origin", "main");
  // a's clone still has the lock the handoff gave bob (live for its ttl), on a ticket now in review.
  // Before: `exo session-start --ticket-id T1` ("T1 is claimed by human:bob: start a session on
  // it"), which reopened the reviewed ticket as alice's session.
  const home = await a.run({ json: false, ...alice });
  expect(home.stdout).not.toContain("exo session-start --ticket-id T1");
  expect(home.stdout).toContain("exo ticket-close T1");
  expect(envelope(await a.run("ready", alice)).data.next_command).toBe("exo ticket-close T1");
});

test("exo ready right after exo next names the start on your claim, not exo next again, while other tasks are ready", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets[0].id as string;
  expect((await exo(repo, "ticket-create", "second", "--parent", intent, "--id", "T-2")).code).toBe(0);
  expect(envelope(await exo(repo, "next")).data.ticket.id).toBe("TICKET-001");
  const ready = envelope(await exo(repo, "ready"));
  expect(ready.data.ready.map((r: { id: string }) => r.id)).toEqual(["T-2"]);
  // Before: `exo next`, which claimed T-2 as well (CLAIM_ALREADY_HELD) while TICKET-001 waited.
  expect(ready.data.next_command).toBe("exo session-start --ticket-id TICKET-001");
  // Someone else's claim does not change what is next for you.
  expect(envelope(await exo(repo, "ready", { env: { EXO_ACTOR: "human:carol" } })).data.next_command).toBe("exo next");
});

test("a session whose lease ran out and was settled by gc-locks finishes saying its lock is released, not 'lock kept'", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", "src/a.ts": "x\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const t0 = { env: { EXO_NOW: "2026-12-01T09:00:00.000Z" } };
  const later = { env: { EXO_NOW: "2026-12-01T12:00:00.000Z" } };
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", "--ttl-hours", "1", "--pid", String(process.pid), t0)).code).toBe(0);
  expect(envelope(await exo(repo, "gc-locks", later)).data.local[0]).toMatchObject({ ticket: "TICKET-001", action: "released" });
  writeFileSync(join(repo, "src", "a.ts"), "y\n");
  const finish = await exo(repo, "session-finish", "--summary", "done", { json: false, ...later });
  expect(finish.code, finish.stderr).toBe(0);
  expect(finish.stderr).toContain("expired or was released during the session");
  // Before: "lock kept", while exo status said "locks none held".
  expect(finish.stdout).toMatch(/^lock released; exo state committed in /m);
  expect(envelope(await exo(repo, "status", later)).data.locks.filter((l: { live: boolean }) => l.live)).toEqual([]);
});

test("exo status with distributed leases and a remote that does not answer still names the next ready task (from the leases last fetched), as exo ready does", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  for (const c of [a, b]) git(c.dir, "config", "user.email", `${c.host}@example.invalid`);
  expect(envelope(await b.run("next", "--distributed")).data.ticket.id).toBe("T1");
  expect(envelope(await a.run("next", "--distributed", "--dry-run")).data.ticket.id).toBe("T2");
  const cfg = join(a.dir, ".exo", "config.yaml");
  writeFileSync(cfg, readFileSync(cfg, "utf8").replace("distributed: false", "distributed: true"));
  git(a.dir, "remote", "set-url", "origin", join(a.dir, "..", "gone.git"));
  // Before: next null ("nothing ready (exo ready says why)") while exo ready listed T2.
  expect(envelope(await a.run("status")).data.next).toMatchObject({ ticket: "T2" });
  expect(envelope(await a.run("ready")).data.ready.map((r: { id: string }) => r.id)).toEqual(["T2"]);
});

test("the README quick start's change, left uncommitted at finish: finish gives the commit that makes it the session's, and exo pr-check then passes", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", "src/a.ts": "x\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  git(repo, "checkout", "-q", "-b", "feat");
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  writeFileSync(join(repo, "src", "a.ts"), "y\n");
  const finish = await exo(repo, "session-finish", "--summary", "first change", { json: false });
  expect(finish.code, finish.stderr).toBe(0);
  const session = /^finished (SES-\S+)/.exec(finish.stdout)?.[1] ?? "";
  // Before: nothing said; the user's commit after finish had no Exo-Session trailer, and
  // `exo pr-check` failed it as ungoverned_commit (src/a.ts "outside the scope of every session").
  const line = /^commit: (.+)$/m.exec(finish.stdout)?.[1] ?? "";
  expect(line).toBe(`git add -- src/a.ts && git commit -m "…" -m "Exo-Session: ${session}"`);
  execSync(line.replace('-m "…"', '-m "first change"'), { cwd: repo, stdio: "ignore" });
  const check = await exo(repo, "pr-check", "--base", "main");
  expect(envelope(check).data.verdict, JSON.stringify(envelope(check).data.findings)).toBe("pass");
  // JSON says the same (commit_command), and a session whose work is committed gets none.
  expect(envelope(await exo(repo, "ledger-show", "--type", "session.finished")).ok).toBe(true);
});

test("the same conflict met in a git pull --rebase: doctor says to go on with git rebase --continue, not that a commit concludes a merge", async () => {
  const [, b] = await bothRegenerated();
  expect(() => git(b.dir, "pull", "-q", "--rebase", "origin", "main")).toThrow();
  const section = envelope(await b.run("doctor", "--section", "git_tracking")).data.sections[0];
  expect(section.hint).toBe("exo adapter-generate --force");
  // Before this pass: git mergetool -- .exo/generated.json (and, with the first fix, "concludes the merge").
  expect(section.message).toContain("then its next: line git adds them and runs git rebase --continue");
  // And the next: line says so (before: git commit -m …, a commit beside the one the rebase redoes).
  const generated = envelope(await b.run("adapter-generate", "--force")).data;
  expect(generated.next_command).toMatch(/^git add .*\.exo\/generated\.json.* && git rebase --continue$/);
  const ran = spawnSync("sh", ["-c", generated.next_command], { cwd: b.dir, encoding: "utf8", env: { ...process.env, GIT_EDITOR: "true" } });
  expect(ran.status, ran.stderr + ran.stdout).toBe(0);
  expect(git(b.dir, "status", "--porcelain").trim()).toBe("");
  expect(envelope(await b.run("doctor", "--section", "git_tracking")).data.sections[0].status).toBe("pass");
});
