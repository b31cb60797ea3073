#!/usr/bin/env bash
# Compares the tsc cost of checking the same consumer against this package's declarations
# and against openapi-typescript's output for the same spec (fetched with npx from the npm
# registry). Runs run.sh first, which lays out node_modules/airbyte-api-wasm.
#   bash tests/connectors/bench.sh [SPEC] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
spec="${1:-$root/../shared/airbyte-api/api_sdk.yaml}"
runs="${2:-5}"
bash "$here/run.sh" >/dev/null # lays out node_modules/airbyte-api-wasm
tsc="$root/node_modules/.bin/tsc"
[ -x "$tsc" ] || tsc="$here/node_modules/.bin/tsc"

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

# Interleaved runs (the machine may be shared): per configuration the run with the least CPU
# time (user + sys of tsc; wall time is meaningless on a loaded machine), with the compiler's
# own counters from that run.
wc -c "$root/pkg-template/connectors.d.ts" "$root/pkg-template/generated.d.ts" "$work/oat.d.ts" | sed '$d'
labels=("lib only (empty file)" "airbyte-api-wasm (bench.ts)" "openapi-typescript (same checks)"
  "airbyte-api-wasm, skipLibCheck" "openapi-typescript, skipLibCheck")
projects=("$work/tsconfig.empty.json" "$here/tsconfig.bench.json" "$work/tsconfig.json"
  "$here/tsconfig.bench.json" "$work/tsconfig.json")
extra=("" "" "" "--skipLibCheck" "--skipLibCheck")
best=(999999 999999 999999 999999 999999)
stats=("" "" "" "" "")
for _ in $(seq "$runs"); do
  for i in 0 1 2 3 4; do
    # shellcheck disable=SC2086
    out="$(/usr/bin/time -f 'cpu %U %S' "$tsc" -p "${projects[$i]}" --extendedDiagnostics ${extra[$i]} 2>&1)"
    ms=$(awk '/^cpu / {printf "%d", ($2 + $3) * 1000}' <<<"$out")
    if [ "$ms" -lt "${best[$i]}" ]; then
      best[$i]=$ms
      stats[$i]="$(awk '/^Check time/ {c=$3} /^Total time/ {t=$3} /^Types:/ {ty=$2} /^Instantiations:/ {n=$2} /^Memory used:/ {m=$3}
        END {printf "check %s, total %s, %s types, %s instantiations, %s memory", c, t, ty, n, m}' <<<"$out")"
    fi
  done
done
for i in 0 1 2 3 4; do
  printf '%-34s best of %s: %6s ms CPU; %s\n' "${labels[$i]}" "$runs" "${best[$i]}" "${stats[$i]}"
done
