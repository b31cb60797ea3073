#!/usr/bin/env bash
# Packaging tests of the examples (issue 6): each example is a real consumer of the packed
# package, run in its real runtime against the emulator.
#
#   tests/examples/run.sh [node --test args...]
#
# Needs: pkg/ (`make build`), the root dev dependencies (`npm ci`: playwright-core),
# /usr/bin/chromium, and the emulator binary (EMULATOR_BIN, default
# target/release/airbyte-emulator, built with cargo when missing).
# Steps: npm pack pkg/ into a scratch directory, start the emulator on a free port, run the
# node --test files in this directory (each copies its example next to the tarball and
# `npm install`s it), stop the emulator, remove the scratch directory (KEEP_TMP=1 keeps it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/examples"
cd "$ROOT"

die() { echo "tests/examples: $*" >&2; exit 1; }

[ -f pkg/package.json ] || die "pkg/ is missing: run 'make build' first"
[ -d node_modules/playwright-core ] || die "node_modules/playwright-core is missing: run 'npm ci' (or 'make deps') first"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing (apt-get install chromium)"

bin="${EMULATOR_BIN:-$ROOT/target/release/airbyte-emulator}"
if [ -z "${EMULATOR_BIN:-}" ] && [ ! -x "$bin" ]; then
  echo "tests/examples: building the emulator" >&2
  cargo build --release -p airbyte-emulator
fi
[ -x "$bin" ] || die "emulator binary $bin not found"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/airbyte-examples.XXXXXX")"
emu_pid=""
cleanup() {
  local status=$?
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill "$emu_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$emu_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -s "$tmp/emulator.err" ]; then
    echo "--- emulator stderr (last 30 lines) ---" >&2
    tail -n 30 "$tmp/emulator.err" >&2 || true
  fi
  if [ "${KEEP_TMP:-}" = 1 ]; then
    echo "tests/examples: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. The tarball a user would get from the registry.
tarball_name="$(cd "$tmp" && npm pack "$ROOT/pkg" --pack-destination "$tmp" --ignore-scripts --loglevel=error | tail -n 1)"
tarball="$tmp/$tarball_name"
[ -f "$tarball" ] || die "npm pack did not produce $tarball"

# 2. The emulator, on a free port. Jobs take 1.5 s so the sync tests see pending → succeeded.
"$bin" --host 127.0.0.1 --port 0 --seed demo --job-duration-ms 1500 \
  >"$tmp/emulator.out" 2>"$tmp/emulator.err" &
emu_pid=$!
url=""
for _ in $(seq 1 300); do
  url="$(grep -m1 -o 'listening on http://[^[:space:]]*' "$tmp/emulator.out" 2>/dev/null || true)"
  [ -n "$url" ] && break
  kill -0 "$emu_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$url" ] || die "the emulator did not print 'listening on http://...'"
url="${url#listening on }"
echo "tests/examples: emulator at $url, tarball $tarball_name" >&2

# 3. The suites. One file at a time: they share the emulator and its job state.
export EMULATOR_URL="$url" PKG_TARBALL="$tarball" EXAMPLES_TMP="$tmp"
export WRANGLER_SEND_METRICS=false NO_UPDATE_NOTIFIER=1 npm_config_update_notifier=false
# ONLY="node worker" runs a subset (for development); by default all four run.
files=()
for name in ${ONLY:-tarball node worker vite}; do files+=("$HERE/$name.test.mjs"); done
node --test --test-concurrency=1 --test-timeout=180000 "$@" "${files[@]}"
