// `exo dashboard --serve`: a read-only HTTP server on loopback. Routes: `/` (the page), `/data.json`
// and `/events` (server-sent events). It watches the ledger, sessions, locks and tickets folders
// (debounced, at most one gather a second) and pushes only the parts of the data that changed; a
// slow tick (10 s) catches what time alone changes (heartbeats going stale). Nothing here writes
// to the repository.
import { existsSync, watch, type FSWatcher } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import type { Context } from "../commands/context.js";
import { ExoError, ErrorCode } from "../errors.js";
import { gather, type DashboardData } from "../orchestrator/dashboard.js";
import { CSP, renderPage } from "./page.js";

export const DEBOUNCE_MS = 150;
export const TICK_MS = 10_000;
export const MIN_GAP_MS = 1_000;
const PING_MS = 15_000;

export interface ServeOptions {
  host: string;
  port: number;
  allowRemote: boolean;
  /** Stop on SIGINT/SIGTERM (the CLI); a library caller stops it with stop(). */
  signals: boolean;
}

export interface DashboardServer {
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1" || host === "[::1]";
}

const HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "content-security-policy": CSP,
};

export async function serveDashboard(ctx: Context, opts: ServeOptions): Promise<DashboardServer> {
  if (!isLoopback(opts.host) && !opts.allowRemote) {
    throw new ExoError(ErrorCode.INVALID_INPUT, `The dashboard binds to loopback only; ${opts.host} is not a loopback address (add --allow-remote to expose it on purpose).`, {
      // The same line on loopback (what runs without exposing anything); the message names --allow-remote.
      hint: opts.port === 7317 ? "exo dashboard --serve" : `exo dashboard --serve --port ${opts.port}`,
    });
  }
  const repo = await ctx.governed();
  let current: DashboardData = await gather(ctx);
  let rev = 1;
  const last = new Map<string, string>(Object.entries(current).map(([k, v]) => [k, JSON.stringify(v)]));
  const clients = new Set<ServerResponse>();

  const send = (res: ServerResponse, patch: Partial<DashboardData>) => res.write(`event: update\ndata: ${JSON.stringify({ rev, patch })}\n\n`);

  // Refresh: one gather at a time; a change during a gather schedules another one after it.
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let stopped = false;
  const refresh = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const next = await gather(ctx);
      const patch: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(next)) {
        const text = JSON.stringify(v);
        if (last.get(k) !== text) {
          patch[k] = v;
          last.set(k, text);
        }
      }
      current = next;
      if (Object.keys(patch).some((k) => k !== "generated_at")) {
        rev++;
        for (const res of clients) send(res, patch);
      }
    } catch {
      // a file caught between writes: the next event or tick retries
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  // Debounced, and at most one gather a second however busy the fleet is.
  let lastStart = 0;
  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      () => {
        lastStart = Date.now();
        void refresh();
      },
      Math.max(DEBOUNCE_MS, lastStart + MIN_GAP_MS - Date.now()),
    );
  };

  // Watch the folders whose files make up the views; folders created later are armed on the
  // next event in their parent (the state root or the governance root).
  const watched = new Map<string, FSWatcher>();
  const dirs = [...new Set([repo.exoDir, repo.stateDir, repo.ledgerDir, repo.sessionsDir, repo.locksDir, repo.ticketsDir, repo.mementosDir])];
  const arm = () => {
    for (const dir of dirs) {
      if (watched.has(dir) || !existsSync(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, () => {
          arm();
          schedule();
        });
        w.on("error", () => {
          w.close();
          watched.delete(dir);
        });
        watched.set(dir, w);
      } catch {
        // not watchable (gone again): the tick still refreshes
      }
    }
  };
  arm();
  const tick = setInterval(() => {
    arm();
    schedule();
  }, TICK_MS);
  const ping = setInterval(() => {
    for (const res of clients) res.write(": ping\n\n");
  }, PING_MS);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    // DNS rebinding: a loopback server answers only requests addressed to a loopback name.
    const hostHeader = (req.headers.host ?? "").replace(/:\d+$/, "");
    if (!opts.allowRemote && !isLoopback(hostHeader)) {
      res.writeHead(403, { ...HEADERS, "content-type": "text/plain; charset=utf-8" }).end("Forbidden: this dashboard answers loopback addresses only.\n");
      return;
    }
    const route = url.pathname;
    if (route !== "/" && route !== "/data.json" && route !== "/events") {
      res.writeHead(404, { ...HEADERS, "content-type": "text/plain; charset=utf-8" }).end("Not found. Routes: /, /data.json, /events\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      // Read-only: nothing here accepts a change.
      res.writeHead(405, { ...HEADERS, allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("Method not allowed: the dashboard is read-only.\n");
      return;
    }
    if (route === "/data.json") {
      res.writeHead(200, { ...HEADERS, "content-type": "application/json; charset=utf-8" }).end(req.method === "HEAD" ? undefined : JSON.stringify(current));
      return;
    }
    if (route === "/") {
      res.writeHead(200, { ...HEADERS, "content-type": "text/html; charset=utf-8" }).end(req.method === "HEAD" ? undefined : renderPage(current, { rev }));
      return;
    }
    res.writeHead(200, { ...HEADERS, "content-type": "text/event-stream; charset=utf-8", connection: "keep-alive" });
    res.write("retry: 2000\n\n");
    // A client that rendered an older revision gets the whole data once, then patches.
    if (Number(url.searchParams.get("rev")) !== rev) send(res, current);
    clients.add(res);
    req.on("close", () => clients.delete(res));
  });

  // The timers and watchers set up for serving, ended when serving stops or never starts.
  const quiet = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    clearInterval(tick);
    clearInterval(ping);
    for (const w of watched.values()) w.close();
    watched.clear();
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      // Nothing is served: the timers and watchers go too (before: the refusal was printed and exo
      // never exited, its intervals keeping the process alive).
      quiet();
      reject(
        error.code === "EADDRINUSE"
          ? new ExoError(ErrorCode.IO_ERROR, `Port ${opts.port} on ${opts.host} is in use; pick another with --port (0 picks a free one).`, { hint: "exo dashboard --serve --port 0" })
          : new ExoError(ErrorCode.IO_ERROR, `Could not listen on ${opts.host}:${opts.port}: ${error.message}.`, { hint: "exo dashboard --serve --port 0" }),
      );
    });
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const shownHost = opts.host.includes(":") && !opts.host.startsWith("[") ? `[${opts.host}]` : opts.host;

  const stop = async () => {
    if (stopped) return;
    quiet();
    for (const res of clients) res.end();
    clients.clear();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  const onSignal = () => void stop();
  if (opts.signals) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  return { url: `http://${shownHost}:${port}/`, host: opts.host, port, stop };
}
