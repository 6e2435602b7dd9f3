// The tarball's README links to docs/…: every relative link in it names a file the package ships.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

test("every relative link in README.md resolves inside the packed tarball", () => {
  const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as { files: { path: string }[] }[];
  const files = new Set((packed[0]?.files ?? []).map((f) => f.path));
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const links = [...readme.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)].map((m) => m[1] as string);
  expect(links.length).toBeGreaterThan(0);
  expect(links.filter((l) => !files.has(l))).toEqual([]);
}, 30_000);
