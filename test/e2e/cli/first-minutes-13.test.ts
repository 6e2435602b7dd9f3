// A demanding new user's first hour, thirteenth pass: installed from the packed tarball, following
// the README and each command's --help literally, with the typos and restarts people make.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, pasted, tempRepo } from "../../helpers/repo.js";
import { fixture, hook } from "../../helpers/hooks.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { commitTickets } from "../../helpers/tickets.js";

test("a ticket id typed with a slip gets did-you-mean, and the hint is the line typed with the id corrected", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-001", kind: "intent" }, { id: "TICKET-001", parent: "INT-001" }, { id: "T-4", parent: "INT-001" }, { id: "T-5", parent: "INT-001" }]);
  // Before: "No ticket TICKET-01; list tickets with exo tickets." for each of these.
  const show = await exo(repo, "ticket-show", "TICKET-01", { json: false });
  expect(show.code).toBe(2);
  expect(show.stderr).toContain("error: No ticket TICKET-01; did you mean TICKET-001? [TICKET_NOT_FOUND]\nhint: exo ticket-show TICKET-001\n");
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "TIKCET-001"));
  expect(start.error?.message).toBe("No ticket TIKCET-001; did you mean TICKET-001?");
  expect(start.error?.hint).toBe("exo --format json session-start --ticket-id TICKET-001");
  expect(start.error?.details).toMatchObject({ typed: "TIKCET-001", meant: "TICKET-001" });
  expect(JSON.parse(pasted(repo, start.error?.hint ?? "")).data.ticket.id).toBe("TICKET-001");
  // A parent typed without its dash, and a missing one: INT01 is INT-001; --flag=value keeps its form.
  const parent = envelope(await exo(repo, "ticket-create", "a task", "--parent=int01"));
  expect(parent.error?.message).toBe("parent int01 does not exist; did you mean INT-001?");
  expect(parent.error?.hint).toBe("exo --format json ticket-create 'a task' --parent=INT-001");
  expect(JSON.parse(pasted(repo, parent.error?.hint ?? "")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-close", "t4", "--status", "cancelled", "--reason", "dup")).error?.hint).toBe("exo --format json ticket-close T-4 --status cancelled --reason dup");
  // ledger show filters rather than looks up: a slip there matched nothing without a word.
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T-5", "--actor", "agent:z")).ok).toBe(true);
  const ledger = envelope(await exo(repo, "ledger", "show", "--ticket-id", "T-05"));
  expect(ledger.data.total).toBe(0);
  expect(ledger.warnings).toEqual([{ code: "FILTER_MATCHES_NOTHING", message: "No record in this ledger names ticket T-05; did you mean T-5? (exo ledger show --ticket-id T-5)." }]);
  // Another number is another ticket, never a typo: T-6 is not T-5.
  const other = envelope(await exo(repo, "ticket-show", "T-6"));
  expect(other.error?.message).toBe("No ticket T-6; list tickets with exo tickets.");
  expect(other.error?.details?.["meant"]).toBeUndefined();
});

/** The examples `exo help <command>` prints, as printed (comments dropped). */
async function examples(repo: string, command: string): Promise<string[]> {
  const help = (await exo(repo, "help", command, { json: false })).stdout;
  const block = help.split("\nExamples:\n")[1]?.split("\n\n")[0] ?? "";
  // A long example goes on over lines ending in " \" (help fits the terminal): one command still.
  return block.replace(/ \\\n\s+/g, " ").split("\n").map((l) => l.trim().replace(/\s+#.*$/, "")).filter(Boolean);
}

test("each command's --help examples run one after another, as a reader meets them, with the ids they name", async () => {
  const repo = await initRepo();
  // Before: intent-create's example made INT-<date>-…, so ticket-create's `--parent INT-001` failed,
  // and the later examples named TASK-001, an id nothing creates (install --example makes TICKET-001).
  const steps: [string, number][] = [
    ["intent-create", 0],
    ["ticket-create", 0],
    ["ticket-create", 1],
    ["ticket-show", 0],
    ["ticket-show", 1],
    ["ticket-update", 0],
    ["ticket-update", 1],
    ["brief", 1],
    ["session-start", 0],
    ["check", 1],
    ["lease-renew", 0],
    ["ledger-show", 0],
    ["session-finish", 0],
    ["ticket-close", 0],
  ];
  for (const [command, at] of steps) {
    const line = (await examples(repo, command))[at] ?? "";
    expect(line, command).toMatch(/^exo /);
    try {
      pasted(repo, line);
    } catch (error) {
      throw new Error(`${line}: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    }
  }
  const shown = envelope(await exo(repo, "ticket-show", "TICKET-001"));
  expect(shown.data.ticket).toMatchObject({ title: "Signup form with validation", status: "done" });
});

test("exo drift prints each active session's drift so far and its files outside scope, not only in JSON", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent", allow: ["src/**"] }, { id: "T1", parent: "INT-1", allow: ["src/**"] }]);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1"));
  const id = started.data.session.id as string;
  writeFileSync(`${repo}/notes.txt`, "out of scope\n");
  mkdirSync(`${repo}/src`, { recursive: true });
  writeFileSync(`${repo}/src/a.js`, "in scope\n");
  const json = envelope(await exo(repo, "drift", "--session-id", id));
  const live = json.data.sections.find((s: { name: string }) => s.name === "sessions").details.live[0];
  expect(live).toMatchObject({ id, ticket: "T1", out_of_scope: ["notes.txt"] });
  // Before: "ok    sessions      1 session(s), none stale" and no drift figure anywhere.
  const human = (await exo(repo, "drift", "--session-id", id, { json: false })).stdout.replace(/\n {20}/g, " ");
  expect(human).toContain(`1 session, none stale; drift so far: ${id} on T1 ${live.drift.toFixed(3)} (outside scope: notes.txt)`);
});

test("an MCP call that gives a repeatable argument one string takes it as a list of one, as the CLI's single flag", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent", allow: ["src/**"] }, { id: "T1", parent: "INT-1", allow: ["src/**"] }]);
  const client = await mcpClient(repo, { env: { EXO_ACTOR: "agent:m" } });
  expect(structured(await client.callTool({ name: "exo_session_start", arguments: { ticket_id: "T1" } })).ok).toBe(true);
  // Before: INVALID_INPUT "Path must be a list, got "README.md"." for what an agent writes first.
  const denied = structured(await client.callTool({ name: "exo_decide", arguments: { path: "README.md" } }));
  expect(denied.error?.code).toBe("OUT_OF_SCOPE");
  expect(denied.data.targets).toMatchObject([{ path: "README.md", decision: "deny" }]);
  expect(structured(await client.callTool({ name: "exo_decide", arguments: { path: "src/a.js" } })).data.decision).toBe("allow");
  const finished = structured(await client.callTool({ name: "exo_session_finish", arguments: { summary: "done", next_step: "wire the API" } }));
  expect(finished.ok).toBe(true);
  // A wrong type is still refused: a number is not a list of paths.
  expect(structured(await client.callTool({ name: "exo_decide", arguments: { path: 3 } })).error?.code).toBe("INVALID_INPUT");
});

test("exo next run twice says the first claim is still held, and the release it prints gives it back", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1", priority: 1 }, { id: "T2", parent: "INT-1", priority: 2 }, { id: "T3", parent: "INT-1", priority: 3 }]);
  const first = envelope(await exo(repo, "next", "--owner", "alice"));
  expect(first.data.ticket.id).toBe("T1");
  expect(first.warnings).toBeUndefined();
  // Before: a second claim with no word about T1, which stayed active and locked for two hours.
  const second = await exo(repo, "next", "--owner", "alice", { json: false });
  expect(second.code).toBe(0);
  expect(second.stderr).toContain("warning: alice already held T1 (claimed, no session yet) and now holds T2 too; give back what you will not work on: exo lease-release --ticket-id T1 --actor alice.\n");
  const release = /: (exo lease-release --ticket-id T1 --actor alice)\./.exec(second.stderr)?.[1] ?? "";
  expect(envelope(await exo(repo, ...release.split(" ").slice(1))).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("todo");
  // Another owner's claim is not this owner's business.
  expect(envelope(await exo(repo, "next", "--owner", "bob")).warnings).toBeUndefined();
});

test("decide after the scope was widened mid-session hints the suspend and resume that apply it, not the same widening again", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent", allow: ["src/**"] }, { id: "T1", parent: "INT-1", allow: ["src/**"] }]);
  const agent = { env: { EXO_ACTOR: "agent:a" } };
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", agent)).ok).toBe(true);
  const denied = envelope(await exo(repo, "decide", "--path", "README.md"));
  expect(denied.error?.hint).toBe("exo ticket-update T1 --scope-allow 'src/**' --scope-allow README.md");
  expect(envelope(await exo(repo, ...(denied.error?.hint ?? "").split(" ").slice(1).map((w) => w.replaceAll("'", "")))).ok).toBe(true);
  // Before: the same ticket-update hint again, which changes nothing: the session keeps its scope.
  const again = envelope(await exo(repo, "decide", "--path", "README.md"));
  expect(again.error?.code).toBe("OUT_OF_SCOPE");
  expect(again.data.ticket_allows_now).toBe(true);
  expect(again.error?.message).toContain("T1's scope allows it now, but the open session keeps the scope it started with until it is suspended and resumed.");
  expect(again.error?.hint).toBe('exo session-suspend --reason "scope widened" --actor agent:a && exo session-resume --actor agent:a');
  pasted(repo, (again.error?.hint ?? ""));
  expect(envelope(await exo(repo, "decide", "--path", "README.md")).data.decision).toBe("allow");
});

test("Claude Code's SessionStart with a ticket claimed and waiting tells the agent to start on it, not to claim another", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1", priority: 1 }, { id: "T2", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "hook-install", "--harness", "claude")).ok).toBe(true);
  // The quick start: a person claims with exo next, then the agent's conversation begins.
  expect(envelope(await exo(repo, "next", "--owner", "your-name")).data.ticket.id).toBe("T1");
  const start = await hook(repo, "claude", "SessionStart", await fixture("claude-sessionstart.json", repo));
  const context = JSON.parse(start.stdout).hookSpecificOutput.additionalContext as string;
  // Before: "Claim work with `exo next`, then …": the agent's exo next claimed T2 beside T1.
  expect(context).toContain("Next: `exo session-start --ticket-id T1`;");
  expect(context).not.toContain("exo next`");
  // Nothing claimed: the start that claims and starts.
  expect(envelope(await exo(repo, "lease-release", "--ticket-id", "T1")).ok).toBe(true);
  const fresh = JSON.parse((await hook(repo, "claude", "SessionStart", await fixture("claude-sessionstart.json", repo))).stdout).hookSpecificOutput.additionalContext as string;
  expect(fresh).toContain("Next: `exo session-start --dispatch`;");
});

test("a command run without its required options names all of them, and the hint is the line typed with them added", async () => {
  const repo = await initRepo();
  // Before: "needs --to", hint "exo session-handoff --help"; the next run then said "needs --summary".
  const handoff = await exo(repo, "session-handoff", { json: false });
  expect(handoff.code).toBe(2);
  expect(handoff.stderr).toBe(`error: exo session-handoff needs --to and --summary; run exo session-handoff --help. [USAGE_ERROR]\nhint: exo session-handoff --to '<actor>' --summary "…"\n`);
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:b")).error?.hint).toBe('exo session-handoff --to agent:b --summary "…"');
  expect(envelope(await exo(repo, "reflect")).error?.message).toBe("exo reflect needs --pattern and --insight; run exo reflect --help.");
  const finish = (await exo(repo, "session-finish", "--next-step", "wire the API", { json: false })).stderr;
  expect(finish).toContain('hint: exo session-finish --next-step \'wire the API\' --summary "…"\n');
});

test("exo --version --format json prints one envelope, as every other --format json line", async () => {
  const repo = await initRepo();
  const plain = (await exo(repo, "--version", { json: false })).stdout.trim();
  // Before: the bare version, which `| jq .data` could not read.
  for (const args of [["--version", "--format", "json"], ["--format=json", "-V"]]) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, data: { version: plain } });
  }
});

test("a person wrapping up the session Claude Code's SessionEnd suspended is shown the resume as the agent, and it leads to the finish", async () => {
  const repo = await initRepo({ "src/a.js": "1\n" });
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "hook-install", "--harness", "claude")).ok).toBe(true);
  expect(envelope(await exo(repo, "next", "--owner", "agent:claude")).data.ticket.id).toBe("T1");
  expect(JSON.parse((await hook(repo, "claude", "SessionStart", await fixture("claude-sessionstart.json", repo))).stdout).hookSpecificOutput.additionalContext).toContain("# exo session SES-");
  writeFileSync(`${repo}/src/a.js`, "2\n");
  await hook(repo, "claude", "SessionEnd", await fixture("claude-sessionend.json", repo));
  const scan = envelope(await exo(repo, "session-scan"));
  const agent = scan.data.sessions[0] as { id: string; actor: string; status: string };
  expect(agent.status).toBe("suspended");
  // Before: exo alone offered only "add a task", and finish hinted a bare exo session-resume, which
  // finds the person's own sessions only (none).
  const resume = `exo session-resume --session-id ${agent.id} --actor ${agent.actor}`;
  // (The reason wraps under the command to fit 80 columns.)
  expect((await exo(repo, { json: false })).stdout.replace(/\n {4}(?=\S)/g, " ")).toContain(`\n  ${resume} ${agent.actor} suspended its session on T1: resume it to finish or continue\n`);
  const refused = envelope(await exo(repo, "session-finish", "--session-id", agent.id, "--summary", "agent's work"));
  expect(refused.error?.code).toBe("SESSION_SUSPENDED");
  expect(refused.error?.hint).toBe(resume);
  expect(envelope(await exo(repo, ...resume.split(" ").slice(1))).ok).toBe(true);
  const finished = envelope(await exo(repo, "session-finish", "--session-id", agent.id, "--summary", "agent's work"));
  expect(finished.data).toMatchObject({ outcome: "finished", ticket: { id: "T1", status: "review" } });
});

test("docs/adoption.md's 'Taking exo out' runs as printed and leaves none of exo's hooks or governance", async () => {
  const repo = await tempRepo({ "CLAUDE.md": "# my notes\n" });
  expect(envelope(await exo(repo, "install", "--no-mcp")).ok).toBe(true);
  // Before: no page said how to take exo out again.
  const doc = readFileSync("docs/adoption.md", "utf8").split("## Taking exo out")[1] ?? "";
  const block = /```sh\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
  expect(block).toContain("exo hook-install --uninstall");
  pasted(repo, block); // one script now: the block loops over every harness's files
  expect(git(repo, "status", "--porcelain")).toBe("");
  expect(existsSync(`${repo}/.exo`)).toBe(false);
  expect(readFileSync(`${repo}/CLAUDE.md`, "utf8").trim()).toBe("# my notes");
  expect(git(repo, "ls-files").split("\n").filter((f) => /exo/.test(f))).toEqual([]);
  expect(readdirSync(`${repo}/.git/hooks`).filter((f) => !f.endsWith(".sample"))).toEqual([]);
  // A settings file that held only exo's hooks is gone with them.
  expect(existsSync(`${repo}/.claude/settings.json`)).toBe(false);
});

test("a choice typed with a slip (--status canceled) names the one meant, over MCP too, and the CLI hint is the line corrected", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  // Before: "--status must be one of done, cancelled, got "canceled"." and hint exo ticket-close --help.
  const close = await exo(repo, "ticket-close", "T1", "--status", "canceled", "--reason", "dup", { json: false });
  expect(close.code).toBe(2);
  expect(close.stderr).toBe('error: --status must be one of done, cancelled, got "canceled"; did you mean cancelled? [INVALID_INPUT]\nhint: exo ticket-close T1 --status cancelled --reason dup\n');
  expect(envelope(await exo(repo, "tickets", "--status", "todo", "--status=reveiw")).error?.hint).toBe("exo --format json tickets --status todo --status=review");
  // Nothing close: the help, as before.
  expect(envelope(await exo(repo, "ticket-close", "T1", "--status", "xyz")).error?.hint).toBe("exo ticket-close --help");
  const client = await mcpClient(repo);
  const mcp = structured(await client.callTool({ name: "exo_ticket_close", arguments: { id: "T1", status: "canceled" } }));
  expect(mcp.error?.message).toBe('Status must be one of done, cancelled, got "canceled"; did you mean cancelled?');
  expect(envelope(await exo(repo, ...(close.stderr.split("hint: exo ")[1] ?? "").trim().split(" "))).data.ticket.status).toBe("cancelled");
});

test("exo alone with two claims of one owner names the other claim too, not only the first", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1", priority: 1 }, { id: "T2", parent: "INT-1", priority: 2 }, { id: "T3", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "next")).ok).toBe(true);
  expect(envelope(await exo(repo, "next")).ok).toBe(true);
  // Before: T1 only; T2 stayed claimed and locked with no word about it.
  expect((await exo(repo, { json: false })).stdout.replace(/\s+/g, " ")).toContain("T1 is claimed by human:test@example.invalid: start a session on it (also claimed: T2) ");
});
