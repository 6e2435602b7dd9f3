// The test-only crash switch (src/io/crash.ts): every registered step is placed in the code, and
// the switch does nothing unless EXO_TEST_CRASH_AT names the step.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { CRASH_STEPS, crashArmed } from "../../../src/io/crash.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

test("every registered crash step is reached by a crashPoint/crashStep/crashArmed call in src/", () => {
  const text = sources("src").map((f) => readFileSync(f, "utf8")).join("\n");
  for (const [command, steps] of Object.entries(CRASH_STEPS)) {
    for (const step of steps) {
      const direct = text.includes(`crashPoint("${command}", "${step}")`) || text.includes(`crashArmed("${command}", "${step}")`);
      const shared = (command === "session-finish" || command === "session-handoff") && (text.includes(`crashStep(opts.via, "${step}")`) || (step === "commit-staged" && text.includes('opts.crash?.("commit-staged")')));
      const marked = command === "install" && new RegExp(`mark\\("[a-z]+", "${step}"\\)`).test(text);
      expect(direct || shared || marked, `${command}:${step}`).toBe(true);
    }
  }
});

test("unset, the switch is off; set, it is armed only for its command and step number", async () => {
  expect(crashArmed("session-start", "lock-taken")).toBe(false); // the test process has no EXO_TEST_CRASH_AT
  vi.resetModules();
  process.env["EXO_TEST_CRASH_AT"] = "session-start:2";
  try {
    const m = await import("../../../src/io/crash.js");
    expect(m.crashArmed("session-start", "lock-taken")).toBe(true);
    expect(m.crashArmed("session-start", "hooks-repaired")).toBe(false);
    expect(m.crashArmed("next", "ticket-claimed")).toBe(false);
    m.crashPoint("session-start", "ticket-active"); // not the named step: returns
    m.crashPoint("next", "ticket-claimed");
  } finally {
    delete process.env["EXO_TEST_CRASH_AT"];
  }
  vi.resetModules();
  process.env["EXO_TEST_CRASH_AT"] = "garbage";
  try {
    const m = await import("../../../src/io/crash.js");
    expect(m.crashArmed("session-start", "hooks-repaired")).toBe(false);
  } finally {
    delete process.env["EXO_TEST_CRASH_AT"];
  }
});
