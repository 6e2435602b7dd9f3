// A finish with no checks configured says so in words, not "verify none".
import { expect, test } from "vitest";
import { renderHuman } from "../../../src/cli/render/index.js";

test("session-finish and ticket-show say 'no checks' when no check ran", () => {
  const finish = renderHuman("session-finish", { session: "SES-1", ticket: { id: "T1", status: "review" }, verify: "none", checks: [], drift: null, memento_path: "m.md", lock_released: true, auto_commit: null });
  expect(finish.split("\n")[0]).toBe("finished SES-1 on T1 (now review); no checks");
  expect(finish).not.toMatch(/verify none/);
});
