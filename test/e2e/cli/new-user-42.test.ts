// A new user's first hours and a small team's first day, forty-second pass: exo next with no work
// yet, in a workspaces monorepo (no top src/), gives a first intent whose scope is a folder that is
// there (packages/**, or packages/api/** in that package) and that runs when pasted there.
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";

/** A workspaces monorepo (packages/api, packages/web, no top src/) whose default branch is trunk. */
async function monorepo(): Promise<string> {
  const repo = await tempRepo({
    "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
    "packages/api/package.json": JSON.stringify({ name: "@mono/api" }),
    "packages/api/lib/index.js": "export const a = 1;\n",
    "packages/web/package.json": JSON.stringify({ name: "@mono/web" }),
    "packages/web/lib/index.js": "export const w = 1;\n",
  });
  git(repo, "branch", "-m", "trunk");
  return repo;
}

test("exo next with no tickets in a workspaces monorepo: its NO_TICKET hint scopes the first intent to packages/** at the top and packages/api/** in that package, and pasted there it makes the intent (before: --scope-allow \"src/**\" whatever the layout, SCOPE_ROOT_RELATIVE when pasted in packages/api)", async () => {
  const repo = await monorepo();
  expect((await exo(repo, "install")).code).toBe(0);
  const top = envelope(await exo(repo, "next"));
  expect(top.error?.code).toBe("NO_TICKET");
  expect(top.error?.hint).toContain('--scope-allow "packages/**"');
  const api = join(repo, "packages", "api");
  const here = await exo(api, "next", { json: false });
  const hint = /hint: (.*)/.exec(here.stderr)?.[1] ?? "";
  expect(hint).toContain('--scope-allow "packages/api/**"');
  pasted(api, hint.replace("<what you want>", "api work").replace("<why, in a sentence>", "the api"));
  const [intent] = envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets as { id: string }[];
  expect(envelope(await exo(repo, "ticket-show", intent?.id ?? "")).data.ticket.scope.allow).toEqual(["packages/api/**"]);
}, 60_000);

test("exo ready with 32 ready tasks: past the first 20 it names exo ready --all, which lists all 32 in the human view (before: '… 12 more (use --format json)', no human view of the rest)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "work", "--brain-dump", "lots of it", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  for (let i = 1; i <= 32; i++) expect((await exo(repo, "ticket-create", `task ${i}`, "--parent", "INT-001", "--id", `TICKET-${String(i).padStart(3, "0")}`)).code).toBe(0);
  const some = (await exo(repo, "ready", { json: false })).stdout;
  expect(some).not.toContain("TICKET-021");
  const line = /… 12 more \((.*) lists them\)/.exec(some)?.[1] ?? "";
  expect(line).toBe("exo ready --all");
  const all = pasted(repo, line);
  for (let i = 1; i <= 32; i++) expect(all).toContain(`TICKET-${String(i).padStart(3, "0")}`);
  expect(all).not.toContain("more");
}, 120_000);
