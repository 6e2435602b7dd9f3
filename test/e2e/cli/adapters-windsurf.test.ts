// The Windsurf rules adapter (issue #19): .windsurf/rules/exo.md, installed with Windsurf's hooks,
// generated from the same block as CLAUDE.md/AGENTS.md, checked for staleness like the others.
import { staleAdapters } from "../../helpers/adapters.js";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, tempRepo } from "../../helpers/repo.js";
import { writeTickets } from "../../helpers/tickets.js";

const RULE = ".windsurf/rules/exo.md";

const targetOf = (data: { targets: { target: string; status: string; path: string }[] }, t: string) => data.targets.find((x) => x.target === t);

async function doctorAdapters(repo: string) {
  return envelope(await exo(repo, "doctor", "--section", "adapters")).data.sections.find((s: { name: string }) => s.name === "adapters");
}

test("install with Windsurf writes .windsurf/rules/exo.md: always-on front matter, exo's markers, the same governance block", async () => {
  const repo = await tempRepo();
  const run = await exo(repo, "install", "--harness", "claude", "--harness", "windsurf", "--harness", "git");
  expect(run.code).toBe(0);
  const text = await readFile(join(repo, RULE), "utf8");
  expect(text.startsWith("---\ntrigger: always_on\ndescription: exo governance for this repository\n---\n<!-- exo:begin -->\n")).toBe(true);
  expect(text.endsWith("<!-- exo:end -->\n")).toBe(true);
  const policy = JSON.parse(await readFile(join(repo, ".exo/policy.sealed.json"), "utf8"));
  expect(text).toContain(`<!-- exo:governance sha256=${policy.lock_sha256}`);
  expect(text).toContain("EXO_ACTOR=agent:windsurf exo session-start --ticket-id '<ID>'");
  expect(text).toMatch(/Windsurf Cascade hooks installed by exo/);
  // The rules section is the one CLAUDE.md carries.
  const claude = await readFile(join(repo, "CLAUDE.md"), "utf8");
  const rules = (s: string) => s.slice(s.indexOf("### Rules"), s.indexOf("### Open intents"));
  expect(rules(text)).toBe(rules(claude));
  expect(text.length).toBeLessThan(12_000);
  const generated = JSON.parse(await readFile(join(repo, ".exo/generated.json"), "utf8"));
  expect(generated.files[RULE]).toMatchObject({ target: "windsurf", kind: "file", governance_sha256: policy.lock_sha256 });
  expect(existsSync(join(repo, ".windsurf/hooks.json"))).toBe(true);
  expect(targetOf(envelope(await exo(repo, "adapter-generate", "--check")).data, "windsurf")?.status).toBe("fresh");
  expect(await doctorAdapters(repo)).toMatchObject({ status: "pass" });
  // exo's own file: not counted as the agents' drift or scope.
  expect(envelope(await exo(repo, "status")).data.adapters).toEqual([]);
});

test("the Windsurf rule goes stale after a compose (status, doctor, --check), is refused when hand-edited, and regenerates", async () => {
  const repo = await tempRepo({ ".windsurf/.keep": "" });
  expect((await exo(repo, "install", "--no-hooks")).code).toBe(0);
  expect(existsSync(join(repo, RULE))).toBe(true);
  const stale = await staleAdapters(repo);
  expect(stale.error?.message).toContain(`${RULE} is stale`);
  expect(envelope(await exo(repo, "status")).data.adapters).toEqual(expect.arrayContaining([{ target: "windsurf", status: "stale" }]));
  const doctor = await doctorAdapters(repo);
  expect(doctor.status).toBe("warn");
  expect(doctor.message).toMatch(/windsurf stale/);

  expect(targetOf(envelope(await exo(repo, "adapter-generate")).data, "windsurf")?.status).toBe("written");
  expect(targetOf(envelope(await exo(repo, "adapter-generate", "--check")).data, "windsurf")?.status).toBe("fresh");

  const file = join(repo, RULE);
  await writeFile(file, (await readFile(file, "utf8")).replace("trigger: always_on", "trigger: manual"));
  expect(targetOf(envelope(await exo(repo, "adapter-generate", "--check")).data, "windsurf")?.status).toBe("edited");
  const refused = await exo(repo, "adapter-generate", "--target", "windsurf");
  expect(envelope(refused).error).toMatchObject({ code: "ADAPTER_EDITED", details: { paths: [RULE] } });
  expect(await readFile(file, "utf8")).toMatch(/trigger: manual/);
  expect((await exo(repo, "adapter-generate", "--target", "windsurf", "--force")).code).toBe(0);
  expect(await readFile(file, "utf8")).toMatch(/^---\ntrigger: always_on\n/);
});

test("without Windsurf no rule file is written; --target windsurf writes it on request", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install", "--no-hooks")).code).toBe(0);
  expect(existsSync(join(repo, RULE))).toBe(false);
  expect(envelope(await exo(repo, "adapter-generate", "--check")).data.targets.map((t: { target: string }) => t.target)).not.toContain("windsurf");
  const run = envelope(await exo(repo, "adapter-generate", "--target", "windsurf"));
  expect(run.data.targets).toEqual([{ target: "windsurf", path: RULE, status: "written" }]);
  expect(await readFile(join(repo, RULE), "utf8")).toMatch(/^---\ntrigger: always_on\n/);
});

test("a governance block over Windsurf's 12,000-character limit is shortened in its intent listing, never in its rules", async () => {
  const repo = await tempRepo({ ".windsurf/.keep": "" });
  expect((await exo(repo, "install", "--no-hooks")).code).toBe(0);
  const globs = Array.from({ length: 12 }, (_, i) => `src/module-${i}/very/deep/path/**`);
  await writeTickets(
    repo,
    Array.from({ length: 20 }, (_, i) => ({ id: `INT-${String(i).padStart(2, "0")}`, kind: "intent" as const, title: `${"A long intent title ".repeat(9)}${i}`, allow: globs })),
  );
  const run = envelope(await exo(repo, "adapter-generate", "--target", "windsurf", "--target", "claude"));
  expect(run.ok).toBe(true);
  const text = await readFile(join(repo, RULE), "utf8");
  const claude = await readFile(join(repo, "CLAUDE.md"), "utf8");
  expect(claude.length).toBeGreaterThan(12_000);
  expect(text.length).toBeLessThanOrEqual(12_000);
  expect(text).toContain("### Rules");
  expect(text).toContain("### Learnings");
  expect(text.endsWith("<!-- exo:end -->\n")).toBe(true);
  expect((text.match(/^- INT-/gm) ?? []).length).toBeLessThan((claude.match(/^- INT-/gm) ?? []).length);
  expect(targetOf(envelope(await exo(repo, "adapter-generate", "--check", "--target", "windsurf")).data, "windsurf")?.status).toBe("fresh");
});
