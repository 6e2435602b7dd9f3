// Programs that run command strings (runners): the strings are judged as commands, the rest as the
// program's own words. tsc-watch is tsc in watch mode plus --onSuccess/--onFailure/… command strings.
import { expect, test } from "vitest";
import { governedGate } from "../../helpers/hooks.js";

test("tsc-watch is judged as tsc with its command strings as commands (its --onSuccess string was asked as a path before)", { timeout: 120_000 }, async () => {
  const { said } = await governedGate("src/**", { "src/a.ts": "a\n", "tsconfig.json": "{}\n", ".env": "SECRET=1\n" }, { EXO_ACTOR: "agent:claude" }, "tsc-watch");
  for (const c of ["tsc-watch --onSuccess 'node dist/index.js'", "tsc-watch -p tsconfig.json --onSuccess=\"node dist/index.js\" --noClear", "npx tsc-watch --onFirstSuccess 'echo ready'"]) expect(await said(c), c).toBe("allow");
  // The strings still run: a write outside the scope or a secret read in them is refused.
  for (const c of ["tsc-watch --onSuccess 'touch docs/x'", "tsc-watch --onSuccess='cat .env'", "tsc-watch --onFailure 'cp src/a.ts docs/'"]) expect(await said(c), c).toBe("deny");
  // tsc's own output folder outside the scope is asked, as for tsc.
  expect(await said("tsc-watch --outDir docs")).toBe(await said("tsc --outDir docs"));
  expect(await said("tsc-watch --outDir docs")).not.toBe("allow");
});
