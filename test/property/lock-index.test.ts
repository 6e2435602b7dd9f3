// The lock listing's derived index (src/stdlib/locks/store.ts: stats and held bodies in
// locks-index.json, released bodies in locks-released.json) never changes an answer: after any
// sequence of lock writes (by rename, as exo writes, or in place), removals and damage to either
// cache file, the full listing equals reading every lock file, and the listing without released
// locks equals it minus the released ones.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { Repo } from "../../src/io/repo.js";
import { listLocks } from "../../src/stdlib/locks/store.js";
import type { LockState } from "../../src/stdlib/locks/types.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const OLD = new Date(Date.now() - 3_600_000);
const states = ["held", "released"] as const;

function lockText(ticket: string, state: string, owner: string, token: number): string {
  const at = OLD.toISOString();
  // A held lock with a past expiry (lapsed, not released) as well as a live one.
  const until = new Date(Date.now() + (owner === "agent:b" ? -60_000 : 3_600_000)).toISOString();
  return `${JSON.stringify({ format: "exo.lock/1", ticket, state, owner, session: null, fencing_token: token, acquired_at: at, renewed_at: at, heartbeat_at: at, expires_at: state === "held" ? until : at, released_at: state === "released" ? at : null, ttl_seconds: 7200, host: "h", pid: 1, branch: "main", distributed: null }, null, 2)}\n`;
}

/** Every lock file read directly, as the listing must answer. */
function direct(locksDir: string): LockState[] {
  const out: LockState[] = [];
  for (const name of readdirSync(locksDir).filter((n) => n.endsWith(".json")).sort()) {
    try {
      const lock = JSON.parse(readFileSync(join(locksDir, name), "utf8")) as LockState;
      if (lock.ticket === name.slice(0, -5) && (lock.state === "held" || lock.state === "released")) out.push(lock);
    } catch {
      // unreadable: not listed
    }
  }
  return out;
}

const step = fc.oneof(
  fc.record({ kind: fc.constant("rename" as const), i: fc.nat(79), state: fc.constantFrom(...states), owner: fc.constantFrom("agent:a", "agent:b") }),
  fc.record({ kind: fc.constant("inplace" as const), i: fc.nat(79), state: fc.constantFrom(...states), owner: fc.constantFrom("agent:a", "agent:bb") }),
  fc.record({ kind: fc.constant("remove" as const), i: fc.nat(79) }),
  fc.record({ kind: fc.constant("garble" as const), i: fc.nat(79) }),
  fc.record({ kind: fc.constantFrom("drop-index" as const, "drop-released" as const, "restamp-released" as const, "list-held" as const, "list-all" as const) }),
);

test("the lock listing equals reading every file, with and without released locks, whatever the index holds", async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
      const root = mkdtempSync(join(tmpdir(), "exo-lockindex-"));
      dirs.push(root);
      const state = join(root, ".exo");
      const repo = new Repo({ root, exoDir: state, stateDir: state, mainRoot: root });
      mkdirSync(repo.locksDir, { recursive: true });
      mkdirSync(repo.cacheDir, { recursive: true });
      const file = (i: number) => join(repo.locksDir, `T${String(i).padStart(3, "0")}.json`);
      const settle = (f: string) => utimesSync(f, OLD, new Date(OLD.getTime() + ++run));
      // 70 locks, most released, as in a long-lived repository.
      for (let i = 0; i < 70; i++) {
        writeFileSync(file(i), lockText(`T${String(i).padStart(3, "0")}`, i % 10 === 0 ? "held" : "released", "agent:a", 1));
        settle(file(i));
      }
      await listLocks(repo);
      for (const s of steps) {
        const ticket = "i" in s ? `T${String(s.i).padStart(3, "0")}` : "";
        if (s.kind === "rename") {
          writeFileSync(`${file(s.i)}.tmp`, lockText(ticket, s.state, s.owner, 2));
          settle(`${file(s.i)}.tmp`);
          renameSync(`${file(s.i)}.tmp`, file(s.i));
        } else if (s.kind === "inplace") {
          writeFileSync(file(s.i), lockText(ticket, s.state, s.owner, 3));
          settle(file(s.i));
        } else if (s.kind === "remove") rmSync(file(s.i), { force: true });
        else if (s.kind === "garble") {
          writeFileSync(file(s.i), "{ not json");
          settle(file(s.i));
        } else if (s.kind === "drop-index") rmSync(join(repo.cacheDir, "locks-index.json"), { force: true });
        else if (s.kind === "drop-released") rmSync(join(repo.cacheDir, "locks-released.json"), { force: true });
        else if (s.kind === "restamp-released") {
          try {
            const f = join(repo.cacheDir, "locks-released.json");
            writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, "utf8")), stamp: "other" }));
          } catch {
            // none written yet
          }
        } else if (s.kind === "list-held") await listLocks(repo, { released: false });
        else await listLocks(repo);
        const all = direct(repo.locksDir);
        expect(await listLocks(repo, { released: false })).toEqual(all.filter((l) => l.state !== "released"));
        expect(await listLocks(repo)).toEqual(all);
      }
    }),
    { numRuns: Number(process.env["FUZZ_RUNS"] ?? 40) },
  );
}, 120_000);
