import { expect, test } from "vitest";
import { patchTargets, shellTargets } from "../../../src/kernel/shell.js";

const ctx = { cwd: "/r", home: "/home/u", vars: { CLAUDE_PROJECT_DIR: "/r" }, isDirectory: (p: string) => p === "/r/dir" };

type Row = [command: string, writes: string[], deletes: string[], unknown: boolean];

// Paths are relative to /r unless absolute.
const CORPUS: Row[] = [
  ["echo x > f", ["f"], [], false],
  ["echo x >> logs/app.log", ["logs/app.log"], [], false],
  ["echo x >| f", ["f"], [], false],
  ["cmd &> out.txt", ["out.txt"], [], false],
  ["cmd 2> err.txt", ["err.txt"], [], false],
  ["cmd 2>&1 > all.txt", ["all.txt"], [], false],
  ["cmd > /dev/null 2>&1", [], [], false],
  ["tee -a f", ["f"], [], false],
  ["echo x | tee a b", ["a", "b"], [], false],
  ["sed -i s/a/b/ f", ["f"], [], false],
  ["sed -i.bak -e s/a/b/ f g", ["f", "g"], [], false],
  ["sed --in-place 's/a/b/' docs/README.md", ["docs/README.md"], [], false],
  ["sed s/a/b/ f", [], [], false],
  ["perl -pi -e 's/a/b/' f", ["f"], [], false],
  ["cp a f", ["f"], [], false],
  ["cp -r a b dir", ["dir/a", "dir/b"], [], false],
  ["cp -t dir a", ["dir/a"], [], false],
  ["install -m 644 a /usr/local/bin/a", ["/usr/local/bin/a"], [], false],
  ["mv f g", ["g"], ["f"], false],
  ["mv a b dir", ["dir/a", "dir/b"], ["a", "b"], false],
  ["rm f", [], ["f"], false],
  ["rm -rf build dist", [], ["build", "dist"], false],
  ["rmdir d", [], ["d"], false],
  ["unlink f", [], ["f"], false],
  ["shred -u secret", [], ["secret"], false],
  ["touch a b", ["a", "b"], [], false],
  ["mkdir -p src/new", ["src/new"], [], false],
  ["truncate -s 0 f", ["f"], [], false],
  ["chmod 755 run.sh", ["run.sh"], [], false],
  ["chown u:g f", ["f"], [], false],
  ["ln -s target link", ["link"], [], false],
  ["dd if=/dev/zero of=disk.img bs=1M count=1", ["disk.img"], [], false],
  ["git checkout main -- src/a.ts", ["src/a.ts"], [], false],
  ["git restore src/a.ts", ["src/a.ts"], [], false],
  ["git rm old.ts", [], ["old.ts"], false],
  ["git mv a.ts b.ts", ["b.ts"], ["a.ts"], false],
  ["git reset --hard", [], [], true],
  ["git checkout -f", [], [], true],
  ["git clean -fd", [], [], true],
  ["git stash", [], [], true],
  ["git apply fix.patch", [], [], true],
  ["patch -p1 < fix.patch", [], [], true],
  ["git status && git diff", [], [], false],
  ['bash -c "touch f"', ["f"], [], false],
  ["sh -c 'echo hi > x; rm y'", ["x"], ["y"], false],
  ["bash -c 'bash -c \"touch deep\"'", ["deep"], [], false],
  ['python -c "open(\'f\',\'w\')"', [], [], true],
  ["python3 - <<EOF\nopen('x','w')\nEOF", [], [], true],
  ["node -e 'require(\"fs\").writeFileSync(\"f\",\"\")'", [], [], true],
  ["ruby -e 'File.write(\"f\", 1)'", [], [], true],
  ["find . -name '*.tmp' | xargs rm", [], [], true],
  ["echo $HOME > a", ["a"], [], false],
  ["echo x > $OUT", [], [], true],
  ["echo x > \"$(pwd)/f\"", [], [], true],
  ["cd src && touch a.ts", ["src/a.ts"], [], false],
  ["cd /tmp; touch x", ["/tmp/x"], [], false],
  ["cd $DIR && touch a", [], [], true],
  ["cat <<'EOF' > notes.md\nline > not-a-file\nEOF", ["notes.md"], [], false],
  ["cat <<-END\n\techo > inside\n\tEND\ntouch after", ["after"], [], false],
  ["echo 'quoted > not redirect'", [], [], false],
  ["echo \"a;b\" > 'my file.txt'", ["my file.txt"], [], false],
  ["ls -la; pwd", [], [], false],
  ["npm test", [], [], false],
  ["grep -r TODO src", [], [], false],
  ["(cd sub && rm x)", [], ["sub/x"], false],
  ["{ echo a; echo b; } > both", ["both"], [], false],
  ["sudo rm /etc/hosts", [], ["/etc/hosts"], false],
  ["env A=1 touch f", ["f"], [], false],
  ["FOO=bar timeout 5 touch t", ["t"], [], false],
  ["nohup nice -n 5 rm -f x &", [], ["x"], false],
  ["echo $(touch sub)", ["sub"], [], false],
  ["echo `rm bq`", [], ["bq"], false],
  ["eval 'touch ev'", ["ev"], [], false],
  ["touch ~/.ssh/config", ["/home/u/.ssh/config"], [], false],
  ["echo x > ./src/../docs/x", ["docs/x"], [], false],
  ["echo x > ../outside", ["/outside"], [], false],
  ["echo x > \"$CLAUDE_PROJECT_DIR/a\"", ["a"], [], false],
];

const abs = (p: string) => (p.startsWith("/") ? p : `/r/${p}`);

test(`a corpus of ${CORPUS.length} shell commands is classified as SPEC §7.4 says`, () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(60);
  const wrong: string[] = [];
  for (const [command, writes, deletes, unknown] of CORPUS) {
    const r = shellTargets(command, ctx);
    const got = {
      writes: r.targets.filter((t) => t.action === "write").map((t) => t.path).sort(),
      deletes: r.targets.filter((t) => t.action === "delete").map((t) => t.path).sort(),
      unknown: r.unknown.length > 0,
    };
    const want = { writes: writes.map(abs).sort(), deletes: deletes.map(abs).sort(), unknown };
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${JSON.stringify(command)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
  expect(wrong).toEqual([]);
});

test("reads are extracted only when guarding reads", () => {
  const withReads = shellTargets("cat .env | grep KEY config/.env.local && cp secrets.pem out/", { ...ctx, guardReads: true });
  expect(withReads.targets.filter((t) => t.action === "read").map((t) => t.path).sort()).toEqual(["/r/.env", "/r/config/.env.local", "/r/secrets.pem"]);
  expect(shellTargets("cat .env", ctx).targets).toEqual([]);
  expect(shellTargets("wc -l < .env", { ...ctx, guardReads: true }).targets).toEqual([{ path: "/r/.env", action: "read" }]);
});

test("huge inputs and deep nesting are unknown writes", () => {
  expect(shellTargets(`echo ${"x".repeat(100_001)}`, ctx).unknown.length).toBe(1);
  const deep = "bash -c 'bash -c \"bash -c \\\"bash -c \\\\\\\"bash -c touch\\\\\\\"\\\"\"'";
  expect(shellTargets(deep, ctx).unknown.length).toBeGreaterThan(0);
});

test("apply_patch: Add/Update write, Delete deletes, Move deletes the old path and writes the new", () => {
  const patch = "*** Begin Patch\n*** Update File: src/a.ts\n*** Move to: src/b.ts\n@@\n-x\n+y\n*** Add File: docs/n.md\n+hi\n*** Delete File: old.ts\n*** End Patch\n";
  expect(patchTargets(patch, "/r")).toEqual([
    { path: "/r/src/a.ts", action: "delete" },
    { path: "/r/src/b.ts", action: "write" },
    { path: "/r/docs/n.md", action: "write" },
    { path: "/r/old.ts", action: "delete" },
  ]);
});

test("exo hook-install --uninstall is forbidden however exo is started; other exo commands and look-alikes are not", () => {
  const forbidden = (command: string) => shellTargets(command, ctx).forbidden ?? [];
  for (const command of [
    "exo hook-install --uninstall",
    "exo --format json hook-install --harness claude --uninstall",
    "exo --repo /r hook-install --uninstall=true",
    "npx exoprotocol hook-install --uninstall",
    "npx -y exoprotocol@1.0.0 hook-install --uninstall",
    "pnpm dlx exoprotocol hook-install --uninstall",
    "yarn exec exo hook-install --uninstall",
    "node node_modules/exoprotocol/dist/cli/bin.js hook-install --uninstall",
    "./node_modules/.bin/exo hook-install --uninstall",
    "cd sub && EXO_ACTOR=x exo hook-install --uninstall; echo done",
    "bash -c 'exo hook-install --uninstall'",
  ]) {
    expect(forbidden(command), command).toEqual(["exo hook-install --uninstall"]);
  }
  for (const command of [
    "exo hook-install",
    "exo hook-install --harness git --dry-run",
    "exo hook-install --uninstall --dry-run",
    "exo session-finish --summary 'exo hook-install --uninstall'",
    "echo exo hook-install --uninstall",
    "exo ticket-create hook-install --uninstall-notes x",
    "npx prettier --write hook-install",
  ]) {
    expect(forbidden(command), command).toEqual([]);
  }
});
