# Shared helpers for the scripts in this directory (sourced, not executed).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Version of a package recorded in Cargo.lock (empty when absent).
lock_version() {
  awk -v name="$1" '
    $0 == "[[package]]" { inpkg = 1; found = 0; next }
    inpkg && $1 == "name" { gsub(/"/, "", $3); found = ($3 == name); next }
    inpkg && found && $1 == "version" { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}

# Version of the workspace (the wasm crate inherits it).
cargo_version() {
  awk '
    /^\[/ { sect = $0; next }
    (sect == "[workspace.package]" || sect == "[package]") && $1 == "version" && $3 ~ /^"/ {
      gsub(/"/, "", $3); print $3; exit
    }
  ' "$ROOT/Cargo.toml"
}

# Cargo's output directory (honours CARGO_TARGET_DIR).
export TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
