// A segment without its trailing newline is never glued onto; a torn last line is repaired by
// doctor --fix; segment_deleted names the segment (issue #18).
import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { appendFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

async function onlySegment(repo: string): Promise<string> {
  const names = (await readdir(join(repo, ".exo/ledger"))).filter((n) => n.endsWith(".jsonl"));
  expect(names).toHaveLength(1);
  return join(repo, ".exo/ledger", names[0] as string);
}

test("an append after a missing trailing newline keeps every line parsable", async () => {
  const repo = await initRepo();
  const seg = await onlySegment(repo);
  const text = await readFile(seg, "utf8");
  await writeFile(seg, text.replace(/\n$/, ""));
  expect((await exo(repo, "ticket-create", "one", "--id", "T1")).code).toBe(0);
  const after = await readFile(seg, "utf8");
  expect(after.endsWith("\n")).toBe(true);
  for (const line of after.trimEnd().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
  expect(envelope(await exo(repo, "doctor", "--section", "ledger")).data.sections[0].status).toBe("pass");
});

test("a torn last line: appends continue elsewhere, doctor --fix cuts it off and saves it", async () => {
  const repo = await initRepo();
  const seg = await onlySegment(repo);
  await appendFile(seg, '{"v":1,"seq":');
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(false);
  expect((await exo(repo, "ticket-create", "one", "--id", "T1")).code).toBe(0);
  const doctor = envelope(await exo(repo, "doctor", "--section", "ledger"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "ledger", status: "fail", fixable: true });
  const fix = envelope(await exo(repo, "doctor", "--fix", "--section", "ledger"));
  expect(fix.data.fixed).toEqual([expect.objectContaining({ section: "ledger", action: expect.stringMatching(/torn/) })]);
  expect(fix.data.sections[0].status).toBe("pass");
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
  const torn = (await readdir(join(repo, ".exo/cache/ledger"))).filter((n) => n.startsWith("torn-"));
  expect(torn).toHaveLength(1);
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records.map((r: { type: string }) => r.type);
  expect(records).toContain("ticket.created");
});

test("the writer's tail hint is rewritten in place (no temp file renamed over it, which made ext4 write it out with every append's fsync), and a tail hard-linked to another file is replaced, never written through", async () => {
  const repo = await initRepo();
  const seg = await onlySegment(repo);
  const tail = join(repo, ".exo/cache/ledger", `${seg.split("/").pop()?.replace(/\.jsonl$/, "")}.tail.json`);
  const before = statSync(tail).ino;
  expect((await exo(repo, "ticket-create", "one", "--id", "T1")).code).toBe(0);
  expect(statSync(tail).ino).toBe(before);
  const last = JSON.parse((await readFile(seg, "utf8")).trimEnd().split("\n").pop() as string) as { seq: number; hash: string };
  expect(JSON.parse(await readFile(tail, "utf8"))).toEqual({ seq: last.seq, hash: last.hash });
  // A second name of the tail's file (a hand's ln): the other file keeps its text.
  const other = join(repo, "notes.txt");
  rmSync(tail);
  writeFileSync(other, "mine\n");
  linkSync(other, tail);
  expect((await exo(repo, "ticket-create", "two", "--id", "T2")).code).toBe(0);
  expect(readFileSync(other, "utf8")).toBe("mine\n");
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records.map((r: { type: string }) => r.type);
  expect(records.filter((t: string) => t === "ticket.created")).toHaveLength(2);
});
