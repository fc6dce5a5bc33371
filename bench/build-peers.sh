#!/usr/bin/env bash
# Builds the benchmark's peers into .cache/peers (git-ignored).
# kubectl-who-can is built inside its downloaded Go module (go install @version also asks the proxy for the
# module's version list, which the proxy refuses for this module). rbac-tool's module is refused by the
# proxy altogether: it is built from its published source in shared/peers/rbac-tool (beside the repository),
# copied to .cache/peers-src first because that folder is read-only; its dependencies come from the proxy.
# audit2rbac is built the same way from shared/peers/audit2rbac, patched first (bench/peers/audit2rbac.patch):
# its published go.mod pins k8s.io/apiserver v0.23.16, which the proxy refuses, so its k8s.io modules move
# to the test API server's v1.34.4 (the same replace block as test/apiserver/go.mod), and pkg/util.go decodes
# audit.k8s.io/v1 events only (the v1alpha1 and v1beta1 audit APIs are gone from those modules).
set -u
cd "$(dirname "$0")/.."
PEERS="$PWD/.cache/peers"
mkdir -p "$PEERS"

build() { # module version package binary
  local dir
  dir=$(go mod download -json "$1@$2" 2>/dev/null | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [ -z "$dir" ]; then
    echo "$1@$2: cannot be downloaded:" >&2
    go mod download -json "$1@$2" 2>&1 | grep -i error >&2
    return 1
  fi
  (cd "$dir" && GOFLAGS=-mod=mod go build -o "$PEERS/$4" "./$3") && echo "built $PEERS/$4"
}

build_from_source() { # source-folder binary [package] [patch]
  [ -x "$PEERS/$2" ] && { echo "$PEERS/$2 is already built"; return 0; }
  [ -d "$1" ] || { echo "$1: not found" >&2; return 1; }
  local src="$PWD/.cache/peers-src/$2" pkg="${3:-.}" patch="${4:-}"
  rm -rf "$src" && mkdir -p "$(dirname "$src")" && cp -r "$1" "$src" && chmod -R u+w "$src"
  if [ -n "$patch" ]; then
    (cd "$src" && patch -p1 --quiet < "$patch" && go mod tidy) || { echo "$2: the patch $patch does not apply" >&2; return 1; }
  fi
  (cd "$src" && go build -o "$PEERS/$2" "$pkg") && echo "built $PEERS/$2"
}

[ -x "$PEERS/kubectl-who-can" ] || build github.com/aquasecurity/kubectl-who-can v0.4.0 cmd/kubectl-who-can kubectl-who-can
build_from_source ../shared/peers/rbac-tool rbac-tool || echo "rbac-tool: not built (see above)"
build_from_source ../shared/peers/audit2rbac audit2rbac ./cmd/audit2rbac "$PWD/bench/peers/audit2rbac.patch" ||
  echo "audit2rbac: not built (see above)"
