// exo status: no label line left blank (and no trailing spaces) when sessions or locks follow.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { renderHuman } from "../../../src/cli/render/index.js";

test("status names the count of open sessions and held locks on their label lines", () => {
  const data = JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/render/data.json"), "utf8")).status;
  data.sessions = [{ id: "SES-1", actor: "agent:a", ticket: "T1", status: "active", stale: false }];
  data.locks = [{ ticket: "T1", owner: "agent:a", session: "SES-1", expires_at: "2026-11-24T11:00:00.000Z", live: true }];
  const text = renderHuman("status", data);
  expect(text).not.toMatch(/ +$/m);
  expect(text).toMatch(/^sessions {4}1 active$/m);
  expect(text).toMatch(/^locks {7}1 held$/m);
});
