#!/usr/bin/env bash
# Build the scanner harness (core/examples/scanbench.rs) for wasm32 and optimise it like the
# package (wasm-opt -Oz, same features), into target/scanbench.wasm or $1. Time it with
#   node scripts/scanbench.mjs target/scanbench.wasm [other.wasm ...]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
out="${1:-$TARGET_DIR/scanbench.wasm}"
cargo build --target wasm32-unknown-unknown --release -p airbyte-core --example scanbench
"$ROOT/node_modules/.bin/wasm-opt" -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
  -o "$out" "$TARGET_DIR/wasm32-unknown-unknown/release/examples/scanbench.wasm"
log "built $out ($(wc -c <"$out") bytes)"
