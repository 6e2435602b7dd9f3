import { expect, test } from "vitest";
import fc from "fast-check";
import { isHostWord } from "../../../src/kernel/ids.js";
import { hookWho } from "../../../src/hooks/hook-io.js";
import { hostname } from "node:os";

test("EXO_HOST: one word is taken, a space or a control character never (commands refuse it, the hook takes the host name)", () => {
  for (const good of ["build-01", "vm", "ci.example.com", "höst"]) expect(isHostWord(good), good).toBe(true);
  for (const bad of ["", "evil\nhost", "two words", "tab\there", "nul\u0000", "del\u007f"]) expect(isHostWord(bad), JSON.stringify(bad)).toBe(false);
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), (value) => {
      const host = hookWho({ EXO_HOST: value }, "claude").host;
      expect(host).toBe(isHostWord(value) ? value : hostname());
    }),
  );
});
