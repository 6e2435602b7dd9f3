// A person closes work in one command from any open status; agents are pointed at session-finish;
// refusals carry hints that work.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";
import { writeTickets } from "../../helpers/tickets.js";

test("ticket-close: done from todo, review and a claimed (locked) ticket; cancelled from paused; recorded in the ledger", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [
    { id: "INT-1", kind: "intent" },
    { id: "T1", parent: "INT-1" },
    { id: "T2", parent: "INT-1", status: "review" },
    { id: "T3", parent: "INT-1", status: "paused" },
    { id: "T4", parent: "INT-1" },
  ]);
  const t1 = envelope(await exo(repo, "ticket-close", "T1"));
  expect(t1.ok).toBe(true);
  expect(t1.data).toMatchObject({ from: "todo", changed: true, ticket: { status: "done" } });
  expect(envelope(await exo(repo, "ticket-close", "T2", "--reason", "shipped")).data.ticket.status).toBe("done");
  expect(envelope(await exo(repo, "ticket-close", "T3", "--status", "cancelled")).data.ticket.status).toBe("cancelled");
  // Claimed by someone else through exo next: closing releases the idle lock.
  expect(envelope(await exo(repo, "next", "--owner", "alice")).data.ticket.id).toBe("T4");
  const t4 = envelope(await exo(repo, "ticket-close", "T4", "--actor", "human:bob"));
  expect(t4.data).toMatchObject({ from: "active", lock_released: true, ticket: { status: "done" } });
  // Idempotent.
  expect(envelope(await exo(repo, "ticket-close", "T1")).data.changed).toBe(false);
  const history = (await readFile(join(repo, ".exo/tickets/T2.yaml"), "utf8")).match(/reason: (.*)/g);
  expect(history?.join(" ")).toMatch(/shipped/);
  const ledger = envelope(await exo(repo, "ledger-show", "--type", "ticket.status_changed", "--all"));
  const closes = ledger.data.records.filter((r: { data: { to: string } }) => ["done", "cancelled"].includes(r.data.to));
  expect(closes.map((r: { ticket: string }) => r.ticket).sort()).toEqual(["T1", "T2", "T3", "T4"]);
  expect(envelope(await exo(repo, "ledger-show", "--type", "lock.released", "--all")).data.records.map((r: { ticket: string }) => r.ticket)).toContain("T4");
  // The intent closes once its children are closed.
  expect(envelope(await exo(repo, "ticket-close", "INT-1")).data.ticket.status).toBe("done");
  const human = await exo(repo, "ticket-close", "T1", { json: false });
  expect(human.stdout).toMatch(/T1 is done already/);
});

test("ticket-close refusals: agents, live sessions, open children, closed tickets; ticket-update's INVALID_TRANSITION points at ticket-close", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }, { id: "T2", parent: "INT-1" }]);
  const agent = envelope(await exo(repo, "ticket-close", "T1", { env: { EXO_ACTOR: "agent:claude" } }));
  // No session of its own open: its finish is no step (new-user-41); what else is ready is.
  expect(agent.error).toMatchObject({ code: "INVALID_TRANSITION", hint: "exo ready" });
  const parent = envelope(await exo(repo, "ticket-close", "INT-1"));
  expect(parent.error).toMatchObject({ code: "TICKET_OPEN_CHILDREN", hint: "exo ticket-close T1 --status done" });
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:claude")).ok).toBe(true);
  const working = envelope(await exo(repo, "ticket-close", "T1", { env: { EXO_ACTOR: "agent:claude" } }));
  expect(working.error).toMatchObject({ code: "INVALID_TRANSITION", hint: 'exo session-finish --summary "…" --set-status done' });
  const inUse = envelope(await exo(repo, "ticket-close", "T1"));
  expect(inUse.error?.code).toBe("TICKET_IN_USE");
  expect(inUse.error?.hint).toMatch(/^exo session-cleanup --session-id SES-[\w-]+ --force$/);
  const update = envelope(await exo(repo, "ticket-update", "T2", "--status", "done"));
  expect(update.error).toMatchObject({ code: "INVALID_TRANSITION", hint: "exo ticket-close T2 --status done" });
  expect(envelope(await exo(repo, "ticket-close", "T2", "--status", "cancelled")).ok).toBe(true);
  const closed = envelope(await exo(repo, "ticket-close", "T2"));
  expect(closed.error).toMatchObject({ code: "TICKET_CLOSED", hint: 'exo ticket-update T2 --status todo --reason "…"' });
});
