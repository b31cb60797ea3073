#!/usr/bin/env bash
# Compares the tsc cost of checking the same consumer against this package's declarations
# and against openapi-typescript's output for the same spec. Needs `bash run.sh` first
# (it lays out node_modules/airbyte-api-wasm) and the npm registry for openapi-typescript.
#   bash tests/connectors/bench.sh [SPEC] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
spec="${1:-$root/../shared/airbyte-api/api_sdk.yaml}"
runs="${2:-5}"
tsc="$here/node_modules/.bin/tsc"
[ -d "$here/node_modules/airbyte-api-wasm" ] || bash "$here/run.sh" >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npx -y openapi-typescript@7.13.0 "$spec" -o "$work/oat.d.ts" >/dev/null 2>&1
echo '{ "type": "module" }' >"$work/package.json"
# bench.ts with the imports rewritten for openapi-typescript's `components`.
{
  echo 'import type { components } from "./oat.js";'
  echo 'type S = components["schemas"];'
  echo 'type SourceCreateRequest = S["SourceCreateRequest"];'
  echo 'type DestinationCreateRequest = S["DestinationCreateRequest"];'
  echo 'type SourcePostgres = S["source-postgres"];'
  echo 'type DestinationBigquery = S["destination-bigquery"];'
  sed -n '/^const workspaceId/,$p' "$here/bench.ts"
} >"$work/consumer.ts"
cat >"$work/tsconfig.json" <<'JSON'
{ "compilerOptions": { "strict": true, "module": "nodenext", "moduleResolution": "nodenext",
    "target": "es2022", "noEmit": true, "skipLibCheck": false, "types": [] },
  "files": ["consumer.ts"] }
JSON
echo 'export const x = 1;' >"$work/empty.ts"
cat >"$work/tsconfig.empty.json" <<'JSON'
{ "extends": "./tsconfig.json", "files": ["empty.ts"] }
JSON

measure() { # label, project → "label: best wall ms, best check s, total s"
  local best=999999 check="" total="" types=""
  for _ in $(seq "$runs"); do
    local s e ms out
    s=$(date +%s%N)
    out="$("$tsc" -p "$2" --extendedDiagnostics)"
    e=$(date +%s%N)
    ms=$(((e - s) / 1000000))
    if [ "$ms" -lt "$best" ]; then
      best=$ms
      check=$(awk '/^Check time/ {print $3}' <<<"$out")
      total=$(awk '/^Total time/ {print $3}' <<<"$out")
      types=$(awk '/^Types:/ {print $2}' <<<"$out")
    fi
  done
  printf '%-34s best of %s: %6s ms wall, check %s, total %s, %s types\n' "$1" "$runs" "$best" "$check" "$total" "$types"
}
ls -l "$root/pkg-template/connectors.d.ts" "$root/pkg-template/generated.d.ts" "$work/oat.d.ts" | awk '{print $5, $NF}'
measure "lib only (empty file)" "$work/tsconfig.empty.json"
measure "airbyte-api-wasm (bench.ts)" "$here/tsconfig.bench.json"
measure "openapi-typescript (same checks)" "$work/tsconfig.json"
