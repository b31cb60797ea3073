//! `WasmClient` against the emulator, in a dedicated worker in headless Chromium.
#![cfg(target_arch = "wasm32")]

#[macro_use]
#[path = "wasm_shared/mod.rs"]
mod shared;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

all_shared_tests!();
