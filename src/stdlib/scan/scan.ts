// Repository scan (SPEC §7.25): languages, package manager, checks, sensitive files, budgets —
// from one `git ls-files`, never a tree walk.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { compileGlob } from "../../kernel/globs.js";
import { isExoPath } from "../exo-managed.js";
import { git } from "../../io/git.js";
import type { Repo } from "../../io/paths.js";

export interface ScanResult {
  languages: string[];
  package_manager: string | null;
  checks: string[];
  sensitive_patterns: string[];
  budgets: { max_files: number; max_loc: number };
  ignore_paths: string[];
  default_ticket_checks: string[];
  delete_only: string[];
}

const SEC_001 = ["**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/id_rsa*", "**/id_ed25519*"];
const SENSITIVE = ["**/.env*", "**/*.pem", "**/*.key", "**/*.p12", "**/id_rsa*", "**/credentials*", "**/.npmrc", "**/.pypirc", "**/secrets.*"];
const SAFE_ENV = ["**/.env.example", "**/.env.sample", "**/.env.template"];
const ROOT_MANIFESTS = /^(package\.json|package-lock\.json|pnpm-lock\.yaml|yarn\.lock|bun\.lockb?|go\.mod|go\.sum|Cargo\.toml|Cargo\.lock|pyproject\.toml|LICENSE.*)$/;
const BUDGETS: Record<string, [number, number]> = { node: [20, 600], python: [15, 500], java: [15, 500], ruby: [15, 500], go: [12, 400], rust: [12, 400] };
const EXT: Record<string, string> = { ".ts": "node", ".tsx": "node", ".js": "node", ".jsx": "node", ".mjs": "node", ".cjs": "node", ".py": "python", ".go": "go", ".rs": "rust", ".java": "java", ".kt": "java", ".rb": "ruby" };

async function readRoot(repo: Repo, name: string): Promise<string | null> {
  try {
    return await readFile(join(repo.root, name), "utf8");
  } catch {
    return null;
  }
}

type Scripts = Record<string, string>;

/** A script that does something (npm init's placeholder test script fails on purpose). */
const real = (script: string | undefined): boolean => !!script && !/no test specified/.test(script);

function packageJson(text: string | null): { scripts: Scripts; workspaces: string[] } {
  try {
    const json = JSON.parse(text ?? "{}") as { scripts?: unknown; workspaces?: unknown };
    const scripts = json.scripts && typeof json.scripts === "object" ? (json.scripts as Scripts) : {};
    const ws = Array.isArray(json.workspaces) ? json.workspaces : (json.workspaces as { packages?: unknown } | undefined)?.packages;
    return { scripts, workspaces: Array.isArray(ws) ? ws.filter((w): w is string => typeof w === "string") : [] };
  } catch {
    return { scripts: {}, workspaces: [] };
  }
}

/**
 * The scripts of a monorepo's workspace packages: npm's `workspaces` (npm runs them with
 * `--workspaces`) or pnpm's pnpm-workspace.yaml (`pnpm -r`). yarn and bun run workspace scripts
 * with commands that differ by version, so their monorepos get no guessed checks.
 */
async function workspaceScripts(repo: Repo, files: string[], pm: string, npmWorkspaces: string[]): Promise<Scripts[]> {
  let globs: string[] = [];
  if (pm === "npm") globs = npmWorkspaces;
  else if (pm === "pnpm") {
    try {
      const doc = parse((await readRoot(repo, "pnpm-workspace.yaml")) ?? "") as { packages?: unknown } | null;
      globs = Array.isArray(doc?.packages) ? doc.packages.filter((w): w is string => typeof w === "string") : [];
    } catch {
      globs = [];
    }
  }
  const manifestOf = (glob: string) => compileGlob(`${glob.replace(/^\.\//, "").replace(/\/+$/, "")}/package.json`);
  const include = globs.filter((g) => !g.startsWith("!")).map(manifestOf);
  const exclude = globs.filter((g) => g.startsWith("!")).map((g) => manifestOf(g.slice(1)));
  const manifests = files.filter((f) => f !== "package.json" && f.endsWith("/package.json") && !f.includes("node_modules/") && include.some((m) => m(f)) && !exclude.some((m) => m(f)));
  return await Promise.all(manifests.slice(0, 200).map(async (f) => packageJson(await readRoot(repo, f)).scripts));
}

export async function scanRepo(repo: Repo): Promise<ScanResult> {
  // exo's own files (.exo/bin/*.mjs launchers, tickets, instruction files) are not the project's
  // code: counted, a rerun of install took a Python repository with two scripts for node.
  const exoRel = repo.relative(repo.exoDir);
  const files = (await git(repo.root, ["ls-files", "-co", "--exclude-standard", "-z"])).split("\0").filter((f) => f !== "" && !f.startsWith(`${exoRel}/`) && !isExoPath(f));
  const has = (name: string) => files.includes(name);
  const languages: string[] = [];
  const checks: string[] = [];
  const ignore: string[] = [];
  const tests: string[] = [];
  let pm: string | null = null;
  if (has("package.json")) {
    languages.push("node");
    pm = has("pnpm-lock.yaml") ? "pnpm" : has("yarn.lock") ? "yarn" : has("bun.lock") || has("bun.lockb") ? "bun" : "npm";
    const root = packageJson(await readRoot(repo, "package.json"));
    const scripts = root.scripts;
    // A monorepo whose root has no such script: the workspaces' own, run in each that has it.
    const members = scripts["test"] && scripts["lint"] && scripts["typecheck"] ? [] : await workspaceScripts(repo, files, pm, root.workspaces);
    const run = (name: string): string | null => {
      if (real(scripts[name])) return name === "test" ? `${pm} test` : `${pm} run ${name}`;
      if (!members.some((m) => real(m[name]))) return null;
      return pm === "pnpm" ? `pnpm -r --if-present run ${name}` : `npm run ${name} --workspaces --if-present`;
    };
    const test = run("test");
    if (test) {
      checks.push(test);
      tests.push(test);
    }
    for (const name of ["lint", "typecheck"]) {
      const cmd = run(name);
      if (cmd) checks.push(cmd);
    }
    ignore.push("dist/**", "build/**", "coverage/**", ".next/**");
  }
  if (has("pyproject.toml") || has("setup.py") || has("requirements.txt")) {
    languages.push("python");
    const text = `${(await readRoot(repo, "pyproject.toml")) ?? ""}\n${(await readRoot(repo, "requirements.txt")) ?? ""}`;
    if (/pytest/.test(text) || files.some((f) => f.startsWith("tests/"))) {
      checks.push("python3 -m pytest");
      tests.push("python3 -m pytest");
    }
    if (/\[tool\.ruff/.test(text) || has("ruff.toml") || has(".ruff.toml")) checks.push("ruff check .");
    ignore.push("**/__pycache__/**", ".venv/**");
  }
  if (has("go.mod")) {
    languages.push("go");
    checks.push("go test ./...", "go vet ./...");
    tests.push("go test ./...");
  }
  if (has("Cargo.toml")) {
    languages.push("rust");
    checks.push("cargo test");
    tests.push("cargo test");
    ignore.push("target/**");
  }
  if (has("pom.xml")) {
    languages.push("java");
    checks.push("mvn -q test");
    tests.push("mvn -q test");
    ignore.push("target/**");
  } else if (has("build.gradle") || has("build.gradle.kts")) {
    languages.push("java");
    checks.push("./gradlew test");
    tests.push("./gradlew test");
    ignore.push("build/**");
  }
  if (has("Gemfile")) {
    languages.push("ruby");
    const cmd = files.some((f) => f.startsWith("spec/")) ? "bundle exec rspec" : "bundle exec rake test";
    checks.push(cmd);
    tests.push(cmd);
  }
  if (has("Makefile") && /^test:/m.test((await readRoot(repo, "Makefile")) ?? "")) {
    languages.push("make");
    checks.push("make test");
    tests.push("make test");
  }
  // Primary language by tracked files.
  const counts = new Map<string, number>();
  for (const f of files) {
    const dot = f.lastIndexOf(".");
    const lang = dot >= 0 ? EXT[f.slice(dot)] : undefined;
    if (lang) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  const primary = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? "other";
  // No manifest (a bare app.py, a few scripts): the language of most files, with what it leaves
  // behind when run (Python's bytecode caches would otherwise count as changed files), no checks.
  if (languages.length === 0 && primary !== "other") {
    languages.push(primary);
    if (primary === "python") ignore.push("**/__pycache__/**", ".venv/**");
  }
  const [maxFiles, maxLoc] = BUDGETS[primary] ?? [12, 400];
  const covered = (f: string) => SEC_001.some((p) => compileGlob(p)(f)) || SAFE_ENV.some((p) => compileGlob(p)(f));
  const sensitive = SENSITIVE.filter((p) => files.some((f) => compileGlob(p)(f) && !covered(f)));
  return {
    languages,
    package_manager: pm,
    checks: [...new Set(checks)],
    sensitive_patterns: sensitive,
    budgets: { max_files: maxFiles, max_loc: maxLoc },
    ignore_paths: [...new Set(ignore)],
    default_ticket_checks: tests.slice(0, 1),
    delete_only: files.filter((f) => !f.includes("/") && ROOT_MANIFESTS.test(f)).sort(),
  };
}
