#!/usr/bin/env bash
# Install everything `make build` and `make test` need on a Debian 12 machine that already has
# rustup, Node 20 and npm. Idempotent: each step checks first and does nothing when satisfied.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

command -v rustup >/dev/null || die "rustup not found (install Rust via https://rustup.rs)"
command -v node >/dev/null || die "node not found (Node 20 or later is required)"
command -v npm >/dev/null || die "npm not found"

# --- apt: headless Chromium + chromedriver (wasm-bindgen-test in a page/worker, page tests),
# and Python's venv (the emulator's official-Python-SDK test). Only what is missing.
apt_packages=()
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt_packages+=(chromium chromium-driver)
fi
if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  apt_packages+=(python3 python3-venv)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  log "apt-get install ${apt_packages[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${apt_packages[@]}"
fi

# --- Rust target and components ---------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
installed_components="$(rustup component list --installed)"
for c in clippy rustfmt; do
  if ! grep -q "^$c" <<<"$installed_components"; then
    log "rustup component add $c"
    rustup component add "$c"
  fi
done

# --- Node dev tools (typescript, wasm-opt, miniflare/workerd, esbuild, playwright-core) ------
# `npm ci` wipes node_modules, so only run it when the lock file changed since the last install.
stamp="node_modules/.install-stamp"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  log "npm ci"
  # Install scripts are not needed: workerd finds its platform binary in the optional
  # @cloudflare/workerd-* package and esbuild in @esbuild/<platform>; the rest is plain JS.
  npm ci --no-audit --no-fund --ignore-scripts
  cp package-lock.json "$stamp"
fi

# --- wasm-bindgen CLI, same version as the library in Cargo.lock ------------------------------
want="$(lock_version wasm-bindgen)"
[ -n "$want" ] || die "wasm-bindgen is not in Cargo.lock"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
have_runner="$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}')" || true
if [ "$have" != "$want" ] || [ "$have_runner" != "$want" ]; then
  log "cargo install wasm-bindgen-cli $want (was: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --locked --force ||
    cargo install wasm-bindgen-cli --version "$want" --force
fi

log "dependencies ready (wasm-bindgen $want, $(node --version), chromium at /usr/bin/chromium)"
