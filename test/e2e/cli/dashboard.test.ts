import { request } from "node:http";
import { networkInterfaces } from "node:os";
import { connect } from "node:net";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { serve } from "../../helpers/dashboard.js";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";

test("dashboard writes one self-contained HTML file with the data embedded", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:a" } });
  const env = envelope(await exo(repo, "dashboard"));
  expect(env.data.path).toBe(".exo/cache/dashboard.html");
  const html = await readFile(join(repo, env.data.path), "utf8");
  expect(env.data.bytes).toBe(Buffer.byteLength(html));
  const data = JSON.parse(/<script type="application\/json" id="exo-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "{}");
  expect(data.sessions.live[0]).toMatchObject({ actor: "agent:a", ticket: "T1", status: "active", stale: false, scope: { allow: ["**"] } });
  expect(data.sessions.live[0].drift).toMatchObject({ score: 0, provisional: true });
  expect(data.governance.status).toBe("valid");
  expect(data.timeline.map((e: { type: string }) => e.type)).toContain("session.started");
  expect(data.locks[0]).toMatchObject({ ticket: "T1", state: "held", owner: "agent:a", live: true });
  // Rendered on the server too (readable without script), no external resources, a strict CSP.
  expect(html).toContain(`href="#session/${data.sessions.live[0].id}"`);
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(html).toMatch(/<svg/);
  expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'`);
});

function get(port: number, path: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: opts.method ?? "GET", headers: opts.host ? { host: opts.host } : {} }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The first `event: update` on /events whose patch has `key`, after `trigger` ran. */
function nextUpdate(port: number, rev: number, key: string, trigger: () => Promise<unknown>): Promise<{ rev: number; patch: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no update in 20 s")), 20_000);
    const req = request({ host: "127.0.0.1", port, path: `/events?rev=${rev}` }, (res) => {
      let buf = "";
      let triggered = false;
      res.on("data", (d: Buffer) => {
        buf += d.toString();
        if (!triggered) {
          triggered = true;
          void trigger();
        }
        for (const block of buf.split("\n\n").slice(0, -1)) {
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!block.startsWith("event: update") || !data) continue;
          const msg = JSON.parse(data);
          if (key in msg.patch) {
            clearTimeout(timer);
            req.destroy();
            resolve(msg);
          }
        }
        buf = buf.slice(buf.lastIndexOf("\n\n") + 2);
      });
    });
    req.on("error", () => undefined);
    req.end();
  });
}

test("--port, --bind or --allow-remote without --serve warn OPTION_IGNORED; the file is still written", async () => {
  const repo = await initRepo();
  const plain = envelope(await exo(repo, "dashboard"));
  expect(plain.warnings ?? []).toEqual([]);
  const run = envelope(await exo(repo, "dashboard", "--port", "9000", "--bind", "127.0.0.1"));
  expect(run.ok).toBe(true);
  expect(run.data.path).toBe(".exo/cache/dashboard.html");
  expect(run.warnings).toEqual([expect.objectContaining({ code: "OPTION_IGNORED", message: expect.stringMatching(/^--port, --bind only apply with --serve/) })]);
});

test("dashboard --serve: loopback only, its own routes only, read-only, pushes changes, stops cleanly on SIGTERM", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  const s = await serve(repo, ["--port", "0"]);
  try {
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/`);
    expect(s.port).toBeGreaterThan(0);
    const page = await get(s.port, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    const rev = Number(/<meta name="exo-live" content="(\d+)">/.exec(page.body)?.[1]);
    expect(rev).toBeGreaterThan(0);
    expect(JSON.parse((await get(s.port, "/data.json")).body).format).toBe("exo.dashboard/2");
    for (const path of ["/favicon.ico", "/../etc/passwd", "/data.json/x", "/.exo/config.yaml", "/index.html"]) expect((await get(s.port, path)).status, path).toBe(404);
    expect((await get(s.port, "/", { method: "POST" })).status).toBe(405);
    expect((await get(s.port, "/data.json", { method: "DELETE" })).status).toBe(405);
    // DNS rebinding: a foreign Host header is refused.
    expect((await get(s.port, "/data.json", { host: `evil.example:${s.port}` })).status).toBe(403);
    // Not reachable on other interfaces.
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal);
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const sock = connect({ host: external.address, port: s.port }, () => {
          sock.destroy();
          resolve(false);
        });
        sock.on("error", () => resolve(true));
      });
      expect(refused).toBe(true);
    }
    // A change in the repository is pushed: a new session shows in sessions and timeline.
    const update = await nextUpdate(s.port, rev, "sessions", () => exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:b" } }));
    expect(update.rev).toBeGreaterThan(rev);
    expect((update.patch["sessions"] as { live: { actor: string }[] }).live.map((x) => x.actor)).toEqual(["agent:b"]);
    expect(update.patch).not.toHaveProperty("leases"); // only what changed is sent
  } finally {
    s.child.kill("SIGTERM");
  }
  expect(await s.exited).toBe(0);
  expect(s.stderr()).toBe("");
});

test("dashboard --serve stops on SIGINT; refuses non-loopback binds without --allow-remote", async () => {
  const repo = await initRepo();
  const s = await serve(repo, ["--port", "0"]);
  s.child.kill("SIGINT");
  expect(await s.exited).toBe(0);
  const wide = await exo(repo, "dashboard", "--serve", "--bind", "0.0.0.0", "--port", "0");
  expect(wide.code).toBe(2);
  expect(envelope(wide).error).toMatchObject({ code: "INVALID_INPUT", hint: "exo dashboard --serve --port 0" });
  expect(envelope(wide).error?.message).toMatch(/loopback/);
});

test("locks backed by a remote lease and remote leases as last fetched (no network when rendering)", async () => {
  const origin = await initRepo();
  await exo(origin, "ticket-create", "t", "--id", "T1");
  git(origin, "add", "-A");
  git(origin, "commit", "-qm", "ticket");
  const base = await tempDir();
  const bare = join(base, "remote.git");
  git(base, "clone", "-q", "--bare", origin, bare);
  const a = join(base, "a");
  git(base, "clone", "-q", bare, a);
  git(a, "config", "user.name", "T");
  git(a, "config", "user.email", "t@example.invalid");
  expect(envelope(await exo(a, "next", "--owner", "alice", "--distributed")).ok).toBe(true);
  // A heartbeat reads the remote lease, which leaves a fetched copy under refs/exo/remote-leases/.
  expect(envelope(await exo(a, "lease-heartbeat", "--ticket-id", "T1", { env: { EXO_ACTOR: "alice" } })).ok).toBe(true);
  const env = envelope(await exo(a, "dashboard"));
  const html = await readFile(join(a, env.data.path), "utf8");
  const data = JSON.parse(/<script type="application\/json" id="exo-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "{}");
  expect(data.locks).toEqual([expect.objectContaining({ ticket: "T1", owner: "alice", live: true, remote: "origin refs/exo/leases/T1" })]);
  expect(data.leases).toEqual([expect.objectContaining({ remote: "origin", ticket: "T1", state: "held", owner: "alice", live: true })]);
  expect(html).toContain("Remote leases");
});
