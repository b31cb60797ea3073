#!/usr/bin/env bash
# Runs the official Airbyte Python SDK (airbyte-api==1.0.1) against a fresh emulator.
# VENV (default target/py-venv) is created if missing. Exit status is the script's.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV="${VENV:-target/py-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import airbyte_api, openapi_core' 2>/dev/null; then
  "$VENV/bin/pip" install -q 'airbyte-api==1.0.1' 'openapi-core==0.23.1'
fi
cargo build --release -q -p airbyte-emulator
OUT="$(mktemp)"
cargo run --release -q -p airbyte-emulator -- --port 0 --job-duration-ms 500 >"$OUT" &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$OUT"' EXIT
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$OUT" && break
  sleep 0.1
done
URL="$(sed -n 's/^listening on //p' "$OUT" | head -n1)"
if [ -z "$URL" ]; then
  echo "the emulator did not start" >&2
  exit 1
fi
"$VENV/bin/python" emulator/tests/python_sdk.py "$URL"
