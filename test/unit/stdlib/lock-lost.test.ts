// LOCK_LOST in one wording (stdlib/locks/lost.ts), whichever command notices the loss.
import { describe, expect, it } from "vitest";
import { ExoError } from "../../../src/errors.js";
import { lockLost, lockLostMessage, lostCause } from "../../../src/stdlib/locks/lost.js";
import type { LockState } from "../../../src/stdlib/locks/types.js";

const lock = (extra: Partial<LockState> = {}): LockState =>
  ({
    format: "exo.lock/1",
    ticket: "T1",
    state: "held",
    owner: "bob",
    session: "SES-20261124-120000-ABCDEF",
    fencing_token: 5,
    acquired_at: "2026-11-24T12:00:00.000Z",
    renewed_at: "2026-11-24T12:00:00.000Z",
    expires_at: "2026-11-24T13:00:00.000Z",
    ttl_seconds: 3600,
    ...extra,
  }) as LockState;

describe("lockLost", () => {
  it("is a LOCK_LOST ExoError carrying the caller's hint and details", () => {
    const e = lockLost({ ticket: "T1", cause: lostCause(lock()), next: "pick another ticket with exo next", hint: "exo next", details: { holder: "bob" } });
    expect(e).toBeInstanceOf(ExoError);
    expect(e.code).toBe("LOCK_LOST");
    expect(e.hint).toBe("exo next");
    expect(e.details).toEqual({ holder: "bob" });
    expect(e.message).toBe("The lock on T1 was taken over by bob (session SES-20261124-120000-ABCDEF) with token 5; your work stays on your branch: pick another ticket with exo next.");
  });

  it("says the same thing for a session, a remote lease, a forced release, a plain release and a vanished lock", () => {
    const next = "close this session and pick another ticket";
    expect(lockLostMessage({ ticket: "T1", session: "SES-A", cause: lostCause(lock({ session: null })), next })).toBe("Session SES-A lost the lock on T1: taken over by bob with token 5; your work stays on your branch: close this session and pick another ticket.");
    expect(lockLostMessage({ ticket: "T1", cause: { kind: "taken", owner: "agent:b", host: "host-b", session: null, fencing_token: 2, remote: "origin" }, next: "push it and tell them" })).toBe(
      "The lease on T1 was taken over by agent:b on host-b with token 2 (remote origin); your work stays on your branch: push it and tell them.",
    );
    expect(lockLostMessage({ ticket: "T1", cause: { kind: "taken", owner: "agent:b", host: "", fencing_token: 2, remote: "origin" }, next })).toMatch(/^The lease on T1 was taken over by agent:b on another host with token 2 \(remote origin\);/);
    expect(lockLostMessage({ ticket: "T1", cause: lostCause(lock({ state: "released", released_by: "carol", released_at: "2026-11-24T12:30:00.000Z" })), next })).toBe(
      "The lock on T1 was released by force by carol at 2026-11-24T12:30:00.000Z (token 5); your work stays on your branch: close this session and pick another ticket.",
    );
    expect(lockLostMessage({ ticket: "T1", session: "SES-A", cause: lostCause(lock({ state: "released" })), next })).toBe("Session SES-A lost the lock on T1: released (token 5); your work stays on your branch: close this session and pick another ticket.");
    expect(lockLostMessage({ ticket: "T1", session: "SES-A", cause: lostCause(null), note: "nothing was written", next })).toBe(
      "Session SES-A lost the lock on T1: its lock file is gone; nothing was written; your work stays on your branch: close this session and pick another ticket.",
    );
    expect(lockLostMessage({ ticket: "T1", cause: lostCause(null), next })).toMatch(/^The lock on T1 is gone; /);
  });
});
