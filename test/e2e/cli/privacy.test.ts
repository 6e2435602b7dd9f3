// privacy.hash_hostnames (SPEC §4.2, §4.11.1): the ledger and the leases pushed to the remote show
// sha256(host)[0:8], never the host name, whichever command opens the segment.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";

const HOST = "Secret-Box.corp.example";
const HASHED = createHash("sha256").update(HOST).digest("hex").slice(0, 8);
const PLAIN = "secret-box-corp-example";

const ledgerText = (dir: string) =>
  readdirSync(join(dir, ".exo/ledger"))
    .map((f) => `${f}\n${readFileSync(join(dir, ".exo/ledger", f), "utf8")}`)
    .join("\n");

async function privateClone(): Promise<Clone> {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], [HOST]);
  const a = clones[0] as Clone;
  await appendFile(join(a.dir, ".exo/config.yaml"), "privacy:\n  hash_hostnames: true\n");
  git(a.dir, "commit", "-qam", "privacy on", "--no-verify");
  return a;
}

test("with hash_hostnames on, a fresh clone's first ledger records, its lease on the remote and the records naming hosts show only the hash, and the lease is still recognised as this machine's", async () => {
  const a = await privateClone();
  // The clone's first exo command opens its ledger segment: `next` (not compose) names it.
  const next = await a.run("next", "--owner", "agent:a", "--distributed", { env: { EXO_ACTOR: "agent:a" } });
  expect(envelope(next).ok).toBe(true);
  const start = await a.run("session-start", "--ticket-id", "T1", "--distributed", { env: { EXO_ACTOR: "agent:a" } });
  expect(envelope(start).ok).toBe(true);
  const finish = await a.run("session-finish", "--summary", "done", "--skip-check", "--break-glass-reason", "test", { env: { EXO_ACTOR: "agent:a" } });
  expect(envelope(finish).ok).toBe(true);

  const ledger = ledgerText(a.dir);
  expect(ledger).not.toMatch(new RegExp(`${PLAIN}|${HOST.replace(/\./g, "\\.")}`, "i"));
  const segments = readdirSync(join(a.dir, ".exo/ledger")).filter((f) => f.startsWith(`${HASHED}.`));
  expect(segments.length).toBeGreaterThan(0);
  expect(ledger).toContain(`"host":"${HASHED}"`); // segment_opened and lease.claimed
  // The lease commit pushed to the shared remote.
  git(a.dir, "fetch", "-q", "origin", "+refs/exo/leases/*:refs/exo/check/*");
  const message = git(a.dir, "log", "-1", "--format=%B", "refs/exo/check/T1");
  expect(message).toMatch(new RegExp(`^host: ${HASHED}$`, "m"));
  expect(message).not.toContain(HOST);
  // The released lease was this machine's own: finish released it (not LOCK_OWNER_MISMATCH).
  expect(message).toMatch(/^state: released$/m);
});

test("turning hash_hostnames on later stops writing to the segment named after the host: the next record opens a hashed one", async () => {
  const { clones } = await team([{ id: "T1" }], [HOST]);
  const a = clones[0] as Clone;
  expect(envelope(await a.run("ticket-update", "T1", "--priority", "2")).ok).toBe(true);
  const before = readdirSync(join(a.dir, ".exo/ledger"));
  expect(before.some((f) => f.startsWith(`${PLAIN}.`))).toBe(true);
  await appendFile(join(a.dir, ".exo/config.yaml"), "privacy:\n  hash_hostnames: true\n");
  expect(envelope(await a.run("compose")).ok).toBe(true);
  expect(envelope(await a.run("ticket-update", "T1", "--priority", "3")).ok).toBe(true);
  const added = readdirSync(join(a.dir, ".exo/ledger")).filter((f) => !before.includes(f));
  expect(added).toHaveLength(1);
  expect(added[0]?.startsWith(`${HASHED}.`)).toBe(true);
  const text = readFileSync(join(a.dir, ".exo/ledger", added[0] as string), "utf8");
  expect(text).not.toMatch(new RegExp(PLAIN, "i"));
  expect(text).toContain('"ticket.updated"');
  // The plain segment got nothing more once the setting was on.
  const plain = before.find((f) => f.startsWith(`${PLAIN}.`)) as string;
  const plainLines = readFileSync(join(a.dir, ".exo/ledger", plain), "utf8").trim().split("\n");
  expect(plainLines.map((l) => (JSON.parse(l) as { type: string }).type)).not.toContain("governance.composed");
  expect(text).toContain('"governance.composed"');
  // ledger verify accepts both segments.
  expect(envelope(await exo(a.dir, "ledger-verify")).ok).toBe(true);
});
