import { parse } from "smol-toml";
import { expect, test } from "vitest";
import { TTY_LINE, withoutTtyLine, withTtyOff } from "../../../src/stdlib/hooks/codex-tty.js";

const flag = (text: string) => (parse(text)["features"] as Record<string, unknown> | undefined)?.["unified_exec_tty"];

test("exo's Codex hooks switch the command terminal off in the project config.toml wherever its [features] are, and uninstall takes only exo's line out", async () => {
  const cases = [
    "",
    'model = "gpt-5"\n',
    "[features]\nweb_search = true\n\n[profiles.fast]\nmodel = \"m\"\n",
    "features.web_search = true\nmodel = \"x\"\n\n[mcp_servers.a]\ncommand = \"a\"\n",
    "[features.sub]\nx = 1\n",
    "[mcp_servers.exo]\ncommand = \"node\"",
  ];
  for (const text of cases) {
    const next = await withTtyOff(text);
    expect(flag(next), text).toBe(false);
    expect(next).toContain(TTY_LINE);
    expect(await withTtyOff(next)).toBe(next);
    const back = withoutTtyLine(next);
    expect(flag(back === "" ? "" : back)).toBeUndefined();
    expect(parse(back)).toEqual(parse(text));
  }
  // A person's own choice, either way, is kept; so is a file Codex could not parse, and an inline table.
  for (const text of ["[features]\nunified_exec_tty = true\n", "features.unified_exec_tty = false\n", "[features\n", "features = { hooks = true }\n"]) expect(await withTtyOff(text)).toBe(text);
});
