import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { syncFolders, syncFoldersAsync, unsyncedFolderCount, writeFileAtomic } from "../../../src/io/fs-atomic.js";

describe("atomic writes and the folder sync at the end of a command", () => {
  it("writes whole files, leaves no temp file, and syncs each folder once when asked", async () => {
    syncFolders();
    const dir = mkdtempSync(join(tmpdir(), "exo-atomic-"));
    await writeFileAtomic(join(dir, "a", "one.json"), "1\n");
    await writeFileAtomic(join(dir, "a", "two.json"), "2\n");
    await writeFileAtomic(join(dir, "b", "three.json"), "3\n", { fsync: false });
    expect(readFileSync(join(dir, "a", "two.json"), "utf8")).toBe("2\n");
    expect(readFileSync(join(dir, "b", "three.json"), "utf8")).toBe("3\n");
    expect(readdirSync(join(dir, "a")).sort()).toEqual(["one.json", "two.json"]);
    // Two folders renamed into, three renames: two folder syncs wait for the end of the command.
    expect(unsyncedFolderCount()).toBe(2);
    await syncFoldersAsync();
    expect(unsyncedFolderCount()).toBe(0);
  });

  it("a folder that went away meanwhile does not fail the sync", async () => {
    const dir = mkdtempSync(join(tmpdir(), "exo-atomic-"));
    await writeFileAtomic(join(dir, "gone", "x"), "x");
    await writeFileAtomic(join(dir, "kept", "y"), "y");
    const { rmSync } = await import("node:fs");
    rmSync(join(dir, "gone"), { recursive: true });
    await expect(syncFoldersAsync()).resolves.toBeUndefined();
    expect(unsyncedFolderCount()).toBe(0);
  });
});
