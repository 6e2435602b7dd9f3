// Black-box checks of SPEC §6 command contracts found wanting by an audit against §5.1, §4.5.2 and §13.
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

test("filter flags that name an id or a type are validated like every other id: INVALID_INPUT, exit 2 (SPEC §4.5.2, §5.1)", async () => {
  const repo = await initRepo();
  const cases: [string[], string, string][] = [
    [["ledger-show", "--writer", "../../etc"], "writer", "id_invalid"],
    [["ledger-show", "--writer", "BAD.main.x"], "writer", "id_invalid"],
    [["trace", "--feature", "../x"], "feature", "id_invalid"],
    [["reflections", "--scope", "../x"], "scope", "id_invalid"],
    [["tickets", "--type", "Not A Type"], "type", "invalid_format"],
  ];
  for (const [argv, path, code] of cases) {
    const run = await exo(repo, ...argv);
    expect(run.code, argv.join(" ")).toBe(2);
    const env = envelope(run);
    expect(env.error?.code, argv.join(" ")).toBe("INVALID_INPUT");
    expect(env.error?.details.issues[0], argv.join(" ")).toMatchObject({ path, code });
  }
  // Valid values still filter.
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { writer: string }[];
  const writer = records[0]?.writer as string;
  expect(envelope(await exo(repo, "ledger-show", "--writer", writer, "--all")).data.total).toBe(records.length);
  expect(envelope(await exo(repo, "trace", "--feature", "billing")).ok).toBe(true);
  expect(envelope(await exo(repo, "reflections", "--scope", "global")).ok).toBe(true);
  expect(envelope(await exo(repo, "reflections", "--scope", "TICKET-001")).ok).toBe(true);
  expect(envelope(await exo(repo, "tickets", "--type", "bug")).data.total).toBe(0);
});
