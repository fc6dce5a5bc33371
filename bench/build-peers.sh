#!/usr/bin/env bash
# Builds the benchmark's peers from their Go modules into .cache/peers (git-ignored).
# kubectl-who-can is built inside its downloaded module (go install @version also asks the proxy for the
# module's version list, which the proxy refuses for this module); rbac-tool is attempted the same way.
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

build github.com/aquasecurity/kubectl-who-can v0.4.0 cmd/kubectl-who-can kubectl-who-can
build github.com/alcideio/rbac-tool v1.20.0 . rbac-tool || echo "rbac-tool: not built (see above)"
