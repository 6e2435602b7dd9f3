// Declaration files for the package's typed entries (package.json `exports` → `types`):
// `tsc -p tsconfig.build.json` (declarations only) into a cache folder, copied to <out>/types.
// The cache is reused while no source file changed, so repeated builds stay fast.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

async function newestSource(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

/** Emit `<out>/types/**.d.ts`; rejects with tsc's output when declaration emit fails. */
export async function emitTypes(out) {
  // Named by the checkout too: clones that share one node_modules (a symlink) must not rebuild,
  // or remove, each other's declarations while both build.
  const checkout = createHash("sha256").update(root).digest("hex").slice(0, 8);
  const cache = join(root, "node_modules", ".cache", `exo-types-${basename(out)}-${checkout}`);
  const configs = await Promise.all(
    ["tsconfig.json", "tsconfig.build.json", "package.json"].map((f) =>
      stat(join(root, f)).then((s) => s.mtimeMs),
    ),
  );
  const stamp = String(Math.max(await newestSource(join(root, "src")), ...configs));
  const previous = await readFile(join(cache, "stamp"), "utf8").catch(() => null);
  if (previous !== stamp) {
    await rm(cache, { recursive: true, force: true });
    await mkdir(cache, { recursive: true });
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    await new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [
          tsc,
          "-p",
          join(root, "tsconfig.build.json"),
          "--outDir",
          join(cache, "out"),
          "--tsBuildInfoFile",
          join(cache, "tsbuildinfo"),
        ],
        { cwd: root },
        (error, stdout, stderr) =>
          error
            ? reject(
                new Error(
                  `declaration emit failed (tsc -p tsconfig.build.json):\n${stdout}${stderr}`,
                ),
              )
            : resolve(),
      );
    });
    await writeFile(join(cache, "stamp"), stamp);
  }
  await cp(join(cache, "out"), join(root, out, "types"), { recursive: true });
}
