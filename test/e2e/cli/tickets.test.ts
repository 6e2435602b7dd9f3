import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo, writeFiles } from "../../helpers/repo.js";

async function ticketFiles(repo: string): Promise<string[]> {
  return (await readdir(join(repo, ".exo/tickets"))).sort();
}

test("intent → epic → task with generated ids, user ids, inherited scope and the tree", async () => {
  const repo = await initRepo();
  const intent = envelope(await exo(repo, "intent-create", "auth system", "--brain-dump", "email+password login", "--scope-allow", "src/auth/**"));
  expect(intent.ok).toBe(true);
  expect(intent.data.ticket.id).toMatch(/^INT-\d{8}-\d{6}-[0-9A-HJKMNP-TV-Z]{6}$/);
  expect(intent.data.path).toBe(`.exo/tickets/${intent.data.ticket.id}.yaml`);
  const epic = envelope(await exo(repo, "ticket-create", "registration", "--kind", "epic", "--parent", intent.data.ticket.id));
  expect(epic.data.ticket.id).toMatch(/^EPIC-/);
  const task = envelope(await exo(repo, "ticket-create", "signup form", "--parent", epic.data.ticket.id, "--id", "TICKET-001"));
  expect(task.data.ticket).toMatchObject({ id: "TICKET-001", kind: "task", status: "todo", priority: 3, budgets: { max_files: 12, max_loc: 400 } });
  const show = envelope(await exo(repo, "ticket-show", "TICKET-001"));
  expect(show.data.effective_scope).toEqual({ allow: ["src/auth/**"], deny: [], boundaries: [], source: intent.data.ticket.id });
  expect(show.data.ancestors.map((a: { id: string }) => a.id)).toEqual([epic.data.ticket.id, intent.data.ticket.id]);
  const tree = await exo(repo, "intents", { json: false });
  expect(tree.stdout).toContain(`${intent.data.ticket.id} "auth system" (todo) scope: src/auth/**\n└── ${epic.data.ticket.id} "registration" (todo)\n    └── TICKET-001 "signup form" (todo)`);
  const widens = envelope(await exo(repo, "ticket-create", "wide", "--parent", intent.data.ticket.id, "--scope-allow", "docs/**"));
  expect(widens.warnings?.map((w) => w.code)).toEqual(["SCOPE_WIDENS_PARENT"]);
  // The same scope given later by ticket-update warns the same way; one inside the parent does not.
  expect(envelope(await exo(repo, "ticket-update", "TICKET-001", "--scope-allow", "docs/**")).warnings?.map((w) => w.code)).toEqual(["SCOPE_WIDENS_PARENT"]);
  expect(envelope(await exo(repo, "ticket-update", "TICKET-001", "--scope-allow", "src/auth/forms/**")).warnings).toBeUndefined();
});

test("ids: unsafe ids are INVALID_INPUT, a case-insensitive duplicate is ID_EXISTS; nothing written", async () => {
  const repo = await initRepo();
  for (const bad of ["../../x", "a/b", "has space", "CON", ".hidden"]) {
    const run = await exo(repo, "ticket-create", "t", "--id", bad);
    expect(run.code, bad).toBe(2);
    expect(envelope(run).error?.code).toBe("INVALID_INPUT");
    const parent = await exo(repo, "ticket-create", "t", "--parent", bad);
    expect(envelope(parent).error?.details.issues[0]).toMatchObject({ path: "parent", code: "id_invalid" });
  }
  expect(await ticketFiles(repo)).toEqual([]);
  expect((await exo(repo, "ticket-create", "t", "--id", "TICKET-001")).code).toBe(0);
  const dupe = await exo(repo, "ticket-create", "t", "--id", "ticket-001");
  expect(envelope(dupe).error?.code).toBe("ID_EXISTS");
  expect(await ticketFiles(repo)).toEqual(["TICKET-001.yaml"]);
  // Lookups ignore case (issue #15): the one ticket is found, never a second one created.
  const lookup = await exo(repo, "ticket-show", "ticket-001");
  expect(envelope(lookup).data.ticket.id).toBe("TICKET-001");
});

test("parent rules, blockers, checks and budgets are refused with their codes", async () => {
  const repo = await initRepo();
  await exo(repo, "intent-create", "i", "--brain-dump", "b", "--id", "INT-1");
  await exo(repo, "ticket-create", "task", "--parent", "INT-1", "--id", "T1");
  const cases: [string[], string][] = [
    [["epic under task", "--kind", "epic", "--parent", "T1"], "INVALID_PARENT"],
    [["task under task", "--parent", "T1"], "INVALID_PARENT"],
    [["orphan parent", "--parent", "NOPE"], "TICKET_NOT_FOUND"],
    [["blocked by ghost", "--blocker", "GHOST"], "TICKET_NOT_FOUND"],
    [["needs tests", "--check", "npm test"], "CHECK_NOT_ALLOWED"],
    [["big", "--max-files", "999"], "BUDGET_EXCEEDS_CEILING"],
    [["bad glob", "--scope-allow", "../x/**"], "INVALID_INPUT"],
  ];
  for (const [args, code] of cases) {
    const run = await exo(repo, "ticket-create", ...args);
    expect(envelope(run).error?.code, args[0]).toBe(code);
    expect(run.code).toBe(2);
  }
  expect(await ticketFiles(repo)).toEqual(["INT-1.yaml", "T1.yaml"]);
  await exo(repo, "ticket-create", "second", "--id", "T2", "--blocker", "T1");
  const cycle = await exo(repo, "ticket-update", "T1", "--add-blocker", "T2");
  expect(envelope(cycle).error?.code).toBe("BLOCKER_CYCLE");
  const intentless = await exo(repo, "intent-create", "no dump", "--brain-dump", "  ");
  expect(envelope(intentless).error?.code).toBe("INVALID_INPUT");
  const missingFlag = await exo(repo, "intent-create", "no dump");
  expect(envelope(missingFlag).error?.code).toBe("USAGE_ERROR");
});

test("checks in the allowlist are accepted", async () => {
  const repo = await initRepo();
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("allowlist: []", 'allowlist: ["npm test"]'));
  const run = envelope(await exo(repo, "ticket-create", "tested", "--check", "npm test"));
  expect(run.data.ticket.checks).toEqual(["npm test"]);
});

test("status transitions follow the state machine", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  const active = await exo(repo, "ticket-update", "T1", "--status", "active");
  expect(envelope(active).error).toMatchObject({ code: "INVALID_TRANSITION" });
  expect(active.code).toBe(1);
  expect(envelope(await exo(repo, "ticket-update", "T1", "--status", "cancelled")).data.ticket.status).toBe("cancelled");
  const reopenNoReason = await exo(repo, "ticket-update", "T1", "--status", "todo");
  expect(envelope(reopenNoReason).error?.code).toBe("INVALID_TRANSITION");
  const reopen = envelope(await exo(repo, "ticket-update", "T1", "--status", "todo", "--reason", "needed after all"));
  expect(reopen.data.ticket.status).toBe("todo");
  expect(reopen.data.ticket.history.map((h: { from: string; to: string }) => `${h.from}>${h.to}`)).toEqual(["todo>cancelled", "cancelled>todo"]);
  // Containers: done only when every child is closed.
  await exo(repo, "intent-create", "i", "--brain-dump", "b", "--id", "INT-1");
  await exo(repo, "ticket-create", "child", "--parent", "INT-1", "--id", "C1");
  await exo(repo, "ticket-update", "INT-1", "--status", "active");
  expect(envelope(await exo(repo, "ticket-update", "INT-1", "--status", "done")).error?.code).toBe("TICKET_OPEN_CHILDREN");
  await exo(repo, "ticket-update", "C1", "--status", "cancelled");
  expect(envelope(await exo(repo, "ticket-update", "INT-1", "--status", "done")).data.ticket.status).toBe("done");
  const archived = envelope(await exo(repo, "ticket-update", "INT-1", "--status", "archived"));
  expect(archived.data.ticket.status).toBe("archived");
  expect(envelope(await exo(repo, "ticket-update", "INT-1", "--status", "todo", "--reason", "x")).error?.code).toBe("INVALID_TRANSITION");
});

test("a malformed ticket file is named; other tickets are still listed", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "good", "--id", "GOOD");
  await writeFiles(repo, { ".exo/tickets/BAD.yaml": "id: BAD\ntitle: [unclosed\n" });
  const list = envelope(await exo(repo, "tickets"));
  expect(list.ok).toBe(true);
  expect(list.data.tickets.map((t: { id: string }) => t.id)).toEqual(["GOOD"]);
  expect(list.warnings?.[0]?.message).toMatch(/\.exo\/tickets\/BAD\.yaml/);
  const show = await exo(repo, "ticket-show", "BAD");
  expect(show.code).toBe(2);
  expect(envelope(show).error).toMatchObject({ code: "TICKET_INVALID" });
  expect(envelope(show).error?.message).toMatch(/BAD\.yaml.*line \d+/);
});

test("tickets filters and --tree orphans", async () => {
  const repo = await initRepo();
  await exo(repo, "intent-create", "i", "--brain-dump", "b", "--id", "INT-1");
  await exo(repo, "ticket-create", "bug", "--parent", "INT-1", "--type", "bug", "--label", "ui", "--priority", "1", "--id", "B1");
  await exo(repo, "ticket-create", "loose", "--id", "L1");
  await exo(repo, "ticket-create", "gone", "--id", "G1");
  await exo(repo, "ticket-update", "G1", "--status", "cancelled");
  expect(envelope(await exo(repo, "tickets")).data.tickets.map((t: { id: string }) => t.id)).toEqual(["B1", "INT-1", "L1"]);
  expect(envelope(await exo(repo, "tickets", "--all")).data.total).toBe(4);
  expect(envelope(await exo(repo, "tickets", "--type", "bug")).data.tickets.map((t: { id: string }) => t.id)).toEqual(["B1"]);
  expect(envelope(await exo(repo, "tickets", "--label", "ui", "--kind", "task")).data.total).toBe(1);
  expect(envelope(await exo(repo, "tickets", "--status", "cancelled")).data.tickets.map((t: { id: string }) => t.id)).toEqual(["G1"]);
  const tree = envelope(await exo(repo, "tickets", "--tree"));
  expect(tree.data.roots.map((n: { id: string }) => n.id)).toEqual(["INT-1"]);
  expect(tree.data.orphans.map((n: { id: string }) => n.id)).toEqual(["L1"]);
  // The tree takes the list's filters: a label or type keeps the tickets that have it, with their
  // ancestors as the way to them; --parent shows that ticket's subtree (it used to ignore all four).
  await exo(repo, "ticket-create", "feature", "--parent", "INT-1", "--id", "F1");
  const ids = (nodes: { id: string; children: unknown[] }[]): unknown[] => nodes.map((n) => (n.children.length ? [n.id, ids(n.children as never)] : n.id));
  const labelled = envelope(await exo(repo, "tickets", "--tree", "--label", "ui"));
  expect([ids(labelled.data.roots), ids(labelled.data.orphans)]).toEqual([[["INT-1", ["B1"]]], []]);
  const typed = envelope(await exo(repo, "tickets", "--tree", "--type", "bug"));
  expect(ids(typed.data.roots)).toEqual([["INT-1", ["B1"]]]);
  const intents = envelope(await exo(repo, "tickets", "--tree", "--kind", "intent"));
  expect([ids(intents.data.roots), ids(intents.data.orphans)]).toEqual([["INT-1"], []]);
  const under = envelope(await exo(repo, "tickets", "--tree", "--parent", "int-1"));
  expect([ids(under.data.roots), ids(under.data.orphans)]).toEqual([[["INT-1", ["B1", "F1"]]], []]);
  const nothing = envelope(await exo(repo, "tickets", "--tree", "--parent", "INT-9"));
  expect([nothing.data.roots, nothing.warnings?.map((w) => w.code)]).toEqual([[], ["FILTER_MATCHES_NOTHING"]]);
});

test("a scope edit while a session is open on the ticket or below it warns that the session keeps its scope until resumed, and the resumed session has the new one", async () => {
  const repo = await initRepo();
  const epic = envelope(await exo(repo, "intent-create", "area", "--brain-dump", "the area", "--scope-allow", "src/**"));
  expect((await exo(repo, "ticket-create", "t", "--id", "T1", "--parent", epic.data.ticket.id, "--scope-allow", "src/a/**")).code).toBe(0);
  const env = { EXO_ACTOR: "agent:a" };
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env })).ok).toBe(true);
  const edit = envelope(await exo(repo, "ticket-update", "T1", "--scope-allow", "src/a/**", "--scope-allow", "src/b/**"));
  expect(edit.ok).toBe(true);
  expect(edit.warnings?.map((w) => w.code)).toEqual(["SESSION_KEEPS_SCOPE"]);
  expect(edit.warnings?.[0]?.message).toMatch(/^Session SES-\S+ of agent:a on T1 keeps the scope it started with; the change applies once it is suspended and resumed/);
  // An ancestor's edit is about the session too; a label is not.
  expect(envelope(await exo(repo, "ticket-update", epic.data.ticket.id, "--max-files", "30")).warnings?.map((w) => w.code)).toEqual(["SESSION_KEEPS_SCOPE"]);
  expect(envelope(await exo(repo, "ticket-update", "T1", "--add-label", "x")).warnings ?? []).toEqual([]);
  expect(envelope(await exo(repo, "decide", "--path", "src/b/x.ts", { env })).data.decision).toBe("deny");
  expect(envelope(await exo(repo, "session-suspend", "--reason", "rescope", { env })).ok).toBe(true);
  expect(envelope(await exo(repo, "session-resume", { env })).ok).toBe(true);
  expect(envelope(await exo(repo, "decide", "--path", "src/b/x.ts", { env })).data.decision).toBe("allow");
});

test("tickets --parent takes the id as every lookup does (any case, a unique prefix) and warns, with the id meant, when it names no ticket", async () => {
  const repo = await initRepo();
  expect(envelope(await exo(repo, "intent-create", "Signup", "--id", "INT-001", "--brain-dump", "why", "--scope-allow", "src/**")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "form", "--id", "TICKET-001", "--parent", "INT-001")).ok).toBe(true);
  for (const typed of ["INT-001", "int-001"]) {
    const run = envelope(await exo(repo, "tickets", "--parent", typed));
    expect(run.data.tickets.map((t: { id: string }) => t.id)).toEqual(["TICKET-001"]);
    expect(run.warnings ?? []).toEqual([]);
  }
  const slip = envelope(await exo(repo, "tickets", "--parent", "INT-01"));
  expect(slip.data.tickets).toEqual([]);
  expect(slip.warnings).toEqual([{ code: "FILTER_MATCHES_NOTHING", message: "No ticket INT-01 exists; did you mean INT-001? (exo tickets --parent INT-001)." }]);
});
