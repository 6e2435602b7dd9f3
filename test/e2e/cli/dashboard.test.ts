import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

test("dashboard writes one self-contained HTML file with the data embedded", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:a" } });
  const env = envelope(await exo(repo, "dashboard"));
  expect(env.data.path).toBe(".exo/cache/dashboard.html");
  const html = await readFile(join(repo, env.data.path), "utf8");
  expect(env.data.bytes).toBe(Buffer.byteLength(html));
  const data = JSON.parse(/<script type="application\/json" id="exo-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "{}");
  expect(data.sessions.live[0]).toMatchObject({ actor: "agent:a", ticket: "T1" });
  expect(data.governance.status).toBe("valid");
  expect(html).not.toMatch(/(src|href)="https?:/);
  expect(html).toMatch(/<svg/);
});
