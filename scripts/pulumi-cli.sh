#!/usr/bin/env bash
# Provides the Pulumi CLI that the engine tests, `npm start` and the benchmarks drive.
#
#   scripts/pulumi-cli.sh            prints the folder holding `pulumi` and `pulumi-resource-pulumi-nodejs`
#
# 1. A `pulumi` on PATH at version 3.226.0 or later (the first whose `--expect-no-changes` exits 7) is
#    used as it is; when PULUMI_CLI_VERSION asks for a version, only a `pulumi` of that very version.
# 2. Otherwise the CLI is built once from the Go module proxy, at the version of the project's
#    @pulumi/pulumi (or PULUMI_CLI_VERSION), into a cache folder of that version outside the repository,
#    and reused from then on. Builds of different versions sit side by side and never replace each other.
#
# Everything it says goes to stderr; stdout is only the folder, so callers can `$(scripts/pulumi-cli.sh)`.
# It is idempotent and safe to run concurrently: builds are serialized by a lock on the cache folder.
#
# Settings (environment):
#   PULUMI_CLI_VERSION   the version wanted, e.g. v3.276.0 (default: any 3.226+ on PATH, else build v3.248.0)
#   PULUMI_CLI_CACHE     where builds are kept (default: $XDG_CACHE_HOME or ~/.cache, /pulumi-alicloud-vpn)
#   PULUMI_CLI_BUILD=1   build even when a suitable `pulumi` is on PATH
set -euo pipefail

requested="${PULUMI_CLI_VERSION:-}"
if [ -n "$requested" ] && ! [[ "$requested" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  printf 'pulumi-cli: PULUMI_CLI_VERSION=%s is not a version such as v3.276.0\n' "$requested" >&2
  exit 2
fi
version="v${requested#v}"
[ -n "$requested" ] || version="v3.248.0"
min_version="3.226.0"
cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-vpn}"
out_dir="$cache_root/pulumi-$version/bin"

say() { printf 'pulumi-cli: %s\n' "$*" >&2; }

# Is "$1" (x.y.z) at least "$2"?
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

# The dynamic-provider plugin the engine looks for beside `pulumi` or on PATH. Pulumi ships it as a
# script that starts the host of the program's own @pulumi/pulumi, in the program's folder.
write_nodejs_plugin() {
  local target="$1/pulumi-resource-pulumi-nodejs"
  cat >"$target.tmp" <<'PLUGIN'
#!/bin/sh
exec node "$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
PLUGIN
  chmod +x "$target.tmp"
  mv -f "$target.tmp" "$target"
}

if [ "${PULUMI_CLI_BUILD:-0}" != "1" ] && command -v pulumi >/dev/null 2>&1; then
  found="$(command -v pulumi)"
  have="$(pulumi version 2>/dev/null | sed -e 's/^v//' -e 's/[-+].*//' || true)"
  if [ -n "$requested" ] && [ "$have" != "${version#v}" ]; then
    # A leg that asks for a version gets that version, never whatever another leg put on PATH.
    say "pulumi on PATH is ${have:-of unknown version}, not the $version asked for by PULUMI_CLI_VERSION; using a build of $version"
  elif [ -n "$have" ] && version_at_least "$have" "$min_version"; then
    dir="$(cd "$(dirname "$found")" && pwd)"
    if [ ! -x "$dir/pulumi-resource-pulumi-nodejs" ] && ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
      # Keep the user's installation untouched: a folder of our own holds a link and the plugin.
      dir="$cache_root/path-pulumi-$have/bin"
      mkdir -p "$dir"
      ln -sf "$found" "$dir/pulumi"
      write_nodejs_plugin "$dir"
    fi
    say "using pulumi $have from PATH ($found)"
    printf '%s\n' "$dir"
    exit 0
  else
    say "pulumi on PATH is ${have:-of unknown version}; $min_version or later is needed, building $version"
  fi
fi

if [ -x "$out_dir/pulumi" ] && [ -x "$out_dir/pulumi-resource-pulumi-nodejs" ]; then
  say "using pulumi $version built earlier ($out_dir)"
  printf '%s\n' "$out_dir"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  say "no pulumi $min_version+ on PATH and no Go to build one."
  say "Install the Pulumi CLI (https://www.pulumi.com/docs/install/) or Go 1.25+ with access to the Go module proxy, then run this script again."
  exit 1
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/pulumi-$version.lock"
say "waiting for the build lock ($cache_root/pulumi-$version.lock)"
flock 9

# Another process may have finished the build while this one waited.
if [ -x "$out_dir/pulumi" ] && [ -x "$out_dir/pulumi-resource-pulumi-nodejs" ]; then
  say "using pulumi $version built by another process ($out_dir)"
  printf '%s\n' "$out_dir"
  exit 0
fi

# `go install .../cmd/pulumi@version` is refused because pkg/go.mod has replace directives, and a
# dependency's replace directives are ignored. A small module of our own requires pkg and sdk at the
# same version and repeats the one replace that matters (pkg/go.mod: atotto/clipboard).
work="$cache_root/pulumi-$version/module"
rm -rf "$work"
mkdir -p "$work" "$out_dir"
cat >"$work/go.mod" <<MOD
module pulumi-alicloud-vpn/pulumi-cli

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 $version
	github.com/pulumi/pulumi/sdk/v3 $version
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
cat >"$work/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO

started=$(date +%s)
say "building pulumi $version from the Go module proxy into $out_dir (the first build downloads ~290 modules and takes several minutes; later builds come from Go's caches)"
(
  cd "$work"
  go mod tidy -e >&2 2>&1 || true
  GOFLAGS="${GOFLAGS:-} -mod=mod" go build -trimpath -tags grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    -o "$out_dir/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
)
mv -f "$out_dir/pulumi.tmp" "$out_dir/pulumi"
write_nodejs_plugin "$out_dir"
say "built pulumi $("$out_dir/pulumi" version) in $(($(date +%s) - started)) s"
printf '%s\n' "$out_dir"
