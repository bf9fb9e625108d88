#!/usr/bin/env bash
# Installs a real VS Code (code-server 4.100.3 = VS Code 1.100.3) for the end-to-end tests
# and the demo, following docs in /work/shared/notes/real-vscode.md:
#   - Debian packages: chromium (browser), libkrb5-dev (native module kerberos), ripgrep
#   - code-server from the npm registry with --ignore-scripts into <repo>/.tools/code-server,
#     then its post-install steps by hand (its own script downloads ripgrep from GitHub).
# Idempotent and cached: a stamp file makes a second run a no-op.
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
VSCODE_VERSION="1.100.3"
DEB_PACKAGES=(chromium libkrb5-dev ripgrep)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOL_DIR="${RUST_SAFETY_COACH_TOOLS:-$REPO_ROOT/.tools}/code-server"
ENTRY="$TOOL_DIR/node_modules/code-server/out/node/entry.js"
STAMP="$TOOL_DIR/.setup-done-$CODE_SERVER_VERSION"

log() { printf '[setup-vscode] %s\n' "$*"; }
fail() {
  printf '[setup-vscode] ERROR: %s\n' "$*" >&2
  exit 1
}

missing_debs() {
  local pkg
  for pkg in "${DEB_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s ' "$pkg"
    fi
  done
}

# ---- fast path ---------------------------------------------------------------
if [[ -f "$STAMP" && -f "$ENTRY" && -x /usr/bin/chromium && -z "$(missing_debs)" ]]; then
  log "code-server $CODE_SERVER_VERSION already set up in $TOOL_DIR (stamp $STAMP) - nothing to do."
  exit 0
fi

start_time=$SECONDS

# ---- 1. Debian packages --------------------------------------------------------
missing="$(missing_debs)"
if [[ -n "$missing" ]]; then
  log "Step 1/6: installing Debian packages: $missing"
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    fail "need root (or sudo) to install: $missing"
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  log "Step 1/6: Debian packages present: ${DEB_PACKAGES[*]}"
fi
command -v rg >/dev/null || fail "ripgrep (rg) is not on PATH after installing it"
[[ -x /usr/bin/chromium ]] || fail "/usr/bin/chromium missing after installing chromium"

# ---- 2. code-server from npm ---------------------------------------------------
mkdir -p "$TOOL_DIR"
rm -f "$TOOL_DIR"/.setup-done-*
installed_version=""
if [[ -f "$TOOL_DIR/node_modules/code-server/package.json" ]]; then
  installed_version="$(node -p "require('$TOOL_DIR/node_modules/code-server/package.json').version" 2>/dev/null || true)"
fi
if [[ "$installed_version" != "$CODE_SERVER_VERSION" ]]; then
  log "Step 2/6: npm install code-server@$CODE_SERVER_VERSION --ignore-scripts into $TOOL_DIR"
  if [[ ! -f "$TOOL_DIR/package.json" ]]; then
    printf '{ "name": "rust-safety-coach-tools", "private": true }\n' >"$TOOL_DIR/package.json"
  fi
  (cd "$TOOL_DIR" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts \
    "code-server@$CODE_SERVER_VERSION")
else
  log "Step 2/6: code-server@$CODE_SERVER_VERSION already in $TOOL_DIR"
fi

VSCODE_DIR="$TOOL_DIR/node_modules/code-server/lib/vscode"
[[ -d "$VSCODE_DIR" ]] || fail "$VSCODE_DIR missing: the code-server package looks incomplete"

export npm_config_yes=true # lets node-pty's own `npx node-gyp` run
# The repo's .npmrc turns install scripts off for the project's own dependencies; code-server's
# native modules are built below on purpose, and `npm rebuild` would skip them under that setting.
export npm_config_ignore_scripts=false
export npm_config_unsafe_perm=true

# ---- 3. VS Code's own dependencies ---------------------------------------------
log "Step 3/6: installing VS Code's runtime dependencies in lib/vscode"
(cd "$VSCODE_DIR" && npm install --no-audit --no-fund --loglevel=error --omit=dev --ignore-scripts)

log "Step 4/6: building native modules (@parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty @vscode/deviceid)"
(cd "$VSCODE_DIR" && npm rebuild --loglevel=error @parcel/watcher @vscode/spdlog kerberos native-watchdog \
  node-pty @vscode/deviceid)

log "Step 5/6: ripgrep from Debian, node_modules.asar link, built-in extensions' dependencies"
mkdir -p "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VSCODE_DIR/node_modules.asar"
(cd "$VSCODE_DIR/extensions" && npm install --no-audit --no-fund --loglevel=error --omit=dev --ignore-scripts)

log "Step 6/6: building argon2 and checking the version"
(cd "$TOOL_DIR" && npm rebuild --loglevel=error argon2)

# A private XDG_CONFIG_HOME keeps code-server from writing ~/.config/code-server/config.yaml.
version_output="$(XDG_CONFIG_HOME="$TOOL_DIR/xdg-config" node "$ENTRY" --version 2>&1)" || fail "code-server --version failed: $version_output"
if ! grep -q "^$CODE_SERVER_VERSION .*with Code $VSCODE_VERSION" <<<"$version_output"; then
  fail "unexpected code-server version output: $version_output"
fi
log "code-server reports: $(grep "with Code" <<<"$version_output")"

date -u +%Y-%m-%dT%H:%M:%SZ >"$STAMP"
log "Done in $((SECONDS - start_time)) s. code-server entry: $ENTRY"
