// exo next with every ticket file unreadable: the answer names the files and points at doctor,
// never "there are no tickets yet" with the hint to create a first intent.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

test("the only ticket has a duplicate key: NO_TICKET names its file and hints doctor's tickets section", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  appendFileSync(join(repo, ".exo/tickets/T1.yaml"), "status: todo\n");
  const next = envelope(await exo(repo, "next"));
  expect(next.error?.code).toBe("NO_TICKET");
  expect(next.error?.message).toContain("1 ticket file cannot be read (.exo/tickets/T1.yaml)");
  expect(next.error?.message).not.toContain("no tickets yet");
  expect(next.error?.hint).toBe("exo doctor --section tickets");
});
