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
# Lua 5.4, Perl (in Debian's base), Free Pascal, OCaml, Haskell (GHC) and C# (Mono's mcs).
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
  say "system packages present (redis-server, bubblewrap, libseccomp-dev, gcc, g++, make, python3, pypy3, javac, go$([ "${VERDICT_SETUP_LANGUAGES:-1}" != 0 ] && printf ', ruby, php, lua5.4, perl, fpc, ocaml, ghc, mono')$([ "${VERDICT_SETUP_TEST_TOOLS:-1}" != 0 ] && printf ', chromium'))"
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
