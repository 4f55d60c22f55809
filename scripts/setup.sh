#!/usr/bin/env bash
# Idempotent machine set-up for Debian 12 (as root, or through sudo): the system packages Verdict
# needs, Node.js >= 22.12 (a pinned one in .tools/node when the system node is older, see
# scripts/node-env.sh), a MongoDB-compatible server for local runs (FerretDB, unless mongod exists
# or MONGO_URI is set) and the npm dependencies. Only what is missing is installed; with everything
# present it takes well under a second and never calls apt-get.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

FERRETDB_MODULE=github.com/FerretDB/FerretDB
FERRETDB_VERSION=v1.24.2
# Kotlin compiler (Debian's kotlin is 1.3): these jars from Maven Central, the compiler and the
# runtime dependencies its POM lists, each pinned by sha256, into $KOTLIN_HOME/lib (unversioned
# names, the layout of a kotlinc distribution, so `-kotlin-home` finds the standard library).
KOTLIN_VERSION=2.4.21
KOTLIN_HOME=/usr/local/lib/kotlin
KOTLIN_JARS=(
  # groupId:artifactId:version                          sha256
  "org.jetbrains.kotlin:kotlin-compiler-embeddable:$KOTLIN_VERSION ef19419c765e7ac8404465fa026ca8fc4dbb8a822de0fc79aa53c8dce29f1d02"
  "org.jetbrains.kotlin:kotlin-build-tools-api:$KOTLIN_VERSION c5cd6a49bd072b529ae10809111c16a7aa0f92147e95d288354017fd65799461"
  "org.jetbrains.kotlin:kotlin-stdlib:$KOTLIN_VERSION bd8250210584cb659847dce9cda660f8e9906e5def7fbebcea93dc6dcb6a88a3"
  "org.jetbrains.kotlin:kotlin-script-runtime:$KOTLIN_VERSION a658cf5902a1525a06c264a5e42b437e97a6679ddeef8ca641246f270cf6a013"
  "org.jetbrains.kotlin:kotlin-daemon-embeddable:$KOTLIN_VERSION 7b3ef24674e5bcffcadfc4e43202ea314194939ecbcdd90a4770b2f1b04e0d07"
  "org.jetbrains.kotlin:kotlin-reflect:1.6.10 3277ac102ae17aad10a55abec75ff5696c8d109790396434b496e75087854203"
  "org.jetbrains.kotlinx:kotlinx-coroutines-core-jvm:1.8.0 9860906a1937490bf5f3b06d2f0e10ef451e65b95b269f22daf68a3d1f5065c5"
  "org.jetbrains:annotations:13.0 ace2a10dc8e2d5fd34925ecac03e4988b2c0f851650c94b8cef49ba1bd111478"
)

# Checktestdata input validators (.ctd) run with the Python reimplementation problemtools uses (PyPI
# `checktestdata`, pure Python, MIT): its wheel, pinned by sha256, unpacked into CHECKTESTDATA_HOME.
CHECKTESTDATA_VERSION=2026.9.2
CHECKTESTDATA_SHA256=7c79484a3efe0503a2e1d2b6cc11a083211376d01764db64a3e6e5e2054300ae
CHECKTESTDATA_HOME=/usr/local/lib/verdict-checktestdata

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
done_list=()
tmp_dirs=()
trap 'rm -rf "${tmp_dirs[@]}"' EXIT

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

# Go is often installed off PATH (go.dev tarball in /usr/local/go, Debian's in /usr/lib/go).
for d in /usr/local/go/bin /usr/lib/go/bin; do
  if [ -x "$d/go" ] && ! command -v go >/dev/null 2>&1; then PATH="$PATH:$d"; fi
done

# --- system packages: command (or file) that proves presence -> Debian package
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need redis-server redis-server
need bwrap bubblewrap
[ -e /usr/include/seccomp.h ] || missing+=(libseccomp-dev)
need gcc gcc
need g++ g++
need make make
need python3 python3
# venv with ensurepip: the Judge0 SDK end-to-end test makes its virtualenv with it (test/support/judge0-sdk.ts).
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1; } || missing+=(python3-venv)
need javac openjdk-17-jdk-headless
need go golang-go
need pypy3 pypy3
# Further contest languages (VERDICT_SETUP_LANGUAGES=0 skips them for a lean install): Ruby, PHP,
# Lua 5.4, Perl (in Debian's base), Free Pascal, OCaml, Haskell (GHC) and C# (Mono's mcs); Maven
# for the Kotlin compiler, whose pinned jars come from Maven Central (further below).
if [ "${VERDICT_SETUP_LANGUAGES:-1}" != 0 ]; then
  need ruby ruby
  need php php-cli
  need lua5.4 lua5.4
  need perl perl
  need fpc fpc
  need ocamlopt ocaml-nox
  need ghc ghc
  need mono mono-runtime
  [ -e /usr/lib/mono/4.5/mcs.exe ] || missing+=(mono-mcs)
  need mvn maven # fetches the Kotlin compiler's jars below
fi
# Test-only tools (VERDICT_SETUP_TEST_TOOLS=0 skips them for a lean install that only runs the service):
# Debian's chromium, which the playground's browser test drives headless (test/playground.e2e-spec.ts).
if [ "${VERDICT_SETUP_TEST_TOOLS:-1}" != 0 ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and there is no apt-get; install them by hand"
  say "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  hash -r
  done_list+=("apt-get install ${missing[*]}")
else
  say "system packages present (redis-server, bubblewrap, libseccomp-dev, gcc, g++, make, python3, pypy3, javac, go$([ "${VERDICT_SETUP_LANGUAGES:-1}" != 0 ] && printf ', ruby, php, lua5.4, perl, fpc, ocaml, ghc, mono, maven')$([ "${VERDICT_SETUP_TEST_TOOLS:-1}" != 0 ] && printf ', chromium'))"
fi

# --- Kotlin: the pinned jars in $KOTLIN_HOME/lib, each checked against its sha256 on every run
kotlin_jar_ok() { # $1: groupId:artifactId:version, $2: sha256, $3: directory
  local artifact="${1#*:}"; artifact="${artifact%%:*}"
  [ -f "$3/$artifact.jar" ] && [ "$(sha256sum "$3/$artifact.jar" | cut -d' ' -f1)" = "$2" ]
}
kotlin_home_ok() { # $1: directory holding lib/
  local entry
  for entry in "${KOTLIN_JARS[@]}"; do kotlin_jar_ok ${entry} "$1/lib" || return 1; done
  [ "$(cat "$1/VERSION" 2>/dev/null)" = "$KOTLIN_VERSION" ]
}
if [ "${VERDICT_SETUP_LANGUAGES:-1}" = 0 ]; then
  :
elif kotlin_home_ok "$KOTLIN_HOME"; then
  say "kotlin $KOTLIN_VERSION present ($KOTLIN_HOME)"
else
  say "installing the Kotlin $KOTLIN_VERSION compiler's jars into $KOTLIN_HOME (Maven Central, by mvn)"
  kotlin_work="$(mktemp -d)"
  tmp_dirs+=("$kotlin_work")
  mkdir -p "$kotlin_work/lib"
  for entry in "${KOTLIN_JARS[@]}"; do
    coordinates="${entry%% *}"
    artifact="${coordinates#*:}"; artifact="${artifact%%:*}"
    mvn -q -B -Dmaven.repo.local="$kotlin_work/m2" dependency:copy -Dartifact="$coordinates:jar" \
      -DoutputDirectory="$kotlin_work/lib" -Dmdep.stripVersion=true >&2 || die "mvn could not fetch $coordinates (see above)"
    kotlin_jar_ok ${entry} "$kotlin_work/lib" ||
      die "$coordinates: sha256 $(sha256sum "$kotlin_work/lib/$artifact.jar" 2>/dev/null | cut -d' ' -f1) is not the one pinned in scripts/setup.sh"
  done
  echo "$KOTLIN_VERSION" >"$kotlin_work/VERSION"
  as_root rm -rf "$KOTLIN_HOME.new"
  as_root mkdir -p "$KOTLIN_HOME.new/lib"
  as_root cp "$kotlin_work/lib/"*.jar "$KOTLIN_HOME.new/lib/"
  as_root cp "$kotlin_work/VERSION" "$KOTLIN_HOME.new/VERSION"
  as_root chmod -R a+rX "$KOTLIN_HOME.new"
  kotlin_home_ok "$KOTLIN_HOME.new" || die "the jars copied to $KOTLIN_HOME.new do not match their pins"
  as_root rm -rf "$KOTLIN_HOME"
  as_root mv "$KOTLIN_HOME.new" "$KOTLIN_HOME"
  done_list+=("Kotlin $KOTLIN_VERSION in $KOTLIN_HOME")
fi

# --- Checktestdata: the pinned wheel unpacked into $CHECKTESTDATA_HOME (a venv's pip fetches it: the system
# Python may have none)
if [ "$(cat "$CHECKTESTDATA_HOME/VERSION" 2>/dev/null)" = "$CHECKTESTDATA_VERSION" ] && [ -f "$CHECKTESTDATA_HOME/checktestdata/__main__.py" ]; then
  say "checktestdata $CHECKTESTDATA_VERSION present ($CHECKTESTDATA_HOME)"
else
  say "installing checktestdata $CHECKTESTDATA_VERSION into $CHECKTESTDATA_HOME (PyPI)"
  ctd_work="$(mktemp -d)"
  tmp_dirs+=("$ctd_work")
  /usr/bin/python3 -m venv "$ctd_work/venv" >&2 || die "python3 -m venv failed (python3-venv)"
  "$ctd_work/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --only-binary :all: -d "$ctd_work/wheel" \
    "checktestdata==$CHECKTESTDATA_VERSION" >&2 || die "pip could not fetch checktestdata==$CHECKTESTDATA_VERSION (see above)"
  wheel="$(ls "$ctd_work/wheel/"*.whl)"
  [ "$(sha256sum "$wheel" | cut -d' ' -f1)" = "$CHECKTESTDATA_SHA256" ] ||
    die "$(basename "$wheel"): sha256 $(sha256sum "$wheel" | cut -d' ' -f1) is not the one pinned in scripts/setup.sh"
  mkdir -p "$ctd_work/home"
  /usr/bin/python3 -m zipfile -e "$wheel" "$ctd_work/home" || die "could not unpack $wheel"
  echo "$CHECKTESTDATA_VERSION" >"$ctd_work/home/VERSION"
  as_root rm -rf "$CHECKTESTDATA_HOME"
  as_root mkdir -p "$(dirname "$CHECKTESTDATA_HOME")"
  as_root cp -r "$ctd_work/home" "$CHECKTESTDATA_HOME"
  as_root chmod -R a+rX "$CHECKTESTDATA_HOME"
  done_list+=("checktestdata $CHECKTESTDATA_VERSION in $CHECKTESTDATA_HOME")
fi

# --- Node.js >= 22.12: the system one if new enough, else the pinned one in .tools/node
# shellcheck source=scripts/node-env.sh
source scripts/node-env.sh
version_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$2" ]; }
tools_node="$VERDICT_NODE_DIR/bin/node"
system_node="$(command -v node 2>/dev/null || true)"
system_version="$([ -n "$system_node" ] && "$system_node" --version 2>/dev/null | sed 's/^v//' || true)"
if [ -x "$tools_node" ] && [ "$("$tools_node" --version)" = "v$VERDICT_NODE_VERSION" ]; then
  say "node v$VERDICT_NODE_VERSION present ($tools_node)"
elif [ ! -x "$tools_node" ] && [ -n "$system_version" ] && version_ge "$system_version" "$VERDICT_NODE_MIN"; then
  say "node v$system_version present ($system_node)"
else
  case "$(uname -m)" in
    x86_64) node_arch=x64 ;;
    aarch64) node_arch=arm64 ;;
    *) die "no pinned Node.js for $(uname -m): install Node.js >= $VERDICT_NODE_MIN yourself" ;;
  esac
  command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js and npm (any version; Debian: apt-get install npm) first"
  node_pkg="node-linux-$node_arch@$VERDICT_NODE_VERSION"
  integrity_var="VERDICT_NODE_INTEGRITY_$node_arch"
  say "installing Node.js v$VERDICT_NODE_VERSION into .tools/node (npm package $node_pkg; system node: ${system_version:-none})"
  node_work="$(mktemp -d)"
  tmp_dirs+=("$node_work")
  (cd "$node_work" && npm pack --silent --json "$node_pkg" >pack.json) || die "npm pack $node_pkg failed (see above)"
  got_integrity="$(sed -n 's/^ *"integrity": "\(.*\)",\{0,1\}$/\1/p' "$node_work/pack.json" | head -1)"
  [ "$got_integrity" = "${!integrity_var}" ] ||
    die "$node_pkg: integrity ${got_integrity:-unknown} is not the one pinned in scripts/node-env.sh (${!integrity_var})"
  rm -rf "$VERDICT_NODE_DIR.new"
  mkdir -p "$VERDICT_NODE_DIR.new"
  tar -xzf "$node_work"/node-linux-*.tgz -C "$VERDICT_NODE_DIR.new" --strip-components=1 --no-same-owner
  [ "$("$VERDICT_NODE_DIR.new/bin/node" --version)" = "v$VERDICT_NODE_VERSION" ] || die "the unpacked $VERDICT_NODE_DIR.new/bin/node does not run"
  rm -rf "$VERDICT_NODE_DIR"
  mv "$VERDICT_NODE_DIR.new" "$VERDICT_NODE_DIR"
  source scripts/node-env.sh
  done_list+=("Node.js v$VERDICT_NODE_VERSION in .tools/node")
fi

# --- MongoDB-compatible server for scripts/local-services.mjs
ferretdb_candidates() {
  command -v ferretdb 2>/dev/null || true
  [ -n "${GOBIN:-}" ] && echo "$GOBIN/ferretdb"
  local p
  IFS=: read -ra gopaths <<<"${GOPATH:-}"
  for p in "${gopaths[@]}"; do [ -n "$p" ] && echo "$p/bin/ferretdb"; done
  echo "$HOME/go/bin/ferretdb"
  if command -v go >/dev/null 2>&1; then
    local gobin; gobin="$(go env GOBIN)"
    [ -n "$gobin" ] && echo "$gobin/ferretdb"
    echo "$(go env GOPATH | cut -d: -f1)/bin/ferretdb"
  fi
}

working_ferretdb=""
if [ -n "${MONGO_URI:-}" ]; then
  say "MONGO_URI is set; no local MongoDB-compatible server needed"
elif command -v mongod >/dev/null 2>&1; then
  say "mongod present ($(command -v mongod))"
else
  while read -r f; do
    if [ -x "$f" ] && "$f" --version >/dev/null 2>&1; then working_ferretdb="$f"; break; fi
  done < <(ferretdb_candidates)
  if [ -n "$working_ferretdb" ]; then
    say "ferretdb present ($working_ferretdb)"
  else
    # `go install $FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION` alone gives a binary that panics at
    # start: FerretDB embeds build/version/version.txt, which its release process generates and the
    # module zip lacks. So build from a writable copy of the module with that file written in.
    # FerretDB 1.24 needs Go >= 1.24; Go >= 1.21 fetches that toolchain by itself (GOTOOLCHAIN=auto).
    go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
    if [ -z "$go_minor" ] || [ "$go_minor" -lt 21 ]; then
      die "FerretDB $FERRETDB_VERSION needs Go >= 1.21 (it fetches 1.24 itself) but found $(go env GOVERSION). \
Debian 12's golang-go is 1.19: install a newer Go (bookworm-backports golang-1.23-go, or go.dev/dl), \
or install mongod, or set MONGO_URI to an existing MongoDB"
    fi
    gobin="$(go env GOBIN)"
    [ -n "$gobin" ] || gobin="$(go env GOPATH | cut -d: -f1)/bin"
    say "building ferretdb $FERRETDB_VERSION into $gobin (Go $(go env GOVERSION))"
    work="$(mktemp -d)"
    tmp_dirs+=("$work")
    src="$(cd "$work" && go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})')"
    cp -r "$src" "$work/src"
    chmod -R u+w "$work/src"
    echo "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
    mkdir -p "$gobin"
    (cd "$work/src" && go build -buildvcs=false -trimpath -o "$gobin/ferretdb.new" ./cmd/ferretdb)
    mv -f "$gobin/ferretdb.new" "$gobin/ferretdb"
    "$gobin/ferretdb" --version >/dev/null || die "the freshly built $gobin/ferretdb does not run"
    done_list+=("built $gobin/ferretdb $FERRETDB_VERSION")
  fi
fi

# --- npm dependencies (a clean clone or CI: npm ci; otherwise only when the lock file changed)
if [ "${CI:-}" != true ] && [ -f node_modules/.package-lock.json ] &&
  [ node_modules/.package-lock.json -nt package-lock.json ] && [ node_modules/.package-lock.json -nt package.json ]; then
  say "node_modules up to date with package-lock.json"
else
  say "npm ci (npm $(npm --version) on node $(node --version))"
  npm ci --no-audit --no-fund || die "npm ci failed (see above)"
  done_list+=("npm ci")
fi
# node_modules/.bin/node -> .tools/node (npm ci does this itself in package.json's postinstall;
# this covers a node_modules installed before .tools/node existed).
if [ -x "$tools_node" ] && [ ! "node_modules/.bin/node" -ef "$tools_node" ]; then
  npm run --silent postinstall
  done_list+=("linked node_modules/.bin/node")
fi

if [ "${#done_list[@]}" -gt 0 ]; then
  say "done: $(IFS=';'; echo "${done_list[*]}" | sed 's/;/; /g')"
else
  say "done: nothing to do"
fi
