import fc from "fast-check";
import { expect, test } from "vitest";
import { isExoEntry, mergeJsonServers, mergeTomlServers, serverEntry } from "../../../src/stdlib/mcp-config/model.js";

// The npx entry earlier exo versions wrote: still exo's, brought up to the launcher entry.
const npxEntry = (version: string, cursor = false) => ({ command: "npx", args: ["-y", "-p", `exoprotocol@${version}`, "exo-mcp", ...(cursor ? ["--repo", "${workspaceFolder}"] : [])] });
const codex = serverEntry("codex");
const CODEX_SCRIPT = 'exec node "$(git rev-parse --show-toplevel 2>/dev/null || pwd)/.exo/bin/exo-mcp.mjs" "$@"';
const TABLE = `[mcp_servers.exo]\ncommand = "sh"\nargs = ["-c", ${JSON.stringify(CODEX_SCRIPT)}, "exo-mcp"]\nenv = { EXO_MCP_DEFAULT_ACTOR = "agent:codex" }\nenv_vars = ["EXO_ACTOR", "EXO_SESSION_ID"]\n`;
// The table exo wrote before the default actor: still exo's, brought up to date.
const OLD_TABLE = `[mcp_servers.exo]\ncommand = "sh"\nargs = ["-c", ${JSON.stringify(CODEX_SCRIPT)}, "exo-mcp"]\n`;

test("the entries run the committed launcher: Codex's from the top git names, Cursor's through ${workspaceFolder}; each acts as the agent its adapter names", () => {
  expect(serverEntry("claude")).toEqual({ command: "node", args: [".exo/bin/exo-mcp.mjs"], env: { EXO_MCP_DEFAULT_ACTOR: "agent:claude" } });
  expect(serverEntry("codex")).toEqual({ command: "sh", args: ["-c", CODEX_SCRIPT, "exo-mcp"], env: { EXO_MCP_DEFAULT_ACTOR: "agent:codex" }, env_vars: ["EXO_ACTOR", "EXO_SESSION_ID"] });
  expect(serverEntry("cursor")).toEqual({ command: "node", args: ["${workspaceFolder}/.exo/bin/exo-mcp.mjs", "--repo", "${workspaceFolder}"], env: { EXO_MCP_DEFAULT_ACTOR: "agent:cursor" } });
});

test("TOML: the table exo wrote before the default actor is updated in place", () => {
  const user = 'model = "o4"\n\n';
  const updated = mergeTomlServers(`${user}${OLD_TABLE}\n[profiles.fast]\nmodel = "mini"\n`, codex);
  expect(updated).toEqual({ text: `${user}${TABLE}\n[profiles.fast]\nmodel = "mini"\n`, status: "updated" });
  expect(mergeTomlServers(updated.text, codex).status).toBe("unchanged");
});

test("TOML: appends the exo table after the user's text, then updates only it", () => {
  const user = 'model = "o4"\n\n[mcp_servers.docs]\ncommand = "docs"\nargs = []\n';
  const added = mergeTomlServers(user, npxEntry("1.0.0"));
  expect(added.status).toBe("added");
  expect(added.text.startsWith(user)).toBe(true);
  expect(mergeTomlServers(added.text, npxEntry("1.0.0"))).toEqual({ text: added.text, status: "unchanged" });
  const withTail = `${added.text}\n[profiles.fast]\nmodel = "mini"\n`;
  const updated = mergeTomlServers(withTail, codex);
  expect(updated.status).toBe("updated");
  expect(updated.text).toBe(withTail.replace('[mcp_servers.exo]\ncommand = "npx"\nargs = ["-y", "-p", "exoprotocol@1.0.0", "exo-mcp"]\n', TABLE));
  expect(mergeTomlServers(updated.text, codex)).toEqual({ text: updated.text, status: "unchanged" });
  expect(mergeTomlServers("", codex).text).toBe(TABLE);
  expect(mergeTomlServers("a = 1", codex).text).toBe(`a = 1\n\n${TABLE}`);
});

test("TOML: an exo server the user declared (other command, env sub-table, dotted keys) is kept", () => {
  for (const text of [
    '[mcp_servers.exo]\ncommand = "exo-mcp"\nargs = []\n',
    '[mcp_servers.exo]\ncommand = "node"\nargs = [".exo/bin/exo-mcp.mjs", "--profile", "core"]\n',
    '[mcp_servers.exo]\ncommand = "npx"\nargs = ["-y", "-p", "exoprotocol@1.0.0", "exo-mcp"]\n[mcp_servers.exo.env]\nA = "1"\n',
    `${TABLE}[mcp_servers.exo.env]\nA = "1"\n`,
    'mcp_servers.exo.command = "exo-mcp"\n',
    '[mcp_servers]\nexo = { command = "exo-mcp" }\n',
  ]) {
    expect(mergeTomlServers(text, codex)).toEqual({ text, status: "kept" });
  }
});

test("JSON: exo's entry is added or updated; other servers and keys are kept in order; a user's own exo entry is kept", () => {
  const claude = serverEntry("claude");
  fc.assert(
    fc.property(fc.dictionary(fc.string({ minLength: 1 }).filter((k) => k !== "exo" && k !== "__proto__"), fc.record({ command: fc.string() })), (servers) => {
      const settings = { before: 1, mcpServers: servers, after: [1] };
      const { value, status } = mergeJsonServers(settings, claude);
      expect(status).toBe("added");
      const out = value["mcpServers"] as Record<string, unknown>;
      expect(Object.keys(out)).toEqual([...Object.keys(servers), "exo"]);
      for (const [k, v] of Object.entries(servers)) expect(out[k]).toEqual(v);
      expect(Object.keys(value)).toEqual(["before", "mcpServers", "after"]);
      expect(mergeJsonServers(value, claude).status).toBe("unchanged");
    }),
  );
  const own = { mcpServers: { exo: { command: "node", args: ["/src/exo/dist/mcp/bin.js"] } } };
  expect(mergeJsonServers(own, claude)).toEqual({ value: own, status: "kept" });
  for (const [harness, old] of [["claude", npxEntry("0.9.0")], ["cursor", npxEntry("0.9.0", true)]] as const) {
    const merged = mergeJsonServers({ mcpServers: { exo: old } }, serverEntry(harness));
    expect(merged.status).toBe("updated");
    expect((merged.value["mcpServers"] as Record<string, unknown>)["exo"]).toEqual(serverEntry(harness));
  }
});

test("isExoEntry recognises exactly the forms exo writes, now and before", () => {
  for (const harness of ["claude", "cursor", "codex"] as const) expect(isExoEntry(serverEntry(harness))).toBe(true);
  expect(isExoEntry(npxEntry("1.0.0"))).toBe(true);
  expect(isExoEntry(npxEntry("2.0.0-rc.1", true))).toBe(true);
  expect(isExoEntry({ command: "node", args: [".exo/bin/exo-mcp.mjs"] })).toBe(true);
  expect(isExoEntry({ ...serverEntry("claude"), env: { EXO_MCP_DEFAULT_ACTOR: "agent:codex" } })).toBe(true);
  expect(isExoEntry({ ...serverEntry("claude"), env: {} })).toBe(false);
  expect(isExoEntry({ ...serverEntry("claude"), env: { EXO_MCP_DEFAULT_ACTOR: "human:boss" } })).toBe(false);
  expect(isExoEntry({ ...serverEntry("claude"), env: { EXO_MCP_DEFAULT_ACTOR: "agent:claude", TOKEN: "x" } })).toBe(false);
  expect(isExoEntry({ ...serverEntry("claude"), env_vars: ["EXO_ACTOR", "EXO_SESSION_ID"] })).toBe(false);
  expect(isExoEntry({ command: "node", args: [".exo/bin/exo-mcp.mjs", "--profile", "core"] })).toBe(false);
  expect(isExoEntry({ command: "node", args: ["other.mjs"] })).toBe(false);
  expect(isExoEntry({ command: "sh", args: ["-c", "exec other", "exo-mcp"] })).toBe(false);
  expect(isExoEntry({ command: "npx", args: ["-y", "-p", "other@1.0.0", "exo-mcp"] })).toBe(false);
  expect(isExoEntry(null)).toBe(false);
});
