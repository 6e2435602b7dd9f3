import fc from "fast-check";
import { expect, test } from "vitest";
import { isExoEntry, mergeJsonServers, mergeTomlServers, serverEntry } from "../../../src/stdlib/mcp-config/model.js";

const v1 = serverEntry("codex", "1.0.0");
const v2 = serverEntry("codex", "1.2.3");

test("TOML: appends the exo table after the user's text, then updates only it", () => {
  const user = 'model = "o4"\n\n[mcp_servers.docs]\ncommand = "docs"\nargs = []\n';
  const added = mergeTomlServers(user, v1);
  expect(added.status).toBe("added");
  expect(added.text.startsWith(user)).toBe(true);
  expect(mergeTomlServers(added.text, v1)).toEqual({ text: added.text, status: "unchanged" });
  const withTail = `${added.text}\n[profiles.fast]\nmodel = "mini"\n`;
  const updated = mergeTomlServers(withTail, v2);
  expect(updated.status).toBe("updated");
  expect(updated.text).toBe(withTail.replace("exoprotocol@1.0.0", "exoprotocol@1.2.3"));
  expect(mergeTomlServers("", v1).text).toBe('[mcp_servers.exo]\ncommand = "npx"\nargs = ["-y", "-p", "exoprotocol@1.0.0", "exo-mcp"]\n');
  expect(mergeTomlServers("a = 1", v1).text).toBe('a = 1\n\n[mcp_servers.exo]\ncommand = "npx"\nargs = ["-y", "-p", "exoprotocol@1.0.0", "exo-mcp"]\n');
});

test("TOML: an exo server the user declared (other command, env sub-table, dotted keys) is kept", () => {
  for (const text of [
    '[mcp_servers.exo]\ncommand = "exo-mcp"\nargs = []\n',
    '[mcp_servers.exo]\ncommand = "npx"\nargs = ["-y", "-p", "exoprotocol@1.0.0", "exo-mcp"]\n[mcp_servers.exo.env]\nA = "1"\n',
    'mcp_servers.exo.command = "exo-mcp"\n',
    '[mcp_servers]\nexo = { command = "exo-mcp" }\n',
  ]) {
    expect(mergeTomlServers(text, v1)).toEqual({ text, status: "kept" });
  }
});

test("JSON: exo's entry is added or updated; other servers and keys are kept in order; a user's own exo entry is kept", () => {
  const claude = serverEntry("claude", "1.0.0");
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
  const old = mergeJsonServers({}, serverEntry("claude", "0.9.0")).value;
  expect(mergeJsonServers(old, claude).status).toBe("updated");
});

test("isExoEntry recognises exactly the forms exo writes", () => {
  expect(isExoEntry(serverEntry("claude", "1.0.0"))).toBe(true);
  expect(isExoEntry(serverEntry("cursor", "2.0.0-rc.1"))).toBe(true);
  expect(isExoEntry({ ...serverEntry("claude", "1.0.0"), env: {} })).toBe(false);
  expect(isExoEntry({ command: "npx", args: ["-y", "-p", "other@1.0.0", "exo-mcp"] })).toBe(false);
  expect(isExoEntry(null)).toBe(false);
});
