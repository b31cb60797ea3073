#!/usr/bin/env bash
# Usage: scripts/with-emulator.sh CMD [ARGS...]
#
# Starts the emulator on a free port, waits for its `listening on http://HOST:PORT` line, runs
# CMD with EMULATOR_URL=http://HOST:PORT in the environment, and always stops the emulator
# afterwards (also on failure or Ctrl-C). Exits with CMD's status.
#
# Environment:
#   EMULATOR_BIN   emulator executable (default: <target dir>/release/airbyte-emulator, built with
#                  `cargo build --release -p airbyte-emulator` when missing)
#   EMULATOR_ARGS  extra arguments (default: --seed demo)
#   EMULATOR_LOG   where the emulator's stderr goes (default: a temporary file, printed on failure)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -gt 0 ] || die "usage: $0 CMD [ARGS...]"

bin="${EMULATOR_BIN:-$TARGET_DIR/release/airbyte-emulator}"
if [ -z "${EMULATOR_BIN:-}" ] && [ ! -x "$bin" ]; then
  log "building the emulator"
  (cd "$ROOT" && cargo build --release -p airbyte-emulator)
fi
[ -x "$bin" ] || die "emulator binary $bin not found"

workdir="$(mktemp -d)"
out="$workdir/stdout"
err="${EMULATOR_LOG:-$workdir/stderr}"
pid=""

# shellcheck disable=SC2317 # invoked by the EXIT trap
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    # Give it a moment to exit cleanly, then insist.
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck disable=SC2086 # EMULATOR_ARGS is a list of words on purpose
"$bin" --host 127.0.0.1 --port 0 ${EMULATOR_ARGS:---seed demo} >"$out" 2>"$err" &
pid=$!

url=""
for _ in $(seq 1 300); do # up to 30 s
  line="$(grep -m1 -o 'listening on http://[^[:space:]]*' "$out" 2>/dev/null || true)"
  if [ -n "$line" ]; then
    url="${line#listening on }"
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "emulator did not report 'listening on http://...'; its output:" >&2
  cat "$out" "$err" >&2 || true
  exit 1
fi

log "emulator listening on $url (pid $pid)"
export EMULATOR_URL="$url"
status=0
"$@" || status=$?
if [ "$status" -ne 0 ] && [ -z "${EMULATOR_LOG:-}" ]; then
  echo "--- emulator stderr (last 40 lines) ---" >&2
  tail -n 40 "$err" >&2 || true
fi
exit "$status"
