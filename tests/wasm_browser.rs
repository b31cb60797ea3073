//! `WasmClient` against the emulator, in a headless Chromium page.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

#[path = "wasm_shared/mod.rs"]
mod shared;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn list_connections_with_bearer() {
    shared::list_connections_with_bearer().await;
}

#[wasm_bindgen_test]
async fn invalid_argument_is_rejected_before_sending() {
    shared::invalid_argument_is_rejected_before_sending().await;
}

#[wasm_bindgen_test]
async fn response_validation_error() {
    shared::response_validation_error().await;
}

#[wasm_bindgen_test]
async fn api_error_404() {
    shared::api_error_404().await;
}

#[wasm_bindgen_test]
async fn client_credentials() {
    shared::client_credentials().await;
}

#[wasm_bindgen_test]
async fn retry_after_503_in_this_runtime() {
    shared::retry_after_503_in_this_runtime().await;
}
