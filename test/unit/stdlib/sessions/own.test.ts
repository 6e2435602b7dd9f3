import { describe, expect, it } from "vitest";
import { latestSuspended, ownSession, ownSuspended } from "../../../../src/stdlib/sessions/own.js";
import type { SessionRecord } from "../../../../src/stdlib/sessions/types.js";

function session(id: string, over: Partial<SessionRecord>): SessionRecord {
  return { id, ticket: "T1", actor: "agent:a", status: "suspended", worktree: "/r", started_at: "2026-01-01T00:00:00Z", ...over } as SessionRecord;
}

describe("which session is yours", () => {
  it("resumes the latest suspended first, and the later id on a tie", () => {
    const a = session("SES-20260101-000000-aaaa", { suspended_at: "2026-01-02T00:00:00Z" });
    const b = session("SES-20260101-000000-bbbb", { suspended_at: "2026-01-03T00:00:00Z" });
    const c = session("SES-20260101-000000-cccc", { suspended_at: "2026-01-03T00:00:00Z" });
    expect(latestSuspended([a, b, c])?.id).toBe(c.id);
    expect(latestSuspended([c, b, a])?.id).toBe(c.id);
    expect(latestSuspended([a, session("SES-20260101-000000-dddd", { status: "active" })])?.id).toBe(a.id);
    expect(latestSuspended([])).toBeUndefined();
  });

  it("names only the actor's sessions in this work tree (a per-conversation actor counts as its family)", () => {
    const here = session("SES-20260101-000000-aaaa", { suspended_at: "2026-01-02T00:00:00Z" });
    const there = session("SES-20260101-000000-bbbb", { suspended_at: "2026-01-03T00:00:00Z", worktree: "/other" });
    const theirs = session("SES-20260101-000000-cccc", { suspended_at: "2026-01-04T00:00:00Z", actor: "agent:b" });
    expect(ownSuspended([here, there, theirs], "agent:a:1234", "/r")).toEqual({ id: here.id, ticket: "T1" });
    expect(ownSuspended([there, theirs], "agent:a", "/r")).toBeNull();
    const active = session("SES-20260101-000000-dddd", { status: "active" });
    expect(ownSession([active, here], "agent:a", "/r")).toEqual({ id: active.id, ticket: "T1" });
    expect(ownSession([active, session("SES-20260101-000000-eeee", { status: "active" })], "agent:a", "/r")).toBeNull();
  });
});
