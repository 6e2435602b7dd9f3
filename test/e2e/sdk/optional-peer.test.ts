// The SDK subpaths without their optional peers: the rest of exo imports fine; the subpath throws a
// coded ExoError naming the package to install. The package is copied into a temp project so Node
// resolves it through package.json "exports", with no @openai/agents or Claude Agent SDK in reach.
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { DIST, runNode, tempDir } from "../../helpers/repo.js";

test("without the optional peer: exoprotocol and exoprotocol/kernel load; each SDK subpath throws ENVIRONMENT_UNSUPPORTED naming its package", async () => {
  const project = await tempDir();
  const pkg = join(project, "node_modules", "exoprotocol");
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, "package.json"), await readFile("package.json", "utf8"));
  await cp(DIST, join(pkg, "dist"), { recursive: true });
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const script = join(project, "probe.mjs");
  await writeFile(
    script,
    `const lib = await import("exoprotocol");
const kernel = await import("exoprotocol/kernel");
const out = { createExo: typeof lib.createExo, checkAction: typeof kernel.checkAction, subpaths: {} };
for (const sub of ["openai-agents", "claude-agent-sdk"]) {
  try {
    await import("exoprotocol/" + sub);
    out.subpaths[sub] = "loaded";
  } catch (e) {
    out.subpaths[sub] = { exo: e instanceof lib.ExoError, code: e.code, message: e.message, hint: e.hint, details: e.details, exitCode: e.exitCode };
  }
}
console.log(JSON.stringify(out));
`,
  );
  const run = await runNode(script, [], project);
  expect(run.stderr).toBe("");
  const out = JSON.parse(run.stdout) as { createExo: string; checkAction: string; subpaths: Record<string, { exo: boolean; code: string; message: string; hint: string; details: { package: string }; exitCode: number }> };
  expect(out.createExo).toBe("function");
  expect(out.checkAction).toBe("function");
  for (const [sub, pkgName] of [
    ["openai-agents", "@openai/agents"],
    ["claude-agent-sdk", "@anthropic-ai/claude-agent-sdk"],
  ] as const) {
    const e = out.subpaths[sub];
    expect(e, sub).toMatchObject({ exo: true, code: "ENVIRONMENT_UNSUPPORTED", hint: `npm install ${pkgName}`, details: { package: pkgName }, exitCode: 1 });
    expect(e?.message).toContain(`exoprotocol/${sub} needs the optional peer dependency ${pkgName}`);
  }
});
