// How this shell runs the exo that runs now when `exo` is not on its PATH (`npx --no-install exo`
// from a project's node_modules, `npx exoprotocol` from npx's cache), and an `exo …` line written
// that way: install's steps, `exo` alone and every hint:/next: line print commands that run here.
import { existsSync, realpathSync } from "node:fs";
import { delimiter, join, sep } from "node:path";
import { readJsonSync } from "./read.js";

export type RunsAs = "npx --no-install exo" | "npx exoprotocol";

/**
 * The command line that runs this exo from `root` (the work tree's top), or null when `exo` is on
 * PATH beyond the folders npx added (or this is not the command line: `cli` false).
 */
export function exoRunsAs(env: NodeJS.ProcessEnv, root: string, cli = true): RunsAs | null {
  if (!cli) return null;
  let real: string;
  try {
    real = realpathSync(process.argv[1] ?? "");
  } catch {
    return null;
  }
  let top = root;
  try {
    top = realpathSync(root);
  } catch {
    // keep the path given
  }
  const local = real.startsWith(`${join(top, "node_modules")}${sep}`);
  if (!local && !/[\\/]_npx[\\/]/.test(real)) return null;
  if (exoOnPath(env)) return null;
  return local ? "npx --no-install exo" : "npx exoprotocol";
}

/** Whether `exo` is on PATH beyond the folders npx adds (node_modules/.bin, npx's cache). */
export function exoOnPath(env: NodeJS.ProcessEnv): boolean {
  const dirs = (env["PATH"] ?? "").split(delimiter).filter((d) => d !== "" && !/node_modules[\\/]\.bin[\\/]?$/.test(d) && !/[\\/]_npx[\\/]/.test(d));
  return dirs.some((d) => existsSync(join(d, process.platform === "win32" ? "exo.cmd" : "exo")));
}

/** Whether the project at `root` has exoprotocol as a dependency (package.json): there, its agents run `npx --no-install exo`. */
export function dependsOnExo(root: string): boolean {
  const pkg = readJsonSync(join(root, "package.json")) as Record<string, unknown> | null | undefined;
  if (!pkg || typeof pkg !== "object") return false;
  return ["dependencies", "devDependencies", "optionalDependencies"].map((k) => pkg[k]).some((d) => d !== null && typeof d === "object" && Object.hasOwn(d, "exoprotocol"));
}

/** A command in the bootstrap's Markdown: a backtick (\x60), an EXO_ACTOR=… or not, then exo. */
const BOOTSTRAP_EXO = /(\x60(?:[A-Z_]+=\S+ )*)exo (?=\S)/g;

/** The bootstrap's commands (Markdown code, `EXO_ACTOR='agent:claude' exo session-finish …`, one per line) run as `as`. */
export function bootstrapAs(text: string, as: RunsAs): string {
  return text.replace(BOOTSTRAP_EXO, `$1${as} `);
}

/** A shell line with each `exo …` command in it (after `&&`, `;`, `||`, an `EXO_ACTOR=…`) run as `as`. */
export function runAs(line: string, as: RunsAs): string {
  return line.replace(/(^|&& |\|\| |; )((?:[A-Z_]+=\S+ )*)exo (?=\S)/g, `$1$2${as} `);
}
