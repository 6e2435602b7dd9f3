// Fixture tickets written straight to .exo/tickets/ (fast; the CLI path is tested separately).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { bounded, envelope, exo, git, initRepo, tempRepo } from "./repo.js";

export interface FixtureTicket {
  id: string;
  kind?: "intent" | "epic" | "task";
  title?: string;
  status?: string;
  priority?: number;
  parent?: string | null;
  type?: string;
  blockers?: string[];
  created_at?: string;
  allow?: string[];
  brain_dump?: string;
}

export function ticketYaml(t: FixtureTicket): string {
  const at = t.created_at ?? "2026-11-24T09:00:00.000Z";
  return [
    `id: ${t.id}`,
    `kind: ${t.kind ?? "task"}`,
    `title: ${JSON.stringify(t.title ?? t.id)}`,
    `type: ${t.type ?? "feature"}`,
    `status: ${t.status ?? "todo"}`,
    `priority: ${t.priority ?? 3}`,
    `parent: ${t.parent ?? "null"}`,
    `scope:\n  allow: ${JSON.stringify(t.allow ?? ["**"])}\n  deny: []`,
    "budgets:\n  max_files: 12\n  max_loc: 400",
    `blockers: ${JSON.stringify(t.blockers ?? [])}`,
    `brain_dump: ${JSON.stringify(t.brain_dump ?? (t.kind === "intent" ? "why" : ""))}`,
    `created_at: ${JSON.stringify(at)}`,
    "created_by: human",
    `updated_at: ${JSON.stringify(at)}`,
    "",
  ].join("\n");
}

export async function writeTickets(repo: string, tickets: FixtureTicket[]): Promise<void> {
  await Promise.all(tickets.map((t) => writeFile(join(repo, ".exo/tickets", `${t.id}.yaml`), ticketYaml(t))));
}

/** writeTickets, then one commit of everything (`message`), as a repository with work on main. */
export async function commitTickets(repo: string, tickets: FixtureTicket[], message = "tickets"): Promise<void> {
  await writeTickets(repo, tickets);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", message);
}

/** A repository with one task, T1 (scope src/**), made by `exo ticket-create` and committed. */
export async function repoWithTicket(): Promise<string> {
  const repo = await initRepo();
  expect(envelope(await exo(repo, "ticket-create", "do x", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "T1");
  return repo;
}

/** session-start on repoWithTicket's T1 (as agent:a) works: the state is usable again. */
export async function expectStartWorks(repo: string, label = ""): Promise<void> {
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(envelope(start).ok, `${label} ${start.stdout}`).toBe(true);
}

/**
 * `exo status` refuses the state (STATE_CORRUPT, hint exo doctor --fix, the message holding
 * `said`), and `exo doctor --fix` repairs it; what doctor says it fixed, as JSON text.
 */
export async function expectDoctorRepairs(repo: string, said = ""): Promise<string> {
  const status = await bounded(repo, ["status"], 15_000);
  expect(status.code, status.stderr).toBe(1);
  expect(envelope(status).error?.code).toBe("STATE_CORRUPT");
  expect(envelope(status).error?.message).toContain(said);
  expect(envelope(status).error?.hint).toBe("exo doctor --fix");
  const fix = await bounded(repo, ["doctor", "--fix"], 60_000);
  expect(fix.code, fix.stdout).not.toBe(-1);
  return JSON.stringify(envelope(fix).data?.fixed ?? envelope(fix).error);
}

/**
 * A fresh repository after `exo install --example`, with a session started on TICKET-001 and
 * suspended: its path, the session's id and its actor.
 */
export async function suspendedQuickStart(): Promise<{ repo: string; id: string; actor: string }> {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session as { id: string; actor: string };
  expect((await exo(repo, "session-suspend", "--reason", "lunch")).code).toBe(0);
  return { repo, id: session.id, actor: session.actor };
}

/**
 * A repository after `exo install --example` with a second task, TICKET-002, under the example's
 * intent, committed (Exo-Generated): the quick start with two tasks a team can share out.
 */
export async function exampleWithTwoTasks(): Promise<string> {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const parent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect((await exo(repo, "ticket-create", "second", "--parent", parent, "--id", "TICKET-002")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "second", "-m", "Exo-Generated: true");
  return repo;
}
