// A new user's first hours and a small team's first day, forty-first pass: exo run from a package
// folder of a monorepo gives its git lines (the commit of new tickets, finish's commit:, exo alone's
// steps) in a form that runs there (git -C ../..), where the top-relative paths failed.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";

/** A workspaces monorepo (packages/api, packages/web) whose default branch is trunk. */
async function monorepo(): Promise<string> {
  const repo = await tempRepo({
    "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
    "packages/api/package.json": JSON.stringify({ name: "@mono/api" }),
    "packages/api/src/index.ts": "export const a = 1;\n",
    "packages/web/package.json": JSON.stringify({ name: "@mono/web" }),
    "packages/web/src/index.ts": "export const w = 1;\n",
  });
  git(repo, "branch", "-m", "trunk");
  return repo;
}

test("exo in a monorepo's package folder (packages/api): the commit line of new tickets, exo alone's step and finish's commit: line, pasted there, commit what they name, and exo pr-check passes (before: git add -- .exo/tickets … failed there, pathspec '.exo/tickets' did not match any files)", async () => {
  const repo = await monorepo();
  expect((await exo(repo, "install")).code).toBe(0);
  const base = git(repo, "rev-parse", "HEAD").trim();
  const api = join(repo, "packages", "api");
  expect((await exo(api, "intent-create", "api", "--brain-dump", "the api", "--scope-allow", "packages/api/**", "--id", "INT-001")).code).toBe(0);
  const made = envelope(await exo(api, "ticket-create", "first", "--parent", "INT-001", "--id", "TICKET-001"));
  const line = made.data.next_command as string;
  expect(line).toMatch(/^git -C \.\.\/\.\. add -- \.exo\/tickets/);
  // exo alone, the human view, gives the same line.
  expect((await exo(api, { json: false })).stdout).toContain(line);
  pasted(api, line);
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets")).toBe("");
  expect((await exo(api, "next")).code).toBe(0);
  expect((await exo(api, "session-start")).code).toBe(0);
  writeFileSync(join(api, "src", "index.ts"), "export const a = 2;\n");
  mkdirSync(join(api, "src", "routes"));
  writeFileSync(join(api, "src", "routes", "users.ts"), "export const users = [];\n");
  const finished = envelope(await exo(api, "session-finish", "--summary", "users route"));
  expect(finished.ok, JSON.stringify(finished.error)).toBe(true);
  pasted(api, finished.data.commit_command as string);
  expect(git(repo, "status", "--porcelain", "--", "packages")).toBe("");
  expect(git(repo, "log", "-1", "--format=%B")).toContain(`Exo-Session: ${finished.data.session as string}`);
  const check = envelope(await exo(api, "pr-check", "--base", base));
  expect(check.ok, JSON.stringify(check.data.findings)).toBe(true);
  // At the top nothing changes: the line is the plain one.
  const top = envelope(await exo(repo, "ticket-create", "second", "--parent", "INT-001", "--id", "TICKET-002"));
  expect(top.data.next_command).toMatch(/^git add -- \.exo\/tickets/);
}, 90_000);
