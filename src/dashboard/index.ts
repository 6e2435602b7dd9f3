// exo dashboard (SPEC §8.11): write the page to a file, or serve it live on loopback.
import { pathToFileURL } from "node:url";
import type { Context } from "../commands/context.js";
import { WarningCode } from "../errors.js";
import { writeFileAtomic } from "../io/fs-atomic.js";
import { gather } from "../orchestrator/dashboard.js";
import { renderPage } from "./page.js";

export interface DashboardInput {
  out?: string | undefined;
  serve: boolean;
  port?: number | undefined;
  bind?: string | undefined;
  allow_remote: boolean;
}

export async function runDashboard(ctx: Context, input: DashboardInput) {
  if (input.serve) {
    const { serveDashboard } = await import("./server.js");
    const server = await serveDashboard(ctx, { host: input.bind ?? "127.0.0.1", port: input.port ?? 7317, allowRemote: input.allow_remote, signals: true });
    return { url: server.url, host: server.host, port: server.port };
  }
  const alone = [input.port !== undefined ? "--port" : null, input.bind !== undefined ? "--bind" : null, input.allow_remote ? "--allow-remote" : null].filter((f) => f !== null);
  if (alone.length > 0) ctx.warn(WarningCode.OPTION_IGNORED, `${alone.join(", ")} only ${alone.length === 1 ? "applies" : "apply"} with --serve; the dashboard was written to a file (add --serve to serve it live).`);
  const repo = await ctx.governed();
  const html = renderPage(await gather(ctx));
  const { reportTarget } = await import("../io/report-target.js");
  const { judgedReportTarget } = await import("../orchestrator/decide.js");
  const path = input.out ? await judgedReportTarget(ctx, reportTarget(repo, ctx.cwd, input.out, "--out", { confined: ctx.harness === "mcp", command: "dashboard" }), "--out") : `${repo.cacheDir}/dashboard.html`;
  await writeFileAtomic(path, html);
  // file_url opens from wherever the person stands (path is repository-relative, SPEC §2.2).
  return { path: path.startsWith(`${repo.root}/`) ? repo.relative(path) : path, bytes: Buffer.byteLength(html), file_url: pathToFileURL(path).href };
}
