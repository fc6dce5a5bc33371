#!/usr/bin/env bash
# Builds the test kube-apiserver (test/apiserver, a Go program embedding
# kube-apiserver + etcd from the k8s.io/kubernetes Go module) into
#   .cache/apiserver/kube-rbac-test-apiserver-<k8s version>
# relative to the repository root, and skips the build when that file exists
# (unless the sources changed since it was built, or --force is given).
#
# Progress goes to stderr; the last line on stdout is the binary's path.
# The first build compiles most of Kubernetes: expect 10+ minutes on 2 cores.
#
# Environment: GO (go command, default "go"), BUILD_JOBS (parallel compile
# jobs, default 2; each job can take 1-2 GB of memory).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/test/apiserver"
GO="${GO:-go}"
JOBS="${BUILD_JOBS:-2}"
source "$ROOT/scripts/lib/go-build.sh"
parse_build_args build-apiserver 2,11 "$@"
require_go build-apiserver

K8S_VERSION="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$SRC/go.mod")"
if [[ -z "$K8S_VERSION" ]]; then
  echo "build-apiserver: cannot find the k8s.io/kubernetes version in $SRC/go.mod" >&2
  exit 1
fi
OUT_DIR="$ROOT/.cache/apiserver"
OUT="$OUT_DIR/kube-rbac-test-apiserver-$K8S_VERSION"
STAMP="$OUT.src-sha256"
mkdir -p "$OUT_DIR"

src_hash() {
  (cd "$SRC" && cat go.mod go.sum $(ls *.go | LC_ALL=C sort)) | sha256sum | cut -d' ' -f1
}

# One build at a time (concurrent test runs may all call this script).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$OUT_DIR/.build.lock"
  flock 9
fi

HASH="$(src_hash)"
if [[ "$FORCE" == 0 && -x "$OUT" ]]; then
  if [[ ! -f "$STAMP" || "$(cat "$STAMP")" == "$HASH" ]]; then
    echo "build-apiserver: up to date ($K8S_VERSION)" >&2
    echo "$OUT"
    exit 0
  fi
  echo "build-apiserver: sources changed since $OUT was built; rebuilding" >&2
fi

MAJOR="${K8S_VERSION#v}"; MAJOR="${MAJOR%%.*}"
MINOR="${K8S_VERSION#v*.}"; MINOR="${MINOR%%.*}"
LDFLAGS="-s"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$MAJOR -X $pkg.gitMinor=$MINOR -X $pkg.gitTreeState=clean"
done

echo "build-apiserver: building kube-apiserver $K8S_VERSION with $("$GO" version | cut -d' ' -f3), $JOBS jobs (first build takes many minutes)..." >&2
start=$(date +%s)
TMP_OUT="$OUT.tmp.$$"
trap 'rm -f "$TMP_OUT"' EXIT
(
  cd "$SRC"
  export GOFLAGS="${GOFLAGS:-} -mod=mod"
  export GOMAXPROCS="${GOMAXPROCS:-$JOBS}"
  export CGO_ENABLED="${CGO_ENABLED:-0}"
  "$GO" build -p "$JOBS" -trimpath -ldflags="$LDFLAGS" -o "$TMP_OUT" .
)
mv -f "$TMP_OUT" "$OUT"
echo "$HASH" > "$STAMP"
echo "build-apiserver: built in $(( $(date +%s) - start ))s, $(du -h "$OUT" | cut -f1)" >&2
echo "$OUT"
