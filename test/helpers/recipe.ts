// The "Taking exo out" recipe of docs/adoption.md, run as printed in a repository, with the built
// exo on PATH as `exo`.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXO_BIN } from "./repo.js";

export function runTakeOutRecipe(repo: string): void {
  const doc = readFileSync(join(process.cwd(), "docs/adoption.md"), "utf8");
  const recipe = /## Taking exo out[\s\S]*?```sh\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
  const bin = join(repo, ".git", "test-bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "exo"), `#!/bin/sh\nexec "${process.execPath}" "${EXO_BIN}" "$@"\n`, { mode: 0o755 });
  execFileSync("sh", ["-e", "-c", recipe], { cwd: repo, env: { ...process.env, PATH: `${bin}:${process.env["PATH"]}` }, stdio: "pipe" });
}
