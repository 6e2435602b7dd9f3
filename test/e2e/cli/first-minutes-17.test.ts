// A demanding new user's first ten minutes, seventeenth pass: tables of long ids, help and the
// home view fit the terminal they are printed on, ids stay whole, and an interrupted claim says
// what it left behind.
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { commands } from "../../../src/commands/index.js";
import { commandHelp, groupHelp } from "../../../src/cli/help.js";
import { globalHelp } from "../../../src/cli/main.js";
import { setColumns } from "../../../src/cli/render/style.js";
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

test("exo --help, exo help and every command's --help fit $COLUMNS from 40 to 80; a long example goes on with a backslash and runs as pasted", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  const full = await exo(repo, "--help", { json: false });
  expect(full.code).toBe(0);
  expect(wide(full.stdout, 80)).toEqual([]);
  for (const cols of [40, 55, 70]) {
    const env = { COLUMNS: String(cols) };
    // The fast path (`exo --help` alone, from the build) and the full CLI print the same page.
    const fast = (await exo(repo, "--help", { json: false, env })).stdout;
    // Before: 80 columns whatever the terminal.
    expect(wide(fast, cols)).toEqual([]);
    expect((await exo(repo, "help", { json: false, env })).stdout).toBe(fast);
    expect((await exo(repo, "--repo", ".", "--help", { json: false, env })).stdout).toBe(fast);
    for (const name of ["ticket-create", "session-finish", "intent-create"]) expect(fast).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    const page = (await exo(repo, "intent-create", "--help", { json: false, env })).stdout;
    // Words are never cut: only a line of one word (a long option) may pass the width.
    expect(wide(page, cols).filter((l) => /\S\s+\S/.test(l.trim()))).toEqual([]);
    expect(page).toContain("--brain-dump <text>");
    // The example, continued over lines with " \", gives the shell the same words as at 80 columns.
    const words = (text: string) => {
      const block = text.split("\nExamples:\n")[1]?.split("\n\n")[0] ?? "";
      return execFileSync("bash", ["-c", `exo() { printf '[%s]' "$@"; echo; }\n${block}`], { encoding: "utf8" });
    };
    expect(words(page)).toBe(words((await exo(repo, "intent-create", "--help", { json: false })).stdout));
    expect(words(page)).toContain("[--brain-dump][Email + password; no OAuth yet][--scope-allow][src/signup/**]");
  }
  const narrow = (await exo(repo, "intent-create", "--help", { json: false, env: { COLUMNS: "40" } })).stdout;
  expect(narrow).toContain('\n  exo intent-create \\\n      "Users can sign up" --brain-dump \\\n');
  // The options' texts under them when a side-by-side column would be too narrow to read.
  expect(narrow).toContain("\n  --brain-dump <text>\n      Everything you know about it:");
});

test("every command's help page and every group page fit 40 columns but for single long words", () => {
  setColumns("40", undefined);
  try {
    const long = commands.flatMap((c) => wide(commandHelp(c), 40).filter((l) => /\S\s+\S/.test(l.trim()) && !l.endsWith(" \\")).map((l) => `${c.name}: ${l}`));
    expect(long).toEqual([]);
    for (const group of ["ledger", "session", "ticket", "lease", "worktree"]) expect(wide(groupHelp(group), 40), group).toEqual([]);
    expect(wide(globalHelp(40), 40)).toEqual([]);
  } finally {
    setColumns(undefined, undefined);
  }
});

test("Ctrl-C during exo next once the claim is made says on stderr what it claimed, and both ways on it names work when pasted", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  // Sidecar mode commits the claim in .exo/; a post-commit hook there interrupts exo (git's
  // parent) as Ctrl-C would, deterministically after the claim.
  expect((await exo(repo, "sidecar-init")).code).toBe(0);
  const hook = join(repo, ".git", "hooks", "post-commit");
  writeFileSync(hook, "#!/bin/sh\nkill -INT \"$(awk '{print $4}' /proc/$PPID/stat)\"\nsleep 1\n");
  chmodSync(hook, 0o755);
  const run = await exo(repo, "next", { json: false });
  rmSync(hook);
  expect(run.code).toBe(130);
  // Before: nothing at all, the ticket held for the lock's ttl.
  expect(run.stderr).toMatch(/^exo next: interrupted after claiming TICKET-001 for \S+ \(its lock holds until \d{4}-\d\d-\d\d \d\d:\d\dZ\)\. Work on it: exo session-start --ticket-id TICKET-001; or give it back: exo lease-release --ticket-id TICKET-001\n$/);
  const [, start = "", release = ""] = /Work on it: (.+); or give it back: (.+)\n/.exec(run.stderr) ?? [];
  // Giving it back frees the ticket for the next claim; starting on it works too.
  expect((await exo(repo, ...release.split(" ").slice(1))).code).toBe(0);
  expect(envelope(await exo(repo, "next")).data.ticket.id).toBe("TICKET-001");
  expect(envelope(await exo(repo, ...start.split(" ").slice(1))).ok).toBe(true);
  // Without the interruption, nothing is added to stderr.
  expect((await exo(repo, "next", "--dry-run", { json: false })).stderr).not.toContain("interrupted");
});

test("exo next right after a plain install: the hint is one command a shell takes as pasted; the starter ticket is named in the message", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const next = await exo(repo, "next", { json: false });
  expect(next.code).toBe(1);
  const hint = /^hint: (.+)$/m.exec(next.stderr)?.[1] ?? "";
  // Before: `exo intent-create "…" … (or exo install --example for a starter ticket)`, a bash
  // syntax error at the parenthesis.
  expect(hint).toBe('exo intent-create "<what you want>" --brain-dump "<why, in a sentence>" --scope-allow "src/**"');
  execFileSync("bash", ["-n", "-c", hint]);
  expect(next.stderr).toContain("there are no tickets yet (exo install --example adds a starter ticket)");
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect(envelope(await exo(repo, "next")).data.ticket.id).toBe("TICKET-001");
});

test("a Windows-style glob (src\\auth\\**) is shown as typed, with its / form, and the hint is the line typed with /, which runs", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const run = await exo(repo, "intent-create", "Login", "--brain-dump", "email links", "--scope-allow", "src\\auth\\**", "--scope-allow", "docs/**", { json: false });
  expect(run.code).toBe(2);
  // Before: `glob "src\\\\auth\\\\**" contains a backslash; use /, got "src\\\\auth\\\\**"` (each
  // backslash doubled, the value twice) and the hint `exo intent-create --help`.
  expect(run.stderr).toContain('error: --scope-allow is invalid: glob "src\\auth\\**" contains a backslash; globs use / on every system: "src/auth/**". [INVALID_INPUT]');
  const hint = /^hint: (.+)$/m.exec(run.stderr)?.[1] ?? "";
  expect(hint).toBe("exo intent-create Login --brain-dump 'email links' --scope-allow 'src/auth/**' --scope-allow 'docs/**'");
  const created = envelope(await exo(repo, ...(execFileSync("bash", ["-c", `printf '%s\\0' ${hint.slice(4)}`], { encoding: "utf8" }).split("\0").slice(0, -1))));
  expect(created.data.ticket.scope.allow).toEqual(["src/auth/**", "docs/**"]);
  // The same from ticket-create, with the value given as --flag=value.
  const task = await exo(repo, "ticket-create", "Form", "--parent", created.data.ticket.id, "--scope-allow=src\\auth\\form.js", { json: false });
  expect(task.stderr).toContain(`\nhint: exo ticket-create Form --parent ${created.data.ticket.id as string} --scope-allow=src/auth/form.js\n`);
});

test("session-finish run twice after the quick start: the message says nothing is ready when the hint creates work instead of starting", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next", "--owner", "your-name")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  writeFileSync(join(repo, "src/a.js"), "export const a = 1;\n");
  expect((await exo(repo, "session-finish", "--summary", "first change")).code).toBe(0);
  const again = envelope(await exo(repo, "session-finish", "--summary", "first change"));
  expect(again.error?.code).toBe("NO_ACTIVE_SESSION");
  // Before: "start another with exo session-start" over the hint `exo ticket-create …`, with no word of why.
  // Round 20: with TICKET-001 in review, closing it is what is left (new-user-20.test.ts); once closed:
  expect((await exo(repo, "ticket-close", "TICKET-001")).code).toBe(0);
  const closed = envelope(await exo(repo, "session-finish", "--summary", "first change"));
  expect(closed.error?.message).toMatch(/its last session, SES-\S+ on TICKET-001, finished at \S+Z, and nothing is ready to start another on: no task is todo\.$/);
  expect(closed.error?.hint).toMatch(/^exo ticket-create "<what to do>" --parent INT-/);
});

test("exo ledger-show prints the ticket ids it names whole; a table whose wide column is not the first is left as it is", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = envelope(await exo(repo, "tickets")).data.tickets.find((t: { kind: string }) => t.kind === "intent").id as string;
  const shown = (await exo(repo, "ledger-show", { json: false })).stdout;
  // Before: `ticket.created  INT-20261…`, the id cut to fit 80 columns.
  expect(shown).toContain(intent);
  expect(shown).not.toMatch(/INT-\d*…/);
  // The time stays on its row: only an id column too wide for its row goes to a line of its own.
  // (Too wide for a table, with a 26-column actor, records stack: time and event, then the rest.)
  for (const line of shown.split("\n").slice(1, -1)) expect(line).toMatch(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\S|\s+\S+$|\d\d:\d\d:\d\d {2}\S+$| {10}\S)/);
});

test("exo alone and exo status fit 40 and 50 columns in a repository with intents and a ready task", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "intent-create", "Email login", "--brain-dump", "links")).code).toBe(0);
  for (const cols of [40, 50]) {
    const env = { COLUMNS: String(cols) };
    const home = (await exo(repo, { json: false, env })).stdout;
    // Before: `tickets     3 todo, 0 active, 0 in review, 0 done (counting 2 intents)`, 70 columns.
    // (The new intent's commit line, since new-user round 30, is a command printed whole.)
    expect(wide(home, cols).filter((l) => !l.startsWith("repo ") && !l.startsWith("  git add -- "))).toEqual([]);
    expect(home).toMatch(/^tickets {5}1 task todo; 2 intents$/m);
    const status = (await exo(repo, "status", { json: false, env })).stdout;
    // Before: `next        TICKET-001 "Example: ma…" score 300.004 (exo next)`, 64 columns.
    expect(wide(status, cols).filter((l) => !/^(repo|governance) /.test(l) && !l.startsWith("  git add -- "))).toEqual([]);
    expect(status).toMatch(/^next {8}TICKET-001 "Example: .*"\n {12}score [\d.]+ \(exo next\)$/m);
  }
});
