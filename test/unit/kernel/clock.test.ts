import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseFrozenClock } from "../../../src/kernel/clock.js";
import { currentTime } from "../../../src/io/env.js";
import { badFrozenClock, nowOf } from "../../../src/hooks/hook-io.js";

describe("parseFrozenClock (EXO_NOW's one format)", () => {
  it("takes a UTC timestamp with milliseconds and refuses everything else", () => {
    expect(parseFrozenClock("2026-11-24T09:01:02.345Z")?.toISOString()).toBe("2026-11-24T09:01:02.345Z");
    for (const bad of ["", "garbage", "2026-12-06", "2026-11-24T09:01:02Z", "2026-02-30T00:00:00.000Z", "2026-11-24T09:01:02.345+01:00", " 2026-11-24T09:01:02.345Z"]) {
      expect(parseFrozenClock(bad), bad).toBeNull();
    }
  });

  it("the commands and the hook agree on every value", () => {
    const stamp = fc.date({ min: new Date("1970-01-01T00:00:00.000Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }).map((d) => d.toISOString());
    fc.assert(
      fc.property(fc.oneof(stamp, fc.string(), stamp.map((s) => s.slice(0, -1)), stamp.map((s) => s.replace("T", " "))), (value) => {
        const env = { EXO_NOW: value };
        let command: Date | "refused";
        try {
          command = currentTime(env);
        } catch {
          command = "refused";
        }
        const hookRefuses = badFrozenClock(env) !== null;
        if (value === "") return command !== "refused" && !hookRefuses;
        expect(hookRefuses).toBe(command === "refused");
        if (command !== "refused") expect(nowOf(env).getTime()).toBe(command.getTime());
        return true;
      }),
    );
  });
});
