import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { DIST, git, initRepo } from "../../helpers/repo.js";
import type * as Library from "../../../src/index.js";

test("library API: createExo runs commands, typed helpers, synchronous decide", async () => {
  const { createExo, ExoError } = (await import(pathToFileURL(join(DIST, "index.js")).href)) as typeof Library;
  const repo = await initRepo({ "src/a.ts": "a\n" });
  const exo = createExo({ repo, actor: "agent:bot", env: { PATH: process.env["PATH"] } });
  await exo.ticketCreate({ title: "t", id: "T1", scopeAllow: ["src/**"] });
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  const env = await exo.run("next", { owner: "agent:bot" });
  expect(env.ok).toBe(true);
  const started = await exo.sessionStart({ vendor: "openai", model: "gpt-5" });
  expect((started["session"] as { actor: string }).actor).toBe("agent:bot");
  expect(exo.decide({ path: "src/b.ts" }).decision).toBe("allow");
  expect(exo.decide({ path: "docs/x.md" })).toMatchObject({ decision: "deny", code: "OUT_OF_SCOPE" });
  await expect(exo.sessionStart({ ticketId: "NOPE" })).rejects.toBeInstanceOf(ExoError);
  const fin = await exo.sessionFinish({ summary: "done" });
  expect(fin["outcome"]).toBe("finished");
  expect((await exo.run("frobnicate")).error?.code).toBe("USAGE_ERROR");
});
