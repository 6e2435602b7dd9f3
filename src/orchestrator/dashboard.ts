// exo dashboard (SPEC §8.11): gather the views, render one page, optionally serve it on loopback.
import { createServer } from "node:http";
import { basename, resolve } from "node:path";
import { writeFileAtomic } from "../io/fs-atomic.js";
import type { Context } from "../commands/context.js";
import { renderDashboard, type DashboardData } from "../dashboard/render.js";
import { readAllRecords, verifyLedger } from "../stdlib/ledger/read.js";
import { collectStatus } from "./status.js";
import { fleetDrift, metrics } from "./observe.js";
import { intentTree } from "./ticket-views.js";

export async function gather(ctx: Context): Promise<DashboardData> {
  const repo = await ctx.governed();
  const [status, m, fleet, tree, ledger, records] = await Promise.all([collectStatus(ctx), metrics(ctx, {}), fleetDrift(ctx, { include_finished: 50, by: [], threshold: 0.7 }), intentTree(ctx, { statuses: [], driftAbove: null }), verifyLedger(repo, { git: false }), readAllRecords(repo)]);
  const closed = records
    .filter((r) => ["session.finished", "session.handed_off", "session.crashed"].includes(r.type))
    .slice(-20)
    .reverse()
    .map((r) => ({ id: r.session ?? "", actor: r.actor, ticket: r.ticket ?? "", outcome: String(r.data["outcome"] ?? ""), verify: (r.data["verify"] as string | null) ?? null, drift: (r.data["drift"] as { score?: number } | null)?.score ?? null, at: r.ts }));
  return {
    generated_at: ctx.now().toISOString(),
    repo: basename(repo.root),
    governance: { status: status.governance.status, version: status.governance.version },
    sessions: { live: status.sessions, closed },
    drift: m.drift.buckets,
    fleet: { status: m.fleet_health.status, reasons: m.fleet_health.reasons, groups: fleet.groups },
    tree: { roots: tree.roots, orphans: tree.orphans },
    locks: status.locks,
    ledger: { segments: status.ledger.segments, records: status.ledger.records, valid: ledger.valid },
  };
}

export async function dashboard(ctx: Context, input: { out?: string | undefined; serve: boolean; port: number }) {
  const repo = await ctx.governed();
  if (input.serve) {
    const server = createServer((req, res) => {
      void (async () => {
        try {
          const data = await gather(ctx);
          if (req.url === "/data.json") res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(data));
          else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(renderDashboard(data));
        } catch (error) {
          res.writeHead(500).end(String(error));
        }
      })();
    });
    await new Promise<void>((done) => server.listen(input.port, "127.0.0.1", () => done()));
    return { url: `http://127.0.0.1:${input.port}/` };
  }
  const html = renderDashboard(await gather(ctx));
  const path = input.out ? resolve(ctx.cwd, input.out) : `${repo.cacheDir}/dashboard.html`;
  await writeFileAtomic(path, html);
  return { path: path.startsWith(`${repo.root}/`) ? repo.relative(path) : path, bytes: Buffer.byteLength(html) };
}
