// The heartbeat decision shared by the hook and `exo lease-heartbeat` (stdlib/locks/types.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { beatLock, hookBeatPlan } from "../../../src/stdlib/locks/types.js";

const now = new Date("2026-12-01T12:00:00.000Z");
const lock = (expiresInSeconds: number, extra: Record<string, unknown> = {}) => ({
  state: "held" as const,
  session: "SES-1",
  fencing_token: 3,
  ttl_seconds: 600,
  expires_at: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
  ...extra,
});
const session = { id: "SES-1", fencing_token: 3 };

describe("hook heartbeat plan", () => {
  it("beats only in the last quarter of the TTL, never revives a lapsed lock, never touches another's", () => {
    expect(hookBeatPlan(lock(500), session, now)).toBe("none");
    expect(hookBeatPlan(lock(100), session, now)).toBe("beat");
    expect(hookBeatPlan(lock(-1), session, now)).toBe("lapsed");
    expect(hookBeatPlan(lock(-1, { state: "released" }), session, now)).toBe("lapsed");
    expect(hookBeatPlan(lock(100, { fencing_token: 4 }), session, now)).toBe("none");
    expect(hookBeatPlan(lock(100, { session: "SES-2" }), session, now)).toBe("none");
    expect(hookBeatPlan(lock(100, { session: null }), session, now)).toBe("beat");
    expect(hookBeatPlan(null, session, now)).toBe("none");
  });

  it("a beat keeps the token, stamps the heartbeat and never moves the expiry earlier", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 10_000 }), fc.integer({ min: 1, max: 86_400 }), (expiresIn, ttl) => {
        const before = lock(expiresIn, { ttl_seconds: ttl });
        const after = beatLock(before, now);
        expect(after.fencing_token).toBe(before.fencing_token);
        expect(after.heartbeat_at).toBe(now.toISOString());
        expect(after.expires_at >= before.expires_at).toBe(true);
        expect(Date.parse(after.expires_at)).toBeGreaterThanOrEqual(now.getTime() + ttl * 1000);
      }),
    );
  });
});
