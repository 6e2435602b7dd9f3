// OpenTelemetry traces (SPEC §8.9): one deterministic trace per closed session, built from the
// ledger only, encoded as OTLP/JSON.
import { basename, join } from "node:path";
import { sha256 } from "../../kernel/canon.js";
import type { LedgerRecord } from "../../kernel/ledger.js";
import { formatJson, replaceFile } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { EXO_VERSION } from "../../version.js";
import { readSessionRecords } from "../ledger/read.js";
import { readTicket } from "../tickets/store.js";

type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 1;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  events?: { timeUnixNano: string; name: string; attributes: KeyValue[] }[];
  status: { code: 0 | 1 | 2; message?: string };
}
export interface TracesData {
  resourceSpans: { resource: { attributes: KeyValue[] }; scopeSpans: { scope: { name: string; version: string }; spans: Span[] }[] }[];
}

const CLOSING = new Set(["session.finished", "session.handed_off", "session.crashed"]);

export const traceId = (session: string) => sha256(`exo-trace:${session}`).slice(0, 32);
export const spanId = (session: string, key: string) => sha256(`exo-span:${session}:${key}`).slice(0, 16);
const nano = (ts: string) => `${BigInt(Date.parse(ts)) * 1_000_000n}`;

function attr(key: string, value: unknown): KeyValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return { key, value: { boolValue: value } };
  // Ratios (`exo.drift.*`) are doubles even when they happen to be whole (a drift of 1 or 0).
  if (typeof value === "number") return Number.isInteger(value) && !key.startsWith("exo.drift.") ? { key, value: { intValue: String(value) } } : { key, value: { doubleValue: value } };
  return { key, value: { stringValue: String(value) } };
}

function attrs(pairs: [string, unknown][]): KeyValue[] {
  return pairs.map(([k, v]) => attr(k, v)).filter((x): x is KeyValue => x !== null);
}

// Records that set the session's own fencing token: its start, a resume, a renew or a re-acquire.
const TOKEN_SETTERS = new Set(["session.started", "session.resumed", "lock.acquired", "lock.renewed", "lock.reacquired", "lock.taken_over"]);

/** The token the session held last before its closing record (the memento's `fencing_token`). */
function finalToken(records: readonly LedgerRecord[], closing: LedgerRecord): number | null {
  let token: number | null = null;
  for (const r of records) {
    if (r === closing) break;
    if (TOKEN_SETTERS.has(r.type) && typeof r.data["fencing_token"] === "number") token = r.data["fencing_token"];
  }
  return token;
}

/** The trace of one session from its ledger records (merged order); null while it is open. */
export function buildTrace(records: readonly LedgerRecord[], opts: { serviceName: string; repoName: string; ticketKind?: string | null }): TracesData | null {
  const started = records.find((r) => r.type === "session.started");
  const closing = records.find((r) => CLOSING.has(r.type));
  if (!started || !closing || !started.session) return null;
  const ses = started.session;
  const tid = traceId(ses);
  const root = spanId(ses, "root");
  const d = closing.data;
  const drift = d["drift"] as { score?: number; scope_compliance?: number } | null;
  const s = started.data;
  const outcome = String(d["outcome"] ?? closing.type.replace("session.", ""));
  const verify = (d["verify"] as string | undefined) ?? null;
  const status: Span["status"] =
    outcome === "crashed" || outcome === "superseded" || verify === "failed" ? { code: 2, message: outcome === "finished" ? "verify failed" : outcome } : outcome === "finished" && (verify === "passed" || verify === "none") ? { code: 1 } : { code: 0 };
  const spans: Span[] = [];
  const denied = records.filter((r) => r.type === "hook.denied");
  spans.push({
    traceId: tid,
    spanId: root,
    name: `invoke_agent ${started.actor}`,
    kind: 1,
    startTimeUnixNano: nano(started.ts),
    endTimeUnixNano: nano(closing.ts),
    attributes: attrs([
      ["gen_ai.operation.name", "invoke_agent"],
      ["gen_ai.provider.name", d["vendor"] ?? s["vendor"]],
      ["gen_ai.request.model", d["model"] ?? s["model"]],
      ["gen_ai.agent.name", started.actor],
      ["gen_ai.conversation.id", ses],
      ["vcs.ref.head.name", d["branch"]],
      ["vcs.ref.head.revision", d["end_commit"]],
      ["exo.session.id", ses],
      ["exo.ticket.id", started.ticket ?? null],
      ["exo.ticket.kind", opts.ticketKind ?? null],
      ["exo.actor", started.actor],
      ["exo.harness", s["harness"]],
      ["exo.outcome", outcome],
      ["exo.verify", verify],
      ["exo.drift.score", drift?.score ?? null],
      ["exo.drift.scope_compliance", drift?.scope_compliance ?? null],
      ["exo.changed_files", Array.isArray(d["changed_files"]) ? (d["changed_files"] as unknown[]).length : null],
      ["exo.loc_changed", typeof d["lines_added"] === "number" ? (d["lines_added"]) + ((d["lines_removed"] as number) ?? 0) : null],
      ["exo.set_status", d["set_status"]],
      ["exo.fencing_token", finalToken(records, closing) ?? s["fencing_token"]],
      ["exo.break_glass_reason", d["break_glass_reason"]],
    ]),
    ...(denied.length > 0
      ? { events: denied.map((r) => ({ timeUnixNano: nano(r.ts), name: "exo.hook.denied", attributes: attrs([["exo.hook.path", r.data["path"]], ["exo.hook.rule", r.data["rule"]], ["exo.hook.code", r.data["code"]]]) })) }
      : {}),
    status,
  });
  const child = (key: string, name: string, start: string, end: string, attributes: KeyValue[] = [], st: Span["status"] = { code: 0 }): Span => ({ traceId: tid, spanId: spanId(ses, key), parentSpanId: root, name, kind: 1, startTimeUnixNano: start, endTimeUnixNano: end, attributes, status: st });
  spans.push(child("start", "exo.session.start", nano(started.ts), nano(started.ts)));
  let n = 0;
  for (const r of records.filter((x) => x.type === "check.completed")) {
    n++;
    const end = Date.parse(r.ts);
    const ms = Number(r.data["duration_ms"] ?? 0);
    const passed = r.data["passed"] === true;
    spans.push(child(`check:${n}`, "exo.check", `${BigInt(end - ms) * 1_000_000n}`, nano(r.ts), attrs([["exo.check.command", r.data["command"]], ["exo.check.exit_code", r.data["exit_code"]], ["exo.check.passed", passed]]), passed ? { code: 0 } : { code: 2, message: "check failed" }));
  }
  let k = 0;
  records.forEach((r, i) => {
    if (r.type !== "session.suspended") return;
    k++;
    const until = records.slice(i + 1).find((x) => x.type === "session.resumed" || CLOSING.has(x.type)) ?? closing;
    spans.push(child(`suspended:${k}`, "exo.session.suspended", nano(r.ts), nano(until.ts)));
  });
  spans.push(child("finish", "exo.session.finish", nano(closing.ts), nano(closing.ts)));
  return {
    resourceSpans: [
      {
        resource: { attributes: attrs([["service.name", opts.serviceName], ["service.version", EXO_VERSION], ["exo.repo.name", opts.repoName]]) },
        scopeSpans: [{ scope: { name: "exo", version: EXO_VERSION }, spans }],
      },
    ],
  };
}

/** Session ids with a closing record, and their records in merged order. */
export function recordsBySession(records: readonly LedgerRecord[]): Map<string, LedgerRecord[]> {
  const out = new Map<string, LedgerRecord[]>();
  for (const r of records) {
    if (!r.session) continue;
    const list = out.get(r.session) ?? [];
    list.push(r);
    out.set(r.session, list);
  }
  return out;
}

/** Write `.exo/traces/<SES>.json` for a closed session (called at the end of finish). Same
 *  attributes as export-traces, including the ticket's kind. */
export async function writeSessionTrace(repo: Repo, sessionId: string, serviceName = "exo", startedAt?: string): Promise<string | null> {
  const records = await readSessionRecords(repo, sessionId, startedAt);
  const ticket = records.find((r) => r.type === "session.started")?.ticket ?? null;
  const ticketKind = ticket ? await readTicket(repo, ticket).then((t) => t.kind as string, () => null) : null;
  const trace = buildTrace(records, { serviceName, repoName: basename(repo.root), ticketKind });
  if (!trace) return null;
  const file = join(repo.tracesDir, `${sessionId}.json`);
  // Built from the ledger (export-traces builds it again), so atomic but not fsynced: two fewer
  // fsyncs on every finish.
  await replaceFile(file, formatJson(trace));
  return file;
}
