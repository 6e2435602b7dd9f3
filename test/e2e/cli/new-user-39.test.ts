// A new user's first hours and a small team's first day, thirty-ninth pass: exo status's next row,
// with nothing ready and your own session open, gives that session's finish (or, suspended, its
// resume) as exo ready and exo alone do, and JSON own_session carries it; with neither, exo
// ready's next: (a task in review: its close), JSON ready_next. exo trace-reqs with no
// requirements names .exo/requirements.yaml and the format's page, as exo trace does for features.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, pasted, tempRepo } from "../../helpers/repo.js";

test("the quick start's session open and nothing else ready: exo status's next row gives its finish, as exo ready's next: does, and once suspended its resume (JSON own_session with next_command); before: 'nothing ready (exo ready says why)', one more command to learn it", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const id = (envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session as { id: string }).id;
  expect(id).toMatch(/^SES-/);
  const ready = (await exo(repo, "ready", { json: false })).stdout;
  expect(ready).toContain('next: exo session-finish --summary "…"\n');
  const status = envelope(await exo(repo, "status"));
  expect(status.data.own_session).toEqual({ id, ticket: "TICKET-001", status: "active", next_command: 'exo session-finish --summary "…"' });
  const text = (await exo(repo, "status", { json: false })).stdout;
  expect(text).toContain('next        nothing ready; your session on TICKET-001 is open:\n              exo session-finish --summary "…"\n');
  expect(text).not.toContain("exo ready says why");
  expect((await exo(repo, "session-suspend", "--reason", "lunch")).code).toBe(0);
  expect((await exo(repo, "ready", { json: false })).stdout).toContain(`next: exo session-resume --session-id ${id}\n`);
  expect(envelope(await exo(repo, "status")).data.own_session).toMatchObject({ id, status: "suspended", next_command: `exo session-resume --session-id ${id}` });
  expect((await exo(repo, "status", { json: false })).stdout).toContain(`next        nothing ready; your session on TICKET-001 is suspended:\n              exo session-resume --session-id ${id}\n`);
}, 90_000);

test("the quick start finished and committed, its task in review: exo status's next row gives exo ready's next: (the close), JSON ready_next (before: 'nothing ready (exo ready says why)' while exo ready and exo alone said exo ticket-close TICKET-001)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(repo, "README.md"), "# app\n\nA first change.\n");
  const finished = envelope(await exo(repo, "session-finish", "--summary", "first change"));
  if (finished.data.commit_command) pasted(repo, (finished.data.commit_command as string).replace("…", "first change"));
  const ready = envelope(await exo(repo, "ready"));
  expect(ready.data.next_command).toBe("exo ticket-close TICKET-001");
  const status = envelope(await exo(repo, "status"));
  expect(status.data.ready_next).toBe("exo ticket-close TICKET-001");
  expect(status.data.own_session).toBeNull();
  const text = (await exo(repo, "status", { json: false })).stdout;
  expect(text).toContain("next        nothing ready; exo ready's next step (exo ticket-close TICKET-001)\n");
  expect(text).not.toContain("exo ready says why");
}, 90_000);

test("exo trace-reqs in a fresh install, as docs/traceability.md leads a new user to it: it says where requirements go and where their format is, as exo trace does for features (before: 'trace-reqs passed: 0 requirements, 0 problems' and no word more)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "trace", { json: false })).stdout).toContain("no .exo/features.yaml entries (format: exoprotocol's docs/traceability.md)");
  const reqs = await exo(repo, "trace-reqs", { json: false });
  expect(reqs.code).toBe(0);
  expect(reqs.stdout.replace(/\n\s+/g, " ")).toContain("no .exo/requirements.yaml entries (format: exoprotocol's docs/traceability.md)");
}, 90_000);
