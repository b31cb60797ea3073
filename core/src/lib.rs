//! Pure-Rust heart of airbyte-api-wasm: the API's shape as tables, validation, wire encoding,
//! error-body parsing and token expiry. No JavaScript here; see `docs/DESIGN.md`.

pub mod spec;
