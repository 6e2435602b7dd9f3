// A governance change that makes generated adapters stale: the constitution's max_files edited,
// composed, and `adapter-generate --check` refusing with ADAPTERS_STALE.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { envelope, exo, type EnvelopeShape } from "./repo.js";

export async function staleAdapters(repo: string): Promise<EnvelopeShape> {
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, (await readFile(constitution, "utf8")).replace("max_files: 12", "max_files: 11"));
  expect((await exo(repo, "compose")).code).toBe(0);
  const check = await exo(repo, "adapter-generate", "--check");
  expect(check.code).toBe(1);
  const stale = envelope(check);
  expect(stale.error?.code).toBe("ADAPTERS_STALE");
  return stale;
}
