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

test("doctor --fix's withTtyForcedOff puts exo's line in place of the one that turned the terminal on, keeping the rest; ttySetting reads it", async () => {
  const { ttySetting, withTtyForcedOff } = await import("../../../src/stdlib/hooks/codex-tty.js");
  for (const text of [
    "[features]\nunified_exec_tty = true # mine\nweb_search = true\n\n[mcp_servers.a]\ncommand = \"a\"\n",
    "features.unified_exec_tty = true\nmodel = \"x\"\n",
    'model = "x"\n',
    "",
  ]) {
    expect(await ttySetting(text), text).toBe(text.includes("true #") || text.startsWith("features.") ? "on" : "unset");
    const next = await withTtyForcedOff(text);
    expect(next, text).not.toBeNull();
    expect(flag(next as string)).toBe(false);
    expect(await ttySetting(next as string)).toBe("off");
    expect(next).toContain(TTY_LINE);
    const { features: _a, ...rest } = parse(text) as Record<string, unknown>;
    const { features: _b, ...restNext } = parse(next as string) as Record<string, unknown>;
    expect(restNext).toEqual(rest);
  }
  // An inline table is the person's to edit; an unparsable file is not judged.
  expect(await withTtyForcedOff("features = { unified_exec_tty = true }\n")).toBeNull();
  expect(await ttySetting("[features\n")).toBeNull();
});
