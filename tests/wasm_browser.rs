//! `WasmClient` against the emulator, in a headless Chromium page.
#![cfg(target_arch = "wasm32")]

#[macro_use]
#[path = "wasm_shared/mod.rs"]
mod shared;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

all_shared_tests!();
