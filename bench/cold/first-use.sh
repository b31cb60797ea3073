#!/usr/bin/env bash
# Which wasm functions a Node cold start makes V8 compile (V8 compiles each wasm function on its
# first call), largest first, by name:
#   bench/cold/first-use.sh [N=40]        (after `make build`; uses its cargo output)
# Builds a copy of the package the way scripts/build-pkg.sh does, but keeping the name section
# (wasm-opt -g), runs bench/cold/node-entry.mjs under --trace-wasm-compilation-times and maps
# the function indices to names. Every KB of code on this list is ≈ 0.05-0.065 ms of cold start
# (eighth pass: construct + first call 1.87 ms faster under --no-wasm-lazy-compilation, 29 KB).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
N="${1:-40}"
raw=target/wasm32-unknown-unknown/release/airbyte_api_wasm.wasm
[ -f "$raw" ] || { echo "error: $raw missing (run make build)" >&2; exit 1; }
FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd)
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
wasm-bindgen --target web --no-typescript --omit-default-module-path --keep-debug \
  --out-dir "$dir" --out-name airbyte_api_wasm "$raw"
node_modules/.bin/wasm-opt --no-inline='airbyte_api_wasm::*' -Oz -g "${FEATURES[@]}" \
  -o "$dir/o.wasm" "$dir/airbyte_api_wasm_bg.wasm"
mv "$dir/o.wasm" "$dir/airbyte_api_wasm_bg.wasm"
node scripts/inline-snippets.mjs "$dir" >/dev/null
node scripts/import-arity.mjs "$dir" >/dev/null
cp pkg-template/node.js pkg-template/client.js pkg-template/errors.js pkg-template/operations.js "$dir/"
# The shipped Node entry is one module (scripts/build-pkg.sh bundles it the same way).
node_modules/.bin/esbuild "$dir/node.js" --bundle --format=esm --platform=node --log-level=error \
  --outfile="$dir/node.bundle.js"
mv "$dir/node.bundle.js" "$dir/node.js"
cp pkg-template/package.json "$dir/"
node_modules/.bin/wasm-opt "$dir/airbyte_api_wasm_bg.wasm" "${FEATURES[@]}" --print-function-map \
  -o /dev/null >"$dir/names.txt"
BENCH_PKG_DIR="$dir" node --trace-wasm-compilation-times bench/cold/node-entry.mjs >"$dir/trace.txt" 2>&1 || {
  echo "error: the cold start under the trace failed:" >&2
  tail -20 "$dir/trace.txt" >&2
  exit 1
}
node - "$dir" "$N" <<'EOF'
const { readFileSync } = require("node:fs");
const [dir, n] = process.argv.slice(2);
const names = new Map(
  readFileSync(`${dir}/names.txt`, "utf8").split("\n").filter(Boolean)
    .map((l) => [Number(l.slice(0, l.indexOf(":"))), l.slice(l.indexOf(":") + 1)]),
);
const rows = [...readFileSync(`${dir}/trace.txt`, "utf8").matchAll(/#(\d+) using Liftoff.*bodysize (\d+)/g)]
  .map((m) => [Number(m[1]), Number(m[2])])
  .sort((a, b) => b[1] - a[1]);
if (rows.length === 0) {
  console.error("error: the trace names no wasm function compiled with Liftoff (has V8's trace format changed?)");
  process.exit(1);
}
const total = rows.reduce((s, [, b]) => s + b, 0);
console.log(`${rows.length} functions compiled, ${total} bytes of code (construct + first getConnection)`);
for (const [i, b] of rows.slice(0, Number(n))) console.log(String(b).padStart(6), (names.get(i) ?? `#${i}`).slice(0, 120));
EOF
