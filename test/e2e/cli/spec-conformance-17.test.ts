// Black-box checks of SPEC contracts found wanting by the round-17 audit: exact numbers of the
// observability commands (§7.20 metrics weeks, §8.9 trace attributes) and less-used commands'
// outputs. Each test fails on the behaviour before its fix.
import { mkdir, readFile, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempRepo } from "../../helpers/repo.js";

const at = (iso: string, actor?: string) => ({ env: { EXO_NOW: iso, ...(actor ? { EXO_ACTOR: actor } : {}) } });

/** An initialised, committed repository whose ledger starts at `iso` (ledger times never go back). */
async function repoAt(iso: string): Promise<string> {
  const repo = await tempRepo();
  expect((await exo(repo, "init", at(iso))).code).toBe(0);
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "exo init");
  return repo;
}

test("metrics throughput lists the ISO weeks the window [since, until) overlaps: until at a Monday 00:00 adds no empty week (SPEC §7.20)", async () => {
  const repo = await repoAt("2026-11-17T09:00:00.000Z");
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1", at("2026-11-17T09:00:00.000Z")));
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", at("2026-11-17T10:00:00.000Z", "agent:a"))).ok).toBe(true);
  expect(envelope(await exo(repo, "session-finish", "--summary", "done", "--set-status", "done", at("2026-11-17T12:00:00.000Z", "agent:a"))).ok).toBe(true);
  // Two whole ISO weeks: Monday 2026-11-16 (W47) up to, not including, Monday 2026-11-30 (W49).
  const two = envelope(await exo(repo, "metrics", "--since", "2026-11-16T00:00:00.000Z", "--until", "2026-11-30T00:00:00.000Z", at("2026-12-01T00:00:00.000Z")));
  expect(two.data.tickets.throughput).toEqual([
    { week: "2026-W47", done: 1 },
    { week: "2026-W48", done: 0 },
  ]);
  expect(two.data.tickets.median_cycle_hours).toBe(2);
  // One millisecond into W49 overlaps it.
  const more = envelope(await exo(repo, "metrics", "--since", "2026-11-16T00:00:00.000Z", "--until", "2026-11-30T00:00:00.001Z", at("2026-12-01T00:00:00.000Z")));
  expect(more.data.tickets.throughput.map((w: { week: string }) => w.week)).toEqual(["2026-W47", "2026-W48", "2026-W49"]);
});

test("a trace's exo.fencing_token is the session's final token, as in its memento: a resumed session reports the token it finished with (SPEC §8.9, §4.9)", async () => {
  const repo = await repoAt("2026-11-17T09:00:00.000Z");
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1", at("2026-11-17T09:00:00.000Z")));
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", at("2026-11-17T10:00:00.000Z", "agent:a")));
  const ses: string = started.data.session.id;
  expect(started.data.session.fencing_token).toBe(1);
  expect(envelope(await exo(repo, "session-suspend", "--reason", "lunch", at("2026-11-17T11:00:00.000Z", "agent:a"))).ok).toBe(true);
  expect(envelope(await exo(repo, "session-resume", at("2026-11-17T12:00:00.000Z", "agent:a"))).data.session.fencing_token).toBe(2);
  expect(envelope(await exo(repo, "lease-renew", at("2026-11-17T12:30:00.000Z", "agent:a"))).data.lock.fencing_token).toBe(3);
  const finished = envelope(await exo(repo, "session-finish", "--summary", "done", at("2026-11-17T13:00:00.000Z", "agent:a")));
  expect(finished.ok).toBe(true);
  expect(await readFile(join(repo, finished.data.memento_path), "utf8")).toMatch(/^fencing_token: 3$/m);
  type Attr = { key: string; value: Record<string, unknown> };
  const token = (trace: { resourceSpans: { scopeSpans: { spans: { name: string; attributes: Attr[] }[] }[] }[] }) =>
    trace.resourceSpans[0]?.scopeSpans[0]?.spans.find((s) => s.name.startsWith("invoke_agent"))?.attributes.find((a) => a.key === "exo.fencing_token")?.value;
  expect(token(JSON.parse(await readFile(join(repo, ".exo/traces", `${ses}.json`), "utf8")))).toEqual({ intValue: "3" });
  expect(envelope(await exo(repo, "export-traces", at("2026-11-17T14:00:00.000Z"))).data.traces).toBe(1);
  expect(token(JSON.parse((await readFile(join(repo, ".exo/traces/export.jsonl"), "utf8")).split("\n")[0] as string))).toEqual({ intValue: "3" });
});

test("an old unparsable guard file (a holder died mid-write) is a doctor warning, not a failure: the next acquirer takes it over; --fix removes it (SPEC §7.22, §7.24)", async () => {
  const repo = await initRepo();
  const guards = join(repo, ".exo/cache/guards");
  await mkdir(guards, { recursive: true });
  const guard = join(guards, "ticket-T1.guard");
  await writeFile(guard, "");
  const old = new Date(Date.now() - 5 * 60_000);
  await utimes(guard, old, old);
  const run = await exo(repo, "doctor");
  const report = envelope(run);
  const status = (name: string) => report.data.sections.find((s: { name: string }) => s.name === name)?.status;
  expect(status("locks")).toBe("warn");
  expect(report.data.sections.filter((s: { status: string }) => s.status === "fail").map((s: { name: string }) => s.name)).toEqual([]);
  expect(report.data.status).toBe("warn");
  expect(run.code).toBe(0);
  const fixed = envelope(await exo(repo, "doctor", "--fix"));
  expect(fixed.data.fixed.length).toBeGreaterThan(0);
  expect(existsSync(guard)).toBe(false);
});

test("ticket-update lists the changed fields in SPEC §4.5.1's key order, whatever order the flags came in, in data.changed and the ticket.updated record", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  const updated = envelope(await exo(repo, "ticket-update", "T1", "--risk", "high", "--max-files", "5", "--scope-allow", "src/**", "--priority", "2", "--title", "better", "--status", "cancelled"));
  expect(updated.data.changed).toEqual(["title", "status", "priority", "scope", "budgets", "risk"]);
  const record = envelope(await exo(repo, "ledger-show", "--type", "ticket.updated", "--ticket-id", "T1")).data.records[0];
  expect(record.data).toEqual({ fields: ["title", "priority", "scope", "budgets", "risk"] });
});

test("session-start --dispatch that takes over another owner's expired claim raises ticket_contention, as a start naming the ticket does (SPEC §7.11, §7.9 step 4)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "one", "--id", "T1"));
  envelope(await exo(repo, "ticket-create", "two", "--id", "T2"));
  // Two claims of a day ago, long expired (ttl 2 h).
  const past = at(new Date(Date.now() - 86_400_000).toISOString());
  expect(envelope(await exo(repo, "next", "--owner", "bob", past)).data.ticket.id).toBe("T1");
  expect(envelope(await exo(repo, "next", "--owner", "bob", past)).data.ticket.id).toBe("T2");
  const contention = (run: Awaited<ReturnType<typeof exo>>) => envelope(run).data.advisories.filter((a: { kind: string }) => a.kind === "ticket_contention").map((a: { details: { previous_owner: string } }) => a.details.previous_owner);
  expect(contention(await exo(repo, "session-start", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:a" } }))).toEqual(["bob"]);
  const dispatched = await exo(repo, "session-start", "--dispatch", { env: { EXO_ACTOR: "agent:b" } });
  expect(envelope(dispatched).data.ticket.id).toBe("T1");
  expect(contention(dispatched)).toEqual(["bob"]);
});

test("a ticket file given an unknown key by hand is a doctor warning (SPEC §4.5.1: kept on rewrite, reported as warn), not an integrity failure; a hand edit of a known field still fails", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1", "--scope-allow", "src/**"));
  envelope(await exo(repo, "intent-create", "goal", "--brain-dump", "why", "--id", "I1"));
  envelope(await exo(repo, "ticket-update", "T1", "--parent", "I1"));
  const file = join(repo, ".exo/tickets/T1.yaml");
  await writeFile(file, `${await readFile(file, "utf8")}future_key: from a newer exo\n`);
  const names = (report: { data: { sections: { name: string; status: string }[] } }, status: string) => report.data.sections.filter((s) => s.status === status).map((s) => s.name);
  const first = await exo(repo, "doctor");
  expect(names(envelope(first), "fail")).toEqual([]);
  expect(names(envelope(first), "warn")).toContain("tickets");
  expect(first.code).toBe(0);
  // Kept on rewrite, and the rewrite is no integrity violation either.
  expect(envelope(await exo(repo, "ticket-update", "T1", "--priority", "2")).ok).toBe(true);
  expect(await readFile(file, "utf8")).toMatch(/^future_key: from a newer exo$/m);
  const second = await exo(repo, "doctor");
  expect(names(envelope(second), "fail")).toEqual([]);
  expect(second.code).toBe(0);
  // Widening the scope by hand is still caught.
  await writeFile(file, (await readFile(file, "utf8")).replace("src/**", "lib/**"));
  const third = await exo(repo, "doctor");
  expect(names(envelope(third), "fail")).toEqual(["integrity"]);
  expect(third.code).toBe(1);
});

test("doctor's scaffold warning for an edited .exo/.gitignore hints the repair it offers (exo doctor --fix), as every fixable section does (SPEC §7.22, §5.4)", async () => {
  const repo = await initRepo();
  const ignore = join(repo, ".exo/.gitignore");
  await writeFile(ignore, `${await readFile(ignore, "utf8")}extra/\n`);
  const scaffold = envelope(await exo(repo, "doctor", "--section", "scaffold")).data.sections[0];
  expect(scaffold).toMatchObject({ name: "scaffold", status: "warn", fixable: true, hint: "exo doctor --fix" });
  envelope(await exo(repo, "doctor", "--fix", "--section", "scaffold"));
  expect(envelope(await exo(repo, "doctor", "--section", "scaffold")).data.sections[0]).toMatchObject({ status: "pass", hint: null });
});

test("handoff.replaced names the record it replaces (its to_actor and from_session) and the session replacing it (by_session), before the new handoff.created (SPEC §4.10, §4.11.2)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  const first = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:a" } })).data.session.id;
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "half", { env: { EXO_ACTOR: "agent:a" } })).ok).toBe(true);
  // agent:c works on it while the record waits for agent:b, then hands it on to agent:d.
  const second = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:c" } })).data.session.id;
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:d", "--summary", "more", { env: { EXO_ACTOR: "agent:c" } })).ok).toBe(true);
  const records = envelope(await exo(repo, "ledger-show", "--type", "handoff.created", "--type", "handoff.replaced")).data.records.map((r: { type: string; data: unknown }) => [r.type, r.data]);
  expect(records).toEqual([
    ["handoff.created", { from_session: first, to_actor: "agent:b", by_session: null }],
    ["handoff.replaced", { by_session: second, from_session: first, to_actor: "agent:b" }],
    ["handoff.created", { from_session: second, to_actor: "agent:d", by_session: null }],
  ]);
});
