import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

const A = { EXO_ACTOR: "agent:a" };

test("the trace written at finish carries the same attributes as export-traces, ratios as doubles", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  const s = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--vendor", "anthropic", "--model", "claude-code", { env: A }));
  expect(envelope(await exo(repo, "session-finish", "--summary", "done", { env: A })).ok).toBe(true);
  const atFinish = JSON.parse(await readFile(join(repo, ".exo/traces", `${s.data.session.id}.json`), "utf8"));
  expect(envelope(await exo(repo, "export-traces")).data.traces).toBe(1);
  const exported = JSON.parse((await readFile(join(repo, ".exo/traces/export.jsonl"), "utf8")).trim());
  const root = (t: any) => t.resourceSpans[0].scopeSpans[0].spans[0];
  expect(root(atFinish).attributes).toEqual(root(exported).attributes);
  expect(root(atFinish).attributes).toContainEqual({ key: "exo.ticket.kind", value: { stringValue: "task" } });
  // No changed files: score 0 and compliance 1, both whole numbers, still doubles.
  expect(root(atFinish).attributes).toContainEqual({ key: "exo.drift.score", value: { doubleValue: 0 } });
  expect(root(atFinish).attributes).toContainEqual({ key: "exo.drift.scope_compliance", value: { doubleValue: 1 } });
  for (const a of root(atFinish).attributes) if (a.key.startsWith("exo.drift.")) expect(Object.keys(a.value)).toEqual(["doubleValue"]);
  expect(atFinish).toEqual(exported);
});
