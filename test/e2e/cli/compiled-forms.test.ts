// Compiled JSON forms of YAML sources (config.yaml → cache/config-*.json, tickets → the ticket
// index): used when current, refreshed when the YAML changes, never used when stale.
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

const NOW = "2026-11-24T09:00:00.000Z";
const hoursAfterNow = (iso: string) => (Date.parse(iso) - Date.parse(NOW)) / 3_600_000;

async function configForm(repo: string): Promise<{ file: string; form: { build: string; source_text: string; value: { locks: { ttl_hours: number } } } }> {
  const name = (await readdir(join(repo, ".exo/cache"))).find((n) => /^config-[0-9a-f]{12}\.json$/.test(n));
  if (!name) throw new Error("no compiled config form");
  const file = join(repo, ".exo/cache", name);
  return { file, form: JSON.parse(await readFile(file, "utf8")) };
}

async function claimTtl(repo: string, owner: string): Promise<number> {
  const run = envelope(await exo(repo, "next", "--owner", owner, { env: { EXO_NOW: NOW } }));
  expect(run.ok, JSON.stringify(run.error)).toBe(true);
  return hoursAfterNow(run.data.lock.expires_at);
}

test("config.yaml: the compiled form is used while current, refreshed when the YAML changes, ignored when stale or from another build", async () => {
  const repo = await initRepo();
  for (const id of ["T1", "T2", "T3", "T4"]) expect((await exo(repo, "ticket-create", `task ${id}`, "--id", id)).code).toBe(0);
  expect(await claimTtl(repo, "agent:a")).toBe(2);
  const { file, form } = await configForm(repo);
  const yaml = await readFile(join(repo, ".exo/config.yaml"), "utf8");
  expect(form.value.locks.ttl_hours).toBe(2);

  // Current form: it is what exo reads (a value the YAML does not hold proves it).
  await writeFile(file, JSON.stringify({ ...form, value: { ...form.value, locks: { ...form.value.locks, ttl_hours: 5 } } }));
  expect(await claimTtl(repo, "agent:b")).toBe(5);

  // The YAML changes: the form is stale, never used, and rewritten from the new text.
  await writeFile(join(repo, ".exo/config.yaml"), yaml.replace("ttl_hours: 2", "ttl_hours: 3"));
  expect(await claimTtl(repo, "agent:c")).toBe(3);
  const refreshed = (await configForm(repo)).form;
  expect(refreshed.value.locks.ttl_hours).toBe(3);
  expect(refreshed.source_text).not.toBe(form.source_text);
  expect(refreshed.source_text).toBe(await readFile(join(repo, ".exo/config.yaml"), "utf8"));

  // A form written by another build of exo is not used either.
  await writeFile(file, JSON.stringify({ ...refreshed, build: "0.9.0+other", value: { ...refreshed.value, locks: { ...refreshed.value.locks, ttl_hours: 7 } } }));
  expect(await claimTtl(repo, "agent:d")).toBe(3);
});

test("tickets: the index serves unchanged files and re-reads an edited one; an index from another build is ignored", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "ticket-create", "first title", "--id", "T1")).code).toBe(0);
  const title = async () => envelope(await exo(repo, "tickets")).data.tickets.find((t: { id: string }) => t.id === "T1").title as string;
  expect(await title()).toBe("first title");
  const indexFile = join(repo, ".exo/cache/tickets-index.json");
  const index = JSON.parse(await readFile(indexFile, "utf8"));
  expect(index.files["T1.yaml"].ticket.title).toBe("first title");

  const ticketFile = join(repo, ".exo/tickets/T1.yaml");
  await writeFile(ticketFile, (await readFile(ticketFile, "utf8")).replace("first title", "second title"));
  expect(await title()).toBe("second title");

  // Forge the index entry so it matches the file's size and mtime but from another build.
  const fresh = JSON.parse(await readFile(indexFile, "utf8"));
  fresh.build = "0.9.0+other";
  fresh.files["T1.yaml"].ticket.title = "forged";
  await writeFile(indexFile, JSON.stringify(fresh));
  expect(await title()).toBe("second title");
});

test("single-ticket reads and mementos: written through by exo, served from cache, never stale after a hand edit", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "ticket-create", "first title", "--id", "T1")).code).toBe(0);
  // ticket-create indexed the file it wrote: no listing needed for the entry to exist.
  const index = JSON.parse(await readFile(join(repo, ".exo/cache/tickets-index.json"), "utf8"));
  expect(index.files["T1.yaml"].ticket.title).toBe("first title");
  const show = async () => envelope(await exo(repo, "ticket-show", "T1")).data.ticket.title as string;
  expect(await show()).toBe("first title");
  const ticketFile = join(repo, ".exo/tickets/T1.yaml");
  await writeFile(ticketFile, (await readFile(ticketFile, "utf8")).replace("first title", "other title"));
  expect(await show()).toBe("other title");

  const env = { EXO_ACTOR: "agent:a" };
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env })).ok).toBe(true);
  const fin = envelope(await exo(repo, "session-finish", "--summary", "did the first part", "--set-status", "keep", "--skip-check", "--break-glass-reason", "test", { env }));
  expect(fin.ok).toBe(true);
  const cache = JSON.parse(await readFile(join(repo, ".exo/cache/mementos/T1.json"), "utf8"));
  expect(Object.values(cache.files as Record<string, { summary: { summary: string } }>)[0]?.summary.summary).toBe("did the first part");
  // The bootstrap prompt's "Previous session" line ends with the summary.
  const previous = async () => /## Previous session\n[^\n]*: ([^\n]*)/.exec(String(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env })).data.bootstrap))?.[1];
  expect(await previous()).toBe("did the first part");
  // A hand edit of the memento is read, not the cached summary.
  expect(envelope(await exo(repo, "session-finish", "--summary", "second", "--set-status", "keep", "--skip-check", "--break-glass-reason", "test", { env })).ok).toBe(true);
  const mementos = join(repo, ".exo/mementos/T1");
  for (const name of await readdir(mementos)) {
    const file = join(mementos, name);
    await writeFile(file, (await readFile(file, "utf8")).replace(/## Summary\n[^\n]*/, "## Summary\nedited by hand"));
  }
  expect(await previous()).toBe("edited by hand");
});

test("human output goes through the lazily loaded renderers", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "features", { json: false });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/internal error/);
});

test("a large ticket index takes single-ticket writes in the file of recent writes; a hand edit still wins; a listing folds them in", async () => {
  const repo = await initRepo();
  const at = "2026-11-24T09:00:00.000Z";
  for (let i = 0; i < 400; i++) {
    const id = `T${String(i).padStart(4, "0")}`;
    await writeFile(join(repo, ".exo/tickets", `${id}.yaml`), `id: ${id}\nkind: task\ntitle: "task ${i}"\nstatus: todo\npriority: 3\nparent: null\nbudgets:\n  max_files: 12\n  max_loc: 400\nblockers: []\ncreated_at: "${at}"\ncreated_by: test\nupdated_at: "${at}"\n`);
  }
  expect(envelope(await exo(repo, "tickets")).data.tickets).toHaveLength(400);
  const indexFile = join(repo, ".exo/cache/tickets-index.json");
  const recentFile = join(repo, ".exo/cache/tickets-index-recent.json");
  const index = await readFile(indexFile, "utf8");
  expect(index.length).toBeGreaterThan(128 * 1024);

  expect((await exo(repo, "ticket-update", "T0007", "--title", "renamed")).code).toBe(0);
  expect(await readFile(indexFile, "utf8")).toBe(index); // not rewritten for one ticket
  expect(JSON.parse(await readFile(recentFile, "utf8")).files["T0007.yaml"].ticket.title).toBe("renamed");
  const title = async () => envelope(await exo(repo, "ticket-show", "T0007")).data.ticket.title as string;
  expect(await title()).toBe("renamed");

  // A hand edit after exo's write: the recent entry no longer matches the file and is not used.
  const ticketFile = join(repo, ".exo/tickets/T0007.yaml");
  await writeFile(ticketFile, (await readFile(ticketFile, "utf8")).replace("renamed", "edited by hand"));
  expect(await title()).toBe("edited by hand");
  // A listing that re-read a file rewrites the index with every entry and drops the recent file.
  expect(envelope(await exo(repo, "tickets")).data.tickets.find((t: { id: string }) => t.id === "T0007").title).toBe("edited by hand");
  expect(JSON.parse(await readFile(indexFile, "utf8")).files["T0007.yaml"].ticket.title).toBe("edited by hand");
  await expect(readFile(recentFile, "utf8")).rejects.toThrow();
}, 120_000);

test("locks: in a folder of some size the index serves unchanged lock files, re-reads one whose size, mtime or inode changed, and never keeps a file written in the last seconds", async () => {
  const repo = await initRepo();
  for (const id of ["T1", "T2"]) expect((await exo(repo, "ticket-create", `task ${id}`, "--id", id)).code).toBe(0);
  // The index serves folders of some size: 70 released locks of earlier tickets, written a minute ago.
  const old = new Date(Date.now() - 60_000);
  for (let i = 0; i < 70; i++) {
    const id = `H${String(i).padStart(4, "0")}`;
    const at = old.toISOString();
    const file = join(repo, ".exo/locks", `${id}.json`);
    await writeFile(file, `${JSON.stringify({ format: "exo.lock/1", ticket: id, state: "released", owner: "agent:old", session: null, fencing_token: 1, acquired_at: at, renewed_at: at, heartbeat_at: at, expires_at: at, released_at: at, ttl_seconds: 7200, host: "h", pid: 1, branch: "main", distributed: null }, null, 2)}\n`);
    await utimes(file, old, old);
  }
  expect(envelope(await exo(repo, "next", "--owner", "agent:a")).ok).toBe(true);
  const lockFile = join(repo, ".exo/locks/T1.json");
  const indexFile = join(repo, ".exo/cache/locks-index.json");
  const owner = async () => (envelope(await exo(repo, "status")).data.locks as { ticket: string; owner: string }[]).find((l) => l.ticket === "T1")?.owner;

  // Just written: read, but not indexed (a rewrite within the same tick could keep size and mtime).
  expect(await owner()).toBe("agent:a");
  expect(Object.keys(JSON.parse(await readFile(indexFile, "utf8")).files)).toHaveLength(70);
  expect(JSON.parse(await readFile(indexFile, "utf8")).files["T1.json"]).toBeUndefined();

  // Older: indexed once the index is rebuilt, and the index is what a listing uses (a forged owner with the file's stat proves it).
  await utimes(lockFile, old, old);
  await rm(indexFile);
  expect(await owner()).toBe("agent:a");
  const index = JSON.parse(await readFile(indexFile, "utf8"));
  expect(index.locks["T1.json"].owner).toBe("agent:a");
  index.locks["T1.json"].owner = "agent:index";
  await writeFile(indexFile, JSON.stringify(index));
  expect(await owner()).toBe("agent:index");

  // A new file with the same size and mtime (exo writes by rename: a new inode) is read again.
  const text = await readFile(lockFile, "utf8");
  const forged = text.replace('"agent:a"', '"agent:b"');
  expect(forged.length).toBe(text.length);
  await writeFile(`${lockFile}.new`, forged);
  await utimes(`${lockFile}.new`, old, old);
  await rename(`${lockFile}.new`, lockFile);
  expect((await stat(lockFile)).size).toBe(index.files["T1.json"][0]);
  expect(await owner()).toBe("agent:b");

  // An edit in place changes the mtime: read again.
  await writeFile(lockFile, text);
  expect(await owner()).toBe("agent:a");

  // Another build's index is ignored.
  await utimes(lockFile, old, old);
  await rm(indexFile);
  expect(await owner()).toBe("agent:a");
  const current = JSON.parse(await readFile(indexFile, "utf8"));
  current.build = "0.9.0+other";
  current.locks["T1.json"].owner = "agent:index";
  await writeFile(indexFile, JSON.stringify(current));
  expect(await owner()).toBe("agent:a");

  // Released locks' bodies sit in a second file, written with the index under one stamp: a listing
  // that wants them (status) reads it; a stamp that differs (a crash between the two writes) or a
  // missing file sends the listing back to the lock files themselves.
  const releasedFile = join(repo, ".exo/cache/locks-released.json");
  const ownerOf = async (ticket: string) => (envelope(await exo(repo, "status")).data.locks as { ticket: string; owner: string }[]).find((l) => l.ticket === ticket)?.owner;
  await rm(indexFile);
  expect(await ownerOf("H0003")).toBe("agent:old");
  const released = JSON.parse(await readFile(releasedFile, "utf8"));
  const indexNow = JSON.parse(await readFile(indexFile, "utf8"));
  expect(released.stamp).toBe(indexNow.stamp);
  expect(indexNow.files["H0003.json"][3]).toBe(1);
  expect(indexNow.locks["H0003.json"]).toBeUndefined();
  released.locks["H0003.json"].owner = "agent:released-file";
  await writeFile(releasedFile, JSON.stringify(released));
  expect(await ownerOf("H0003")).toBe("agent:released-file");
  await writeFile(releasedFile, JSON.stringify({ ...released, stamp: "another" }));
  expect(await ownerOf("H0003")).toBe("agent:old");
  expect(JSON.parse(await readFile(releasedFile, "utf8")).locks["H0003.json"].owner).toBe("agent:old");
  await rm(releasedFile);
  expect(await ownerOf("H0003")).toBe("agent:old");
  expect(envelope(await exo(repo, "status")).data.locks).toHaveLength(71);
});

test("governance: a verification is reused only for byte-identical sources, lock and seal; any edit is verified again", async () => {
  const repo = await initRepo();
  const governance = async () => envelope(await exo(repo, "status")).data.governance.status as string;
  const memo = join(repo, ".exo/cache/governance-verified.json");
  expect(await governance()).toBe("valid");
  const kept = JSON.parse(await readFile(memo, "utf8")) as { format: string; lock: string; constitution: string };
  expect(kept.format).toBe("exo.governance-verified/1");
  expect(kept.lock).toBe(await readFile(join(repo, ".exo/governance.lock.json"), "utf8"));

  // A memo claiming other texts is not used: the constitution edited after the last compose is stale.
  const constitution = join(repo, ".exo/constitution.yaml");
  const text = await readFile(constitution, "utf8");
  await writeFile(constitution, `${text}\n# edited\n`);
  expect(await governance()).toBe("stale");
  await writeFile(constitution, text);
  expect(await governance()).toBe("valid");

  // A lock edited by hand is tampered, whatever the memo says.
  const lockFile = join(repo, ".exo/governance.lock.json");
  const lock = await readFile(lockFile, "utf8");
  await writeFile(lockFile, lock.replace(/"version": 1/, '"version": 1 '));
  expect(await governance()).toBe("valid"); // whitespace only: the same lock
  const parsed = JSON.parse(lock) as Record<string, unknown>;
  await writeFile(lockFile, JSON.stringify({ ...parsed, reason: "edited" }, null, 2));
  expect(await governance()).toBe("tampered");
  // Only a valid verdict is kept: the memo still names the lock that verified.
  expect((JSON.parse(await readFile(memo, "utf8")) as { lock: string }).lock).not.toContain('"reason": "edited"');
  await writeFile(lockFile, lock);
  expect(await governance()).toBe("valid");
});
