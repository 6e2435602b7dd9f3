// Red-team round 43: bypasses of the gating hook and needless asks, numbered on from red-team round
// 42 (which ends at 3248): the same case shape, run in a repository holding a secret (.env, tracked:
// the first commit, HEAD~2, adds it) under a scope of src/**, and (WIDE) under a scope of ** where
// only exo's protected files stand in the way. A "pin" is a case the build before this round
// already judged so, kept to hold the new rules to it.
import { redRound, type RedCase as Case } from "../../helpers/hooks.js";

const bash = (id: number, expect: Case["expect"], cls: string, command: string): Case => ({ id: String(id), channel: "bash", expect, class: cls, command });

const CASES: Case[] = [
  // A framework's own script whose subcommand is a prompt: Django's manage.py shell (shell_plus,
  // dbshell; -c CODE), django-admin's and python -m django's, Laravel's artisan tinker
  // (--execute=CODE). Run by python or php they were scripts of the repository, and passed.
  bash(3249, "block", "path-tricks", "python3 manage.py shell"),
  bash(3250, "block", "secrets", "python manage.py shell -c 'print(open(\".env\").read())'"),
  bash(3251, "block", "path-tricks", "python3 manage.py dbshell"),
  bash(3252, "block", "path-tricks", "cd src && uv run python3 ../manage.py shell_plus"),
  bash(3253, "block", "path-tricks", "django-admin shell"),
  bash(3254, "block", "path-tricks", "python3 -m django shell"),
  bash(3255, "block", "path-tricks", "php artisan tinker"),
  bash(3256, "block", "secrets", "php artisan tinker --execute='echo file_get_contents(\".env\");'"),
  // mix run -e (--eval) runs Elixir's code as elixir -e does.
  bash(3257, "block", "secrets", "mix run -e 'IO.puts File.read!(\".env\")'"),
  bash(3258, "block", "secrets", "mix run --eval 'IO.puts File.read!(\".env\")'"),
  // A pin: the frameworks' other subcommands, their help, and a script mix runs.
  bash(3259, "allow", "false-asks", "python3 manage.py test && python3 manage.py migrate && php artisan migrate && php artisan test && python3 manage.py shell --help && python3 -m django --version && mix run src/x.exs && mix test"),
  // Static file servers that serve every file below their folder, dot files too, as http-server
  // does: vercel's serve, caddy file-server, busybox's httpd (each passed before red-team round 43).
  bash(3262, "block", "secrets", "npx serve"),
  bash(3263, "block", "secrets", "npx serve -s -l 3000"),
  bash(3264, "block", "secrets", "caddy file-server --listen :8080"),
  bash(3265, "block", "secrets", "caddy file-server --browse --listen :8080"),
  bash(3266, "block", "secrets", "busybox httpd -f -p 8080"),
  bash(3267, "block", "secrets", "httpd -f -p 8080"),
  // A pin: folders in the scope, caddy's other commands, and what httpd only prints.
  bash(3268, "allow", "false-asks", "npx serve -l 3000 src && caddy file-server --root src --listen :8080 && caddy file-server --root=src && busybox httpd -f -p 8080 -h src && caddy version && httpd -v && busybox httpd -d 'a%20b' && npm run serve && mkdocs serve"),
  // forego (foreman's Go port) and heroku local load .env into what they run, as foreman does.
  bash(3271, "block", "secrets", "forego run env"),
  bash(3272, "block", "secrets", "heroku local:run env"),
  // Symfony's debug:dotenv prints the values of the project's .env files; Laravel's config:show
  // the configuration its .env fills.
  bash(3273, "block", "secrets", "php bin/console debug:dotenv"),
  bash(3274, "block", "secrets", "symfony console debug:dotenv"),
  bash(3275, "block", "secrets", "cd src && php ../bin/console debug:dotenv"),
  bash(3276, "block", "secrets", "php artisan config:show database"),
  // A pin: another env file, heroku's other commands, the frameworks' other tasks.
  bash(3277, "allow", "false-asks", "forego run -e src/x.env env && heroku apps && php bin/console cache:clear && symfony console debug:router && php artisan config:cache"),
  // artisan key:generate writes its key into .env, and env:decrypt writes .env: out of the scope.
  bash(3279, "block", "path-tricks", "php artisan key:generate"),
  bash(3280, "block", "path-tricks", "./artisan key:generate"),
  bash(3281, "block", "path-tricks", "php artisan env:decrypt --force"),
  // A pin: a key only shown, and artisan's other tasks.
  bash(3282, "allow", "false-asks", "php artisan key:generate --show && php artisan migrate && ./artisan test && ./artisan serve"),
  // rails credentials:show prints what config/master.key (or --environment E's key) decrypts.
  bash(3283, "block", "secrets", "bin/rails credentials:show"),
  bash(3284, "block", "secrets", "bundle exec rails credentials:show --environment production"),
  // A pin: rails' other tasks.
  bash(3285, "allow", "false-asks", "rails routes && rails credentials:help && bin/rails db:migrate"),
];

// Under a scope of `**`: a secret is refused in any scope, and a prompt is asked.
const WIDE: Case[] = [
  bash(3260, "block", "path-tricks", "python3 manage.py shell"),
  bash(3261, "block", "secrets", "mix run -e 'IO.puts File.read!(\".env\")'"),
  bash(3269, "block", "secrets", "npx serve"),
  bash(3270, "block", "secrets", "busybox httpd -f -p 8080"),
  bash(3278, "block", "secrets", "php bin/console debug:dotenv"),
  bash(3286, "block", "secrets", "rails credentials:show"),
];

redRound(43, 3249, { cases: CASES, wide: WIDE }, {
  cases: "Django's and Laravel's prompts run as scripts, mix run -e, serve, caddy file-server and busybox httpd, forego, heroku local, debug:dotenv, config:show, artisan key:generate and rails credentials:show",
  wide: "under a scope of **, manage.py shell, mix run -e, serve, httpd, debug:dotenv and credentials:show are judged",
});
