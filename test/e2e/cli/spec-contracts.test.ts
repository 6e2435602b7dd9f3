// Black-box checks of SPEC §6 command contracts found wanting by an audit against §5.1, §4.5.2 and §13.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";

test("filter flags that name an id or a type are validated like every other id: INVALID_INPUT, exit 2 (SPEC §4.5.2, §5.1)", async () => {
  const repo = await initRepo();
  const cases: [string[], string, string][] = [
    [["ledger-show", "--writer", "../../etc"], "writer", "id_invalid"],
    [["ledger-show", "--writer", "BAD.main.x"], "writer", "id_invalid"],
    [["trace", "--feature", "../x"], "feature", "id_invalid"],
    [["reflections", "--scope", "../x"], "scope", "id_invalid"],
    [["tickets", "--type", "Not A Type"], "type", "invalid_format"],
  ];
  for (const [argv, path, code] of cases) {
    const run = await exo(repo, ...argv);
    expect(run.code, argv.join(" ")).toBe(2);
    const env = envelope(run);
    expect(env.error?.code, argv.join(" ")).toBe("INVALID_INPUT");
    expect(env.error?.details.issues[0], argv.join(" ")).toMatchObject({ path, code });
  }
  // Valid values still filter.
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { writer: string }[];
  const writer = records[0]?.writer as string;
  expect(envelope(await exo(repo, "ledger-show", "--writer", writer, "--all")).data.total).toBe(records.length);
  expect(envelope(await exo(repo, "trace", "--feature", "billing")).ok).toBe(true);
  expect(envelope(await exo(repo, "reflections", "--scope", "global")).ok).toBe(true);
  expect(envelope(await exo(repo, "reflections", "--scope", "TICKET-001")).ok).toBe(true);
  expect(envelope(await exo(repo, "tickets", "--type", "bug")).data.total).toBe(0);
});

test("a crashed session recovered by someone else keeps its own actor in ticket-show and pr-check sessions (SPEC §6.2, §6.5)", async () => {
  const repo = await initRepo();
  const base = git(repo, "rev-parse", "HEAD").trim();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  // pid 2^22 + 1 is above Linux's pid_max and macOS's pid range: never a live process.
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--pid", "4194305", "--actor", "agent:crashy"));
  const ses = start.data.session.id as string;
  await writeFiles(repo, { "src/a.ts": "a\n" });
  git(repo, "add", "src/a.ts");
  git(repo, "commit", "--quiet", "--no-verify", "-m", "work", "-m", `Exo-Session: ${ses}`);
  const cleanup = envelope(await exo(repo, "session-cleanup", "--actor", "human:rescuer"));
  expect(cleanup.data.recovered.map((r: { session: string }) => r.session)).toEqual([ses]);
  const show = envelope(await exo(repo, "ticket-show", "T1"));
  expect(show.data.sessions).toEqual([expect.objectContaining({ session: ses, actor: "agent:crashy", outcome: "crashed" })]);
  const pr = envelope(await exo(repo, "pr-check", "--base", base));
  expect(pr.data.sessions).toEqual([expect.objectContaining({ id: ses, actor: "agent:crashy" })]);
});

test("ticket-show lists children and blockers by ticket id, as SPEC §6 sorts lists whose order it does not state", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "intent-create", "root", "--brain-dump", "why", "--id", "INT-1"));
  // Created in reverse id order, the most urgent first: neither creation nor priority order is id order.
  envelope(await exo(repo, "ticket-create", "c", "--parent", "INT-1", "--id", "C-3", "--priority", "1"));
  envelope(await exo(repo, "ticket-create", "b", "--parent", "INT-1", "--id", "B-2", "--priority", "3"));
  envelope(await exo(repo, "ticket-create", "a", "--parent", "INT-1", "--id", "A-1", "--priority", "5"));
  envelope(await exo(repo, "ticket-create", "blocked", "--id", "Z-9", "--blocker", "C-3", "--blocker", "A-1", "--blocker", "B-2"));
  expect(envelope(await exo(repo, "ticket-show", "INT-1")).data.children.map((c: { id: string }) => c.id)).toEqual(["A-1", "B-2", "C-3"]);
  expect(envelope(await exo(repo, "ticket-show", "Z-9")).data.blockers).toEqual([
    { id: "A-1", status: "todo" },
    { id: "B-2", status: "todo" },
    { id: "C-3", status: "todo" },
  ]);
});

test("drift --session-id focuses the sessions section on that session; an unknown one is SESSION_NOT_FOUND (SPEC §6.5)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "T-A", "--scope-allow", "src/a/**"));
  envelope(await exo(repo, "ticket-create", "b", "--id", "T-B", "--scope-allow", "src/b/**"));
  const a = envelope(await exo(repo, "session-start", "--ticket-id", "T-A", "--actor", "agent:a")).data.session.id as string;
  const b = envelope(await exo(repo, "session-start", "--ticket-id", "T-B", "--actor", "agent:b")).data.session.id as string;
  await writeFiles(repo, { "src/a/x.ts": "x\n" });
  const sessionsOf = (env: ReturnType<typeof envelope>) => env.data.sections.find((s: { name: string }) => s.name === "sessions");
  const all = sessionsOf(envelope(await exo(repo, "drift")));
  expect(all.details.sessions).toBe(2);
  const focused = sessionsOf(envelope(await exo(repo, "drift", "--session-id", b)));
  expect(focused.details.sessions).toBe(1);
  expect(focused.details.live.map((l: { id: string }) => l.id)).toEqual([b]);
  expect(focused.details.live.map((l: { id: string }) => l.id)).not.toContain(a);
  const unknown = await exo(repo, "drift", "--session-id", "SES-20261124-090000-AAAAAA");
  expect(unknown.code).toBe(2);
  expect(envelope(unknown).error?.code).toBe("SESSION_NOT_FOUND");
});

test("session-finish --artifact: paths outside the repository are INVALID_INPUT path_unsafe and nothing is closed; inside paths are recorded repository-relative (SPEC §2.2, §5.6, §12)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "T-A"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T-A", "--actor", "agent:a"));
  const bad = await exo(repo, "session-finish", "--summary", "done", "--artifact", "../../etc/passwd", "--artifact", "/etc/hosts", "--actor", "agent:a");
  expect(bad.code).toBe(2);
  const env = envelope(bad);
  expect(env.error?.code).toBe("INVALID_INPUT");
  expect(env.error?.details.issues).toEqual([
    expect.objectContaining({ path: "artifact.0", code: "path_unsafe" }),
    expect.objectContaining({ path: "artifact.1", code: "path_unsafe" }),
  ]);
  expect(JSON.stringify(env.error?.details)).not.toContain("/etc/");
  // The session is still open.
  expect(envelope(await exo(repo, "session-scan")).data.sessions).toHaveLength(1);
  const ok = envelope(await exo(repo, "session-finish", "--summary", "done", "--artifact", "./dist/../dist/app.js", "--artifact", `${repo}/docs/notes.md`, "--actor", "agent:a"));
  expect(ok.ok).toBe(true);
  const memento = await readFile(join(repo, ok.data.memento_path as string), "utf8");
  expect(memento).toContain("## Artifacts\n- dist/app.js\n- docs/notes.md\n");
});

test("a missing one-of required flag is USAGE_ERROR (exit 2): decide without --path/--bash/--apply-patch, worktree-remove without --ticket-id/--path (SPEC §5.1)", async () => {
  const repo = await initRepo();
  for (const argv of [["decide"], ["decide", "--action", "delete"], ["worktree-remove"], ["worktree-remove", "--force"]]) {
    const run = await exo(repo, ...argv);
    expect(run.code, argv.join(" ")).toBe(2);
    expect(envelope(run).error?.code, argv.join(" ")).toBe("USAGE_ERROR");
  }
  // Given, they work as before.
  expect((await exo(repo, "decide", "--path", "src/a.ts")).code).toBe(0);
  expect(envelope(await exo(repo, "worktree-remove", "--path", "../nowhere")).error?.code).toBe("INVALID_INPUT");
});

test("metrics with --since after --until is INVALID_INPUT (exit 2), not an empty window", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "metrics", "--since", "2026-11-02T00:00:00.000Z", "--until", "2026-11-01T00:00:00.000Z");
  expect(run.code).toBe(2);
  expect(envelope(run).error).toMatchObject({ code: "INVALID_INPUT", details: { issues: [{ path: "since", code: "window_reversed" }] } });
  // A --since in the future against the default end (now) is reversed too; a proper window answers.
  expect((await exo(repo, "metrics", "--since", "2999-01-01T00:00:00.000Z")).code).toBe(2);
  expect(envelope(await exo(repo, "metrics", "--since", "2026-11-01T00:00:00.000Z", "--until", "2026-11-02T00:00:00.000Z")).ok).toBe(true);
});

test("session-resume on another branch than the session worked on gives the ticket_branch_mismatch advisory", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  const ses = envelope(await exo(repo, "session-start", "--ticket-id", "T1")).data.session.id as string;
  const branch = git(repo, "rev-parse", "--abbrev-ref", "HEAD").trim();
  envelope(await exo(repo, "session-suspend", "--reason", "lunch"));
  // Same branch: no advisory.
  const same = envelope(await exo(repo, "session-resume", "--session-id", ses));
  expect(same.data.advisories.map((a: { kind: string }) => a.kind)).not.toContain("ticket_branch_mismatch");
  envelope(await exo(repo, "session-suspend", "--reason", "switch"));
  git(repo, "checkout", "-q", "-b", "elsewhere");
  const resumed = envelope(await exo(repo, "session-resume", "--session-id", ses));
  expect(resumed.data.advisories).toContainEqual(expect.objectContaining({ kind: "ticket_branch_mismatch", severity: "info", details: { previous_branch: branch, current_branch: "elsewhere" } }));
});
