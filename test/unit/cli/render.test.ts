// Human output: a renderer for every registry command, snapshots of each on data captured from a
// fixed repository (EXO_NOW, fixed ids), the 80-column rule, colour switches, help pages,
// suggestions, examples that parse, and plain-language validation messages.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { commands, findCommand } from "../../../src/commands/index.js";
import { commandHelp, groupHelp, suggest, unknownCommand, unknownOption } from "../../../src/cli/help.js";
import { buildProgram } from "../../../src/cli/program.js";
import { RENDERERS, renderHuman } from "../../../src/cli/render/index.js";
import { colorWanted, setColor, width } from "../../../src/cli/render/style.js";
import { progressLine } from "../../../src/cli/render/checks.js";
import { script } from "../../../src/cli/completion.js";
import { matchTicketId } from "../../../src/stdlib/tickets/resolve.js";
import { zodIssues } from "../../../src/stdlib/zod-issues.js";
import { toolInputHint } from "../../../src/mcp/hints.js";

const DATA = JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/render/data.json"), "utf8")) as Record<string, unknown>;
// eslint-disable-next-line no-control-regex
const ESC = /\u001b\[/;

afterEach(() => setColor(false));

describe("a renderer for every command", () => {
  test("the registry walk finds no command without a human renderer", () => {
    const missing = commands.filter((c) => !RENDERERS[c.name]).map((c) => c.name);
    expect(missing).toEqual([]);
    expect(Object.keys(RENDERERS).filter((name) => !findCommand(name))).toEqual([]);
  });

  for (const command of commands) {
    test(`${command.name}: snapshot, no YAML dump, fits 80 columns`, () => {
      const data = DATA[command.name];
      expect(data, `test/fixtures/render/data.json has no data for ${command.name}`).toBeDefined();
      const text = renderHuman(command.name, data);
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toMatch(ESC);
      // A YAML dump starts lines with `key:` and nests with two-space `- ` items.
      expect(text).not.toMatch(/^[a-z_]+:\n {2}[a-z_]+: /m);
      expect(text).not.toMatch(/^[{[]/);
      // session-start/resume print the bootstrap prompt verbatim (markdown for an agent).
      // (install's next steps wrap too, keeping each command whole: only one longer than a line
      // passes 80 columns, and the fixture has none.)
      if (command.name !== "session-start" && command.name !== "session-resume") {
        const wide = text.split("\n").filter((l) => width(l) > 80);
        expect(wide).toEqual([]);
      }
      expect(text).toMatchSnapshot();
    });
  }

  test("long lists are truncated with a pointer to the full view", () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ code: "UNGOVERNED_COMMIT", severity: "warning", message: `commit ${i} has no session`, ref: null }));
    const text = renderHuman("pr-check", { verdict: "warn", commits: [], sessions: [], files: { changed: [], uncovered: [] }, findings: many });
    expect(text.split("\n")[0]).toMatch(/^pr-check WARN: 0 errors, 30 warnings/);
    expect(text).toMatch(/… 10 more \(use --format json\)/);
  });

  test("label/value blocks wrap a long value under itself instead of cutting it; metrics names only the session states in use", () => {
    const d = DATA["metrics"] as { sessions: Record<string, number>; tickets: { by_status: Record<string, number> } };
    const text = renderHuman("metrics", {
      ...d,
      sessions: { total: 1234, finished: 1000, handed_off: 100, crashed: 34, active: 50, suspended: 50 },
      tickets: { ...d.tickets, by_status: { todo: 120, active: 14, review: 33, done: 901, blocked: 7, cancelled: 2 } },
    });
    expect(text).toMatch(/^sessions {4}1234 total: 1000 finished, 100 handed off, 34 crashed, 50 active, 50\n {12}suspended$/m);
    expect(text).toMatch(/^tickets {5}todo 120, active 14, review 33, done 901, blocked 7, cancelled 2; \d+\n {12}done in window/m);
    expect(text).not.toMatch(/…/);
    expect(text.split("\n").filter((l) => width(l) > 80)).toEqual([]);
    expect(renderHuman("metrics", { ...d, sessions: { total: 3, finished: 3, handed_off: 0, crashed: 0, active: 0, suspended: 0 } })).toMatch(/^sessions {4}3 total: 3 finished$/m);
  });

  test("pr-check puts the verdict and findings before the commits", () => {
    const d = DATA["pr-check"] as { commits: unknown[] };
    const text = renderHuman("pr-check", { ...d, verdict: "fail", findings: [{ code: "HIGH_DRIFT", severity: "error", message: "drift 0.9", ref: "SES-1" }] });
    expect(text.indexOf("Findings:")).toBeLessThan(text.indexOf("Commits:"));
    expect(text.split("\n")[0]).toMatch(/FAIL/);
  });
});

describe("colour", () => {
  test("only on a TTY, off under NO_COLOR, on under FORCE_COLOR", () => {
    expect(colorWanted({}, true)).toBe(true);
    expect(colorWanted({}, false)).toBe(false);
    expect(colorWanted({ NO_COLOR: "1" }, true)).toBe(false);
    expect(colorWanted({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(colorWanted({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(colorWanted({ FORCE_COLOR: "0" }, true)).toBe(false);
    expect(colorWanted({ TERM: "dumb" }, true)).toBe(false);
  });

  test("red for a failing verdict, green for a pass", () => {
    setColor(true);
    const fail = renderHuman("check", { commands: ["npm test"], results: [{ command: "npm test", exit_code: 1, passed: false, duration_ms: 2000, timed_out: false, not_allowed: false, stdout_tail: "", stderr_tail: "boom\n", log: ".exo/logs/checks/check/1.log" }], passed: false });
    expect(fail).toContain("\u001b[31m");
    const pass = renderHuman("ledger-verify", { valid: true, records: 3, segments: ["a"], errors: [], ts_regressions: [] });
    expect(pass).toContain("\u001b[32m");
  });
});

describe("check progress", () => {
  test("start and end lines; a failing check shows its output tail and log", () => {
    expect(progressLine({ kind: "start", index: 1, total: 2, command: "npm test" })).toBe("[1/2] running npm test …");
    const end = progressLine({ kind: "end", index: 1, total: 2, result: { command: "npm test", exit_code: 1, passed: false, duration_ms: 2100, timed_out: false, not_allowed: false, stdout_tail: "", stderr_tail: "line a\nexpected 1 to be 2\n", log: ".exo/logs/checks/SES-1/1.log" } });
    expect(end).toMatch(/^\[1\/2\] ✗ FAIL {2}npm test {2}\(exit 1 after 2\.1 s\)$/m);
    expect(end).toMatch(/│ expected 1 to be 2/);
    expect(end).toMatch(/full output: \.exo\/logs\/checks\/SES-1\/1\.log/);
  });
});

describe("help", () => {
  for (const name of ["ticket-create", "session-finish", "next", "ledger-show", "install"]) {
    test(`${name} --help`, () => {
      const text = commandHelp(findCommand(name)!);
      expect(text).not.toMatch(/\(repeatable\) \(repeatable\)/);
      expect(text).toMatch(/^Examples:$/m);
      expect(text).toMatchSnapshot();
    });
  }

  test("required flags are marked and default-false switches have no --no- twin", () => {
    const finish = commandHelp(findCommand("session-finish")!);
    expect(finish).toMatch(/Usage: exo session-finish --summary <text> \[options\]/);
    expect(finish).toMatch(/--summary <text> +What was done .*\(required\)/);
    expect(finish).not.toMatch(/--no-skip-check/);
    expect(buildProgram(findCommand("next")!).program.options.map((o) => o.long)).not.toContain("--no-dry-run");
    expect(commandHelp(findCommand("install")!)).toMatch(/--\[no-\]hooks/);
  });

  test("a command whose own --actor is a filter does not list the global --actor", () => {
    expect(commandHelp(findCommand("ledger-show")!)).toMatch(/^Global options: --format human\|json, --repo PATH \(exo --help\)\.$/m);
    expect(commandHelp(findCommand("status")!)).toMatch(/^Global options: .*--actor NAME/m);
  });

  test("every command has one or two examples that parse with its own flags", () => {
    for (const command of commands) {
      expect(command.examples?.length ?? 0, command.name).toBeGreaterThan(0);
      for (const example of command.examples ?? []) {
        const argv = (example.replace(/\s+#.*$/, "").match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ""));
        expect(argv[0]).toBe("exo");
        const words = argv.slice(1).filter((w) => !["--format", "json", "human"].includes(w));
        const name = words[0] === "ledger" ? `ledger-${words[1]}` : words[0];
        expect(name, example).toBe(command.name);
        const rest = words.slice(words[0] === "ledger" ? 2 : 1);
        const { program } = buildProgram(command);
        program.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
        expect(() => program.parse(rest, { from: "user" }), example).not.toThrow();
      }
    }
  });

  test("groups list their subcommands", () => {
    expect(groupHelp("ledger")).toMatch(/exo ledger verify +Verify the ledger/);
    expect(groupHelp("session")).toMatch(/exo session finish/);
  });

  test("a group page names the listing beside it (exo worktrees under exo worktree), aligned with the subcommands", () => {
    // Before: `exo worktree` listed create and remove only, and the listing was found in `exo help`.
    const page = groupHelp("worktree");
    expect(page).toMatch(/\nSee also:\n {2}exo worktrees +List git worktrees/);
    const column = (re: RegExp) => (re.exec(page)?.[0] ?? "").length;
    expect(column(/^ {2}exo worktrees +/m)).toBe(column(/^ {2}exo worktree create +/m));
    expect(groupHelp("ticket")).toMatch(/See also:\n {2}exo tickets /);
    expect(groupHelp("ledger")).not.toMatch(/See also/);
  });
});

describe("did you mean", () => {
  test("stauts → status; --ticket → --ticket-id", () => {
    expect(suggest("stauts", commands.map((c) => c.name))).toEqual(["status"]);
    expect(unknownCommand("stauts").message).toMatch(/did you mean status\?/);
    expect(unknownCommand("stauts").hint).toBe("exo status");
    expect(unknownOption(findCommand("check")!, "--ticket").message).toMatch(/did you mean --ticket-id\?/);
    expect(unknownCommand("zzzzzzzz").message).toMatch(/run exo --help/);
  });

  test("a noun and a verb other tools use name exo's command (before: ticket-list → ticket-close)", () => {
    const meant: [string, string][] = [
      ["ticket-list", "tickets"],
      ["list-tickets", "tickets"],
      ["tasks_ls", "tickets"],
      ["add-task", "ticket-create"],
      ["ticket-new", "ticket-create"],
      ["ticket-edit", "ticket-update"],
      ["ticket-delete", "ticket-close"],
      ["intent-list", "intents"],
      ["session-list", "session-scan"],
      ["session-end", "session-finish"],
      ["worktree-list", "worktrees"],
      ["lock-release", "lease-release"],
      ["ledger-log", "ledger-show"],
    ];
    for (const [typed, command] of meant) {
      expect(unknownCommand(typed), typed).toEqual({ message: `Unknown command ${JSON.stringify(typed)}; did you mean ${command}?`, hint: `exo ${command}` });
      expect(findCommand(command), command).toBeDefined();
    }
    // Typos still go to the nearest name, and a noun with an unknown verb is no synonym.
    expect(unknownCommand("ticket-creat").hint).toBe("exo ticket-create");
    expect(unknownCommand("ticket-frobnicate").hint).not.toBe("exo tickets");
  });
});

describe("completion", () => {
  test("scripts name every command and its flags", () => {
    const bash = script("bash");
    const zsh = script("zsh");
    const fish = script("fish");
    for (const c of commands) {
      expect(bash).toContain(` ${c.name}`);
      expect(zsh).toContain(`'${c.name}:`);
      expect(fish).toContain(`-a ${c.name} `);
    }
    expect(bash).toMatch(/ticket-show\)/);
    expect(bash).toMatch(/--ticket-id/);
    expect(bash).toMatch(/exo completion ids/);
  });
});

describe("ticket ids as people type them", () => {
  test("exact, any case, unique prefix; ambiguous prefixes name the candidates", () => {
    const ids = ["TASK-001", "TASK-002", "INT-001"];
    expect(matchTicketId("TASK-001", ids).id).toBe("TASK-001");
    expect(matchTicketId("task-002", ids).id).toBe("TASK-002");
    expect(matchTicketId("int", ids).id).toBe("INT-001");
    expect(matchTicketId("task", ids)).toEqual({ id: null, candidates: ["TASK-001", "TASK-002"] });
    expect(matchTicketId("nope", ids)).toEqual({ id: null, candidates: [] });
  });

  test("property: any id is found from itself in any case and from a prefix that is unique", () => {
    const id = fc.stringMatching(/^[A-Z]{2,5}-[0-9A-Z]{1,6}$/);
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 1, maxLength: 8 }), fc.nat(), (ids, k) => {
        const target = ids[k % ids.length] as string;
        expect(matchTicketId(target.toLowerCase(), ids).id).toBe(ids.find((i) => i.toLowerCase() === target.toLowerCase()));
        for (let n = 1; n <= target.length; n++) {
          const prefix = target.slice(0, n);
          const hits = ids.filter((i) => i.toLowerCase().startsWith(prefix.toLowerCase()));
          const exact = ids.includes(prefix) || ids.filter((i) => i.toLowerCase() === prefix.toLowerCase()).length === 1;
          if (!exact && hits.length === 1) expect(matchTicketId(prefix, ids).id).toBe(target);
          if (!exact && hits.length > 1) expect(matchTicketId(prefix, ids).id).toBeNull();
        }
      }),
    );
  });
});

describe("plain-language validation errors", () => {
  const schema = z.object({
    locks: z.object({ ttl_hours: z.number().gt(0) }),
    status: z.array(z.enum(["todo", "done"])),
    title: z.string().min(1),
    url: z.string().url(),
  });
  test("name the field, the value and what is allowed", () => {
    const input = { locks: { ttl_hours: 0 }, status: ["bogus"], title: "", url: "nope" };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    const messages = zodIssues(result.error!, { input }).map((i) => i.message);
    expect(messages).toEqual([
      "locks.ttl_hours must be a number above 0, got 0",
      'status.0 must be one of todo, done, got "bogus"',
      "title must not be empty",
      'url must be a URL, got "nope"',
    ]);
  });
  test("missing values are required; wrong types say what they got", () => {
    const input = { locks: { ttl_hours: "abc" }, status: [] };
    const result = schema.safeParse(input);
    const messages = zodIssues(result.error!, { input, label: (p) => `--${String(p[0]).replaceAll("_", "-")}` }).map((i) => i.message);
    expect(messages).toContain('--locks must be a number, got "abc"');
    expect(messages).toContain("--title is required");
  });
  test("a value outside its choices carries the choices, the value and the one meant as data, which the MCP hint reads", () => {
    const input = { locks: { ttl_hours: 1 }, status: ["todo", "dnoe"], title: "t", url: "http://x" };
    const [issue] = zodIssues(schema.safeParse(input).error!, { input });
    expect(issue).toMatchObject({ path: "status.1", code: "invalid_value", choices: ["todo", "done"], value: "dnoe", meant: ["done"] });
    // The hint is built from those fields: a message worded otherwise still gets the corrected call.
    const reworded = { ...issue!, message: "status.1 is wrong" };
    expect(toolInputHint("exo_tickets", { status: ["todo", "dnoe"] }, { details: { issues: [reworded] } })).toBe('exo_tickets {"status":["todo","done"]}');
    expect(toolInputHint("exo_ticket_show", { ticket_id: "T-1" }, { details: { issues: [{ path: "ticket_id", code: "unknown_key", message: "unknown argument ticket_id", meant: ["id"] }] } })).toBe('exo_ticket_show {"id":"T-1"}');
  });
});

test("ledger show counts the records it left out in words that agree with the number", () => {
  const record = { v: 1, seq: 1, ts: "2026-11-01T00:00:00.000Z", writer: "w", actor: "agent:a", type: "note", data: {}, prev: null, hash: "h" };
  expect(renderHuman("ledger-show", { records: [record], total: 2, truncated: true })).toContain("… 1 earlier matching record (");
  expect(renderHuman("ledger-show", { records: [record], total: 3, truncated: true })).toContain("… 2 earlier matching records (");
});
