# Sourced (not run) by scripts/setup.sh and .ci/run: the project's Node.js.
#
# package.json needs Node >= 22.12 (NestJS 12's dependency tree does). Where the system node is
# older (Debian 12 machines often have Node 20), scripts/setup.sh installs the pinned version below
# from the npm registry (package node-linux-<arch>, checked against the integrity pinned here) into
# .tools/node, which is git-ignored; nothing is written outside the project. Sourcing this file
# puts that node first on PATH, so npm itself, npm ci's install scripts and every child process run
# on it. For a plain `npm start` / `npm test` typed in a shell with the system node first on PATH,
# the postinstall script in package.json links node_modules/.bin/node to it, and npm puts
# node_modules/.bin first on the PATH of every script.
VERDICT_NODE_VERSION=22.23.5
VERDICT_NODE_MIN=22.12.0
# `npm view node-linux-<arch>@$VERDICT_NODE_VERSION dist.integrity`
VERDICT_NODE_INTEGRITY_x64=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==
VERDICT_NODE_INTEGRITY_arm64=sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==
VERDICT_NODE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/node"

if [ -x "$VERDICT_NODE_DIR/bin/node" ]; then
  case ":$PATH:" in
    *":$VERDICT_NODE_DIR/bin:"*) ;;
    *) PATH="$VERDICT_NODE_DIR/bin:$PATH" ;;
  esac
  export PATH
  hash -r
fi
