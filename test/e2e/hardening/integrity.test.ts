// Ticket and ticket-lock integrity (issue #18): exo writes a receipt before each ticket or lock file
// it writes; doctor's integrity section names files changed outside exo, an exo write that comes
// across such a change puts it on the ledger before rewriting, and `doctor --fix` adopts with a
// ledger record. Committed ticket versions (pulls, merges) are git's to review, not violations.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { decision, fixture, hook } from "../../helpers/hooks.js";
import { commitTickets, writeTickets } from "../../helpers/tickets.js";

const AGENT = { env: { EXO_ACTOR: "agent:a" } };

interface Finding {
  file: string;
  problem: string;
}

async function integrity(repo: string): Promise<{ code: number; status: string; findings: Finding[] }> {
  const run = await exo(repo, "doctor", "--section", "integrity");
  const section = envelope(run).data.sections[0];
  return { code: run.code, status: section.status, findings: section.details.findings };
}

test("hand edits of a ticket and a lock fail doctor; an exo rewrite keeps the evidence; --fix adopts with a ledger record", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1", allow: ["src/auth/**"] }], "ticket");
  expect((await exo(repo, "next", "--owner", "agent:a", AGENT)).code).toBe(0);
  expect(await integrity(repo)).toMatchObject({ code: 0, status: "pass", findings: [] });

  // An agent widens its own scope and raises its fencing token by hand.
  const ticketFile = join(repo, ".exo/tickets/T1.yaml");
  const lockFile = join(repo, ".exo/locks/T1.json");
  await writeFile(ticketFile, (await readFile(ticketFile, "utf8")).replace(/"?src\/auth\/\*\*"?/, '"**"'));
  const lock = JSON.parse(await readFile(lockFile, "utf8"));
  await writeFile(lockFile, `${JSON.stringify({ ...lock, fencing_token: lock.fencing_token + 40 }, null, 2)}\n`);
  const failing = await integrity(repo);
  expect(failing.code).toBe(1);
  expect(failing.status).toBe("fail");
  expect(failing.findings.map((f) => `${f.file}:${f.problem}`).sort()).toEqual([".exo/locks/T1.json:changed", ".exo/tickets/T1.yaml:changed"]);

  // exo rewrites both (a ticket update, a heartbeat): the change is on the ledger first and stays reported.
  expect((await exo(repo, "ticket-update", "T1", "--priority", "1")).code).toBe(0);
  expect((await exo(repo, "lease-heartbeat", "--ticket-id", "T1", AGENT)).code).toBe(0);
  const violations = envelope(await exo(repo, "ledger-show", "--type", "integrity.violation", "--all")).data.records as { ticket: string; data: { file: string; kind: string } }[];
  expect(violations.map((r) => `${r.data.kind}:${r.data.file}`).sort()).toEqual(["locks:.exo/locks/T1.json", "tickets:.exo/tickets/T1.yaml"]);
  const witnessed = await integrity(repo);
  expect(witnessed.status).toBe("fail");
  expect(witnessed.findings.map((f) => `${f.file}:${f.problem}`).sort()).toEqual([".exo/locks/T1.json:witnessed", ".exo/tickets/T1.yaml:witnessed"]);

  // A person reviews and adopts: recorded, then green.
  const fix = envelope(await exo(repo, "doctor", "--fix", "--section", "integrity", { env: { EXO_ACTOR: "human:lead" } }));
  expect(fix.data.fixed[0]).toMatchObject({ section: "integrity" });
  expect(await integrity(repo)).toMatchObject({ code: 0, status: "pass", findings: [] });
  const adopted = envelope(await exo(repo, "ledger-show", "--type", "integrity.adopted", "--all")).data.records as { actor: string; data: { files: { file: string }[] } }[];
  expect(adopted[0]?.actor).toBe("human:lead");
  expect(adopted[0]?.data.files.map((f) => f.file).sort()).toEqual([".exo/locks/T1.json", ".exo/tickets/T1.yaml"]);
});

test("committed ticket versions are git's: a pulled or hand-committed change is not a violation, not even when exo rewrites it", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1", title: "one" }]);
  expect((await exo(repo, "ticket-update", "T1", "--priority", "4")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "ticket");
  const ticketFile = join(repo, ".exo/tickets/T1.yaml");
  await writeFile(ticketFile, (await readFile(ticketFile, "utf8")).replace(/title: "?one"?/, 'title: "one, reviewed"'));
  expect((await integrity(repo)).findings.map((f) => f.problem)).toEqual(["changed"]);
  git(repo, "commit", "-qam", "retitle T1 (reviewed in a pull request)");
  expect(await integrity(repo)).toMatchObject({ status: "pass", findings: [] });
  expect((await exo(repo, "ticket-update", "T1", "--priority", "2")).code).toBe(0);
  expect(envelope(await exo(repo, "ledger-show", "--type", "integrity.violation", "--all")).data.records).toEqual([]);
  expect(await integrity(repo)).toMatchObject({ status: "pass", findings: [] });
  // A ticket file exo never wrote (written by hand, not committed) is a warning, not a failure.
  await writeFile(join(repo, ".exo/tickets/T2.yaml"), (await readFile(ticketFile, "utf8")).replace(/id: T1/, "id: T2"));
  const hand = await integrity(repo);
  expect(hand.status).toBe("warn");
  expect(hand.findings.map((f) => `${f.file}:${f.problem}`)).toEqual([".exo/tickets/T2.yaml:unrecorded"]);
});

test("the hook's lock extension witnesses a hand edit under the session's actor: an invalid $EXO_ACTOR in the hook's environment never reaches the ledger", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await commitTickets(repo, [{ id: "T1", allow: ["src/**"] }], "ticket and hooks");
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--ttl-hours", "1", { env: { EXO_ACTOR: "agent:a", EXO_NOW: "2026-11-24T09:00:00.000Z" } }));
  expect(start.ok).toBe(true);
  const sid = start.data.session.id as string;
  const lockFile = join(repo, ".exo/locks/T1.json");
  const lock = JSON.parse(await readFile(lockFile, "utf8"));
  await writeFile(lockFile, `${JSON.stringify({ ...lock, note: "edited by hand" }, null, 2)}\n`);

  // 50 minutes in, the last quarter of the hour: an allowed write makes the hook extend the lock.
  const env = { HOME: await tempDir(), EXO_SESSION_ID: sid, EXO_ACTOR: "not an actor", EXO_NOW: "2026-11-24T09:50:00.000Z" };
  const payload = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = join(repo, "src/a.ts")));
  const run = await hook(repo, "claude", "PreToolUse", payload, env);
  expect(run.code).toBe(0);
  expect(decision(run)?.decision ?? "allow").toBe("allow");
  expect(Date.parse(JSON.parse(await readFile(lockFile, "utf8")).expires_at)).toBeGreaterThan(Date.parse(lock.expires_at));

  const violations = envelope(await exo(repo, "ledger-show", "--type", "integrity.violation", "--all")).data.records as { actor: string; ticket: string; data: { file: string; kind: string } }[];
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatchObject({ actor: "agent:a", ticket: "T1", data: { file: ".exo/locks/T1.json", kind: "locks" } });
  expect((await integrity(repo)).findings.map((f) => `${f.file}:${f.problem}`)).toEqual([".exo/locks/T1.json:witnessed"]);
});
