// The fast argv path (no commander) reads every command line it accepts exactly as commander
// does; whatever it declines goes to commander unchanged.
import fc from "fast-check";
import { expect, test } from "vitest";
import { commands } from "../../src/commands/index.js";
import { fastParse } from "../../src/cli/fast-args.js";
import { buildProgram, fieldsOf } from "../../src/cli/program.js";

function viaCommander(command: (typeof commands)[number], args: string[]): { ok: true; raw: Record<string, unknown> } | { ok: false } {
  const { program, collect } = buildProgram(command);
  program.exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  try {
    program.parse(args, { from: "user" });
    return { ok: true, raw: collect() };
  } catch {
    return { ok: false };
  }
}

const value = fc.oneof(fc.constantFrom("T1", "src/**", "12", "-3", "1e3", "", "a b", "--x", "-", "human:al"), fc.string({ maxLength: 6 }));

function tokens(command: (typeof commands)[number]): fc.Arbitrary<string[]> {
  const fields = fieldsOf(command).filter((f) => !(command.positional ?? []).includes(f.key as never));
  const flagTokens = fields.flatMap((f) =>
    f.kind === "boolean"
      ? [fc.constant([`--${f.flag}`]), fc.constant([`--no-${f.flag}`]), fc.constant([`--${f.flag}=1`])]
      : [value.map((v) => [`--${f.flag}`, v]), value.map((v) => [`--${f.flag}=${v}`]), fc.constant([`--${f.flag}`])],
  );
  const other = [value.map((v) => [v]), fc.constantFrom(["--help"], ["-h"], ["--"], ["--unknown"], ["-x"])];
  return fc.array(fc.oneof(...flagTokens, ...other), { maxLength: 6 }).map((parts) => parts.flat());
}

test("every command line the fast path accepts, commander reads the same", () => {
  let accepted = 0;
  for (const command of commands) {
    fc.assert(
      fc.property(tokens(command), (args) => {
        const fast = fastParse(command, args);
        if (fast === null) return;
        accepted++;
        const slow = viaCommander(command, args);
        expect(slow.ok, `${command.name} ${JSON.stringify(args)}`).toBe(true);
        if (slow.ok) expect(fast, `${command.name} ${JSON.stringify(args)}`).toEqual(slow.raw);
      }),
      { numRuns: 60 },
    );
  }
  expect(accepted).toBeGreaterThan(200);
});

test("the everyday command lines take the fast path", () => {
  const find = (name: string) => commands.find((c) => c.name === name)!;
  expect(fastParse(find("status"), [])).toEqual({});
  expect(fastParse(find("session-start"), ["--ticket-id", "T1"])).toEqual({ ticket_id: "T1" });
  expect(fastParse(find("session-finish"), ["--summary", "done", "--skip-check", "--break-glass-reason=r"])).toEqual({ summary: "done", skip_check: true, break_glass_reason: "r" });
  expect(fastParse(find("ticket-create"), ["t", "--id", "T1", "--scope-allow", "a/**", "--scope-allow", "b/**"])).toMatchObject({ id: "T1", scope_allow: ["a/**", "b/**"] });
  expect(fastParse(find("status"), ["--help"])).toBeNull();
  expect(fastParse(find("status"), ["extra"])).toBeNull();
});
