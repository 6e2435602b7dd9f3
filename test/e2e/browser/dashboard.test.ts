// The dashboard in a real browser: Debian's chromium driven by playwright-core (never a
// downloaded browser build). Screenshots land in test-artifacts/ (git-ignored).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CURSOR, denyWrite, fleet, serve, type Fleet, type Served } from "../../helpers/dashboard.js";
import { envelope, exo } from "../../helpers/repo.js";

const CHROMIUM = process.env["EXO_CHROMIUM"] ?? "/usr/bin/chromium";
const ARTIFACTS = resolve("test-artifacts");

let browser: BrowserContext;
let profile: string;
let f: Fleet;
let server: Served;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    // Fail, never skip: CI installs it (.ci/run); a developer machine needs it too.
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set EXO_CHROMIUM to its path.`);
  }
  await mkdir(ARTIFACTS, { recursive: true });
  profile = await mkdtemp(join(tmpdir(), "exo-chromium-"));
  const [launched, built] = await Promise.all([
    // A fresh profile folder per run (launchPersistentContext passes it as --user-data-dir).
    chromium.launchPersistentContext(join(profile, "chromium"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }),
    fleet(),
  ]);
  browser = launched;
  f = built;
  server = await serve(f.repo, ["--port", "0"], { HOME: profile });
}, 240_000); // the fleet fixture spawns ~20 exo commands: slow on a loaded machine

afterAll(async () => {
  server?.child.kill("SIGTERM");
  await server?.exited;
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  if (f) await rm(f.repo, { recursive: true, force: true });
});

/** A page that records console errors and uncaught exceptions. */
async function open(url: string, viewport = { width: 1400, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page.waitForSelector("body[data-ready='1']");
  return { page, errors };
}

const rowsOf = (page: Page, section: string) => page.locator(`#v-${section} tbody tr`);

test("every view shows the fleet; a session started now and a hook denial appear live without a reload", async () => {
  const { page, errors } = await open(server.url);
  await page.waitForSelector("#conn.on");
  // Live sessions: actor, harness, ticket, scope, drift, state.
  const live = rowsOf(page, "live");
  await expect.poll(() => live.count()).toBe(1);
  const liveRow = await live.first().innerText();
  expect(liveRow).toContain(f.live);
  expect(liveRow).toContain("agent:claude");
  expect(liveRow).toContain("T4");
  expect(liveRow).toContain("src/auth/**");
  expect(liveRow).toContain("running");
  // Closed sessions: the crashed one belongs to its agent, recovered by the human.
  const closed = await page.locator("#v-closed").innerText();
  expect(closed).toContain(f.finished);
  expect(closed).toMatch(/agent:gemini\s*recovered by human/);
  expect(closed).toContain("handed_off");
  expect(closed).toContain("crashed");
  // Timeline: the denial is highlighted.
  await expect.poll(() => page.locator("#v-timeline tr.mark-deny").count()).toBeGreaterThanOrEqual(1);
  expect(await page.locator("#v-timeline tr.mark-deny").first().innerText()).toContain("docs/notes.md");
  expect(await page.locator("#v-timeline tr.mark-handoff").count()).toBeGreaterThanOrEqual(1);
  // Intent tree with status; locks; drift chart; fleet table.
  const tree = await page.locator("#v-tree").innerText();
  expect(tree).toContain("auth system");
  expect(tree).toMatch(/signup form\s+T1\s+review/);
  expect(tree).toMatch(/login rate limit\s+T4\s+active/);
  const locks = await page.locator("#v-locks").innerText();
  expect(locks).toMatch(/T4\s+live\s+agent:claude/);
  expect(locks).toMatch(/T1\s+released/);
  expect(await page.locator("#v-trends svg.trend circle").count()).toBe(3);
  expect(await page.locator("#v-fleet").innerText()).toContain("agent:gemini");
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-1400x900.png"), fullPage: true });

  // Live: mark the document, then change the repository underneath it.
  await page.evaluate(() => ((globalThis as unknown as { exoMarker: number }).exoMarker = 42));
  // Tag two sections' nodes: a re-rendered section loses its tag, an untouched one keeps it.
  await page.evaluate(`document.querySelector("#v-trends h2").setAttribute("data-kept", "1"); document.querySelector("#v-live h2").setAttribute("data-kept", "1")`);
  const started = envelope(await exo(f.repo, "session-start", "--ticket-id", "T5", "--vendor", "cursor", "--model", "auto", "--harness", "cursor", { env: CURSOR }));
  expect(started.ok).toBe(true);
  const newId = started.data.session.id as string;
  await page.waitForSelector(`#v-live a.ses[href="#session/${newId}"]`, { timeout: 15_000 });
  expect(await rowsOf(page, "live").count()).toBe(2);
  expect(await page.title()).toMatch(/· 2 active$/);
  // Only what changed was re-rendered: live sessions yes, the drift trend (closed sessions) no.
  expect(await page.locator("#v-live h2[data-kept]").count()).toBe(0);
  expect(await page.locator("#v-trends h2[data-kept]").count()).toBe(1);
  const denials = await page.locator("#v-timeline tr.mark-deny").count();
  await denyWrite(f.repo, "docs/secret.md", CURSOR);
  await expect.poll(() => page.locator("#v-timeline tr.mark-deny").count(), { timeout: 15_000 }).toBe(denials + 1);
  expect(await page.locator("#v-timeline tr.mark-deny").first().innerText()).toContain("docs/secret.md");
  expect(await page.evaluate(() => (globalThis as unknown as { exoMarker?: number }).exoMarker)).toBe(42);
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-live-update.png") });

  // Timeline filter: only denials.
  await page.selectOption("#v-timeline select[data-filter='type']", "hook.denied");
  const filtered = await page.locator("#v-timeline tbody tr").allInnerTexts();
  expect(filtered.length).toBe(denials + 1);
  for (const row of filtered) expect(row).toContain("hook.denied");

  // Session page: trace spans, memento, events.
  await page.goto(`${server.url}#session/${f.finished}`);
  await page.waitForSelector("#v-session .panel");
  const panel = await page.locator("#v-session").innerText();
  expect(panel).toContain("signup form done");
  expect(panel).toContain("invoke_agent agent:claude");
  expect(panel).toContain("exo.session.finish");
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-session.png") });
  await page.goto(`${server.url}#session/${f.live}`);
  await page.waitForSelector("#v-session .panel");
  const livePanel = await page.locator("#v-session").innerText();
  expect(livePanel).toContain("Bootstrap");
  expect(livePanel).toContain("hook.denied");
  expect(errors).toEqual([]);
  await page.close();
}, 90_000);

test("narrow window: no page-wide horizontal scroll; the static file renders with no network and no errors", async () => {
  const { page, errors } = await open(server.url, { width: 420, height: 900 });
  expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).toBe(true);
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-narrow.png"), fullPage: true });
  await page.close();

  const out = join(profile, "snapshot.html");
  expect(envelope(await exo(f.repo, "dashboard", "--out", out)).data.path).toBe(out);
  const stat = await open(`file://${out}`);
  expect(await stat.page.locator("#conn").innerText()).toBe("static snapshot");
  expect(await rowsOf(stat.page, "live").count()).toBeGreaterThanOrEqual(1);
  expect(await stat.page.locator("#v-timeline tr.mark-deny").count()).toBeGreaterThanOrEqual(1);
  await stat.page.screenshot({ path: join(ARTIFACTS, "dashboard-static.png") });
  expect([...errors, ...stat.errors]).toEqual([]);
  await stat.page.close();
}, 90_000);
