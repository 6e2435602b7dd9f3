// How this shell runs the exo that runs now when `exo` is not on its PATH (`npx --no-install exo`
// from a project's node_modules, `npx exoprotocol` from npx's cache), and an `exo …` line written
// that way: install's steps, `exo` alone and every hint:/next: line print commands that run here.
import { existsSync, realpathSync } from "node:fs";
import { delimiter, join, sep } from "node:path";

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
  const dirs = (env["PATH"] ?? "").split(delimiter).filter((d) => d !== "" && !/node_modules[\\/]\.bin[\\/]?$/.test(d) && !/[\\/]_npx[\\/]/.test(d));
  if (dirs.some((d) => existsSync(join(d, process.platform === "win32" ? "exo.cmd" : "exo")))) return null;
  return local ? "npx --no-install exo" : "npx exoprotocol";
}

/** A shell line with each `exo …` command in it (after `&&`, `;`, `||`, an `EXO_ACTOR=…`) run as `as`. */
export function runAs(line: string, as: RunsAs): string {
  return line.replace(/(^|&& |\|\| |; )((?:[A-Z_]+=\S+ )*)exo (?=\S)/g, `$1$2${as} `);
}
