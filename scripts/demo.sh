#!/usr/bin/env bash
# Starts the emulator serving the demo page (www/) and the built package (pkg/).
# With AIRBYTE_UPSTREAM set it runs in proxy mode against a real Airbyte (credentials from
# AIRBYTE_TOKEN or AIRBYTE_CLIENT_ID/AIRBYTE_CLIENT_SECRET, read by the emulator itself).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${DEMO_PORT:-8080}"
args=(--host 127.0.0.1 --port "$port" --www www --pkg pkg --seed demo)
if [ -n "${AIRBYTE_UPSTREAM:-}" ]; then
  args+=(--upstream "$AIRBYTE_UPSTREAM")
fi
exec 3< <(exec ./target/release/airbyte-emulator "${args[@]}")
emu_pid=$!
trap 'kill "$emu_pid" 2>/dev/null || true' EXIT INT TERM
read -r line <&3 || { echo "the emulator did not start" >&2; exit 1; }
case "$line" in
  "listening on http://"*) echo "Demo: http://127.0.0.1:${port}/" ;;
  *) echo "unexpected emulator output: $line" >&2; exit 1 ;;
esac
cat <&3 &
wait "$emu_pid"
