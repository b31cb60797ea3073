//! `WasmClient` against the emulator, in Node.
#![cfg(target_arch = "wasm32")]

#[macro_use]
#[path = "wasm_shared/mod.rs"]
mod shared;

// Node is the default runtime of wasm-bindgen-test: nothing to configure.

all_shared_tests!();
