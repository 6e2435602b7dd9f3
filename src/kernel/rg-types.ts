// ripgrep's file types, for the searches that take one (rg -t, Claude's Grep `type`).
/**
 * The globs of ripgrep's common file types (`rg --type-list`, ripgrep 15): a search given one of these
 * `type`s (rg -t) reads only the files they match, hidden ones too (a type's glob lets rg into a
 * hidden file: `rg -t sh` reads `.env`).
 */
export const RG_TYPES: Record<string, string> = {
  js: "*.cjs *.js *.jsx *.mjs *.vue", ts: "*.cts *.mts *.ts *.tsx", py: "*.py *.pyi", rust: "*.rs", go: "*.go",
  java: "*.java *.jsp *.jspx *.properties", kotlin: "*.kt *.kts", c: "*.[chH] *.[chH].in *.cats",
  cpp: "*.[ChH] *.[ChH].in *.[ch]pp *.[ch]pp.in *.[ch]xx *.[ch]xx.in *.cc *.cc.in *.hh *.hh.in *.inl", cs: "*.cs",
  php: "*.php *.php3 *.php4 *.php5 *.php7 *.php8 *.pht *.phtml", swift: "*.swift",
  md: "*.markdown *.md *.mdown *.mdwn *.mdx *.mkd *.mkdn", markdown: "*.markdown *.md *.mdown *.mdwn *.mdx *.mkd *.mkdn",
  json: "*.json *.sarif composer.lock", yaml: "*.yaml *.yml", toml: "*.toml Cargo.lock", html: "*.ejs *.htm *.html", css: "*.css *.scss",
  sql: "*.psql *.sql", vue: "*.vue", svelte: "*.svelte *.svelte.ts", txt: "*.txt", scala: "*.sbt *.scala", lua: "*.lua", dart: "*.dart",
  ruby: "*.gemspec *.rake *.rb *.rbw .irbrc Gemfile Rakefile config.ru", perl: "*.PL *.perl *.pl *.plh *.plx *.pm *.t", docker: "*Dockerfile*",
  tf: "*.terraform.lock.hcl *.terraformrc *.tf *.tf.json *.tfrc *.tfvars *.tfvars.json terraform.rc",
  sh: "*.bash *.bashrc *.csh *.cshrc *.env *.ksh *.kshrc *.sh *.tcsh *.zsh .bash_login .bash_logout .bash_profile .bashrc .cshrc .env .kshrc .login .logout .profile .tcshrc .zlogin .zlogout .zprofile .zshenv .zshrc bash_login bash_logout bash_profile bashrc profile zlogin zlogout zprofile zshenv zshrc",
};

/** The globs of the ripgrep types named, or null when one is not in RG_TYPES (read as every file). */
export function rgTypeGlobs(types: readonly string[]): string[] | null {
  const out: string[] = [];
  for (const t of types) {
    const globs = Object.hasOwn(RG_TYPES, t) ? RG_TYPES[t] : undefined;
    if (globs === undefined) return null;
    out.push(...globs.split(" "));
  }
  return out;
}
