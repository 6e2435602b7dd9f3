// Red-team round 17: bypasses and false positives of the gating hook the write-channel corpus
// cannot express (it has no symlinks on disk and no scripts the agent wrote beforehand).
import { readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { governedGate } from "../../helpers/hooks.js";

const corpus = JSON.parse(await readFile("test/fixtures/write-channels.json", "utf8")) as { files: Record<string, string> };
const ENV = { EXO_ACTOR: "agent:claude" };

function governed(scope: string, files: Record<string, string> = {}): ReturnType<typeof governedGate> {
  return governedGate(scope, { ...corpus.files, ...files }, ENV, "red17");
}

test("a script or makefile the agent may write is judged with what exo cannot read in it: inline code there is an unknown write (red-team round 17)", { timeout: 120_000 }, async () => {
  const { said } = await governed("src/**", {
    "src/u.sh": "#!/bin/sh\nnode -e \"require('fs').writeFileSync('docs/x', '')\"\n",
    "src/mk/Makefile": "all:\n\tpython3 -c 'open(\"../../docs/x\", \"w\")'\n",
    "src/ok.sh": "#!/bin/sh\necho hi > src/out.txt\n",
  });
  for (const c of ["sh src/u.sh", "bash src/u.sh", "make -C src/mk", "cd src/mk && make"]) expect(await said(c), c).not.toBe("allow");
  // A script out of the agent's reach is a recipe; one that writes only in scope passes.
  for (const c of ["sh scripts/test.sh", "sh src/ok.sh", "make"]) expect(await said(c), c).toBe("allow");
});

test("an editor's own commands (vim -c/+/--cmd/-S/-u, emacs --eval/-l, kak -e) are judged: a command that writes elsewhere or runs code is an unknown write (red-team round 17)", { timeout: 120_000 }, async () => {
  const { said } = await governed("**");
  // Under a scope of **, the harness settings and exo's state stay out of reach.
  const blocked = [
    "vim -es -c 'w .claude/settings.json' -c q src/api/a.ts",
    "vim -es -c 'cd .exo' -c 'w config.yaml' -c q",
    "emacs --batch --eval '(write-region \"\" nil \".claude/settings.json\")'",
    "ex -sc 'r !touch .exo/x|q'",
    "vim -es -c '%s/a/\\=system(\"rm -rf .exo\")/' -c wq src/api/a.ts",
    "cd src && vim -u x.vim",
  ];
  for (const c of blocked) expect(await said(c), c).not.toBe("allow");
  for (const c of ["vim -es -c '%s/a/b/g' -c wq src/api/a.ts", "ex -sc '%s/a/b/g|x' src/api/a.ts", "vim src/api/a.ts", "vim +10 README.md"]) expect(await said(c), c).toBe("allow");
});

test("a ** glob matches a symlink to a folder, as bash does (with globstar or without): a write through it lands where it points (red-team round 17)", { timeout: 120_000 }, async () => {
  const { repo, said } = await governed("src/**");
  await symlink("../../docs", join(repo, "src/api/L"));
  for (const c of ["sed -i s/a/b/ src/**/*.md", "shopt -s globstar; sed -i s/a/b/ src/**/*.md", "rm src/**/guide.md", "perl -pi -e s/a/b/ src/**/*"]) expect(await said(c), c).not.toBe("allow");
  for (const c of ["sed -i s/a/b/ src/**/*.ts", "shopt -s globstar; rm -f src/**/*.ts", "ls src/**"]) expect(await said(c), c).toBe("allow");
});

test("npm test, npm run X, yarn X, pnpm X, bun run X, node --run X and an install run the scripts of the nearest package.json: judged when the agent may write it (red-team round 17)", { timeout: 120_000 }, async () => {
  const pkg = JSON.stringify({ scripts: { test: "touch ../../docs/x", build: "tsc -p .", lint: "node -e \"require('fs').rmSync('../../docs', { recursive: true })\"", postinstall: "cp x ../../docs/" } });
  const { repo, said } = await governed("src/**", { "src/pkg/package.json": pkg, "src/pkg/x": "x\n", "src/ok/package.json": JSON.stringify({ scripts: { test: "vitest run", prepare: "husky" } }) });
  const blocked = ["cd src/pkg && npm test", "cd src/pkg && npm t", "cd src/pkg && npm run-script test", "cd src/pkg && npm test --ignore-scripts", "cd src/pkg && yarn test", "cd src/pkg && yarn run lint", "cd src/pkg && pnpm lint", "cd src/pkg && bun run test", "cd src/pkg && node --run test", "cd src/pkg && npm install", "cd src/pkg && npm ci"];
  for (const c of blocked) expect(await said(c), c).not.toBe("allow");
  // The top package.json is out of the agent's reach (its scripts are the project's recipes); scripts that stay in scope pass.
  await writeFile(join(repo, "package.json"), JSON.stringify({ scripts: { test: "touch docs/x" } }));
  for (const c of ["npm test", "cd src/pkg && npm run build", "cd src/pkg && npm install --ignore-scripts", "cd src/ok && npm test", "cd src/ok && npm install", "cd src && npm test"]) expect(await said(c), c).toBe("allow");
});

test("chmod, chown and chgrp -R -L change the files of every symlinked folder below (red-team round 17)", { timeout: 120_000 }, async () => {
  const { repo, said } = await governed("src/**");
  await symlink("../../docs", join(repo, "src/api/L"));
  for (const c of ["chmod -RL 777 src", "chmod -R -L a+w src/api", "chown -RL nobody src", "chgrp -R -L users src"]) expect(await said(c), c).not.toBe("allow");
  for (const c of ["chmod -R 755 src", "chown -R nobody src", "chmod -RL 755 src/tools"]) expect(await said(c), c).toBe("allow");
});

test("a file tool's input that names its file in several fields (file_path and path, notebook_path, an edit's own file_path) is judged by every one (red-team round 17)", { timeout: 120_000 }, async () => {
  const { repo, tool } = await governed("src/**");
  const at = (p: string) => join(repo, p);
  const blocked: [string, unknown][] = [
    ["Write", { file_path: at("src/x.ts"), path: at("docs/x.md"), content: "x" }],
    ["Edit", { file_path: at("src/api/a.ts"), notebook_path: at("docs/x.md"), old_string: "a", new_string: "b" }],
    ["NotebookEdit", { notebook_path: at("src/a.ipynb"), file_path: at("docs/x.ipynb"), new_source: "x" }],
    ["MultiEdit", { file_path: at("src/api/a.ts"), edits: [{ file_path: at("docs/guide.md"), old_string: "g", new_string: "h" }] }],
  ];
  for (const [name, input] of blocked) expect(await tool(name, input), JSON.stringify(input)).not.toBe("allow");
  expect(await tool("MultiEdit", { file_path: at("src/api/a.ts"), edits: [{ old_string: "a", new_string: "b", replace_all: false }] })).toBe("allow");
  expect(await tool("Write", { file_path: at("src/x.ts"), content: "x" })).toBe("allow");
});
