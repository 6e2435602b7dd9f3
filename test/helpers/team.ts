// A team on one machine: a bare remote and N clones, each its own "machine" (EXO_HOST).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished } from "vitest";
import { envelope, exo, git, initRepo, type Run, type RunOptions } from "./repo.js";
import { writeTickets, type FixtureTicket } from "./tickets.js";

export interface Clone {
  dir: string;
  host: string;
  /** Run exo in this clone as this machine (EXO_HOST set; more env merged in). */
  run(...args: (string | RunOptions)[]): Promise<Run>;
}

export interface Team {
  bare: string;
  clones: Clone[];
}

/** Origin with `tickets` committed (and exo's git hooks sealed with `install`), a bare remote, and one clone per host (same git user). */
export async function team(tickets: FixtureTicket[], hosts: string[], opts: { email?: string; install?: boolean } = {}): Promise<Team> {
  const origin = await initRepo();
  await writeTickets(origin, tickets);
  // Sealed git hooks: each clone's first session-start installs them, as on a teammate's machine.
  if (opts.install) {
    const r = await exo(origin, "hook-install", "--harness", "git");
    if (r.code !== 0) throw new Error(`hook-install failed: ${r.stdout} ${r.stderr}`);
  }
  git(origin, "add", "-A");
  git(origin, "commit", "-qm", "tickets");
  const base = await realpath(await mkdtemp(join(tmpdir(), "exo-team-")));
  onTestFinished(() => rm(base, { recursive: true, force: true }));
  const bare = join(base, "remote.git");
  git(base, "clone", "-q", "--bare", origin, bare);
  const clones: Clone[] = [];
  for (const host of hosts) {
    const dir = join(base, host);
    git(base, "clone", "-q", bare, dir);
    git(dir, "config", "user.name", "Team");
    git(dir, "config", "user.email", opts.email ?? "dev@example.invalid");
    git(dir, "config", "commit.gpgsign", "false");
    const run = (...args: (string | RunOptions)[]) => {
      const o = args.find((a): a is RunOptions => typeof a === "object") ?? {};
      const rest = args.filter((a): a is string => typeof a === "string");
      return exo(dir, ...rest, { ...o, env: { EXO_HOST: host, ...(o.env ?? {}) } });
    };
    clones.push({ dir, host, run });
  }
  return { bare, clones };
}

/** A bare remote of `alice` (her main tracking it) and Bob's clone of it, removed after the test. */
export function teammate(alice: string): { bare: string; bob: string } {
  const bare = `${alice}-remote.git`;
  const bob = `${alice}-bob`;
  onTestFinished(() => rm(bare, { recursive: true, force: true }));
  onTestFinished(() => rm(bob, { recursive: true, force: true }));
  git(alice, "clone", "-q", "--bare", alice, bare);
  git(alice, "remote", "add", "origin", bare);
  git(alice, "fetch", "-q", "origin");
  git(alice, "branch", "-q", "-u", "origin/main");
  git(alice, "clone", "-q", bare, bob);
  git(bob, "config", "user.email", "bob@example.invalid");
  git(bob, "config", "user.name", "Bob");
  return { bare, bob };
}

export const at = (iso: string) => ({ env: { EXO_NOW: iso } });

/** doctor's locks section from a `doctor` run. */
export const locksSection = (run: { stdout: string }) => envelope(run as never).data.sections.find((s: { name: string }) => s.name === "locks");

/** The remote lease of `ticket` as origin has it (state, owner, nonce), or null when there is none. */
export function leaseState(dir: string, ticket: string): { state: string | undefined; owner: string | undefined; nonce: string | undefined } | null {
  const sha = git(dir, "ls-remote", "origin", `refs/exo/leases/${ticket}`).split(/\s+/)[0] ?? "";
  if (!sha) return null;
  git(dir, "fetch", "-q", "origin", `+refs/exo/leases/${ticket}:refs/exo/check/${ticket}`);
  const msg = git(dir, "log", "-1", "--format=%B", `refs/exo/check/${ticket}`);
  return { state: /^state: (.*)$/m.exec(msg)?.[1], owner: /^owner: (.*)$/m.exec(msg)?.[1], nonce: /^nonce: (.*)$/m.exec(msg)?.[1] };
}

/**
 * One clone with a live session on T1 whose session file a crash cut short: notes.txt was dirty
 * before the session, work.txt is its work (hostile rounds 25 and 26). (Not zeroed: since round 45
 * doctor --fix writes a zeroed record of a live session again from the ledger, and it goes on.)
 */
export async function lostSession(): Promise<Clone> {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  writeFileSync(join(a.dir, "notes.txt"), "mine, before any session\n");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const name = readdirSync(join(a.dir, ".exo/sessions")).find((n) => n.endsWith(".json")) as string;
  const file = join(a.dir, ".exo/sessions", name);
  writeFileSync(file, readFileSync(file).subarray(0, 200));
  return a;
}
