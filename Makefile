# airbyte-api-wasm — build and test entry points.
#
#   make deps    install the toolchain (idempotent; see scripts/install-deps.sh)
#   make build   build the npm package into pkg/
#   make lint    rustfmt check + clippy -D warnings (native and wasm32)
#   make test    everything CI runs (.ci/run calls this)
#   make demo    the demo page on http://127.0.0.1:$(DEMO_PORT)/ (default 8080)
#   make types   regenerate tables and declarations from $(SPEC)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

export PATH := $(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

CARGO ?= cargo
NPX_BIN := node_modules/.bin
WITH_EMULATOR := scripts/with-emulator.sh
WASM := --target wasm32-unknown-unknown
# The OpenAPI spec the tables and declarations are generated from (`make types SPEC=path`).
SPEC ?= ../shared/airbyte-api/api_sdk.yaml

.PHONY: deps build lint fmt-check clippy emulator codegen-check \
        test test-native test-wasm test-node test-resilience test-fuzz test-types test-packaging \
        test-python-sdk test-examples test-demo types demo bench bench-smoke bench-load

deps:
	scripts/install-deps.sh

build: deps
	scripts/build-pkg.sh

# --- lint -------------------------------------------------------------------------------------
lint: deps fmt-check clippy

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy $(WASM) -p airbyte-core -- -D warnings
	$(CARGO) clippy $(WASM) -p airbyte-api-wasm --lib --tests -- -D warnings

# --- test -------------------------------------------------------------------------------------
# `make test` is the single command CI runs. Order: cheap checks first, then the suites.
test: deps build lint codegen-check test-native test-wasm test-node test-resilience test-fuzz test-types \
      test-packaging test-python-sdk test-examples test-demo bench-smoke
	@echo "==> make test: all suites passed"

codegen-check:
	$(CARGO) run -q -p airbyte-codegen -- --check --spec $(SPEC)

test-native:
	$(CARGO) test --workspace

emulator:
	$(CARGO) build --release -p airbyte-emulator

# wasm-bindgen-test in Node, in a headless Chromium page and in a dedicated worker (each test
# file picks its runtime). The tests read EMULATOR_URL at compile time (option_env!).
# --tests: unit + integration tests, no doctests (those run natively in test-native).
test-wasm: emulator
	$(WITH_EMULATOR) $(CARGO) test $(WASM) -p airbyte-api-wasm --tests

test-node: build emulator
	$(WITH_EMULATOR) node --test tests/node/

# Retries, timeouts, pagination, waitForJob against the emulator's fault injection, then the
# load smoke test (200 concurrent + 5,000 sequential calls, fails on a memory leak).
test-resilience: build emulator
	$(WITH_EMULATOR) node --test --test-concurrency=1 tests/resilience/
	$(WITH_EMULATOR) node bench/load.mjs --smoke

# fast-check properties (FUZZ_RUNS=100000 for a long local run; FUZZ_SEED to replay).
test-fuzz: build
	node --test tests/fuzz/

# The full load run: 1,000 concurrent + 100,000 sequential calls (a few minutes).
bench-load: build emulator
	$(WITH_EMULATOR) node bench/load.mjs

# tsc --strict over a consumer of every method, wrong-type @ts-expect-error files, and the typed
# connector configurations resolved through the package's `types` export condition.
test-types: build
	$(NPX_BIN)/tsc -p tests/types/tsconfig.json
	bash tests/connectors/run.sh

test-packaging: build emulator
	$(WITH_EMULATOR) node --test tests/packaging/

# The official Python SDK (airbyte-api on PyPI, in a venv) drives the emulator; the script
# starts its own emulator.
test-python-sdk: emulator
	bash emulator/tests/run-python-sdk.sh

# The examples (Worker under Miniflare, Vite build in Chromium, Node script), each installed
# from the `npm pack` tarball into a scratch copy; the script starts its own emulator.
test-examples: build emulator
	bash tests/examples/run.sh

# The demo page in headless Chromium (Playwright) against the emulator.
test-demo: build emulator
	node --test tests/demo/

# --- code generation --------------------------------------------------------------------------
# Regenerates core/src/generated.rs, pkg-template/operations.js, pkg-template/generated.d.ts and
# pkg-template/connectors.d.ts.
types:
	$(CARGO) run -q -p airbyte-codegen -- --spec $(SPEC)

# --- demo -------------------------------------------------------------------------------------
DEMO_PORT ?= 8080
export DEMO_PORT

# Builds the package and the emulator, then serves the demo page at http://127.0.0.1:$(DEMO_PORT)/.
# With AIRBYTE_UPSTREAM (+ AIRBYTE_TOKEN or AIRBYTE_CLIENT_ID/AIRBYTE_CLIENT_SECRET) the emulator
# runs in proxy mode and the page manages that Airbyte instead.
demo: build emulator
	scripts/demo.sh

# --- benchmark --------------------------------------------------------------------------------
# Full run (4-8 min): raw fetch, openapi-fetch, the official Python SDK and this package against a
# canned-response server; writes docs/bench/results.md, chart.svg and results.json.
bench: build
	node bench/run.mjs

# A few iterations of every case, so the benchmark cannot rot; fails on any client error. The
# per-step split (bench/socket-split.mjs) runs a few rounds too, over a socket and in memory.
bench-smoke: build
	node bench/run.mjs --smoke
	node --expose-gc bench/socket-split.mjs 5
	node --expose-gc bench/socket-split.mjs 5 --sweep 1
	bash bench/cold/first-use.sh 5
	node bench/cold/first-call-only.mjs target/first-call-only
	FLOOR_OTHER_PKG=target/first-call-only node bench/cold/floor.mjs 1
