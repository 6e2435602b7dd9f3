// A demanding new user's first ten minutes, seventeenth pass: tables of long ids, help and the
// home view fit the terminal they are printed on, ids stay whole, and an interrupted claim says
// what it left behind.
import { expect, test } from "vitest";
import { envelope, exo, tempRepo } from "../../helpers/repo.js";

const wide = (text: string, cols: number) => text.split("\n").filter((l) => [...l].length > cols);

test("exo tickets, exo intents with a scope and exo brief fit 40 to 60 columns; every id is printed whole", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = envelope(await exo(repo, "intent-create", "Email login", "--brain-dump", "people sign in with a link", "--scope-allow", "src/auth/**", "--scope-allow", "docs/auth.md")).data.ticket.id as string;
  expect(intent).toMatch(/^INT-\d{8}-\d{6}-\w+$/);
  const all = envelope(await exo(repo, "tickets", "--all")).data.tickets.map((t: { id: string }) => t.id) as string[];
  expect(all.length).toBeGreaterThanOrEqual(3);
  for (const cols of [40, 50, 60]) {
    const env = { COLUMNS: String(cols) };
    const tickets = (await exo(repo, "tickets", { json: false, env })).stdout;
    // Before: 51 columns at 40, the id column never narrowed.
    expect(wide(tickets, cols)).toEqual([]);
    for (const id of all) expect(tickets).toContain(id);
    const intents = (await exo(repo, "intents", { json: false, env })).stdout;
    // Before: `INT-… "Example: a …" (todo) scope: src/**, docs/**, README.md`, 83 columns.
    expect(wide(intents, cols)).toEqual([]);
    expect(intents).toContain(intent);
    expect(intents).toContain("src/auth/**");
    const brief = (await exo(repo, "brief", { json: false, env })).stdout;
    const [, work = ""] = brief.split("\nReady work:\n");
    // Before: the intents' lines took 80 columns, the checks line 70. (A rule's single glob or a
    // command longer than the line stays whole: copied, never cut.)
    expect(wide(work, cols).filter((l) => !/^\s+exo /.test(l))).toEqual([]);
    expect(wide(brief, cols).every((l) => !/\s\S+\s\S+/.test(l.trim()) || /^\s+exo /.test(l))).toBe(true);
    expect(work).toContain(intent);
  }
  // The id alone on its line when it leaves too little room, the rest aligned under it.
  const narrow = (await exo(repo, "tickets", { json: false, env: { COLUMNS: "50" } })).stdout.split("\n");
  const at = narrow.indexOf(intent);
  expect(at).toBeGreaterThan(0);
  expect(narrow[at + 1]).toMatch(/^\s+P3\s+intent\s+todo\s+Email login$/);
  // 80 columns: one line per ticket, as before.
  expect((await exo(repo, "tickets", { json: false })).stdout).toMatch(new RegExp(`^${intent}  P3   intent  todo    Email login$`, "m"));
});
