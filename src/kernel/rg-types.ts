// ripgrep's file types, for the searches that take one (rg -t, Claude's Grep `type`).
/**
 * ripgrep's file types (`rg --type-list`, ripgrep 15), one a line: the type's names (aliases after a
 * comma), then its globs. A search given one of these `type`s (rg -t) reads only the files they
 * match, hidden ones too (a type's glob lets rg into a hidden file: `rg -t sh` reads `.env`). Every
 * type is here: a search with a type exo did not know was judged as reading every file, which
 * refused a harmless `type: "zig"` where a tracked .env is (before red-team round 48 only the common
 * types were listed). Read on the first search that names a type.
 */
const RG_TYPE_LIST = `
ada *.adb *.ads
agda *.agda *.lagda
aidl *.aidl
alire alire.toml
amake *.mk *.bp
asciidoc *.adoc *.asc *.asciidoc
asm *.asm *.s *.S
asp *.aspx *.aspx.cs *.aspx.vb *.ascx *.ascx.cs *.ascx.vb *.asp
ats *.ats *.dats *.sats *.hats
avro *.avdl *.avpr *.avsc
awk *.awk
bat,batch *.bat
bazel *.bazel *.bzl *.BUILD *.bazelrc BUILD MODULE.bazel WORKSPACE WORKSPACE.bazel WORKSPACE.bzlmod
bitbake *.bb *.bbappend *.bbclass *.conf *.inc
boxlang *.bx *.bxm *.bxs
brotli *.br
buildstream *.bst
bzip2 *.bz2 *.tbz2
c *.[chH] *.[chH].in *.cats
cabal *.cabal
candid *.did
carp *.carp
cbor *.cbor
ceylon *.ceylon
cfml *.cfc *.cfm
clojure *.clj *.cljc *.cljs *.cljx
cmake *.cmake CMakeLists.txt
cmd *.bat *.cmd
cml *.cml
coffeescript *.coffee
config *.cfg *.conf *.config *.ini
container *Containerfile* *Dockerfile*
coq *.v
cpp *.[ChH] *.cc *.[ch]pp *.[ch]xx *.hh *.inl *.[ChH].in *.cc.in *.[ch]pp.in *.[ch]xx.in *.hh.in
creole *.creole
crystal Projectfile *.cr *.ecr shard.yml
cs,csharp *.cs
cshtml *.cshtml
csproj *.csproj
css *.css *.scss
csv *.csv
cuda *.cu *.cuh
cython *.pyx *.pxi *.pxd
d *.d
dart *.dart
devicetree *.dts *.dtsi *.dtso
dhall *.dhall
diff *.patch *.diff
dita *.dita *.ditamap *.ditaval
docker *Dockerfile*
dockercompose docker-compose.yml docker-compose.*.yml
dts *.dts *.dtsi
dvc Dvcfile *.dvc
ebuild *.ebuild *.eclass
edn *.edn
elisp *.el
elixir *.ex *.eex *.exs *.heex *.leex *.livemd
elm *.elm
erb *.erb
erlang *.erl *.hrl
fennel *.fnl
fidl *.fidl
fish *.fish
flatbuffers *.fbs
fortran *.f *.F *.f77 *.F77 *.pfo *.f90 *.F90 *.f95 *.F95
fsharp *.fs *.fsx *.fsi
fut *.fut
gap *.g *.gap *.gi *.gd *.tst
gdscript *.gd
gleam *.gleam
gn *.gn *.gni
go *.go
gprbuild *.gpr
gradle *.gradle *.gradle.kts gradle.properties gradle-wrapper.* gradlew gradlew.bat
graphql *.graphql *.graphqls
groovy *.groovy *.gradle
gzip *.gz *.tgz
h *.h *.hh *.hpp
haml *.haml
hare *.ha
haskell *.hs *.lhs *.cpphs *.c2hs *.hsc
hbs *.hbs
hs *.hs *.lhs
html *.htm *.html *.ejs
hurl *.hurl
hy *.hy
idris *.idr *.lidr
janet *.janet
java *.java *.jsp *.jspx *.properties
jinja *.j2 *.jinja *.jinja2
jl,julia *.jl
js *.js *.jsx *.vue *.cjs *.mjs
json *.json composer.lock *.sarif
jsonl *.jsonl
jupyter *.ipynb *.jpynb
k *.k
kconfig Kconfig Kconfig.*
kotlin *.kt *.kts
lean *.lean
less *.less
license COPYING COPYING[.-]* COPYRIGHT COPYRIGHT[.-]* EULA EULA[.-]* licen[cs]e licen[cs]e.* LICEN[CS]E LICEN[CS]E[.-]* *[.-]LICEN[CS]E* NOTICE NOTICE[.-]* PATENTS PATENTS[.-]* UNLICEN[CS]E UNLICEN[CS]E[.-]* agpl[.-]* gpl[.-]* lgpl[.-]* AGPL-*[0-9]* APACHE-*[0-9]* BSD-*[0-9]* CC-BY-* GFDL-*[0-9]* GNU-*[0-9]* GPL-*[0-9]* LGPL-*[0-9]* MIT-*[0-9]* MPL-*[0-9]* OFL-*[0-9]*
lilypond *.ly *.ily
lisp *.el *.jl *.lisp *.lsp *.sc *.scm
llvm *.ll
lock *.lock package-lock.json
log *.log
lua *.lua
lz4 *.lz4
lzma *.lzma
m4 *.ac *.m4
make [Gg][Nn][Uu]makefile [Mm]akefile [Gg][Nn][Uu]makefile.am [Mm]akefile.am [Gg][Nn][Uu]makefile.in [Mm]akefile.in Makefile.* *.mk *.mak
mako *.mako *.mao
man *.[0-9lnpx] *.[0-9][cEFMmpSx]
markdown,md *.markdown *.md *.mdown *.mdwn *.mkd *.mkdn *.mdx
matlab *.m
meson meson.build meson_options.txt meson.options
minified *.min.html *.min.css *.min.js
mint *.mint
mk mkfile
ml *.ml
mojo *.mojo
motoko *.mo
msbuild *.csproj *.fsproj *.vcxproj *.proj *.props *.targets *.sln *.slnf
nim *.nim *.nimf *.nimble *.nims
nix *.nix
objc *.h *.m
objcpp *.h *.mm
ocaml *.ml *.mli *.mll *.mly
org *.org *.org_archive
pants BUILD
pascal *.pas *.dpr *.lpr *.pp *.inc
pdf *.pdf
perl *.perl *.pl *.PL *.plh *.plx *.pm *.t
php *.php *.php3 *.php4 *.php5 *.php7 *.php8 *.pht *.phtml
pkgbuild PKGBUILD
po *.po
pod *.pod
postscript *.eps *.ps
prolog *.pl *.pro *.prolog *.P
proto,protobuf *.proto
ps *.cdxml *.ps1 *.ps1xml *.psd1 *.psm1
puppet *.epp *.erb *.pp *.rb
purs *.purs
py,python *.py *.pyi
qmake *.pro *.pri *.prf
qml *.qml
qrc *.qrc
qui *.ui
r *.R *.r *.Rmd *.rmd *.Rnw *.rnw
racket *.rkt
raku *.raku *.rakumod *.rakudoc *.rakutest *.p6 *.pl6 *.pm6
rdoc *.rdoc
readme README* *README
reasonml *.re *.rei
red *.r *.red *.reds
rescript *.res *.resi
robot *.robot
rocq *.v
rst *.rst
ruby config.ru Gemfile .irbrc Rakefile *.gemspec *.rb *.rbw *.rake
rust *.rs
sass *.sass *.scss
scala *.scala *.sbt
scdoc *.scd *.scdoc
seed7 *.sd7 *.s7i
sh .env .login .logout .profile profile .bash_login bash_login .bash_logout bash_logout .bash_profile bash_profile .bashrc bashrc *.bashrc .cshrc *.cshrc .kshrc *.kshrc .tcshrc .zshenv zshenv .zlogin zlogin .zlogout zlogout .zprofile zprofile .zshrc zshrc *.bash *.csh *.env *.ksh *.sh *.tcsh *.zsh
slim *.skim *.slim *.slime
smarty *.tpl
sml *.sml *.sig
solidity *.sol
soy *.soy
spark *.spark
spec *.spec
sql *.sql *.psql
ssa *.ssa
stylus *.styl
sv *.v *.vg *.sv *.svh *.h
svelte *.svelte *.svelte.ts
svg *.svg
swift *.swift
swig *.def *.i
systemd *.automount *.conf *.device *.link *.mount *.path *.scope *.service *.slice *.socket *.swap *.target *.timer
taskpaper *.taskpaper
tcl *.tcl
tex *.tex *.ltx *.cls *.sty *.bib *.dtx *.ins
texinfo *.texi
textile *.textile
tf *.tf *.tf.json *.tfvars *.tfvars.json *.terraformrc terraform.rc *.tfrc *.terraform.lock.hcl
thrift *.thrift
toml *.toml Cargo.lock
ts,typescript *.ts *.tsx *.cts *.mts
twig *.twig
txt *.txt
typoscript *.typoscript *.ts
typst *.typ
usd *.usd *.usda *.usdc
v *.v *.vsh
vala *.vala
vb *.vb
vcl *.vcl
verilog *.v *.vh *.sv *.svh
vhdl *.vhd *.vhdl
vim,vimscript *.vim .vimrc .gvimrc vimrc gvimrc _vimrc _gvimrc
vue *.vue
webidl *.idl *.webidl *.widl
wgsl *.wgsl
wiki *.mediawiki *.wiki
xml *.xml *.xml.dist *.dtd *.xsl *.xslt *.xsd *.xjb *.rng *.sch *.xhtml
xz *.xz *.txz
yacc *.y
yaml *.yaml *.yml
yang *.yang
z *.Z
zig *.zig
zsh .zshenv zshenv .zlogin zlogin .zlogout zlogout .zprofile zprofile .zshrc zshrc *.zsh
zstd *.zst *.zstd
`;

let table: Map<string, string[]> | null = null;
function rgTypes(): Map<string, string[]> {
  if (table) return table;
  table = new Map();
  for (const line of RG_TYPE_LIST.split("\n")) {
    const [names = "", ...globs] = line.split(" ");
    for (const name of names.split(",")) if (name !== "") table.set(name, globs);
  }
  return table;
}

/** The globs of the ripgrep types named, or null when one is not ripgrep's (read as every file). */
export function rgTypeGlobs(types: readonly string[]): string[] | null {
  const out: string[] = [];
  for (const t of types) {
    const globs = rgTypes().get(t);
    if (globs === undefined) return null;
    out.push(...globs);
  }
  return out;
}
