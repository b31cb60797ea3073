#!/usr/bin/env bash
# Type-checks tests/connectors/*.ts against the package's declarations as the package
# `airbyte-api-wasm` under moduleResolution nodenext, without skipLibCheck.
#   bash tests/connectors/run.sh              # declarations from pkg-template/
#   FROM=pkg bash tests/connectors/run.sh     # from the built package (after make build)
#   TIME=1 bash tests/connectors/run.sh       # also prints the tsc time of the consumer
# tsc: the workspace's node_modules/.bin/tsc when installed, else typescript from
# ./package.json (installed here on first use).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
from="$root/${FROM:-pkg-template}"
cd "$here"
if [ -x "$root/node_modules/.bin/tsc" ]; then
  tsc="$root/node_modules/.bin/tsc"
else
  [ -x node_modules/.bin/tsc ] || npm install --no-audit --no-fund --silent
  tsc="$here/node_modules/.bin/tsc"
fi
echo "tsc $("$tsc" --version | awk '{print $2}'), declarations from $from"

# The package as consumers see it: pkg-template's declarations behind a package.json whose
# `exports` carry a `types` condition. Stubs stand in for files other parts of the build own
# (index.d.ts, options.d.ts, package.json) when pkg-template does not have them yet.
pkg="$here/node_modules/airbyte-api-wasm"
rm -rf "$pkg"
mkdir -p "$pkg"
if [ -f "$from/package.json" ]; then
  # Only the declarations npm would pack (package.json `files`), so a declaration file missing
  # from `files` fails here as it would for users.
  for f in "$from"/*.d.ts; do
    b="$(basename "$f")"
    if node -e 'const p=require(process.argv[1]); process.exit((p.files||[]).includes(process.argv[2])?0:1)' \
      "$from/package.json" "$b"; then
      cp "$f" "$pkg/"
    else
      echo "ERROR: $b is not in the package.json \"files\": npm would not pack it" >&2
      missing=1
    fi
  done
  [ -z "${missing:-}" ] || exit 1
else
  cp "$from"/*.d.ts "$pkg"/
fi
[ -f "$pkg/options.d.ts" ] || echo 'export interface RequestOptions { signal?: AbortSignal }' >"$pkg/options.d.ts"
[ -f "$pkg/index.d.ts" ] || printf 'export * from "./generated.js";\n' >"$pkg/index.d.ts"
if [ -f "$from/package.json" ]; then
  cp "$from/package.json" "$pkg/package.json"
else
  cat >"$pkg/package.json" <<'JSON'
{ "name": "airbyte-api-wasm", "type": "module",
  "exports": { ".": { "types": "./index.d.ts", "default": "./index.js" } } }
JSON
fi

# 1. The consumer compiles (every @ts-expect-error must be needed).
start=$(date +%s%N)
"$tsc" -p tsconfig.json
end=$(date +%s%N)
echo "consumer.ts: ok"
if [ -n "${TIME:-}" ]; then
  echo "tsc -p tsconfig.json: $(( (end - start) / 1000000 )) ms"
  "$tsc" -p tsconfig.json --extendedDiagnostics | grep -E '^(Files|Types|Instantiations|Memory used|Check time|Total time)'
fi

# 2. errors.ts fails exactly on the marked lines, with the marked codes and names.
out="$("$tsc" -p tsconfig.errors.json --pretty false || true)"
fail=0
expected=0
while IFS= read -r line; do
  n="${line%%:*}"; rest="${line#*// expect }"; code="${rest%% *}"; needle="${rest#* }"
  needle="${needle#\'}"; needle="${needle%\'}"
  expected=$((expected + 1))
  if ! grep -E "^errors\.ts\($n,[0-9]+\): error $code: " <<<"$out" | grep -qF -- "$needle"; then
    echo "errors.ts:$n: expected $code mentioning $needle"; fail=1
  fi
done < <(grep -nE '// expect TS[0-9]+ ' errors.ts)
got=$(grep -cE '^errors\.ts\([0-9]+,[0-9]+\): error' <<<"$out" || true)
if [ "$got" != "$expected" ]; then
  echo "errors.ts: expected $expected errors, got $got"; fail=1
fi
if [ "$fail" != 0 ]; then echo "$out"; exit 1; fi
echo "errors.ts: $expected expected errors, each as marked"
