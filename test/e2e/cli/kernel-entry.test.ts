import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { DIST } from "../../helpers/repo.js";

test("the kernel entry exports exactly the ten frozen functions", async () => {
  const kernel = (await import(pathToFileURL(join(DIST, "kernel/index.js")).href)) as Record<string, unknown>;
  expect(Object.keys(kernel).sort()).toEqual(
    ["appendAudit", "checkAction", "commitPlan", "loadGovernance", "mintTicket", "openSession", "resolveRequirements", "sealResult", "validateTicket", "verifyGovernance"].sort(),
  );
  for (const value of Object.values(kernel)) expect(typeof value).toBe("function");
});
