import { expect, test } from "vitest";
import { keepAlive, type Binding } from "../../../src/sdk/governed.js";
import type { Exo } from "../../../src/index.js";

test("keepAlive: one heartbeat at a time; stop() resolves only after the one in flight has settled, and none starts after it", async () => {
  const log: string[] = [];
  const exo = {
    run: async (command: string) => {
      log.push(`${command} start`);
      await new Promise((r) => setTimeout(r, 80));
      log.push(`${command} end`);
      return { ok: true };
    },
  } as unknown as Exo;
  const stop = keepAlive(exo, { ticketId: "T1" } as Binding, 10);
  // Wait until the first beat is in flight and several intervals have passed, then stop while it runs.
  while (log.length === 0) await new Promise((r) => setTimeout(r, 2));
  await new Promise((r) => setTimeout(r, 35));
  await stop();
  log.push("stopped");
  await new Promise((r) => setTimeout(r, 40));
  expect(log).toEqual(["lease-heartbeat start", "lease-heartbeat end", "stopped"]);
});
