#!/usr/bin/env bash
# Provides a Node.js binary of a given major version, for the CI legs and the suites that run the
# package on more than one Node (see .ci/matrix.json).
#
#   scripts/node.sh 24        prints the path of a `node` whose major version is 24
#
# 1. A `node` on PATH (the first of that major, wherever it comes on PATH) is used as it is.
# 2. Otherwise the registry's `node` package (a real Node.js binary, as a package) is installed once into
#    a cache outside the repository, and reused from then on. The machine's Node is never replaced.
#
# Everything it says goes to stderr; stdout is only the path, so callers can `$(scripts/node.sh 24)`.
# It is idempotent and safe to run concurrently: installs are serialized by a lock on the cache folder.
#
# Settings (environment):
#   PULUMI_CLI_CACHE     the project's tool cache, shared with scripts/pulumi-cli.sh
#                        (default: $XDG_CACHE_HOME or ~/.cache, /pulumi-alicloud-vpn)
set -euo pipefail

major="${1:-}"
if ! [[ "$major" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/node.sh <major version>, e.g. scripts/node.sh 24" >&2
  exit 2
fi
cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-vpn}"
prefix="$cache_root/node-$major"
binary="$prefix/node_modules/node/bin/node"

say() { printf 'node: %s\n' "$*" >&2; }

# The major version of the node binary "$1", or nothing when it does not run.
major_of() {
  "$1" --version 2>/dev/null | sed -n 's/^v\([0-9]*\)\..*/\1/p'
}

# Every `node` on PATH, not only the first: a CI leg puts another Node.js in front of the machine's.
while IFS= read -r found; do
  if [ -n "$found" ] && [ "$(major_of "$found")" = "$major" ]; then
    say "using node $("$found" --version) from PATH ($found)"
    printf '%s\n' "$found"
    exit 0
  fi
done < <(type -ap node || true)

if [ -x "$binary" ] && [ "$(major_of "$binary")" = "$major" ]; then
  say "using node $("$binary" --version) installed earlier ($binary)"
  printf '%s\n' "$binary"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  say "no node $major here and no npm to install one."
  say "Install Node.js $major (https://nodejs.org/en/download), or npm, then run this script again."
  exit 1
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/node-$major.lock"
flock 9

if [ -x "$binary" ] && [ "$(major_of "$binary")" = "$major" ]; then
  say "using node $("$binary" --version) installed by another process ($binary)"
  printf '%s\n' "$binary"
  exit 0
fi

started=$(date +%s)
say "installing the registry's node@$major package into $prefix"
rm -rf "$prefix"
mkdir -p "$prefix"
# The package's install script puts the binary of this platform in place: it must run.
if ! npm install --prefix "$prefix" --no-audit --no-fund --no-save --ignore-scripts=false "node@$major" >&2 ||
  [ "$(major_of "$binary")" != "$major" ]; then
  say "installing node@$major from the registry failed (see above)."
  say "Install Node.js $major (https://nodejs.org/en/download) and put it first on PATH, then run this script again."
  exit 1
fi
say "installed node $("$binary" --version) in $(($(date +%s) - started)) s"
printf '%s\n' "$binary"
