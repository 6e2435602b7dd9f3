// kernel/quote.ts's fromTopLine: a line exo printed with paths from the top of the work tree, as
// pasted in a folder below it (new-user-41).
import { expect, test } from "vitest";
import { fromTopLine } from "../../../src/kernel/quote.js";

test("each git of a line with paths runs at the top; the shell's rm, an editor's file and husky's files are named from here; other lines are left as they are", () => {
  expect(fromTopLine("git add -- .exo/tickets && git commit -m 'x' -- .exo/tickets", "../..")).toBe("git -C ../.. add -- .exo/tickets && git -C ../.. commit -m 'x' -- .exo/tickets");
  expect(fromTopLine("git rm -r --cached --quiet --ignore-unmatch -- .exo/cache/x && rm -- .exo/cache/x", "..")).toBe("git -C .. rm -r --cached --quiet --ignore-unmatch -- .exo/cache/x && rm -- ../.exo/cache/x");
  expect(fromTopLine('"${EDITOR:-vi}" +3 .claude/settings.json && exo hook-install', "../..")).toBe('"${EDITOR:-vi}" +3 ../../.claude/settings.json && exo hook-install');
  expect(fromTopLine("chmod +x .husky/pre-commit .husky/prepare-commit-msg", "..")).toBe("chmod +x ../.husky/pre-commit ../.husky/prepare-commit-msg");
  // The launcher's path inside husky's line is git's own (rev-parse), not the shell's.
  expect(fromTopLine(`printf '%s\\n' 'node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git pre-commit' >> .husky/pre-commit`, "..")).toBe(`printf '%s\\n' 'node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git pre-commit' >> ../.husky/pre-commit`);
  for (const line of ["git push", "git -C /repo add -- a", "exo session-start --ticket-id T1", "git fetch --all"]) expect(fromTopLine(line, "../..")).toBe(line);
  expect(fromTopLine("git add -- a", "")).toBe("git add -- a");
});
