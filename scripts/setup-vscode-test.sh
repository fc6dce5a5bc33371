#!/usr/bin/env bash
# Installs what the in-editor tests and `npm run demo` need: Debian's Chromium (driven by playwright-core),
# ripgrep and the headers code-server's native modules build against, then code-server itself into a
# cache folder outside the repository (~/.cache/kube-rbac/code-server) so the extension's own dependencies
# stay small.
# Idempotent: returns quickly when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"   # 4.100.x = VS Code 1.100 = Node 20
# Outside the repository (see CODE_SERVER_DIR in scripts/lib/code-server.mjs for why).
CACHE_DIR="${KUBE_RBAC_CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-rbac/code-server}"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ "${#need_apt[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -x "$CACHE_DIR/node_modules/.bin/code-server" ] \
  && grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CACHE_DIR/node_modules/code-server/package.json" 2>/dev/null; then
  echo "code-server $CODE_SERVER_VERSION: already installed in $CACHE_DIR"
  exit 0
fi

# @vscode/ripgrep downloads rg from GitHub in postinstall unless its cache already holds the archive:
# put Debian's rg there (the name follows the @vscode/ripgrep version pinned by code-server).
tmp="${TMPDIR:-/tmp}"
for spec in "1.15.11:v13.0.0-10" "1.15.10:v13.0.0-10" "1.15.9:v13.0.0-4"; do
  dir="$tmp/vscode-ripgrep-cache-${spec%%:*}"
  archive="$dir/ripgrep-${spec##*:}-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -f "$archive" ]; then
    mkdir -p "$dir"
    stage="$(mktemp -d)"; cp "$(command -v rg)" "$stage/rg"
    tar -czf "$archive" -C "$stage" rg; rm -rf "$stage"
  fi
done

mkdir -p "$CACHE_DIR"
if [ ! -f "$CACHE_DIR/package.json" ]; then
  printf '{\n  "name": "kube-rbac-code-server",\n  "private": true,\n  "description": "code-server for the in-editor tests and the demo (not a dependency of the extension)"\n}\n' > "$CACHE_DIR/package.json"
fi
echo "Installing code-server $CODE_SERVER_VERSION into $CACHE_DIR (about a minute)"
(
  cd "$CACHE_DIR"
  npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir="${npm_config_nodedir:-/usr}" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
)
echo "code-server $CODE_SERVER_VERSION installed"
