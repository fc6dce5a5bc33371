#!/usr/bin/env bash
# Builds the pinned helm and kustomize binaries the chart and kustomize tests run, from their Go
# modules, into
#   .cache/tools/helm-<version> and .cache/tools/kustomize-<version>
# relative to the repository root, and skips a build when its file exists (unless --force is given).
#
# Progress goes to stderr; stdout ends with one line per tool: "<name> <path>".
# `go install module@version` builds with the module's own go.mod and go.sum: no dependency update.
#
# Environment: GO (go command, default "go"), BUILD_JOBS (parallel compile jobs, default 2).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GO="${GO:-go}"
JOBS="${BUILD_JOBS:-2}"
HELM_VERSION="v4.3.2"
# The newest kustomize whose go.mod asks no newer Go than the one the project builds with.
KUSTOMIZE_VERSION="v5.8.2"
source "$ROOT/scripts/lib/go-build.sh"
parse_build_args build-tools 2,10 "$@"
require_go build-tools

OUT_DIR="$ROOT/.cache/tools"
mkdir -p "$OUT_DIR"

# One build at a time (concurrent test runs may all call this script).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$OUT_DIR/.build.lock"
  flock 9
fi

TMP_BIN=""
trap '[[ -z "$TMP_BIN" ]] || rm -rf "$TMP_BIN"' EXIT

# build NAME PACKAGE VERSION LDFLAGS
build() {
  local name="$1" pkg="$2" version="$3" ldflags="$4"
  local out="$OUT_DIR/$name-$version"
  if [[ "$FORCE" == 0 && -x "$out" ]]; then
    echo "build-tools: $name $version up to date" >&2
    echo "$name $out"
    return
  fi
  echo "build-tools: building $name $version with $("$GO" version | cut -d' ' -f3), $JOBS jobs..." >&2
  local start
  start=$(date +%s)
  TMP_BIN="$(mktemp -d "$OUT_DIR/.bin.XXXXXX")"
  (
    export GOBIN="$TMP_BIN" GOFLAGS="-mod=readonly -trimpath" GOTOOLCHAIN=local
    export GOMAXPROCS="${GOMAXPROCS:-$JOBS}" CGO_ENABLED=0
    "$GO" install -p "$JOBS" -ldflags="$ldflags" "$pkg@$version"
  )
  mv -f "$TMP_BIN/$name" "$out"
  rm -rf "$TMP_BIN"
  TMP_BIN=""
  echo "build-tools: $name built in $(( $(date +%s) - start ))s" >&2
  echo "$name $out"
}

build helm helm.sh/helm/v4/cmd/helm "$HELM_VERSION" \
  "-s -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
build kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION" \
  "-s -X sigs.k8s.io/kustomize/api/provenance.version=$KUSTOMIZE_VERSION"
