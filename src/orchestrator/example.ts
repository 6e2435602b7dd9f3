// The starter work of `exo install --example` and `exo init --example`: one intent and its task
// TICKET-001, so the README's quick start (`exo next`, `exo session-start --ticket-id
// TICKET-001`, `exo session-finish`) works in a fresh repository. Idempotent: when TICKET-001
// exists nothing is added.
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import type { Context } from "../commands/context.js";
import { listTickets } from "../stdlib/tickets/store.js";
import { createTicket } from "./tickets.js";

export const EXAMPLE_TICKET = "TICKET-001";

export interface ExampleResult {
  created: string[];
  intent: string | null;
  ticket: string;
}

const PACKAGE_MARKS = ["src", "package.json", "pyproject.toml", "go.mod", "Cargo.toml", "pom.xml", "Gemfile"];

/**
 * Where the starter's scope starts: the repository's top, or the package folder install ran in
 * (`packages/app/` of a monorepo, a folder with its own src/ or manifest). Before, the scope was
 * the top's src/** there, and the quick start's first edit (packages/app/src/…) was all drift.
 */
function packagePrefix(root: string, cwd: string): string {
  let here: string;
  try {
    here = relative(root, realpathSync(cwd));
  } catch {
    return "";
  }
  if (here === "" || here.startsWith("..") || isAbsolute(here) || here.split(sep).includes(".exo")) return "";
  return PACKAGE_MARKS.some((mark) => existsSync(join(cwd, mark))) ? `${here.split(sep).join("/")}/` : "";
}

/**
 * The scope install's "Create work" step gives a first intent: the package folder install ran in
 * (its src/ when it has one), else the top's src/, else the top's packages/ or apps/ of a
 * monorepo. Before, `src/**` whatever the layout: in packages/api, pasted, SCOPE_ROOT_RELATIVE and a
 * scope with no file in it, and at the top of a workspaces repository a scope of a folder not there.
 */
export function starterScope(root: string, cwd: string): string {
  const at = packagePrefix(root, cwd);
  if (at !== "") return existsSync(join(cwd, "src")) ? `${at}src/**` : `${at}**`;
  if (existsSync(join(root, "src"))) return "src/**";
  const folder = ["packages", "apps", "lib", "app"].find((name) => existsSync(join(root, name)));
  return folder ? `${folder}/**` : "src/**";
}

export async function addExample(ctx: Context): Promise<ExampleResult> {
  const repo = await ctx.governed();
  const index = await listTickets(repo);
  const existing = [...index.tickets.values()].find((t) => t.id.toLowerCase() === EXAMPLE_TICKET.toLowerCase());
  if (existing) return { created: [], intent: existing.parent, ticket: existing.id };
  const at = packagePrefix(repo.root, ctx.cwd);
  const allow = ["src/**", "docs/**", "README.md"].map((glob) => `${at}${glob}`);
  const intent = await createTicket(ctx, "intent", {
    title: "Example: a first governed change",
    brain_dump: `A starter intent from exo's --example. Try the quick start on TICKET-001, then replace this with your own work: exo intent-create "…" --brain-dump "…" --scope-allow "${at}src/**".`,
    scope: { allow, deny: [] },
  }, { scopeFromExo: true });
  const task = await createTicket(ctx, "task", {
    title: "Example: make a first change under exo",
    id: EXAMPLE_TICKET,
    parent: intent.ticket.id,
    description: `Start a session on this ticket, change a file inside its scope (${allow.join(", ")}), then finish the session.`,
    success_conditions: ["A session on TICKET-001 finished with drift reported"],
  });
  return { created: [intent.path, task.path], intent: intent.ticket.id, ticket: task.ticket.id };
}
