// Repository and state files are data (issue #18): prototype keys and alias bombs are refused
// with a coded error, doctor still runs and names the file, and garbled session, handoff, lock
// and guard files are reported and repaired — never INTERNAL.
import { mkdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

const AGENT = { env: { EXO_ACTOR: "agent:a" } };

function aliasBomb(): string {
  let text = "bomb0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (let i = 1; i <= 8; i++) text += `bomb${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]\n`;
  return text;
}

async function ready(): Promise<string> {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }, { id: "T2" }]);
  return repo;
}

test("__proto__ keys and alias bombs: coded errors; doctor runs and names the file", async () => {
  const repo = await ready();
  const cfg = join(repo, ".exo/config.yaml");
  const constitution = join(repo, ".exo/constitution.yaml");
  const original = { cfg: await readFile(cfg, "utf8"), constitution: await readFile(constitution, "utf8") };
  const cases: [string, string, string, string][] = [
    [cfg, `${original.cfg}__proto__:\n  polluted: true\n`, "CONFIG_INVALID", "prototype_key"],
    [cfg, `${original.cfg}${aliasBomb()}`, "CONFIG_INVALID", "yaml_alias_limit"],
    [constitution, `${original.constitution}constructor:\n  prototype: 1\n`, "CONSTITUTION_INVALID", "prototype_key"],
    [constitution, `${original.constitution}${aliasBomb()}`, "CONSTITUTION_INVALID", "yaml_alias_limit"],
  ];
  for (const [file, text, code, issue] of cases) {
    await writeFile(file, text);
    // config is read by every command; the constitution takes effect through compose.
    const run = envelope(file === cfg ? await exo(repo, "next", "--owner", "alice") : await exo(repo, "compose"));
    expect(run.error?.code, `${file} ${issue}`).toBe(code);
    const doctor = await exo(repo, "doctor");
    const d = envelope(doctor);
    expect(d.error?.code).toBe("DOCTOR_FAILED");
    expect(JSON.stringify(d.data.sections)).toContain(issue);
    expect(JSON.stringify(d.data.sections)).toContain(file.slice(repo.length + 1));
    await writeFile(cfg, original.cfg);
    await writeFile(constitution, original.constitution);
  }
  // Tickets: the bad one is named, the others still listed.
  await writeFile(join(repo, ".exo/tickets/T2.yaml"), `${await readFile(join(repo, ".exo/tickets/T2.yaml"), "utf8")}${aliasBomb()}`);
  await writeFile(join(repo, ".exo/tickets/T3.yaml"), "id: T3\n__proto__: {admin: true}\n");
  const list = envelope(await exo(repo, "tickets"));
  expect(list.ok).toBe(true);
  expect(list.data.tickets.map((t: { id: string }) => t.id)).toEqual(["T1"]);
  expect(list.warnings?.map((w) => w.message).join("\n")).toMatch(/T2\.yaml: too many YAML alias/);
  expect(list.warnings?.map((w) => w.message).join("\n")).toMatch(/T3\.yaml: .*__proto__/);
  const show = envelope(await exo(repo, "ticket-show", "T3"));
  expect(show.error?.code).toBe("TICKET_INVALID");
  const doctor = envelope(await exo(repo, "doctor", "--section", "tickets"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "tickets", status: "fail" });
  expect(doctor.data.sections[0].message).toMatch(/T2\.yaml.*T3\.yaml|T3\.yaml.*T2\.yaml/s);
});

test("garbled session, handoff and lock files: coded errors, doctor names them, --fix repairs", async () => {
  const repo = await ready();
  expect((await exo(repo, "next", "--owner", "alice")).code).toBe(0); // lock on T1, token 1
  await mkdir(join(repo, ".exo/handoffs"), { recursive: true });
  await writeFile(join(repo, ".exo/sessions/SES-20260101-000000-AAAAAA.json"), "{ not json");
  await writeFile(join(repo, ".exo/sessions/SES-20260101-000000-BBBBBB.json"), JSON.stringify({ id: "SES-20260101-000000-BBBBBB", status: "active" }));
  await writeFile(join(repo, ".exo/handoffs/T1.json"), "[1, 2");
  await writeFile(join(repo, ".exo/locks/T2.json"), JSON.stringify({ ticket: "T2", state: "held" }));
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", AGENT));
  expect(start.error?.code).toBe("STATE_CORRUPT");
  expect(start.error?.message).toMatch(/handoffs\/T1\.json/);
  expect(start.error?.hint).toBe("exo doctor --fix");
  const t2 = envelope(await exo(repo, "session-start", "--ticket-id", "T2", AGENT));
  expect(t2.error?.code).toBe("STATE_CORRUPT");
  expect(envelope(await exo(repo, "session-scan")).ok).toBe(true);
  const doctor = envelope(await exo(repo, "doctor", "--section", "state"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "state", status: "fail", fixable: true });
  for (const name of ["SES-20260101-000000-AAAAAA.json", "SES-20260101-000000-BBBBBB.json", "handoffs/T1.json", "locks/T2.json"]) expect(doctor.data.sections[0].message).toContain(name);
  const fix = envelope(await exo(repo, "doctor", "--fix", "--section", "state"));
  expect(fix.data.sections[0].status).toBe("pass");
  expect(fix.data.fixed.length).toBeGreaterThanOrEqual(4);
  const ok = envelope(await exo(repo, "session-start", "--ticket-id", "T1", AGENT));
  expect(ok.ok).toBe(true);
  expect(ok.data.lock.fencing_token).toBe(1);
  const other = envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:b" } }));
  expect(other.ok).toBe(true);
  expect(envelope(await exo(repo, "doctor", "--section", "state")).data.sections[0].status).toBe("pass");
});

test("an empty guard file left by a killed writer does not block for 30 s", async () => {
  const repo = await ready();
  const guard = join(repo, ".exo/cache/guards/compose.guard");
  await mkdir(join(repo, ".exo/cache/guards"), { recursive: true });
  await writeFile(guard, "");
  const old = new Date(Date.now() - 5000);
  await utimes(guard, old, old);
  const started = Date.now();
  const run = await exo(repo, "compose");
  expect(envelope(run).ok).toBe(true);
  expect(Date.now() - started).toBeLessThan(15_000);
});

test("a lock bound to a session that no longer exists is released by session-cleanup", async () => {
  const repo = await ready();
  const s = envelope(await exo(repo, "session-start", "--ticket-id", "T1", AGENT)).data.session;
  const { rm } = await import("node:fs/promises");
  await rm(join(repo, `.exo/sessions/${s.id}.json`));
  const cleanup = envelope(await exo(repo, "session-cleanup"));
  expect(cleanup.data.released_orphaned_locks).toEqual(["T1"]);
  expect(JSON.parse(await readFile(join(repo, ".exo/locks/T1.json"), "utf8")).state).toBe("released");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:b" } })).ok).toBe(true);
});

test("a session file garbled under a live session: status, session-scan and session-start warn SESSION_UNREADABLE; one doctor --fix quarantines it and frees its lock", async () => {
  const repo = await ready();
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", AGENT));
  expect(start.ok).toBe(true);
  const id = String(start.data.session.id);
  await writeFile(join(repo, ".exo/sessions", `${id}.json`), "{bad");
  for (const args of [["status"], ["session-scan"]]) {
    const run = envelope(await exo(repo, ...args));
    expect(run.ok, args.join(" ")).toBe(true);
    expect(run.warnings, args.join(" ")).toEqual([{ code: "SESSION_UNREADABLE", message: `Session file .exo/sessions/${id}.json cannot be read; that session is left out. Run exo doctor --fix.` }]);
  }
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:b" } })).warnings?.map((w) => w.code)).toContain("SESSION_UNREADABLE");
  const fix = envelope(await exo(repo, "doctor", "--fix", "--section", "state"));
  expect(fix.data.sections[0].status).toBe("pass");
  expect(fix.data.fixed.map((f: { action: string }) => f.action).join("\n")).toMatch(new RegExp(`released the lock on T1 \\(session ${id} is gone\\)`));
  expect(envelope(await exo(repo, "status")).warnings ?? []).toEqual([]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:c" } })).ok).toBe(true);
});
