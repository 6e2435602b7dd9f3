// Everyday sweep (round 20): the commands and tool calls of agents working in other ecosystems than
// Node (Python, Rust, Go, JVM, Ruby, .NET, C/C++, Docker, Terraform, shell), their git workflows and
// read-only exploration must pass the gating hook, each in a repository whose task is fenced to
// that project's source folders (guard_reads on, with the secrets rule). Every case runs in-process
// through the built bundle (dist/hook.mjs `gate`) under Claude Code, and a sample under Codex,
// Cursor and Copilot (where an "ask" is a deny). The asked and denied ones at the end are kept
// deliberately (each with why).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import type { Gate, GateAnswer } from "../../helpers/hooks.js";
import { DIST, exo, git, initRepo } from "../../helpers/repo.js";

const ENV = { EXO_ACTOR: "agent:claude" };

/** A project: its files and the task's scope (its source folders). */
interface Project { files: Record<string, string>; scope: string[] }

const PROJECTS = {
  python: {
    scope: ["src/**", "tests/**"],
    files: {
      "pyproject.toml": "[project]\nname = 'app'\nversion = '0.1.0'\n\n[tool.pytest.ini_options]\ntestpaths = ['tests']\n",
      "uv.lock": "version = 1\n",
      "tox.ini": "[tox]\nenvlist = py312\n",
      "README.md": "# app\n",
      ".gitignore": ".venv/\n__pycache__/\n.tox/\n",
      "src/app/__init__.py": "",
      "src/app/__main__.py": "print('app')\n",
      "src/app/core.py": "def parse(s):\n    return s\n",
      "src/app/cli.py": "def main():\n    pass\n",
      "tests/__init__.py": "",
      "tests/test_core.py": "from app.core import parse\n\ndef test_parse():\n    assert parse('a') == 'a'\n",
      "notebooks/explore.ipynb": "{}\n",
    },
  },
  rust: {
    scope: ["src/**", "tests/**", "benches/**", "examples/**"],
    files: {
      "Cargo.toml": "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
      "Cargo.lock": "version = 3\n",
      "src/main.rs": "fn main() {}\n",
      "src/lib.rs": "pub fn parse() {}\n",
      "src/parse/mod.rs": "pub fn p() {}\n",
      "tests/it.rs": "#[test]\nfn it() {}\n",
      "benches/bench.rs": "fn main() {}\n",
    },
  },
  go: {
    scope: ["cmd/**", "internal/**", "pkg/**"],
    files: {
      "go.mod": "module example.com/app\n\ngo 1.22\n",
      "go.sum": "",
      ".golangci.yml": "linters:\n  enable: [govet]\n",
      "cmd/app/main.go": "package main\n\nfunc main() {}\n",
      "internal/store/store.go": "package store\n",
      "internal/store/store_test.go": "package store\n",
      "pkg/api/api.go": "package api\n\n//go:generate stringer -type=Kind\n",
    },
  },
  jvm: {
    scope: ["src/**", "app/src/**"],
    files: {
      "settings.gradle.kts": "rootProject.name = \"app\"\n",
      "build.gradle.kts": "plugins { java }\n",
      "gradlew": "#!/bin/sh\nexec gradle \"$@\"\n",
      "gradle/wrapper/gradle-wrapper.properties": "distributionUrl=x\n",
      "pom.xml": "<project/>\n",
      "mvnw": "#!/bin/sh\nexec mvn \"$@\"\n",
      "src/main/java/com/example/App.java": "package com.example;\nclass App {}\n",
      "src/main/kotlin/com/example/Util.kt": "package com.example\n",
      "src/test/java/com/example/AppTest.java": "package com.example;\nclass AppTest {}\n",
      "app/src/main/kotlin/Main.kt": "fun main() {}\n",
    },
  },
  ruby: {
    scope: ["lib/**", "spec/**", "test/**", "app/**"],
    files: {
      "Gemfile": "source 'https://rubygems.org'\ngem 'rspec'\n",
      "Gemfile.lock": "GEM\n",
      "Rakefile": "task default: :spec\n",
      ".rubocop.yml": "AllCops:\n  NewCops: enable\n",
      "lib/app.rb": "module App; end\n",
      "lib/app/parser.rb": "class Parser; end\n",
      "spec/spec_helper.rb": "require 'app'\n",
      "spec/app/parser_spec.rb": "RSpec.describe Parser do\nend\n",
      "test/parser_test.rb": "require 'minitest/autorun'\n",
      "app/models/user.rb": "class User; end\n",
    },
  },
  dotnet: {
    scope: ["src/**", "tests/**"],
    files: {
      "App.sln": "Microsoft Visual Studio Solution File\n",
      "Directory.Build.props": "<Project/>\n",
      "src/App/App.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"/>\n",
      "src/App/Program.cs": "class Program { static void Main() {} }\n",
      "tests/App.Tests/App.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"/>\n",
      "tests/App.Tests/ParserTests.cs": "public class ParserTests {}\n",
    },
  },
  c: {
    scope: ["src/**", "include/**", "tests/**"],
    files: {
      "CMakeLists.txt": "cmake_minimum_required(VERSION 3.20)\nproject(app C)\n",
      "Makefile": "all:\n\tcc -o app src/main.c\n",
      ".clang-format": "BasedOnStyle: LLVM\n",
      "src/main.c": "int main(void) { return 0; }\n",
      "src/parse.c": "int parse(void) { return 0; }\n",
      "src/util.cpp": "int util() { return 0; }\n",
      "include/app/parse.h": "int parse(void);\n",
      "tests/test_parse.c": "int main(void) { return 0; }\n",
    },
  },
  ops: {
    scope: ["app/**", "infra/**", "scripts/**", "test/**"],
    files: {
      "Dockerfile": "FROM node:20\nCOPY app /app\n",
      "compose.yaml": "services:\n  web:\n    build: .\n",
      "docker-compose.yml": "services:\n  web:\n    build: .\n",
      ".dockerignore": ".git\n",
      "app/server.js": "console.log('x');\n",
      "infra/main.tf": "terraform {}\n",
      "infra/variables.tf": "variable \"x\" {}\n",
      "infra/modules/net/main.tf": "# net\n",
      "scripts/deploy.sh": "#!/usr/bin/env bash\necho deploy\n",
      "scripts/lib.sh": "f() { :; }\n",
      "test/deploy.bats": "@test 'x' { true; }\n",
    },
  },
} satisfies Record<string, Project>;

type Name = keyof typeof PROJECTS;
type Judge = (name: string, input: unknown) => Promise<{ verdict: string; reason: string }>;

/** A Claude, Codex or Copilot PreToolUse answer, or Cursor's, as allow, deny or ask (no output or `{}` allows). */
function verdictOf(a: GateAnswer): { verdict: string; reason: string } {
  const text = a.stdout.trim();
  if (text === "" || text === "{}") return { verdict: "allow", reason: "" };
  const out = JSON.parse(text) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string }; permission?: string; agent_message?: string };
  if (out.hookSpecificOutput?.permissionDecision) return { verdict: out.hookSpecificOutput.permissionDecision, reason: out.hookSpecificOutput.permissionDecisionReason ?? "" };
  return { verdict: out.permission ?? "allow", reason: out.agent_message ?? "" };
}

/** The governed repository of `project`, every harness installed and the task's session started; `judge(harness)` gives its gate. */
async function governed(project: Project): Promise<{ repo: string; judge: (harness?: string) => Judge }> {
  const repo = await initRepo(project.files);
  expect((await exo(repo, "compose")).code).toBe(0);
  for (const harness of ["claude", "codex", "cursor", "copilot"]) expect((await exo(repo, "hook-install", "--harness", harness)).code).toBe(0);
  const scope = project.scope.flatMap((s) => ["--scope-allow", s]);
  expect((await exo(repo, "ticket-create", "everyday", "--id", "T1", ...scope)).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: ENV })).code).toBe(0);
  const { gate } = (await import(pathToFileURL(join(DIST, "hook.mjs")).href)) as { gate: Gate };
  const judge = (harness = "claude"): Judge => async (tool_name, input) => {
    const tool_input = JSON.parse(JSON.stringify(input).replaceAll("/REPO", repo)) as Record<string, unknown>;
    const io = { env: { ...process.env, ...ENV }, cwd: repo, launcherRepo: repo };
    if (harness === "cursor" && tool_name === "Bash") {
      const stdin = JSON.stringify({ hook_event_name: "beforeShellExecution", conversation_id: "everyday-20", generation_id: "g1", workspace_roots: [repo], command: tool_input["command"], cwd: repo });
      return verdictOf(await gate("cursor", "beforeShellExecution", { ...io, stdin }));
    }
    if (harness === "cursor") {
      const stdin = JSON.stringify({ hook_event_name: "preToolUse", conversation_id: "everyday-20", generation_id: "g1", workspace_roots: [repo], tool_name, tool_input });
      return verdictOf(await gate("cursor", "preToolUse", { ...io, stdin }));
    }
    const stdin = JSON.stringify({ hook_event_name: "PreToolUse", session_id: "everyday-20", cwd: repo, tool_name, tool_input });
    return verdictOf(await gate(harness, "PreToolUse", { ...io, stdin }));
  };
  return { repo, judge };
}

/** The everyday Bash commands of each project, run from its root. */
const ALLOWED_BASH: Record<Name, string[]> = {
  python: [
    "uv run pytest",
    "uv run pytest -q tests/test_core.py",
    "uv run pytest -x -k parse",
    "uv run ruff check src tests",
    "uv run ruff check --fix src",
    "uv run ruff format src tests",
    "uv run mypy src",
    "uv run python -m app",
    // Fixed in the sweep: uv pip list/show/freeze and uv lock --check only print or check.
    "uv pip list",
    "uv tree",
    "uv lock --check",
    "uv run --with pytest-xdist pytest -n auto",
    "poetry run pytest",
    "poetry run pytest tests/test_core.py -vv",
    "poetry run mypy src",
    "poetry run python -m app.cli --help",
    "poetry show",
    "poetry check",
    "poetry env info",
    "source .venv/bin/activate && pytest -q",
    ". .venv/bin/activate && python -m pytest",
    ".venv/bin/pytest -q",
    ".venv/bin/python -m pytest tests",
    ".venv/bin/pip list",
    "pip freeze",
    "pip show pytest",
    "python -m pip --version",
    "pytest",
    "pytest -q",
    "pytest -x --tb=short",
    "pytest -q -n auto",
    "pytest --maxfail=1 -q",
    "pytest tests/ -k 'parse and not slow'",
    "pytest tests/test_core.py::test_parse",
    "pytest -p no:cacheprovider -q",
    "pytest -q --no-header -rA 2>&1 | tail -40",
    "pytest --collect-only -q",
    "pytest --durations=10",
    "python -m pytest -q tests",
    "python3 -m pytest --lf -x",
    "ruff check .",
    "ruff check src tests",
    "ruff check --fix src tests",
    // Fixed in the sweep: ruff's --select/--ignore/… take rule codes, not files.
    "ruff check --select I --fix src",
    "ruff format --check .",
    "ruff format --diff src",
    "ruff format src tests",
    "ruff check --statistics .",
    "mypy src tests",
    "mypy --strict src/app",
    "mypy -p app",
    "mypy src --ignore-missing-imports 2>&1 | tail",
    "black --diff src",
    "black --check --diff .",
    "black -l 100 src tests",
    "isort src tests",
    "isort --check-only --diff src",
    "flake8 src tests",
    "pylint src/app",
    "bandit -r src",
    "python -m app",
    "python -m app.cli --help",
    "python3 -m app",
    "python src/app/core.py",
    "python -m mypy src",
    "python -m ruff check src",
    "python -m black --check src",
    "python -m pyflakes src",
    "python -m doctest -v src/app/core.py",
    "python -m unittest -v tests.test_core",
    "python -m compileall src",
    "python --version",
    "which python",
    "tox -l",
    "coverage report",
    "coverage report -m",
    "pre-commit run --files src/app/core.py",
    "grep -rn 'def ' src/app",
    "find src tests -name '*.py' | xargs wc -l",
    "rg -t py 'import' src",
  ],
  rust: [
    "cargo build",
    "cargo build --release",
    "cargo build --all-targets",
    "cargo test",
    "cargo test -- --nocapture",
    "cargo test parse::tests",
    "cargo test --test it",
    "cargo test --lib",
    "cargo test --doc",
    "cargo test 2>&1 | tail -30",
    // Fixed in the sweep: cargo fmt --check (also after --) only checks.
    "cargo fmt --check",
    "cargo fmt -- --check",
    "cargo fmt --all -- --check",
    "cargo clippy",
    "cargo clippy --all-targets --all-features -- -D warnings",
    "cargo check",
    "cargo check --all-features",
    "cargo check --tests",
    "cargo doc --no-deps",
    "cargo run",
    "cargo run -- --help",
    "cargo run --bin app -- parse x",
    "cargo run --example demo",
    "cargo bench",
    "cargo tree",
    "cargo tree -d",
    "cargo metadata --format-version 1 | jq '.packages[].name'",
    "cargo nextest run",
    "cargo --list",
    "cargo search serde --limit 3",
    "cargo expand parse",
    "rustfmt src/main.rs",
    "rustfmt --check src/lib.rs",
    "rustc --version",
    "rustup show",
    "RUST_BACKTRACE=1 cargo test",
    "RUST_LOG=debug cargo run",
    "cargo test --release 2>&1 | grep -E 'test result|FAILED'",
    "grep -rn 'fn parse' src",
    "rg -t rust 'unsafe' src",
  ],
  go: [
    "go build ./...",
    "go test ./...",
    "go test ./internal/... -run TestStore -v",
    "go test -race -count=1 ./...",
    "go test -short ./pkg/...",
    "go test -bench=. ./internal/store",
    "go test ./... 2>&1 | grep -v '^ok'",
    "go vet ./...",
    "go vet ./internal/...",
    // Fixed in the sweep: go mod verify/why/graph only read.
    "go mod verify",
    "go mod why example.com/x",
    "go mod graph | head",
    "go list -m all",
    "go list -f '{{.ImportPath}}' ./...",
    "go version",
    "go env",
    "go run ./cmd/app",
    "go run ./cmd/app --help",
    "gofmt -l .",
    "gofmt -d internal",
    "gofmt -w internal/store/store.go",
    "gofmt -s -w pkg internal cmd",
    "goimports -w internal pkg",
    "golangci-lint run",
    "golangci-lint run ./...",
    "golangci-lint run ./internal/...",
    "golangci-lint run --timeout 5m",
    // Fixed in the sweep: read-only checkers and inspectors (staticcheck, govulncheck, nm, objdump, ldd, hadolint, shellcheck).
    "staticcheck ./...",
    "govulncheck ./...",
    "go tool pprof -top cpu.out",
    "CGO_ENABLED=0 go build ./...",
    "GOOS=linux GOARCH=amd64 go build ./...",
    "go doc ./internal/store",
    "dlv version",
  ],
  jvm: [
    "./gradlew build",
    "./gradlew test",
    // Fixed in the sweep: gradle's --tests takes a class filter.
    "./gradlew test --tests 'com.example.AppTest'",
    "./gradlew check",
    "./gradlew assemble",
    "./gradlew compileJava",
    "./gradlew compileKotlin",
    "./gradlew :app:test",
    "./gradlew build --info 2>&1 | tail -50",
    "./gradlew test --stacktrace",
    "./gradlew spotlessApply",
    "./gradlew spotlessCheck",
    "./gradlew ktlintFormat",
    "./gradlew ktlintCheck",
    "./gradlew detekt",
    "./gradlew dependencies",
    "./gradlew tasks",
    "./gradlew run",
    "./gradlew --version",
    "gradle build",
    "gradle test",
    "sh gradlew test",
    "mvn test",
    "mvn -q test",
    "mvn -B verify",
    "mvn package -DskipTests",
    "mvn -Dtest=AppTest test",
    "mvn -pl core -am test",
    "mvn compile",
    "mvn spotless:apply",
    "mvn dependency:tree",
    "mvn -v",
    "./mvnw verify",
    "./mvnw test -Dtest=AppTest#parses",
    "ktlint -F 'src/**/*.kt'",
    "ktlint 'src/**/*.kt'",
    "google-java-format -i src/main/java/com/example/App.java",
    "java -version",
    "javac -version",
    "grep -rn 'class ' src/main/java",
  ],
  ruby: [
    "bundle exec rspec",
    "bundle exec rspec spec/app/parser_spec.rb",
    "bundle exec rspec spec/app/parser_spec.rb:12",
    "bundle exec rspec --format documentation",
    "bundle exec rspec --only-failures",
    "bundle exec rubocop",
    "bundle exec rubocop lib spec",
    "bundle exec rubocop -a lib spec",
    "bundle exec rubocop -A lib",
    "bundle exec rubocop --autocorrect lib/app.rb",
    "bundle exec rake",
    "bundle exec rake test",
    "bundle exec rake spec",
    "bundle exec ruby -Itest test/parser_test.rb",
    "bundle exec ruby -Ilib -Itest test/parser_test.rb",
    "bundle exec standardrb --fix lib",
    "bundle exec srb tc",
    "bundle check",
    "bundle list",
    "bundle outdated",
    "bundle exec rails test",
    "bin/rails test test/parser_test.rb",
    "bin/rspec",
    "rspec",
    "rspec spec",
    "rubocop",
    "rubocop -a lib",
    "rubocop -a lib/app.rb spec/app/parser_spec.rb",
    "rake",
    "rake test",
    "ruby lib/app.rb",
    "ruby -c lib/app.rb",
    "ruby -Ilib -Itest test/parser_test.rb",
    "ruby --version",
    "gem list",
    "grep -rn 'def ' lib",
  ],
  dotnet: [
    "dotnet build",
    "dotnet build -c Release",
    "dotnet build src/App/App.csproj",
    "dotnet test",
    "dotnet test --no-build",
    "dotnet test --filter FullyQualifiedName~Parser",
    "dotnet test tests/App.Tests",
    "dotnet test --logger 'console;verbosity=detailed'",
    "dotnet format",
    "dotnet format --verify-no-changes",
    "dotnet format src/App/App.csproj",
    "dotnet format whitespace src/App",
    "dotnet run --project src/App",
    "dotnet run --project src/App -- --help",
    "dotnet restore",
    "dotnet clean",
    "dotnet list package",
    "dotnet --info",
    "dotnet --version",
    // Fixed in the sweep: dotnet add writes the project named; the package name is no file.
    "dotnet add src/App package Newtonsoft.Json",
    "dotnet add tests/App.Tests reference src/App",
    "dotnet new classlib -o src/Lib",
    "dotnet watch test --project tests/App.Tests",
    "grep -rn 'class ' src",
  ],
  c: [
    "make",
    "make -j4",
    "make -j$(nproc)",
    "make test",
    "make check",
    "make -C src",
    "make all 2>&1 | grep -i error",
    "make -n",
    "cmake --build build",
    "cmake --build build -j",
    "cmake --build build --target app",
    "cmake --build build && ctest --test-dir build",
    "ctest --test-dir build",
    "ctest --test-dir build --output-on-failure",
    "cd build && ctest --output-on-failure",
    "cd build && make",
    "cd build && cmake .. && make -j4",
    "ninja -C build",
    "clang-format -i src/main.c",
    "clang-format -i src/*.c include/app/*.h",
    "clang-format --dry-run --Werror src/main.c",
    "clang-format -style=file -i src/util.cpp",
    "clang-tidy src/main.c -- -Iinclude",
    "cppcheck --enable=all src",
    "gcc -Wall -Wextra -Iinclude -c src/parse.c -o /tmp/parse.o",
    // Fixed in the sweep: -fsyntax-only writes nothing.
    "cc -fsyntax-only -Iinclude src/main.c",
    "gcc -Iinclude -o /tmp/app src/*.c && /tmp/app",
    "./build/app",
    "./build/tests/test_parse",
    "valgrind --leak-check=full ./build/app",
    // Fixed in the sweep (see staticcheck above).
    "nm build/app | head",
    "objdump -d build/app | head -50",
    "ldd build/app",
    "gcc --version",
    "cmake --version",
    "grep -rn 'int parse' src include",
  ],
  ops: [
    "docker build -t app .",
    "docker build -f Dockerfile -t app:dev .",
    "docker build --no-cache -t app .",
    "docker run --rm app",
    "docker run --rm app npm test",
    "docker run --rm -p 3000:3000 app",
    "docker run --rm -e NODE_ENV=test app node server.js",
    "docker compose up -d",
    "docker compose up -d --build",
    "docker compose ps",
    "docker compose logs --tail 100 web",
    "docker compose exec web npm test",
    "docker compose run --rm web npm test",
    "docker compose down",
    "docker compose build",
    "docker compose config",
    "docker-compose up -d",
    "docker ps",
    "docker ps -a",
    "docker images",
    "docker logs app --tail 50",
    "docker exec app ls /app",
    "docker inspect app",
    "docker stop app",
    // Fixed in the sweep (see the Go project's staticcheck).
    "hadolint Dockerfile",
    "terraform fmt infra",
    "terraform fmt -recursive infra",
    "terraform fmt -check -recursive",
    "terraform -chdir=infra fmt",
    "terraform -chdir=infra validate",
    "terraform -chdir=infra plan",
    "terraform -chdir=infra init",
    // Fixed in the sweep: -chdir's files are the folder's (infra/tfplan).
    "terraform -chdir=infra plan -out=tfplan",
    "cd infra && terraform init",
    "cd infra && terraform validate",
    "cd infra && terraform plan",
    "cd infra && terraform fmt",
    "cd infra && terraform plan -out=tfplan && terraform show tfplan",
    "terraform version",
    "tflint --chdir=infra",
    "cd infra && tflint",
    "shellcheck scripts/deploy.sh",
    "shellcheck scripts/*.sh",
    "shellcheck -x scripts/deploy.sh",
    "shellcheck -S warning scripts/*.sh",
    "shfmt -d scripts",
    "shfmt -w scripts",
    "shfmt -l -w scripts/deploy.sh",
    "bats test",
    "bats test/deploy.bats",
    "bats -r test",
    "bash -n scripts/deploy.sh",
    "sh -n scripts/lib.sh",
    "bash scripts/deploy.sh --help",
    "chmod +x scripts/deploy.sh",
    "./scripts/deploy.sh --dry-run",
    "grep -rn 'echo' scripts",
  ],
};

/** Git workflows and read-only exploration, in the Python project. */
const ALLOWED_GIT_AND_READS: string[] = [
  "git branch feature/parse",
  "git branch -d feature/parse",
  "git branch -D feature/parse",
  "git branch -m feature/parse feature/parser",
  "git branch -vv",
  "git branch --list 'feature/*'",
  "git branch --merged main",
  "git switch -c feature/parse",
  "git commit --amend --no-edit",
  "git commit --amend -m \"fix(core): parse empty input\"",
  "git commit --fixup HEAD~1",
  "git commit --fixup=HEAD",
  "git add -p src/app/core.py",
  "git add -u",
  "git add src tests && git commit -m \"feat: parser\"",
  "git reset --soft HEAD~1",
  "git reset --soft HEAD~3 && git commit -m \"feat: squashed\"",
  "git reset HEAD~1",
  "git reset",
  "git stash list",
  "git stash show -p stash@{0}",
  "git stash show --stat",
  "git log --oneline --decorate -n 20",
  "git log --oneline --graph --decorate --all",
  "git log -S parse --oneline",
  "git log -G 'def parse' --oneline -- src",
  "git log --follow -p -- src/app/core.py",
  "git log --pretty=format:'%h %an %ar %s' -10",
  "git log --format='%H %s' main..HEAD",
  "git log --author='Test User' --since='1 week ago' --oneline",
  "git log --name-status -5",
  "git log -L 1,5:src/app/core.py",
  "git log --no-merges --oneline origin/main..HEAD",
  "git log -n 5 --stat -- tests",
  "git diff --word-diff",
  "git diff -U0",
  "git diff --name-status main",
  "git diff main -- src",
  "git diff HEAD~2 HEAD -- src/app/core.py",
  "git diff --staged --stat",
  "git diff --color-words src/app/core.py",
  "git diff --ignore-all-space",
  "git diff main...HEAD -- tests",
  "git blame -w -C src/app/core.py",
  "git blame -L 10,30 -- src/app/core.py",
  "git blame --date=short src/app/core.py | head",
  "git show --name-only HEAD",
  "git show --stat --oneline HEAD~1",
  "git show HEAD:pyproject.toml",
  "git worktree list",
  "git worktree list --porcelain",
  "git fetch",
  "git fetch origin",
  "git fetch --all --prune",
  "git push",
  "git push -u origin feature/parse",
  "git push --force-with-lease",
  "git remote show origin",
  "git reflog -10",
  "git merge-base HEAD main",
  "git rev-parse --abbrev-ref HEAD",
  "git rev-parse --verify HEAD",
  "git for-each-ref --sort=-committerdate refs/heads/ --format='%(refname:short)'",
  "git count-objects -v",
  "git ls-tree -r --name-only HEAD src",
  "git range-diff main HEAD~2 HEAD",
  "git cherry -v main",
  "git name-rev HEAD",
  "git tag -l 'v*'",
  "git tag v0.1.0",
  "git notes list",
  "git log --oneline | wc -l",
  "GIT_PAGER=cat git log --oneline -5",
  "PAGER=cat git diff",
  "git -P log --oneline -5",
  "git --no-pager show HEAD --stat",
  "git -c color.ui=never diff",
  // Fixed in the sweep: a plain pager (cat, less, a boolean) given with -c runs nothing.
  "git -c core.pager=cat log -3",
  "git diff | cat",
  "git status -uno",
  "git status --ignored",
  "git check-ignore -v .venv",
  "git grep -n 'def parse' -- '*.py'",
  "git grep -l import src",
  "find . -name '*.py' -not -path './.venv/*'",
  "find . -type f -name '*.py' -newer pyproject.toml",
  "find src -name '*.py' -size +1k",
  "find . -path ./.git -prune -o -name '*.toml' -print",
  "find src -type d",
  "find . -maxdepth 3 -name 'test_*.py'",
  "find src -name '__pycache__' -prune -o -type f -print | head",
  "grep -rn parse src tests",
  "grep -rn --include='*.py' 'import ' .",
  "grep -rEn 'TODO|FIXME' src",
  "grep -rL 'import' src",
  "grep -A3 -B3 'def parse' src/app/core.py",
  "grep -o 'def [a-z_]*' -r src | sort | uniq -c",
  "rg 'def parse'",
  "rg -n 'def parse' -g '*.py'",
  "rg --type py -l import",
  "rg -S parse src tests",
  "rg -F 'parse(' src",
  "rg --hidden -g '!.git' TODO",
  "rg -n -A2 'def ' src/app/core.py",
  "rg --json parse src | head",
  "rg -c import src",
  // Fixed in the sweep: fd lists names (its -x/-X run a command: kept below).
  "fd -e py",
  "fd test_ tests",
  "fd -t f . src",
  "fd -H -E .git toml",
  "fdfind -e py src",
  "tree -a -I '.git|.venv'",
  "tree src -P '*.py'",
  "tree -d -L 2",
  "wc -l src/app/*.py",
  "wc -c pyproject.toml",
  "head -n 20 pyproject.toml",
  "head -c 200 src/app/core.py",
  "tail -n +5 src/app/core.py",
  "tail -20 tests/test_core.py",
  "jq . notebooks/explore.ipynb",
  "jq -r '.cells | length' notebooks/explore.ipynb",
  "cat pyproject.toml | grep -A5 '\\[project\\]'",
  "bat src/app/core.py",
  "bat -n --paging=never src/app/core.py",
  "less -F src/app/core.py",
  "cat -A src/app/core.py | head",
  "column -t -s, < /dev/null",
  "od -c src/app/core.py | head",
  "xxd src/app/core.py | head",
  "md5sum src/app/*.py",
  "sha256sum pyproject.toml",
  "realpath src/app/core.py",
  "basename $(pwd)",
  "dirname src/app/core.py",
  "readlink -f src",
  "ls -la src/app tests",
  "ls -lt src/app | head",
  "du -sh src tests",
  "df -h .",
  "env | grep -i python",
  "printenv PATH",
  "ps aux | grep pytest",
  "lsof -i :8000",
  "hostname",
  "id",
  "nproc",
  "free -m",
  "uptime",
];

/** File tools of Claude Code on the projects' source folders. */
const ALLOWED_TOOLS: [Name, string, unknown][] = [
  ["python", "Read", { file_path: "/REPO/src/app/core.py" }],
  ["python", "Read", { file_path: "/REPO/pyproject.toml" }],
  ["python", "Read", { file_path: "/REPO/tox.ini" }],
  ["python", "Read", { file_path: "/REPO/notebooks/explore.ipynb" }],
  ["python", "Edit", { file_path: "/REPO/src/app/core.py", old_string: "return s", new_string: "return s.strip()" }],
  ["python", "MultiEdit", { file_path: "/REPO/tests/test_core.py", edits: [{ old_string: "'a'", new_string: "' a '" }, { old_string: "== 'a'", new_string: "== 'a' " }] }],
  ["python", "Write", { file_path: "/REPO/src/app/models.py", content: "class M: ...\n" }],
  ["python", "Write", { file_path: "/REPO/tests/conftest.py", content: "import pytest\n" }],
  ["python", "Write", { file_path: "/REPO/src/app/py.typed", content: "" }],
  ["python", "NotebookEdit", { notebook_path: "/REPO/src/app/demo.ipynb", new_source: "print(1)", cell_id: "c1", edit_mode: "replace" }],
  ["python", "Glob", { pattern: "**/*.py" }],
  ["python", "Glob", { pattern: "tests/**/test_*.py" }],
  ["python", "Glob", { pattern: "**/pyproject.toml", path: "/REPO" }],
  ["python", "Grep", { pattern: "def parse", type: "py" }],
  ["python", "Grep", { pattern: "import", path: "/REPO/src", glob: "*.py", output_mode: "content", "-n": true, "-C": 2 }],
  ["python", "Grep", { pattern: "pytest", path: "/REPO/pyproject.toml", output_mode: "content" }],
  ["rust", "Read", { file_path: "/REPO/Cargo.toml" }],
  ["rust", "Read", { file_path: "/REPO/Cargo.lock" }],
  ["rust", "Edit", { file_path: "/REPO/src/lib.rs", old_string: "pub fn parse() {}", new_string: "pub fn parse() -> u8 { 0 }" }],
  ["rust", "Write", { file_path: "/REPO/src/parse/lexer.rs", content: "pub struct Lexer;\n" }],
  ["rust", "Write", { file_path: "/REPO/tests/parse.rs", content: "#[test]\nfn p() {}\n" }],
  ["rust", "Grep", { pattern: "fn ", type: "rust", output_mode: "files_with_matches" }],
  ["rust", "Glob", { pattern: "src/**/*.rs" }],
  ["go", "Read", { file_path: "/REPO/go.mod" }],
  ["go", "Edit", { file_path: "/REPO/internal/store/store.go", old_string: "package store", new_string: "package store\n\ntype S struct{}" }],
  ["go", "Write", { file_path: "/REPO/pkg/api/kind_string.go", content: "package api\n" }],
  ["go", "Write", { file_path: "/REPO/cmd/app/flags.go", content: "package main\n" }],
  ["go", "Grep", { pattern: "func ", glob: "**/*.go" }],
  ["jvm", "Read", { file_path: "/REPO/build.gradle.kts" }],
  ["jvm", "Write", { file_path: "/REPO/src/main/java/com/example/Parser.java", content: "package com.example;\nclass Parser {}\n" }],
  ["jvm", "Edit", { file_path: "/REPO/src/main/kotlin/com/example/Util.kt", old_string: "package com.example", new_string: "package com.example\n\nfun util() = 1" }],
  ["jvm", "Write", { file_path: "/REPO/src/test/resources/fixture.json", content: "{}\n" }],
  ["ruby", "Read", { file_path: "/REPO/Gemfile" }],
  ["ruby", "Edit", { file_path: "/REPO/lib/app/parser.rb", old_string: "class Parser; end", new_string: "class Parser\nend" }],
  ["ruby", "Write", { file_path: "/REPO/spec/app/lexer_spec.rb", content: "RSpec.describe 'lexer' do\nend\n" }],
  ["dotnet", "Read", { file_path: "/REPO/App.sln" }],
  ["dotnet", "Edit", { file_path: "/REPO/src/App/App.csproj", old_string: "/>", new_string: "></Project>" }],
  ["dotnet", "Write", { file_path: "/REPO/tests/App.Tests/LexerTests.cs", content: "public class LexerTests {}\n" }],
  ["c", "Read", { file_path: "/REPO/CMakeLists.txt" }],
  ["c", "Write", { file_path: "/REPO/include/app/lexer.h", content: "int lex(void);\n" }],
  ["c", "Edit", { file_path: "/REPO/src/parse.c", old_string: "return 0;", new_string: "return 1;" }],
  ["c", "MultiEdit", { file_path: "/REPO/src/main.c", edits: [{ old_string: "int main(void)", new_string: "int main(int argc, char **argv)" }] }],
  ["ops", "Read", { file_path: "/REPO/Dockerfile" }],
  ["ops", "Read", { file_path: "/REPO/compose.yaml" }],
  ["ops", "Write", { file_path: "/REPO/infra/outputs.tf", content: "output \"x\" { value = 1 }\n" }],
  ["ops", "Edit", { file_path: "/REPO/scripts/deploy.sh", old_string: "echo deploy", new_string: "set -euo pipefail\necho deploy" }],
  ["ops", "Write", { file_path: "/REPO/test/lib.bats", content: "@test 'lib' { true; }\n" }],
  ["ops", "Glob", { pattern: "infra/**/*.tf" }],
];

/** Kept deliberately: each writes outside the task's source folders, runs code exo cannot read, or reads a secret. */
const KEPT: [Name, string, unknown, string][] = [
  // Installs and lock updates write the manifest, the lock file and the environment (.venv, Cargo.lock, go.sum, Gemfile.lock), outside the source folders.
  ["python", "Bash", { command: "uv sync" }, "ask"],
  ["python", "Bash", { command: "uv add requests" }, "ask"],
  ["python", "Bash", { command: "uv venv" }, "ask"],
  ["python", "Bash", { command: "poetry install" }, "ask"],
  ["python", "Bash", { command: "poetry add --group dev pytest-cov" }, "ask"],
  ["python", "Bash", { command: "pip install -e '.[dev]'" }, "ask"],
  ["python", "Bash", { command: ".venv/bin/pip install -r requirements.txt" }, "ask"],
  ["python", "Bash", { command: "python -m venv .venv" }, "ask"],
  ["rust", "Bash", { command: "cargo add serde --features derive" }, "ask"],
  ["rust", "Bash", { command: "cargo update" }, "ask"],
  ["go", "Bash", { command: "go mod tidy" }, "ask"],
  ["go", "Bash", { command: "go mod edit -go=1.23" }, "ask"],
  ["go", "Bash", { command: "go get example.com/x@latest" }, "ask"],
  // go mod download may add sums to go.sum; GOFLAGS=-mod=mod lets any go command rewrite go.mod and go.sum.
  ["go", "Bash", { command: "go mod download" }, "ask"],
  ["go", "Bash", { command: "GOFLAGS=-mod=mod go test ./..." }, "ask"],
  ["ruby", "Bash", { command: "bundle install" }, "ask"],
  ["ruby", "Bash", { command: "bundle add faker" }, "ask"],
  ["dotnet", "Bash", { command: "dotnet add package Newtonsoft.Json" }, "ask"],
  // A formatter or fixer with no folder named rewrites the whole working folder: the root's files too
  // (cargo fmt and clippy --fix every target of the package, build.rs and paths Cargo.toml names;
  // terraform fmt the root's .tf files). Naming the folders passes (ruff check --fix src, shfmt -w scripts).
  ["python", "Bash", { command: "ruff check --fix ." }, "ask"],
  ["python", "Bash", { command: "black ." }, "ask"],
  ["rust", "Bash", { command: "cargo fmt" }, "ask"],
  ["rust", "Bash", { command: "cargo fmt --all" }, "ask"],
  ["rust", "Bash", { command: "cargo clippy --fix --allow-dirty" }, "ask"],
  ["rust", "Bash", { command: "cargo fmt --check --emit files" }, "ask"],
  ["go", "Bash", { command: "golangci-lint run --fix" }, "ask"],
  ["ruby", "Bash", { command: "bundle exec rubocop -a" }, "ask"],
  ["ops", "Bash", { command: "terraform fmt" }, "ask"],
  ["ops", "Bash", { command: "shfmt -w ." }, "ask"],
  // Build outputs outside the source folders: go build of one main package (./app), cmake's build
  // folder, coverage data, a compiler's a.out and -save-temps files, terraform's .terraform.
  ["go", "Bash", { command: "go build ./cmd/app" }, "ask"],
  ["c", "Bash", { command: "cmake -B build" }, "ask"],
  ["c", "Bash", { command: "cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug" }, "ask"],
  ["c", "Bash", { command: "gcc -Iinclude src/*.c" }, "ask"],
  ["c", "Bash", { command: "cc -fsyntax-only -save-temps src/main.c" }, "ask"],
  ["python", "Bash", { command: "coverage run -m pytest" }, "ask"],
  ["ops", "Bash", { command: "terraform init" }, "ask"],
  // Out of the scope through -chdir (passed before the sweep) or an -out that climbs.
  ["ops", "Bash", { command: "terraform -chdir=docs fmt" }, "ask"],
  ["ops", "Bash", { command: "terraform -chdir=infra plan -out=../docs/plan" }, "ask"],
  // The solution file sits at the root (dotnet sln add passed as a write of the project added before the sweep).
  ["dotnet", "Bash", { command: "dotnet sln add src/Lib/Lib.csproj" }, "ask"],
  ["dotnet", "Bash", { command: "dotnet sln App.sln add src/Lib/Lib.csproj" }, "ask"],
  ["dotnet", "Bash", { command: "dotnet new sln" }, "ask"],
  // Commands exo cannot read: go generate runs the //go:generate lines of files the agent may write,
  // gdb -ex its commands (shell among them), inline code, fd -x a command on each match.
  ["go", "Bash", { command: "go generate ./pkg/..." }, "ask"],
  ["go", "Bash", { command: "go generate ./..." }, "ask"],
  ["c", "Bash", { command: "gdb -batch -ex run ./build/app" }, "ask"],
  ["python", "Bash", { command: "python -c 'import app; print(app.__file__)'" }, "ask"],
  ["ruby", "Bash", { command: "ruby -e 'puts 1'" }, "ask"],
  ["python", "Bash", { command: "fd -H .env -x cat" }, "ask"],
  // A pager other than a plain one runs a command (less -o writes its input to a file).
  ["python", "Bash", { command: "git -c core.pager='less -o docs/x' log" }, "ask"],
  ["python", "Bash", { command: "git -c core.pager='sh -c \"touch docs/x\"' log" }, "ask"],
  // Paths read from input may be options (a file named -i turns --dry-run into a rewrite).
  ["c", "Bash", { command: "find src include -name '*.[ch]' | xargs clang-format --dry-run" }, "ask"],
  ["c", "Bash", { command: "find src include -name '*.[ch]' | xargs clang-format -i" }, "ask"],
  // Containers that mount or copy onto the host write where exo cannot see.
  ["ops", "Bash", { command: "docker run --rm -v \"$PWD\":/app -w /app node:20 npm test" }, "ask"],
  ["ops", "Bash", { command: "docker compose cp web:/app/out.txt ." }, "ask"],
  // git rewrites of the work tree to another commit, or of files exo cannot list in advance; --no-verify skips exo's pre-commit.
  ["python", "Bash", { command: "git switch main" }, "ask"],
  ["python", "Bash", { command: "git switch -c feature/parse main" }, "ask"],
  ["python", "Bash", { command: "git checkout -b feature/parse origin/main" }, "ask"],
  ["python", "Bash", { command: "git stash" }, "ask"],
  ["python", "Bash", { command: "git stash pop" }, "ask"],
  ["python", "Bash", { command: "git rebase main" }, "ask"],
  ["python", "Bash", { command: "GIT_SEQUENCE_EDITOR=: git rebase -i --autosquash main" }, "ask"],
  ["python", "Bash", { command: "git pull --rebase" }, "ask"],
  ["python", "Bash", { command: "git cherry-pick abc123" }, "ask"],
  ["python", "Bash", { command: "git commit -m wip --no-verify" }, "deny"],
  // Secrets (RULE-SEC-001), and the projects' manifests, outside the source folders.
  ["python", "Bash", { command: "cat .env" }, "deny"],
  ["python", "Read", { file_path: "/REPO/.env" }, "deny"],
  ["python", "Edit", { file_path: "/REPO/pyproject.toml", old_string: "0.1.0", new_string: "0.2.0" }, "deny"],
  ["python", "Write", { file_path: "/REPO/notebooks/new.ipynb", content: "{}" }, "deny"],
  ["rust", "Edit", { file_path: "/REPO/Cargo.toml", old_string: "0.1.0", new_string: "0.2.0" }, "deny"],
  ["go", "Write", { file_path: "/REPO/go.mod", content: "module x\n" }, "deny"],
  ["jvm", "Edit", { file_path: "/REPO/build.gradle.kts", old_string: "java", new_string: "java\n    application" }, "deny"],
  ["ops", "Write", { file_path: "/REPO/Dockerfile", content: "FROM node:22\n" }, "deny"],
  ["ops", "Edit", { file_path: "/REPO/compose.yaml", old_string: "web", new_string: "api" }, "deny"],
  // Fixed in the sweep: the command uv run, poetry run, bundle exec and uvx run is judged (these passed before).
  ["python", "Bash", { command: "uv run ruff format docs" }, "ask"],
  ["python", "Bash", { command: "poetry run black docs" }, "ask"],
  ["python", "Bash", { command: "uvx black docs" }, "ask"],
  ["ruby", "Bash", { command: "bundle exec rubocop -a config" }, "ask"],
  ["python", "Bash", { command: "uv run rm -rf docs" }, "deny"],
];

/** Judge every case of `list`, giving the ones refused with exo's reason. */
async function refusals(judge: Judge, cases: [string, unknown][]): Promise<string[]> {
  const refused: string[] = [];
  for (const [name, input] of cases) {
    const { verdict, reason } = await judge(name, input);
    if (verdict !== "allow") refused.push(`${verdict} ${name} ${JSON.stringify(input)}: ${reason}`);
  }
  return refused;
}

/** The cases of one project: its commands (the Python project's with the git and read-only ones) and its file tools. */
function casesOf(name: Name): [string, unknown][] {
  return [
    ...[...ALLOWED_BASH[name], ...(name === "python" ? ALLOWED_GIT_AND_READS : [])].map((command): [string, unknown] => ["Bash", { command }]),
    ...ALLOWED_TOOLS.filter(([p]) => p === name).map(([, tool, input]): [string, unknown] => [tool, input]),
  ];
}

test("everyday sweep: at least 500 cases across the projects", () => {
  expect((Object.keys(PROJECTS) as Name[]).reduce((n, name) => n + casesOf(name).length, 0)).toBeGreaterThanOrEqual(500);
});

for (const name of Object.keys(PROJECTS) as Name[]) {
  test(`everyday sweep (${name}): ${casesOf(name).length} in-scope commands and file tool calls pass the gating hook`, { timeout: 300_000 }, async () => {
    const { judge } = await governed(PROJECTS[name]);
    expect(await refusals(judge(), casesOf(name))).toEqual([]);
  });
}

test("everyday sweep: the commands kept asked or denied, each for a reason", { timeout: 300_000 }, async () => {
  for (const name of Object.keys(PROJECTS) as Name[]) {
    const kept = KEPT.filter(([p]) => p === name);
    if (kept.length === 0) continue;
    const { judge } = await governed(PROJECTS[name]);
    const gate = judge();
    for (const [, tool, input, want] of kept) expect((await gate(tool, input)).verdict, JSON.stringify(input)).toBe(want);
  }
});

test("everyday sweep under Codex: apply_patch and shell calls in a Python project's scope pass", { timeout: 120_000 }, async () => {
  const { judge } = await governed(PROJECTS.python);
  const tool = judge("codex");
  const patches = [
    "*** Begin Patch\n*** Add File: src/app/models.py\n+class Model:\n+    pass\n*** End Patch\n",
    "*** Begin Patch\n*** Update File: src/app/core.py\n@@\n-def parse(s):\n-    return s\n+def parse(s):\n+    return s.strip()\n*** End Patch\n",
    "*** Begin Patch\n*** Update File: tests/test_core.py\n@@\n-from app.core import parse\n+from app.core import parse  # noqa\n*** End Patch\n",
    "*** Begin Patch\n*** Update File: src/app/cli.py\n*** Move to: src/app/main.py\n@@\n-def main():\n+def main() -> None:\n*** End Patch\n",
    "*** Begin Patch\n*** Delete File: src/app/__main__.py\n*** Add File: tests/test_cli.py\n+def test_cli():\n+    assert True\n*** End Patch\n",
  ];
  for (const command of patches) expect(await tool("apply_patch", { command }), command).toEqual({ verdict: "allow", reason: "" });
  for (const command of ["uv run pytest -q", "pytest -x tests/test_core.py", "ruff check --fix src tests", "mypy src", "python -m app", "rg -n 'def ' src", "git diff --stat", "git log --oneline -5"]) expect((await tool("Bash", { command })).verdict, command).toBe("allow");
  // Out of scope, for contrast: the project's manifest.
  expect((await tool("apply_patch", { command: "*** Begin Patch\n*** Update File: pyproject.toml\n@@\n-version = '0.1.0'\n+version = '0.2.0'\n*** End Patch\n" })).verdict).not.toBe("allow");
});

test("everyday sweep under Cursor: shell commands and writes in a Rust project's scope pass", { timeout: 120_000 }, async () => {
  const { judge } = await governed(PROJECTS.rust);
  const tool = judge("cursor");
  for (const command of ["cargo build", "cargo test -- --nocapture", "cargo clippy --all-targets -- -D warnings", "cargo fmt --check", "rustfmt src/main.rs", "cargo run -- --help", "grep -rn 'fn ' src", "git status --short"]) expect((await tool("Bash", { command })).verdict, command).toBe("allow");
  expect((await tool("Write", { file_path: "/REPO/src/parse/lexer.rs", contents: "pub struct Lexer;\n" })).verdict).toBe("allow");
  expect((await tool("Write", { file_path: "/REPO/tests/lexer.rs", contents: "#[test]\nfn l() {}\n" })).verdict).toBe("allow");
  expect((await tool("Shell", { command: "cargo test --lib" })).verdict).toBe("allow");
  // Out of scope, for contrast.
  expect((await tool("Write", { file_path: "/REPO/Cargo.toml", contents: "[package]\n" })).verdict).toBe("deny");
  expect((await tool("Bash", { command: "echo x > Cargo.toml" })).verdict).toBe("deny");
});

test("everyday sweep under Copilot: its file tools (naming their file `path`) and shell calls in a Go project's scope pass", { timeout: 120_000 }, async () => {
  const { judge } = await governed(PROJECTS.go);
  const tool = judge("copilot");
  expect(await tool("Write", { path: "/REPO/internal/store/memory.go", file_text: "package store\n" })).toEqual({ verdict: "allow", reason: "" });
  expect(await tool("Edit", { path: "/REPO/pkg/api/api.go", old_str: "package api", new_str: "package api // x" })).toEqual({ verdict: "allow", reason: "" });
  expect(await tool("Read", { path: "/REPO/go.mod" })).toEqual({ verdict: "allow", reason: "" });
  expect(await tool("Grep", { pattern: "func ", paths: ["/REPO/internal", "/REPO/pkg"] })).toEqual({ verdict: "allow", reason: "" });
  expect(await tool("Edit", { input: "*** Begin Patch\n*** Add File: cmd/app/flags.go\n+package main\n*** End Patch\n" })).toEqual({ verdict: "allow", reason: "" });
  for (const command of ["go test ./...", "go vet ./...", "golangci-lint run ./...", "staticcheck ./...", "go mod verify", "gofmt -l .", "go run ./cmd/app --help"]) expect((await tool("Bash", { command, description: "check" })).verdict, command).toBe("allow");
  // Under copilot -p an ask is a refusal: the ones kept are asked here too; out of scope is denied.
  expect((await tool("Bash", { command: "go mod tidy", description: "tidy" })).verdict).toBe("ask");
  expect((await tool("Write", { path: "/REPO/go.mod", file_text: "module x\n" })).verdict).toBe("deny");
});
