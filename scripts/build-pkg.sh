#!/usr/bin/env bash
# Build the npm package into pkg/:
#   cargo (wasm32, release) -> wasm-bindgen --target web -> snippets, import arity and signatures
#   (scripts/*.mjs) -> wasm-opt -Oz -> + pkg-template/ -> esbuild for the Node entries
# The result is assembled in a temporary directory and moved into place at the end, so a failed
# build never leaves a half-written pkg/ behind.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

CRATE=airbyte-api-wasm
NAME=airbyte_api_wasm
OUT="$ROOT/pkg"
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
ESBUILD="$ROOT/node_modules/.bin/esbuild"

# --- preconditions ---------------------------------------------------------------------------
version="$(cargo_version)"
[ -n "$version" ] || die "cannot read the version from Cargo.toml"
tmpl_version="$(node -p 'JSON.parse(require("fs").readFileSync("pkg-template/package.json","utf8")).version')"
[ "$version" = "$tmpl_version" ] ||
  die "version mismatch: Cargo.toml has $version, pkg-template/package.json has $tmpl_version"

want_bindgen="$(lock_version wasm-bindgen)"
[ -n "$want_bindgen" ] || die "wasm-bindgen is not in Cargo.lock (is the wasm crate's dependency missing?)"
have_bindgen="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
[ "$have_bindgen" = "$want_bindgen" ] ||
  die "wasm-bindgen CLI ${have_bindgen:-missing} does not match the library $want_bindgen in Cargo.lock (run: make deps)"
[ -x "$WASM_OPT" ] || die "$WASM_OPT missing (run: make deps)"
[ -x "$ESBUILD" ] || die "$ESBUILD missing (run: make deps)"

# --- compile ---------------------------------------------------------------------------------
log "cargo build --target wasm32-unknown-unknown --release -p $CRATE"
cargo build --target wasm32-unknown-unknown --release -p "$CRATE"
raw="$TARGET_DIR/wasm32-unknown-unknown/release/$NAME.wasm"
[ -f "$raw" ] || die "$raw was not produced"

mkdir -p "$TARGET_DIR"
stage="$(mktemp -d "$TARGET_DIR/pkg-stage.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

# The entries pass the .wasm location themselves, so the glue does not need a default path
# (--omit-default-module-path keeps bundlers from seeing a second reference to the file).
log "wasm-bindgen $want_bindgen --target web"
wasm-bindgen --target web --no-typescript --omit-default-module-path \
  --out-dir "$stage" --out-name "$NAME" "$raw"

# wasm-bindgen writes each `inline_js` block as a module of its own under snippets/: move them
# into the glue (one module fewer to load in every runtime; see the script).
node scripts/inline-snippets.mjs "$stage"
# Every import function declares as many parameters as its wasm signature has, so V8 needs no
# second (arity-mismatch) call wrapper per signature at instantiation (see the script).
node scripts/import-arity.mjs "$stage"
# Every function import gets one of three signatures (V8 compiles one call wrapper per distinct
# import signature when it compiles the module; see the script), in the wasm and in the glue.
node scripts/import-signatures.mjs "$stage"

# The feature list is what rustc enables by default for wasm32-unknown-unknown, plus SIMD
# (simd128, enabled in .cargo/config.toml for the scanner in core/src/scan.rs); wasm-opt must
# neither reject nor lower them.
# `--no-inline` keeps binaryen from inlining this crate's own functions (it inlines every
# function that has one caller, whatever its size): the error, retry, token and option-parsing
# paths that Rust keeps out of line (`#[cold]`, `#[inline(never)]`) stay out of the hot
# functions. V8 compiles wasm functions on first call, so code that a successful first call
# never runs is then never compiled (cold start). airbyte-core's functions are still inlined.
log "wasm-opt -Oz"
"$WASM_OPT" --no-inline='airbyte_api_wasm::*' -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
  --strip-producers \
  -o "$stage/$NAME.opt.wasm" "$stage/${NAME}_bg.wasm"
mv "$stage/$NAME.opt.wasm" "$stage/${NAME}_bg.wasm"
node scripts/import-arity.mjs --check "$stage"

# --- package files ---------------------------------------------------------------------------
# Everything in pkg-template/ except development-only files.
for f in pkg-template/* pkg-template/.npmignore; do
  [ -e "$f" ] || continue
  base="$(basename "$f")"
  case "$base" in
    tsconfig*.json | *.test.* | *.tsbuildinfo) continue ;;
  esac
  cp -R "$f" "$stage/$base"
done

# The Node entry is shipped as one file: pkg-template/node.js with the glue, client.js,
# errors.js and operations.js bundled in (esbuild, ESM, nothing minified or renamed that is
# exported). Node's loader resolves, reads and links each ES module separately, ≈ 0.3-0.5 ms
# apiece at a cold start; the other entries keep sharing the separate files (bundlers and
# workerd handle them).
# Two Node entries (package.json `node` → `module-sync` / `default`), each bundled the same way.
for entry in node node-compat; do
  log "esbuild: $entry.js as one module"
  (cd "$stage" && "$ESBUILD" "$entry.js" --bundle --format=esm --platform=node --log-level=error \
    --outfile="$entry.bundle.js")
  mv "$stage/$entry.bundle.js" "$stage/$entry.js"
done

# Every file the package.json points at must exist.
node --input-type=module - "$stage" <<'EOF'
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
const dir = process.argv[2];
const pj = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
const targets = [];
const walk = (v) => {
  if (typeof v === "string") targets.push(v);
  else if (v && typeof v === "object") Object.values(v).forEach(walk);
};
walk(pj.exports);
if (pj.types) targets.push(pj.types);
const missing = [...new Set(targets)].filter((t) => !existsSync(join(dir, t)));
if (missing.length) {
  console.error(`error: pkg/package.json points at missing files: ${missing.join(", ")}`);
  process.exit(1);
}
EOF

rm -rf "$OUT"
mv "$stage" "$OUT"
trap - EXIT
chmod 755 "$OUT"
log "built $OUT ($(wc -c <"$OUT/${NAME}_bg.wasm") bytes of wasm), version $version"
