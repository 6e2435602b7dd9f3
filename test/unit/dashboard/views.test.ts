import { Script, runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import * as views from "../../../src/dashboard/views.js";
import { pageScript, renderPage } from "../../../src/dashboard/page.js";
import { markOf, summarize, type DashboardData } from "../../../src/orchestrator/dashboard.js";
import type { LedgerRecord } from "../../../src/kernel/ledger.js";

const ui: views.Ui = { filter: { type: "", session: "", ticket: "", actor: "", marked: false }, session: null };
const EVIL = `</script><script>alert(1)</script><img src=x onerror=alert(2)>`;

function data(): DashboardData {
  const now = "2026-11-24T10:00:00.000Z";
  return {
    format: "exo.dashboard/2",
    generated_at: now,
    repo: EVIL,
    threshold: 0.7,
    governance: { status: "valid", version: 3 },
    fleet: { status: "degraded", reasons: ["1 stale session"], groups: { actor: [{ key: EVIL, sessions: 2, active: 1, avg_drift: 0.75, max_drift: 0.9, high: 1 }] } },
    ledger: { segments: 1, records: 10, valid: true, denials: 1 },
    sessions: {
      live: [
        {
          id: "SES-20261124-090000-AAAAAA", actor: "agent:a", harness: "claude", vendor: "anthropic", model: "m", ticket: "T1", ticket_title: EVIL, task: EVIL, status: "active", branch: "main", host: "h", pid: null,
          scope: { allow: ["src/**"], deny: [], boundaries: [] }, started_at: "2026-11-24T09:00:00.000Z", heartbeat_at: "2026-11-24T09:59:00.000Z", suspended_at: null,
          touched: ["src/a.ts"], touched_count: 1, denials: 1, drift: { score: 0.8, changed: 3, in_scope: 1, out_of_scope: ["docs/x"], boundary_violation: false, provisional: true }, stale: true, stale_reasons: ["heartbeat_expired"],
        },
      ],
      closed: [{ id: "SES-20261124-080000-BBBBBB", actor: "agent:b", recovered_by: "human", harness: "codex", ticket: "T2", outcome: "crashed", verify: "failed", drift: null, started_at: null, at: "2026-11-24T08:30:00.000Z" }],
    },
    drift: { low: 1, medium: 0, high: 1 },
    trend: [{ at: "2026-11-24T08:30:00.000Z", session: "SES-20261124-080000-BBBBBB", actor: "agent:b", drift: 0.9, outcome: "crashed", verify: "failed" }],
    timeline: [
      { ts: "2026-11-24T09:30:00.000Z", type: "hook.denied", actor: "agent:a", session: "SES-20261124-090000-AAAAAA", ticket: "T1", summary: EVIL, mark: "deny" },
      { ts: "2026-11-24T09:31:00.000Z", type: "ticket.created", actor: "human", session: null, ticket: "T3", summary: "x", mark: "" },
    ],
    tree: { roots: [{ id: "INT-1", kind: "intent", title: EVIL, status: "active", priority: 3, scope: { allow: [], deny: [] }, drift: 0.9, sessions: 1, live: 1, children: [], closable: false }], orphans: [] },
    locks: [{ ticket: "T1", state: "held", owner: "agent:a", session: "SES-20261124-090000-AAAAAA", fencing_token: 2, heartbeat_at: now, expires_at: "2026-11-24T12:00:00.000Z", live: true, remote: null }],
    leases: [],
    details: { "SES-20261124-080000-BBBBBB": { memento_path: ".exo/mementos/T2/x.md", memento: `---\nformat: exo.memento/1\n---\n# Session\n\n## Summary\n${EVIL}\n`, bootstrap: null, provisional: false, spans: [{ name: "invoke_agent agent:b", start: 0, end: 1000, status: 2, detail: "" }], events: [] } },
  };
}

test("every exported view function is shipped to the page, and the page script parses", () => {
  const fns = Object.values(views as Record<string, unknown>).filter((v): v is (...a: never[]) => unknown => typeof v === "function");
  expect(fns.length).toBeGreaterThan(10);
  for (const fn of fns) expect(Object.values(views.VIEW_FUNCTIONS) as unknown[], fn.name).toContain(fn);
  // Each under the name it is declared with: the page script calls them by these keys.
  for (const [name, fn] of Object.entries(views.VIEW_FUNCTIONS)) expect(fn.name).toBe(name);
  expect(() => new Script(pageScript())).not.toThrow(); // compiles, not run
});

test("the shipped source renders exactly what the server renders (same functions, no closure)", () => {
  const d = data();
  const sandbox: Record<string, unknown> = {};
  const src = `${Object.values(views.VIEW_FUNCTIONS).map((f) => f.toString()).join("\n")}\nout = { ${Object.entries(views.SECTIONS).map(([k, s]) => `${JSON.stringify(k)}: ${s.view}`).join(", ")} };`;
  runInNewContext(src, sandbox);
  const shipped = sandbox["out"] as Record<string, (...a: unknown[]) => string>;
  const now = Date.parse(d.generated_at);
  for (const [name, s] of Object.entries(views.SECTIONS)) {
    const u = { ...ui, session: name === "session" ? "SES-20261124-080000-BBBBBB" : null };
    expect(shipped[name]?.(d, u, now), name).toBe(views.VIEW_FUNCTIONS[s.view](d, u, now));
  }
});

test("untrusted text is escaped in every view and cannot close the data script", () => {
  const d = data();
  const html = renderPage(d, { rev: 1 });
  expect(html).not.toContain("<script>alert(1)");
  expect(html).not.toContain("<img src=x");
  const json = /<script type="application\/json" id="exo-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
  expect(JSON.parse(json)).toEqual(d);
  const session = views.viewSession(d, { ...ui, session: "SES-20261124-080000-BBBBBB" }, Date.parse(d.generated_at));
  expect(session).not.toContain("<img src=x");
  expect(session).toContain("&#60;img src=x");
});

test("meaning carried by colour: high drift, denials, stale sessions, crash outcomes", () => {
  const d = data();
  const now = Date.parse(d.generated_at);
  expect(views.driftBadge(0.8, 0.7)).toContain("drift hi");
  expect(views.driftBadge(0.5, 0.7)).toContain("drift mid");
  expect(views.driftBadge(0.1, 0.7)).toContain("drift lo");
  expect(views.driftBadge("0.9" as unknown as number, 0.7)).toContain("–");
  const live = views.viewLive(d, ui, now);
  expect(live).toContain(`class="live-row stale high"`);
  expect(live).toContain("stale: heartbeat_expired");
  expect(views.viewTimeline(d, ui, now)).toContain(`class="mark mark-deny"`);
  const filtered = views.viewTimeline(d, { ...ui, filter: { ...ui.filter, marked: true } }, now);
  expect(filtered.split("<tbody>")[1]).not.toContain("ticket.created");
  expect(filtered).toContain(`<span class="count">1</span>`);
  expect(views.viewClosed(d, ui, now)).toContain("recovered by human");
  expect(views.ago("2026-11-24T09:58:55.000Z", now)).toBe("1m 05s");
  expect(views.ago("2026-11-22T08:00:00.000Z", now)).toBe("2d 2h");
});

test("ledger records are summarised and marked by what they mean", () => {
  const r = (type: string, data: Record<string, unknown> = {}): LedgerRecord => ({ v: 1, seq: 1, ts: "2026-11-24T09:00:00.000Z", writer: "w", actor: "agent:a", type, data, prev: null, hash: "h" });
  expect(markOf(r("hook.denied"))).toBe("deny");
  expect(markOf(r("commit.blocked"))).toBe("deny");
  expect(markOf(r("lock.taken_over"))).toBe("takeover");
  expect(markOf(r("lease.taken_over"))).toBe("takeover");
  expect(markOf(r("handoff.created"))).toBe("handoff");
  expect(markOf(r("governance.tamper_detected"))).toBe("tamper");
  expect(markOf(r("session.crashed", { outcome: "superseded" }))).toBe("crash");
  expect(markOf(r("check.completed", { passed: false }))).toBe("fail");
  expect(markOf(r("ticket.created"))).toBe("");
  expect(summarize(r("hook.denied", { harness: "claude", tool: "Write", action: "write", path: "docs/x", code: "OUT_OF_SCOPE", reason: "outside" }))).toBe("claude Write write docs/x — OUT_OF_SCOPE: outside");
  expect(summarize(r("ticket.status_changed", { from: "todo", to: "active" }))).toBe("todo → active");
  expect(summarize(r("session.finished", { outcome: "finished", verify: "passed", drift: { score: 0.25 } }))).toBe("finished · verify passed · drift 0.25");
});
